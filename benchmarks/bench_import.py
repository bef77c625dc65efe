"""Benchmark of `coopwatch import observations` and of target computation.

    .venv/bin/python benchmarks/bench_import.py [--quick]      # 1,000,000 rows (quick: 100,000)

1. Import: a generated tidy CSV (prefecture and county codes × 8 level indicators × years, units
   mixed so that conversion runs) imported through the full path (read, resolve, validate,
   compare with the store, bulk insert in one transaction) on SQLite and, when
   COOPWATCH_TEST_DATABASE_URL is set (`make bench` sets it), on PostgreSQL. Baseline in the same
   run: a bare `pandas.DataFrame.to_sql` of the same rows, already parsed and converted, into a
   plain table of the same database. Figures: rows/s of each, and ours as a ratio of to_sql's.
   A second import of the same file (nothing to store) is timed too.
2. Targets: every target of every plan judged for each of the 31 provinces (one call) on the
   shipped real data; baseline: one `pandas.read_sql` of the current observations they read.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd
from sqlalchemy import text

from coopwatch.store.database import create_database

LEVELS = (("gdp", "100 million CNY", 1.0), ("rd_expenditure", "万元", 1e4),
          ("technology_contract_turnover", "亿元", 1.0), ("high_tech_industry_revenue", "billion yuan", 0.1),
          ("population", "万人", 1.0), ("invention_patents_granted", "件", 1.0),
          ("national_high_tech_enterprises", "家", 1.0), ("rd_personnel_fte", "person-years", 1.0))


def generate(n: int, path: Path) -> pd.DataFrame:
    """Write n distinct rows to `path`; return them as to_sql's baseline will store them."""
    from coopwatch.reference import gazetteer

    regions = [r.code for r in gazetteer().all() if r.level in ("prefecture", "county")]
    per_year = len(regions) * len(LEVELS)
    records = []
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["region", "indicator", "year", "value", "unit", "source"])
        i = 0
        year = 2025
        while i < n:
            for indicator, unit, factor in LEVELS:
                for code in regions:
                    if i >= n:
                        break
                    value = round(10 + (i * 7.31) % 9000, 2)
                    w.writerow([code, indicator, year, value * factor, unit, "generated benchmark data"])
                    records.append((code, indicator, year, value, "generated benchmark data"))
                    i += 1
            year -= 1
    assert year >= 1949, f"{n} rows need more than {per_year} a year"
    return pd.DataFrame(records, columns=["region", "indicator", "year", "value", "source"])


def fresh_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / ('b' + uuid.uuid4().hex[:8] + '.db')}"
    return create_database(os.environ["COOPWATCH_TEST_DATABASE_URL"], prefix="bench_")


def bench_import(kind: str, path: Path, frame: pd.DataFrame, folder: Path) -> dict:
    from coopwatch.indicators import import_observations
    from coopwatch.store import open_store

    n = len(frame)
    store = open_store(fresh_database(kind, folder))
    t0 = time.perf_counter()
    report = import_observations(store, [path], user="bench")
    ours = time.perf_counter() - t0
    assert report.stored == n, report.as_dict()
    t0 = time.perf_counter()
    again = import_observations(store, [path], user="bench")
    second = time.perf_counter() - t0
    assert again.stored == 0
    t0 = time.perf_counter()
    frame.to_sql("baseline_to_sql", store.engine, index=False, if_exists="replace")
    baseline = time.perf_counter() - t0
    store.dispose()
    return {"lane": kind, "rows": n, "import_s": ours, "import_rows_per_s": n / ours,
            "to_sql_s": baseline, "to_sql_rows_per_s": n / baseline, "ratio": baseline / ours,
            "reimport_s": second}


def bench_targets(folder: Path) -> dict:
    from coopwatch.indicators import evaluate_targets, import_shipped_observations
    from coopwatch.indicators.attainment import needed_indicators
    from coopwatch.indicators.catalogue import indicator_catalogue, province_codes
    from coopwatch.plans.registry import current_plans
    from coopwatch.store import open_store

    store = open_store(fresh_database("sqlite", folder))
    import_shipped_observations(store)
    provinces = province_codes()[:31]
    needed = sorted(needed_indicators(current_plans(store), indicator_catalogue()))
    evaluate_targets(store, regions=provinces[:1])  # warm-up: the first projection imports scipy
    t0 = time.perf_counter()
    judged = len(evaluate_targets(store, regions=provinces))
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    pd.read_sql(text("SELECT region, indicator, year, value FROM observation WHERE is_current AND indicator IN ("
                     + ", ".join(f"'{i}'" for i in needed) + ")"), store.engine)
    baseline = time.perf_counter() - t0
    return {"targets_judged": judged, "regions": len(provinces), "s": ours, "targets_per_s": judged / ours,
            "read_sql_s": baseline, "ratio_to_read_sql": ours / baseline}  # the read is part of ours


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n = 100_000 if args.quick else 1_000_000
    lanes = ["sqlite"] + (["postgresql"] if os.environ.get("COOPWATCH_TEST_DATABASE_URL") else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "generated.csv"
        t0 = time.perf_counter()
        frame = generate(n, path)
        print(f"generated {n:,} rows in {time.perf_counter() - t0:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
        for kind in lanes:
            r = bench_import(kind, path, frame, folder)
            print(f"import [{r['lane']}]: {r['rows']:,} rows in {r['import_s']:.1f} s = {r['import_rows_per_s']:,.0f} rows/s "
                  f"(read, validate, compare, store); bare DataFrame.to_sql: {r['to_sql_s']:.1f} s = "
                  f"{r['to_sql_rows_per_s']:,.0f} rows/s; ratio ours/to_sql = {r['ratio']:.2f}; "
                  f"re-import of the same file (nothing stored): {r['reimport_s']:.1f} s", flush=True)
        t = bench_targets(folder)
        print(f"targets: {t['targets_judged']} target × region judgements ({t['regions']} provinces, all plans) in "
              f"{t['s']:.2f} s = {t['targets_per_s']:.0f}/s; one bare read_sql of the observations they read "
              f"{t['read_sql_s']:.2f} s; ratio {t['ratio_to_read_sql']:.1f}× the read alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
