"""Benchmark of the dashboard's pages: each page's time at its first request after the server
starts (cold) and again (warm), against a static file served by the same server.

    .venv/bin/python benchmarks/bench_pages.py [--quick] [--isolated] [--repeat N]

The database is the browser tests' demo-like one (tests/web_ui/conftest.py `seed_demo`: bundled
plans, shipped observations, the 48 news-dev items ingested, one user per role, two cases), on
SQLite, and also on PostgreSQL when COOPWATCH_TEST_DATABASE_URL is set (`make bench`). One
uvicorn process serves `coopwatch serve`'s app on loopback; an evaluator logs in, then every page
of tests/web_ui/test_dashboard.py's PAGES is requested in Chinese, then in English, in that
order (as the browser test visits them): the first request of each is "cold" (the server's
result cache has not seen it, though an earlier page may have asked for a part it shares), then
--repeat more (default 5; --quick 3) give the "warm" median. --isolated adds, per page, the
time of the first request of a freshly started server (the strictest cold: nothing shared).

Baseline, measured in the same run: /static/style.css from the same server (median of 20).
Figures: milliseconds (wall time of the whole response on the client) and the warm median as
a multiple of the static file's. Goal: every page under 300 ms, cold and warm.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from timing import shared, shared_root

REPO = Path(__file__).resolve().parent.parent
GOAL_MS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`coopwatch serve`'s app under uvicorn on a free loopback port."""

    def __init__(self, url: str):
        port = free_port()
        env = {**os.environ, "COOPWATCH_DATABASE_URL": url, "PYTHONPATH": str(REPO / "src")}
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "coopwatch.web.serve:app", "--factory",
                                      "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                                      "--no-access-log"], env=env)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(1200):
            try:
                if httpx.get(self.base + "/static/style.css", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError("the server did not start")
        self.started = time.perf_counter() - t0

    def client(self, name: str, password: str) -> httpx.Client:
        http = httpx.Client(base_url=self.base, timeout=120, follow_redirects=True)
        form = http.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        r = http.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
                      follow_redirects=False)  # not on to the overview: its first request is measured
        if r.status_code != 303:
            raise RuntimeError(f"log-in as {name} failed ({r.status_code})")
        return http

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def timed(http: httpx.Client, path: str) -> float:
    t0 = time.perf_counter()
    r = http.get(path)
    ms = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"{path}: {r.status_code}")
    return ms


def with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=" + lang


def run(url: str, pages: dict[str, str], repeat: int, isolated: bool, user: str, password: str) -> dict:
    server = Server(url)
    try:
        http = server.client(user, password)
        timed(http, "/static/style.css")
        static = statistics.median(timed(http, "/static/style.css") for _ in range(20))
        rows: dict[str, dict[str, float]] = {}
        for lang in ("zh", "en"):
            for name, path in pages.items():
                cold = timed(http, with_lang(path, lang))
                warm = statistics.median(timed(http, with_lang(path, lang)) for _ in range(repeat))
                rows.setdefault(name, {}).update({f"{lang} cold": cold, f"{lang} warm": warm})
        started = server.started
    finally:
        server.stop()
    if isolated:
        for name, path in pages.items():
            server = Server(url)
            try:
                rows[name]["alone"] = timed(server.client(user, password), with_lang(path, "zh"))
            finally:
                server.stop()
    return {"static": static, "rows": rows, "started": started}


def report(lane: str, result: dict) -> list[str]:
    rows, static = result["rows"], result["static"]
    columns = ["zh cold", "zh warm", "en cold", "en warm"] + (["alone"] if "alone" in next(iter(rows.values())) else [])
    print(f"\n{lane}: server started in {result['started']:.1f} s; static file {static:.1f} ms (median of 20)")
    print(f"{'page':<20}" + "".join(f"{c:>9}" for c in columns) + f"{'warm/static':>13}")
    slow = []
    for name, t in rows.items():
        print(f"{name:<20}" + "".join(f"{t[c]:9.0f}" for c in columns)
              + f"{max(t['zh warm'], t['en warm']) / static:12.1f}x")
        slow += [f"{name} {c}" for c in columns if t[c] >= GOAL_MS]
    print(f"goal: every page < {GOAL_MS} ms cold and warm: " + ("met" if not slow else "not met by " + ", ".join(slow)))
    return slow


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="3 warm repeats, no --isolated")
    ap.add_argument("--isolated", action="store_true", help="also each page as a fresh server's first request")
    ap.add_argument("--repeat", type=int)
    args = ap.parse_args()
    shared("data", "news-dev")  # seed_demo reads it: stop here, with a message, when it is missing
    sys.path.insert(0, str(REPO))
    from tests.web_ui.conftest import PASSWORD, seed_demo
    from tests.web_ui.test_dashboard import PAGES

    repeat = args.repeat or (3 if args.quick else 5)
    isolated = args.isolated and not args.quick
    lanes = [("SQLite", None)]
    server_url = os.environ.get("COOPWATCH_TEST_DATABASE_URL")
    if server_url:
        lanes.append(("PostgreSQL", server_url))
    with tempfile.TemporaryDirectory() as tmp:
        for lane, pg in lanes:
            from coopwatch.store.database import create_database, drop_database

            url = create_database(pg, prefix="bench_pages_") if pg else f"sqlite:///{tmp}/demo.db"
            try:
                t0 = time.perf_counter()
                seed_demo(url, shared_root())
                print(f"{lane}: demo database built in {time.perf_counter() - t0:.0f} s")
                report(lane, run(url, PAGES, repeat, isolated, "eva", PASSWORD))
            finally:
                if pg:
                    drop_database(pg, url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
