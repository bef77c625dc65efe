"""Benchmark of the index uncertainty analysis on COINr's ASEM example: Monte Carlo runs per
second of the vectorised path (`coopwatch.evaluate.uncertainty`), against a baseline measured in
the same run that rebuilds the whole index for every run, as COINr's `get_sensitivity` does
(a few hundred rebuilds timed, per-run rate extrapolated). Also: the Sobol design with
sensitivity indices, and the nominal build's largest difference from COINr at every stage.

    .venv/bin/python benchmarks/bench_index_uncertainty.py [--quick]   # 10,000 runs (quick: 1,000)

Inputs: the ASEM spec's uncertainty section (winmax 1–5, min-max [1, 100] or z-score (10, 2),
±25 % noise on the weights of levels 2 and 3, arithmetic or geometric mean).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COOPWATCH_SHARED", ROOT.parent / "shared"))
ASEM = SHARED / "data" / "asem"
SPEC = ROOT / "src" / "coopwatch" / "data" / "index" / "asem.yaml"


def parity(index) -> None:
    print("parity with COINr 1.1.14 (max abs diff per stage):")
    for stage in ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]:
        want = pd.read_csv(ASEM / "expected" / f"dset_{stage}.csv").set_index("uCode")
        got = index.data[stage].reindex(index=want.index, columns=want.columns)
        print(f"  {stage:<12} {np.nanmax(np.abs(got.to_numpy() - want.to_numpy())):.2e}")
    want = pd.read_csv(ASEM / "expected" / "results_Aggs.csv").set_index("uCode")["Rank"]
    same = (index.ranks["Index"].reindex(want.index).astype(int) == want).all()
    print(f"  index ranks identical: {bool(same)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs, baseline_runs = (1000, 40) if args.quick else (10000, 300)

    from coopwatch.evaluate import Index, load_spec
    from coopwatch.evaluate.uncertainty import Analysis, run_uncertainty

    index = Index.from_spec(load_spec(SPEC, data_dir=ASEM))
    parity(index)

    t0 = time.perf_counter()
    result = run_uncertainty(index, runs, seed=1)
    fast = time.perf_counter() - t0
    fast_rate = runs / fast
    print(f"\nvectorised: {runs} runs in {fast:.2f} s = {fast_rate:,.0f} runs/s (set-up of cached stages included)")

    analysis = Analysis(index)
    design = analysis.random_design(baseline_runs, seed=1)
    fast_ranks = analysis.ranks(design)
    t0 = time.perf_counter()
    slow_ranks = np.vstack([analysis.rebuild_run(design, r) for r in range(baseline_runs)])
    slow = time.perf_counter() - t0
    slow_rate = baseline_runs / slow
    print(f"baseline (full rebuild per run, as COINr): {baseline_runs} runs in {slow:.2f} s = {slow_rate:,.1f} runs/s"
          f" -> {runs} runs ~ {runs / slow_rate:.0f} s extrapolated")
    print(f"  fast path ranks equal to the rebuilds on these {baseline_runs} runs: {np.array_equal(fast_ranks, slow_ranks)}")
    print(f"ratio vectorised / baseline: {fast_rate / slow_rate:,.0f}x")

    t0 = time.perf_counter()
    sens = run_uncertainty(index, runs, seed=1, sensitivity=True)
    total = time.perf_counter() - t0
    print(f"\nwith Sobol sensitivity ({runs} uncertainty runs + Saltelli design): {total:.2f} s")
    for s in sens.sensitivity:
        print(f"  {s['input']:<14} Si {s['Si']:6.3f} [{s['Si_ci'][0]:6.3f}, {s['Si_ci'][1]:6.3f}]"
              f"   STi {s['STi']:6.3f} [{s['STi_ci'][0]:6.3f}, {s['STi_ci'][1]:6.3f}]")
    top = result.summary().head(5)
    print("\ntop 5 units: nominal, median, 5th–95th percentile rank")
    for code, row in top.iterrows():
        print(f"  {code}  {row.nominal_rank:.0f}  {row.median_rank:.0f}  [{row.p5_rank:.0f}, {row.p95_rank:.0f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
