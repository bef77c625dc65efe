"""Browser tests of the dashboard: Debian's Chromium driven by Playwright for Python (never a
downloaded browser), headless, against a live uvicorn on loopback over a database like the demo
one (bundled plans, shipped observations, the 48 news-dev items ingested, one user per role),
on the current lane (SQLite, or PostgreSQL when COOPWATCH_TEST_DATABASE_URL is set).

One browser per session and one database and server per module keep the tests few and fast.
Every request a page makes is recorded (`page_requests`), so a test can check that nothing
leaves the server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import PG_URL, REPO

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser-test-password"
USERS = {"eva": ("evaluator", []), "qinghai": ("reporter", ["630000"]), "ningxia": ("reporter", ["640000"]),
         "viewer": ("viewer", [])}
CASES = [  # two cases of the library (fictional summaries of the kind the plans ask to publish)
    {"title": "闽宁枸杞技术转移", "summary": "福建农科院在宁夏中宁推广枸杞良种和病虫害绿色防控。",
     "lessons": "科研人员驻点，企业出资，成果按面积计酬。", "regions": ["宁夏", "福建"],
     "items": ["eastwest-14fyp:5.3"], "domains": ["wolfberry"]},
    {"title": "Salt lake lithium pilot line in Golmud", "summary": "A Qinghai-Anhui team built a pilot line for "
     "lithium from salt lake brine.", "regions": ["青海", "安徽"], "items": ["eastwest-14fyp:3.2"], "domains": ["salt_lake"]},
]
SCREENSHOTS = REPO / "out" / "screenshots"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def seed_demo(url: str, shared: Path) -> None:
    """Fill an empty database at `url` as `make demo` does, with the users and cases above
    (benchmarks/bench_pages.py builds the same one)."""
    from coopwatch.evidence.ingest import ingest_paths
    from coopwatch.indicators.shipped import import_shipped_observations
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.records.cases import add_case
    from coopwatch.store import open_store
    from coopwatch.store.accounts import add_user, ensure_admin, load_roles, set_password
    from coopwatch.store.regions import load_regions

    store = open_store(url)
    load_regions(store)
    load_roles(store)
    load_bundled_plans(store)
    ensure_admin(store)
    import_shipped_observations(store, user="admin")
    ingest_paths(store, [str(shared / "data" / "news-dev")], source="news-dev", actor="admin")
    for name, (role, regions) in USERS.items():
        if name != "admin":
            add_user(store, name, role, regions=regions, actor="admin")
        set_password(store, name, PASSWORD, actor="admin")
    add_user(store, "curator", "evaluator", actor="admin")
    for case in CASES:
        add_case(store, by="curator", **case)
    store.dispose()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, shared):
    """A database like `make demo`'s on the current lane, for the whole module."""
    from coopwatch.store.database import create_database, drop_database

    url = create_database(PG_URL, prefix="ui_") if PG_URL else f"sqlite:///{tmp_path_factory.mktemp('ui') / 'demo.db'}"
    seed_demo(url, shared)
    yield url
    if PG_URL:
        drop_database(PG_URL, url)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_url):
    """`coopwatch serve`'s app on uvicorn on a free loopback port; its base URL."""
    port = _free_port()
    env = dict(os.environ, COOPWATCH_DATABASE_URL=demo_url,
               PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "coopwatch.web.serve:app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError("the server stopped: " + proc.stdout.read().decode(errors="replace")[-2000:])
        try:
            if httpx.get(base + "/login", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("the server did not answer on " + base)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make test` installs Debian's chromium (scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


class Session:
    """One browser context (its own cookies) logged in as a user, recording every request."""

    def __init__(self, browser, base: str, viewport: dict):
        self.base = base
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()

    def goto(self, path: str):
        return self.page.goto(self.base + path, wait_until="load")

    def log_in(self, name: str, password: str = PASSWORD):
        self.goto("/login")
        self.page.fill("#name", name)
        self.page.fill("#password", password)
        with self.page.expect_navigation():
            self.page.click("form[action='/login'] button[type=submit]")
        return self

    def outside(self) -> list[str]:
        """Requests to anything but this server (data: URLs are the page's own)."""
        return [u for u in self.requests if not (u.startswith(self.base + "/") or u.startswith("data:"))]

    def close(self):
        self.context.close()


@pytest.fixture
def session_as(browser, server):
    opened = []

    def open_as(name: str | None, viewport: dict = LAPTOP) -> Session:
        s = Session(browser, server, viewport)
        opened.append(s)
        return s.log_in(name) if name else s

    yield open_as
    for s in opened:
        s.close()
