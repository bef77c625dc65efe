"""One database for the report tests, built once per session through the library as `make
demo` builds it: regions, roles, bundled plans, the shipped observations, news-dev ingested,
plus one accepted progress update and one case (on the current lane, SQLite or PostgreSQL)."""

from __future__ import annotations

import os

import pytest

PG_URL = os.environ.get("COOPWATCH_TEST_DATABASE_URL")


def build_demo_store(url: str, news_dir):
    from coopwatch.evidence.ingest import ingest_paths
    from coopwatch.indicators.shipped import import_shipped_observations
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.records.cases import add_case
    from coopwatch.records.updates import review, submit
    from coopwatch.store import open_store
    from coopwatch.store.accounts import add_user, ensure_admin, load_roles
    from coopwatch.store.regions import load_regions

    store = open_store(url)
    load_regions(store)
    load_roles(store)
    list(load_bundled_plans(store))
    ensure_admin(store)
    import_shipped_observations(store, user="admin")
    ingest_paths(store, [str(news_dir)], source="news-dev", actor="admin")
    add_user(store, "evaluator", "evaluator", actor="admin")
    add_user(store, "ningxia-dost", "reporter", regions=["640000"], actor="admin")
    u = submit(store, item="eastwest-14fyp:5.3", period="2026", status="in_progress", region="宁夏",
               narrative="闽宁枸杞技术转移中心建成", author="ningxia-dost")
    review(store, u.id, "approved", by="evaluator")
    add_case(store, title="闽宁枸杞技术转移", summary="福建与宁夏共建枸杞技术转移中心。", lessons="以企业为主体。",
             title_en="Fujian-Ningxia wolfberry technology transfer", summary_en="A transfer centre built together.",
             regions=["宁夏", "福建"], items=["eastwest-14fyp:5.3"], documents=[1], by="evaluator")
    return store


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory, shared):
    from coopwatch.store.database import create_database, drop_database

    url = create_database(PG_URL, prefix="t_") if PG_URL else \
        f"sqlite:///{tmp_path_factory.mktemp('report') / 'coopwatch.db'}"
    store = build_demo_store(url, shared / "data" / "news-dev")
    store.dispose()
    yield url
    if PG_URL:
        drop_database(PG_URL, url)


@pytest.fixture(scope="session")
def demo_store(demo_url):
    from coopwatch.store import open_store

    store = open_store(demo_url)
    yield store
    store.dispose()
