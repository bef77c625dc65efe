"""Benchmark of the web API's three busiest reads under load, each against a static file.

    .venv/bin/python benchmarks/bench_api.py [--quick] [--seconds S] [--clients C]

A PostgreSQL database (COOPWATCH_TEST_DATABASE_URL, set by `make bench`) with the gazetteer, the
bundled plans, the shipped real observations and generated ones up to 1,000,000 rows (quick:
100,000; prefecture and county codes x 8 indicators x years, written with COPY: loading is not
what is measured here, see bench_import.py). One uvicorn process serves the app on loopback;
C concurrent clients (default 100) with a bearer token request, for S seconds each:

- static      /static/style.css (the baseline: the same server, no database, no library)
- observations /api/observations?region=R&indicator=I (R a random province or prefecture)
- targets     /api/targets?plan=western-science-city-2023
- scorecard   /api/scorecards/eastwest-14fyp

Figures: p50 and p99 latency (ms) and requests/s of each, and each read's p99 as a multiple of
the static file's; and the time of the first targets and scorecard request, which the library
computes (web/cache.py reuses the result until the next write). The load generator runs on the same machine (2 shared cores here), so the
absolute figures are pessimistic; the ratios are the comparable part. Goal: p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
LEVELS = ("gdp", "rd_expenditure", "technology_contract_turnover", "high_tech_industry_revenue", "population",
          "invention_patents_granted", "national_high_tech_enterprises", "rd_personnel_fte")


def seed(url: str, n: int) -> tuple[str, list[str]]:
    """Fill the database; the admin's token and the regions the observation reads ask for."""
    from coopwatch.indicators.importer import import_observations
    from coopwatch.indicators.shipped import shipped_observation_files
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.reference import gazetteer
    from coopwatch.store import open_store
    from coopwatch.store.accounts import add_user, create_token, ensure_admin, load_roles
    from coopwatch.store.regions import load_regions

    store = open_store(url)
    load_regions(store)
    load_roles(store)
    load_bundled_plans(store)
    ensure_admin(store)  # as `coopwatch init` does: every write below is made by someone
    add_user(store, "bench", "admin", actor="admin")
    report = import_observations(store, shipped_observation_files(), user="bench")
    token = create_token(store, "bench", actor="bench")
    regions = [r.code for r in gazetteer().all() if r.level in ("prefecture", "county")]
    todo = n - report.stored
    buf = io.StringIO()
    i, year = 0, 2024
    while i < todo:
        for region in regions:
            for ind in LEVELS:
                if i >= todo:
                    break
                buf.write(f"{region}\t{ind}\t{year}\t{1000 + (i % 977)}\tunits\tgenerated\t1\tt\t2026-01-01\n")
                i += 1
        year -= 1
    buf.seek(0)
    raw = store.engine.raw_connection()
    try:
        with raw.cursor() as cur:
            with cur.copy("COPY observation (region, indicator, year, value, unit, source, revision, is_current, "
                          "created_at) FROM STDIN") as copy:
                while chunk := buf.read(1 << 20):
                    copy.write(chunk)
            cur.execute("ANALYZE observation")
        raw.commit()
    finally:
        raw.close()
    with store.engine.connect() as conn:
        from sqlalchemy import text

        total = conn.execute(text("SELECT count(*) FROM observation")).scalar()
    store.dispose()
    provinces = [r.code for r in gazetteer().all() if r.level == "province"]
    return token, total, provinces + regions[:200]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def load(base: str, token: str, path_of, seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=120) as http:
        async def client():
            nonlocal errors
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                try:
                    r = await http.get(path_of())
                except httpx.TransportError:  # counted, not fatal: the figures say how many
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - t0)
                errors += r.status_code != 200

        t0 = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - t0
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"n": len(latencies), "errors": errors, "p50": pick(0.50), "p99": pick(0.99), "rps": len(latencies) / elapsed}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="100,000 observations and 5 s per endpoint")
    ap.add_argument("--rows", type=int)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--clients", type=int, default=100)
    args = ap.parse_args()
    server_url = os.environ.get("COOPWATCH_TEST_DATABASE_URL")
    if not server_url:
        print("bench_api: needs PostgreSQL (run through `make bench` or scripts/with-postgres.sh)")
        return 0
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    seconds = args.seconds or (5.0 if args.quick else 15.0)
    from coopwatch.store.database import create_database, drop_database

    url = create_database(server_url, prefix="bench_api_")
    server = None
    try:
        t0 = time.perf_counter()
        token, total, regions = seed(url, rows)
        print(f"{total:,} observations in PostgreSQL (seeded in {time.perf_counter() - t0:.0f} s); "
              f"{args.clients} clients, {seconds:g} s per endpoint, one uvicorn process")
        port = free_port()
        env = {**os.environ, "COOPWATCH_DATABASE_URL": url, "PYTHONPATH": str(REPO / "src")}
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "coopwatch.web.serve:app", "--factory",
                                   "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--timeout-keep-alive", "60",
                                   "--no-access-log"], env=env)
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(f"{base}/static/style.css", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        rng = random.Random(0)
        cases = [
            ("static", lambda: "/static/style.css"),
            ("observations", lambda: f"/api/observations?region={rng.choice(regions)}&indicator={rng.choice(LEVELS)}"),
            ("targets", lambda: "/api/targets?plan=western-science-city-2023"),
            ("scorecard", lambda: "/api/scorecards/eastwest-14fyp"),
        ]
        # A read the cache has not seen (after any write): the library computes it once.
        cold = {}
        for name, path_of in cases[2:]:
            t0 = time.perf_counter()
            httpx.get(base + path_of(), headers={"Authorization": f"Bearer {token}"}, timeout=600)
            cold[name] = (time.perf_counter() - t0) * 1000
        print("first request, computed by the library (then reused until the next write): "
              + ", ".join(f"{n} {ms:.0f} ms" for n, ms in cold.items()))
        results = {}
        for name, path_of in cases:
            asyncio.run(load(base, token, path_of, 1.0, 4))  # warm up
            results[name] = asyncio.run(load(base, token, path_of, seconds, args.clients))
        static = results["static"]
        print(f"{'endpoint':<14}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>8}{'p99 / static':>14}")
        for name, r in results.items():
            print(f"{name:<14}{r['n']:>9}{r['errors']:>7}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['rps']:>8.1f}"
                  f"{r['p99'] / static['p99']:>13.1f}x")
        slow = [n for n, r in results.items() if n != "static" and r["p99"] >= 50]
        print("goal p99 < 50 ms: " + ("met" if not slow else "not met by " + ", ".join(slow)))
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database(server_url, url)


if __name__ == "__main__":
    sys.exit(main())
