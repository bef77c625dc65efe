"""Benchmark of `coopwatch ingest` as the store grows: does a batch cost the same with 10,000
or 200,000 documents stored?

    .venv/bin/python benchmarks/bench_ingest.py [--quick] [-n N] [--batch 1000]
    # 200,000 documents in batches of 1,000 (quick: 20,000), on SQLite and, when
    # COOPWATCH_TEST_DATABASE_URL is set (`make bench` sets it), on PostgreSQL

Documents. The 48 news-dev items are analysed once (read, facts, vector, links: the per-file
stages, whose cost does not depend on the store; their docs/s is printed as `analysis`), and
each generated document is one of them with a unique text (so a new content hash), its money
amounts scaled by a random factor, its vector moved by a little noise, and its publication
date the day of its batch: one batch of news a day, as a daily ingest would bring. What is timed
per batch is everything `ingest` does after the per-file stages: duplicates within the batch,
storing documents, amounts and links, and grouping events with the stored neighbours (the
indexed query inside the date window, the stored vectors).

Figures per database: docs/s of the stored batches, the median time of a batch when 10,000
documents are stored and when all but the last batch are (goal: ratio <= 1.3), the same against
the first batch whose ±WINDOW_DAYS date window is full of earlier batches (a batch of day 10 has
ten days of stored neighbours, one of day 31 or later thirty: until then the neighbours, and so
the cost, grow with the store by design), and the peak resident memory of this process. Baseline in the same run: the first batches, into an empty
store.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from coopwatch.evidence.events import WINDOW_DAYS
from timing import shared, warm_up

NEWS = shared("data", "news-dev")
EARLY = 10_000
SAMPLE = 5  # batches whose median is reported at each point


def seed_documents(plans):
    """News-dev analysed once, and the docs/s of that analysis."""
    from coopwatch.evidence.analyse import analyse_paths

    warm_up(plans)
    t0 = time.perf_counter()
    docs, _ = analyse_paths([str(NEWS)], plans, events=False)
    return docs, len(docs) / (time.perf_counter() - t0)


def generated_batch(seeds, k: int, size: int, rng: np.random.Generator, start: dt.date):
    """Batch k: `size` variants of the seeds, published on day k."""
    day = (start + dt.timedelta(days=k)).isoformat()
    out = []
    for j in range(size):
        seed = seeds[int(rng.integers(len(seeds)))]
        d = copy.copy(seed)
        n = k * size + j
        d.source = f"generated/{k:04d}/g{n:07d}.txt"
        d.text = f"{seed.text}\n[{n}]"
        d.content_hash = f"{n:016x}{seed.content_hash[16:]}"
        factor = float(rng.uniform(0.2, 5.0))
        facts = dict(seed.facts)
        facts["amounts"] = [dict(a, value=round(float(a["value"]) * factor)) for a in seed.facts["amounts"]]
        d.facts = facts
        v = seed.vector + rng.normal(0, 0.02, seed.vector.shape).astype(np.float32)
        d.vector = (v / np.linalg.norm(v)).astype(np.float32)
        d.signature = rng.integers(0, 2**32, seed.signature.shape, dtype=np.uint64)
        d.published = day
        d.duplicate_of = d.event = None
        out.append(d)
    return out


def run_lane(url: str, seeds, plans, n: int, size: int) -> dict:
    from coopwatch.evidence.analyse import group_batch
    from coopwatch.evidence.ingest import store_analysed
    from coopwatch.store import open_store

    store = open_store(url)
    rng = np.random.default_rng(18)
    times, cpu, stored = [], [], []
    total = 0
    start = dt.date(2024, 1, 1)
    for k in range(n // size):
        batch = generated_batch(seeds, k, size, rng, start)
        t0, c0 = time.perf_counter(), time.process_time()
        group_batch(batch, events=False)
        store_analysed(store, batch, [], plans)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        stored.append(total)
        total += len(batch)
        if (k + 1) % 20 == 0:
            print(f"  {total} stored, last batch {times[-1]:.2f} s", flush=True)
    store.dispose()

    def median_from(values, i):
        return statistics.median(values[i:i + SAMPLE])

    early_i = next((i for i, s in enumerate(stored) if s >= min(EARLY, stored[-1] // 2)), 0)
    # the first batch whose date window holds a full window of earlier batches: from here on
    # a batch has as many stored neighbours as it will ever have
    full_i = min(len(times) - 1, WINDOW_DAYS + 1)
    late_i = max(0, len(times) - SAMPLE)
    out = {"documents": total, "docs_per_s": round(total / sum(times), 1),
           "batch_s_into_empty_store": round(median_from(times, 0), 3)}
    # wall time, and this process's CPU time (steadier on a shared machine; it leaves out the
    # PostgreSQL server's own work)
    for name, values in (("wall", times), ("cpu", cpu)):
        early, full, late = (median_from(values, i) for i in (early_i, full_i, late_i))
        out[f"{name}_batch_s_at_stored"] = {str(stored[i]): round(v, 3)
                                            for i, v in ((early_i, early), (full_i, full), (late_i, late))}
        out[f"{name}_ratio_late_vs_early"] = round(late / early, 3)
        out[f"{name}_ratio_late_vs_window_full"] = round(late / full, 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("-n", type=int, default=None)
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()
    n = args.n or (20_000 if args.quick else 200_000)
    from coopwatch.plans import bundled_plans
    from coopwatch.store.database import create_database, drop_database

    plans = bundled_plans()
    seeds, analysis_rate = seed_documents(plans)
    figures = {"documents": n, "batch": args.batch, "analysis_docs_per_s": round(analysis_rate, 1),
               "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    pg = os.environ.get("COOPWATCH_TEST_DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        lanes = [("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}")]
        if pg:
            lanes.append(("postgresql", create_database(pg, prefix="bench_ingest_")))
        for name, url in lanes:
            print(f"{name}: {n} documents in batches of {args.batch}", flush=True)
            try:
                figures[name] = run_lane(url, seeds, plans, n, args.batch)
            finally:
                if name == "postgresql":
                    drop_database(pg, url)
            print(f"{name}: {json.dumps(figures[name])}", flush=True)
    figures["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures, indent=1))
    for name, _ in lanes:
        r, c = figures[name]["wall_ratio_late_vs_early"], figures[name]["cpu_ratio_late_vs_early"]
        print(f"{name}: batch time late / early = {r:.2f} wall, {c:.2f} CPU (goal <= 1.3): "
              f"{'met' if r <= 1.3 else 'not met'}; late / window full = "
              f"{figures[name]['wall_ratio_late_vs_window_full']:.2f} wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
