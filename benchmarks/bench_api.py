"""Benchmark of the web API's three busiest reads under load, each against a static file.

    .venv/bin/python benchmarks/bench_api.py [--quick] [--seconds S] [--clients C]

A PostgreSQL database (COOPWATCH_TEST_DATABASE_URL, set by `make bench`) with the gazetteer, the
bundled plans, the shipped real observations and generated ones up to 1,000,000 rows (quick:
100,000; prefecture and county codes x 8 indicators x years, written with COPY: loading is not
what is measured here, see bench_import.py). One uvicorn process (`--server-workers N`: N)
serves the app on loopback; wrk (`make bench` installs it) keeps C connections (default 100)
busy for S seconds per endpoint, each with a bearer token asking again as soon as it is answered:

- static      /static/style.css (the baseline: the same server, no database, no library)
- health      /api/health (the floor of an /api/ read: the framework, no account, no database)
- observations /api/observations?region=R&indicator=I (R a random province or prefecture)
- targets     /api/targets?plan=western-science-city-2023
- scorecard   /api/scorecards/eastwest-14fyp

Figures: p50 and p99 latency (ms) and requests/s of each, and each read's p99 as a multiple of
the static file's; and the time of the first targets and scorecard request, which the library
computes (web/cache.py reuses the result until the next write). The load generator runs on
the same machine (2 shared cores here), so the absolute figures are pessimistic; the ratios are
the comparable part. Goal: p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
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


WRK_SCRIPT = """
local paths = {%(paths)s}
local headers = {["Authorization"] = "Bearer %(token)s"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%d\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration))
end
"""


def load(base: str, token: str, paths: list[str], seconds: float, clients: int) -> dict:
    """`clients` connections kept busy for `seconds` by wrk (one thread: the load generator's C
    event loop takes a small part of a core, so the server has the rest), each asking for the
    next of `paths` as soon as its last answer came: p50, p99 (ms) and requests/s."""
    import tempfile

    lua = WRK_SCRIPT % {"paths": ", ".join(f'"{p}"' for p in paths), "token": token}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        out = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s", "-s", script.name,
                              base], capture_output=True, text=True, check=True).stdout
    n, errors, p50, p99, duration_us = next(line.split()[1:] for line in out.splitlines() if line.startswith("RESULT"))
    return {"n": int(n), "errors": int(errors), "p50": float(p50), "p99": float(p99),
            "rps": int(n) / (int(duration_us) / 1e6)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="100,000 observations and 5 s per endpoint")
    ap.add_argument("--rows", type=int)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--server-workers", type=int, default=1, help="uvicorn worker processes")
    args = ap.parse_args()
    server_url = os.environ.get("COOPWATCH_TEST_DATABASE_URL")
    if not shutil.which("wrk"):
        print("bench_api: needs wrk, the load generator (`make bench` installs it from Debian)")
        return 0
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
              f"{args.clients} clients (wrk), {seconds:g} s per endpoint, {args.server_workers} uvicorn process(es)")
        port = free_port()
        env = {**os.environ, "COOPWATCH_DATABASE_URL": url, "PYTHONPATH": str(REPO / "src")}
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "coopwatch.web.serve:app", "--factory",
                                   "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.server_workers), "--log-level", "warning", "--timeout-keep-alive", "60",
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
            ("static", ["/static/style.css"]),
            ("health", ["/api/health"]),
            ("observations", [f"/api/observations?region={rng.choice(regions)}&indicator={rng.choice(LEVELS)}"
                              for _ in range(1000)]),
            ("targets", ["/api/targets?plan=western-science-city-2023"]),
            ("scorecard", ["/api/scorecards/eastwest-14fyp"]),
        ]
        # A read the cache has not seen (after any write): the library computes it once.
        cold = {}
        for name, paths in cases:
            if name not in ("targets", "scorecard"):
                continue
            t0 = time.perf_counter()
            httpx.get(base + paths[0], headers={"Authorization": f"Bearer {token}"}, timeout=600)
            cold[name] = (time.perf_counter() - t0) * 1000
        print("first request, computed by the library (then reused until the next write): "
              + ", ".join(f"{n} {ms:.0f} ms" for n, ms in cold.items()))
        results = {}
        for name, paths in cases:
            load(base, token, paths, 1.0, 4)  # warm up (every server process)
            results[name] = load(base, token, paths, seconds, args.clients)
        static = results["static"]
        print(f"{'endpoint':<14}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>8}{'p99 / static':>14}")
        for name, r in results.items():
            print(f"{name:<14}{r['n']:>9}{r['errors']:>7}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['rps']:>8.1f}"
                  f"{r['p99'] / static['p99']:>13.1f}x")
        slow = [n for n, r in results.items() if n not in ("static", "health") and r["p99"] >= 50]
        print("goal p99 < 50 ms: " + ("met" if not slow else "not met by " + ", ".join(slow)))
        if results["health"]["p99"] >= 50:
            print(f"  /api/health, which reads nothing, has p99 {results['health']['p99']:.0f} ms itself: at "
                  f"{args.clients} clients this server on this machine cannot answer any /api/ read under 50 ms")
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database(server_url, url)


if __name__ == "__main__":
    sys.exit(main())
