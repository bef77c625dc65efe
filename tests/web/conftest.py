"""Web tests: an app over a fresh store on the current lane (SQLite or PostgreSQL) with the
bundled plans and one user per role, and helpers to log in or call with a token."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager

import pytest

PG_URL = os.environ.get("COOPWATCH_TEST_DATABASE_URL")

PASSWORD = "correct horse battery"
USERS = {  # name: (role, regions)
    "admin": ("admin", []),
    "eva": ("evaluator", []),
    "qinghai": ("reporter", ["630000"]),
    "ningxia": ("reporter", ["640000"]),
    "viewer": ("viewer", []),
}


def _seed(url: str) -> dict[str, str]:
    """Regions, roles, the bundled plans, one user per role with a password and a token."""
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.store import open_store
    from coopwatch.store.accounts import add_user, create_token, load_roles, set_password
    from coopwatch.store.regions import load_regions

    store = open_store(url)
    load_regions(store)
    load_roles(store)
    load_bundled_plans(store)
    tokens = {}
    for name, (role, regions) in USERS.items():
        add_user(store, name, role, regions=regions)
        set_password(store, name, PASSWORD)
        tokens[name] = create_token(store, name)
    store.dispose()
    return tokens


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """A seeded database made once per run; each test gets a copy (a file copy on SQLite, a
    CREATE DATABASE ... TEMPLATE on PostgreSQL), which is much faster than seeding again."""
    from coopwatch.store.database import create_database, drop_database

    if PG_URL:
        url = create_database(PG_URL, prefix="tmpl_")
        tokens = _seed(url)
        yield url, tokens
        drop_database(PG_URL, url)
    else:
        path = tmp_path_factory.mktemp("web") / "template.db"
        tokens = _seed(f"sqlite:///{path}")
        yield str(path), tokens


@contextmanager
def database_copy(seeded_template, directory):
    """The URL of a fresh copy of the seeded template database, dropped after the block."""
    import shutil
    import uuid

    from sqlalchemy import create_engine, text

    from coopwatch.store.database import database_url, drop_database

    template, _ = seeded_template
    if PG_URL:
        name = "t_" + uuid.uuid4().hex[:12]
        admin = create_engine(database_url(PG_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"'))
        admin.dispose()
        url = database_url(PG_URL).rsplit("/", 1)[0] + "/" + name
    else:
        shutil.copy(template, directory / "coopwatch.db")
        url = f"sqlite:///{directory / 'coopwatch.db'}"
    try:
        yield url
    finally:
        if PG_URL:
            drop_database(PG_URL, url)


@pytest.fixture
def web_database_url(seeded_template, tmp_path, monkeypatch):
    with database_copy(seeded_template, tmp_path) as url:
        monkeypatch.setenv("COOPWATCH_DATABASE_URL", url)
        yield url


@pytest.fixture
def web_store(web_database_url):
    from coopwatch.store import open_store

    s = open_store(web_database_url)
    yield s
    s.dispose()


@pytest.fixture
def tokens(seeded_template, web_store):
    return dict(seeded_template[1])


@pytest.fixture
def web_settings():
    from coopwatch.web import WebSettings

    return WebSettings()


@pytest.fixture
def app(web_store, web_settings):
    from coopwatch.web import create_app

    return create_app(web_store, web_settings)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def login_csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client, name: str, password: str = PASSWORD, next_: str = "/api/me"):
    """Post the log-in form as a browser would (with the form's CSRF token)."""
    token = login_csrf(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": next_},
                       follow_redirects=False)
