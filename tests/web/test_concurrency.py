"""50 reporters at once through a live server on PostgreSQL: each submits a progress update and
uploads an observation file; afterwards every write is there and every batch is whole."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from coopwatch.store.models import ImportBatch, Observation, ProgressUpdate
from tests.web.conftest import PG_URL
from tests.web.live import live_server

REPORTERS = 50
INDICATORS = [("gdp", "100 million CNY"), ("rd_expenditure", "100 million CNY"), ("population", "10 thousand persons"),
              ("invention_patents_granted", "patents"), ("technology_contract_turnover", "100 million CNY")]

pytestmark = pytest.mark.skipif(not PG_URL, reason="concurrent writers are a PostgreSQL matter (SQLite serialises them)")


def _reporters(store):
    """REPORTERS reporter accounts spread over the provinces that have a task, with a token and
    the task each reports on."""
    from coopwatch.plans.registry import current_plans
    from coopwatch.store.accounts import add_user, create_token

    tasks = {}
    for plan in current_plans(store):
        for item in plan.walk():
            for region in item.regions if item.kind == "task" else ():
                if region.endswith("0000"):
                    tasks.setdefault(region, plan.key(item))
    provinces = sorted(tasks)
    out = []
    for i in range(REPORTERS):
        region = provinces[i % len(provinces)]
        add_user(store, f"reporter{i}", "reporter", regions=[region], actor="admin")
        out.append((i, region, tasks[region], create_token(store, f"reporter{i}", actor="admin")))
    return out


def _work(base, reporter):
    i, region, task, token = reporter
    year = 1970 + i  # each reporter its own year: no two uploads touch the same value
    headers = {"Authorization": f"Bearer {token}"}
    lines = ["region,indicator,year,value,unit,source"] + [
        f"{region},{ind},{year},{100 + i + k},{unit},reporter {i}" for k, (ind, unit) in enumerate(INDICATORS)]
    with httpx.Client(base_url=base, timeout=120) as http:
        a = http.post("/api/progress", headers=headers, json={"item": task, "period": "2025", "status": "in_progress",
                                                              "region": region, "narrative": f"reporter {i}"})
        b = http.post("/api/observations/upload", headers=headers,
                      files={"file": (f"r{i}.csv", "\n".join(lines) + "\n", "text/csv")})
    return a.status_code, b.status_code, a.text[:200], b.text[:200]


def test_fifty_concurrent_reporters_lose_no_write_and_leave_no_half_batch(app, web_store):
    reporters = _reporters(web_store)
    with live_server(app) as base, ThreadPoolExecutor(REPORTERS) as pool:
        results = list(pool.map(lambda r: _work(base, r), reporters))
    assert [(a, b) for a, b, *_ in results] == [(201, 201)] * REPORTERS, [r for r in results if r[:2] != (201, 201)][:3]
    with web_store.session() as s:
        assert s.scalar(select(func.count()).select_from(ProgressUpdate)) == REPORTERS
        batches = s.execute(select(ImportBatch.id, ImportBatch.stored, ImportBatch.state)).all()
        per_batch = dict(s.execute(select(Observation.batch_id, func.count()).group_by(Observation.batch_id)).all())
        assert s.scalar(select(func.count()).select_from(Observation)) == REPORTERS * len(INDICATORS)
    assert len(batches) == REPORTERS
    assert all(per_batch[b] == stored == len(INDICATORS) and state == "submitted" for b, stored, state in batches)
