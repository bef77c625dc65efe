"""Web tests: an app over a fresh store on the current lane (SQLite or PostgreSQL) with the
bundled plans and one user per role, and helpers to log in or call with a token."""

from __future__ import annotations

import re

import pytest

PASSWORD = "correct horse battery"
USERS = {  # name: (role, regions)
    "admin": ("admin", []),
    "eva": ("evaluator", []),
    "qinghai": ("reporter", ["630000"]),
    "ningxia": ("reporter", ["640000"]),
    "viewer": ("viewer", []),
}


@pytest.fixture
def web_store(store):
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.store.accounts import add_user, load_roles, set_password
    from coopwatch.store.regions import load_regions

    load_regions(store)
    load_roles(store)
    load_bundled_plans(store)
    for name, (role, regions) in USERS.items():
        add_user(store, name, role, regions=regions)
        set_password(store, name, PASSWORD)
    return store


@pytest.fixture
def tokens(web_store):
    from coopwatch.store.accounts import create_token

    return {name: create_token(web_store, name) for name in USERS}


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
