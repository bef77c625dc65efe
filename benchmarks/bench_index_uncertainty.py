"""Benchmark of the index uncertainty analysis: Monte Carlo runs per second of the vectorised
path (`coopwatch.evaluate.uncertainty`, `coopwatch.evaluate.panel`), against a baseline measured
in the same run that rebuilds the whole index for every run, as COINr's `get_sensitivity` does
(a few hundred rebuilds timed, per-run rate extrapolated).

1. COINr's ASEM example, 100,000 runs (goal < 10 s); the Sobol design with sensitivity
   indices (10,000 runs); the nominal build's largest difference from COINr at every stage.
2. A panel of 31 units × 6 years (synthetic, seeded: 12 indicators in 4 pillars, trends and
   gaps), 10,000 runs over all years in one pass (goal < 10 s); the baseline rebuilds all six
   years' indices per run.

    .venv/bin/python benchmarks/bench_index_uncertainty.py [--quick]   # quick: 5,000 and 1,000 runs

Inputs: the ASEM spec's uncertainty section (winmax 1–5, min-max [1, 100] or z-score (10, 2),
±25 % noise on the weights of levels 2 and 3, arithmetic or geometric mean); the panel's (winmax
1–3, the same two normalisations pooled over the years, ±25 % noise on levels 1 and 2,
arithmetic or geometric mean).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from timing import shared

ROOT = Path(__file__).resolve().parent.parent
ASEM = shared("data", "asem")
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


def against_rebuilds(label: str, analysis, fast_runs: int, fast_seconds: float, slow_runs: int) -> None:
    """Time `slow_runs` runs rebuilt the slow way, check they equal the fast path's ranks on
    the same design, and print both rates and their ratio."""
    design = analysis.random_design(slow_runs, seed=1)
    fast_ranks = analysis.ranks(design)
    t0 = time.perf_counter()
    slow_ranks = np.vstack([analysis.rebuild_run(design, r) for r in range(slow_runs)])
    slow_seconds = time.perf_counter() - t0
    same = np.array_equal(fast_ranks, slow_ranks)
    fast_rate, slow_rate = fast_runs / fast_seconds, slow_runs / slow_seconds
    print(f"vectorised: {fast_runs:,} runs in {fast_seconds:.2f} s = {fast_rate:,.0f} runs/s "
          f"(set-up of cached stages included; goal < 10 s: {'met' if fast_seconds < 10 else 'NOT met'})")
    print(f"baseline (full rebuild per run, as COINr): {slow_runs} runs in {slow_seconds:.2f} s = "
          f"{slow_rate:,.1f} runs/s -> {fast_runs:,} runs ~ {fast_runs / slow_rate:,.0f} s extrapolated")
    print(f"  fast path ranks equal to the rebuilds on these {slow_runs} runs: {same}")
    print(f"ratio vectorised / baseline ({label}): {fast_rate / slow_rate:,.0f}x")


def asem(runs: int, baseline_runs: int, sobol_runs: int) -> None:
    from coopwatch.evaluate import Index, load_spec
    from coopwatch.evaluate.uncertainty import Analysis, run_uncertainty

    index = Index.from_spec(load_spec(SPEC, data_dir=ASEM))
    parity(index)
    print(f"\nASEM, {runs:,} runs")
    t0 = time.perf_counter()
    result = run_uncertainty(index, runs, seed=1)
    fast = time.perf_counter() - t0

    against_rebuilds("ASEM", Analysis(index), runs, fast, baseline_runs)

    t0 = time.perf_counter()
    sens = run_uncertainty(index, sobol_runs, seed=1, sensitivity=True)
    total = time.perf_counter() - t0
    print(f"\nwith Sobol sensitivity ({sobol_runs:,} uncertainty runs + Saltelli design): {total:.2f} s")
    for s in sens.sensitivity:
        print(f"  {s['input']:<14} Si {s['Si']:6.3f} [{s['Si_ci'][0]:6.3f}, {s['Si_ci'][1]:6.3f}]"
              f"   STi {s['STi']:6.3f} [{s['STi_ci'][0]:6.3f}, {s['STi_ci'][1]:6.3f}]")
    top = result.summary().head(5)
    print("\ntop 5 units: nominal, median, 5th–95th percentile rank")
    for code, row in top.iterrows():
        print(f"  {code}  {row.nominal_rank:.0f}  {row.median_rank:.0f}  [{row.p5_rank:.0f}, {row.p95_rank:.0f}]")


def synthetic_panel(folder: Path, units: int = 31, years=range(2018, 2024), seed: int = 7) -> Path:
    """A seeded unit × year panel: 12 indicators in 4 pillars, each unit on its own trend,
    skewed levels, 3 % of the values missing; returns the spec file."""
    import yaml

    rng = np.random.default_rng(seed)
    inds = [f"i{k:02d}" for k in range(12)]
    meta = [{"Level": 1, "iCode": i, "iName": i, "Direction": -1 if k % 5 == 4 else 1, "Weight": 1,
             "Parent": f"P{k // 3}", "Type": "Indicator"} for k, i in enumerate(inds)]
    meta += [{"Level": 2, "iCode": f"P{p}", "iName": f"pillar {p}", "Direction": 1, "Weight": 1 + p % 2,
              "Parent": "IDX", "Type": "Aggregate"} for p in range(4)]
    meta += [{"Level": 3, "iCode": "IDX", "iName": "index", "Direction": 1, "Weight": 1, "Parent": None,
              "Type": "Aggregate"}]
    pd.DataFrame(meta).to_csv(folder / "meta.csv", index=False)
    level = rng.lognormal(0.0, 0.8, size=(units, len(inds)))
    trend = rng.normal(0.03, 0.05, size=(units, len(inds)))
    rows = []
    for t, year in enumerate(years):
        values = level * np.exp(trend * t + rng.normal(0, 0.05, size=level.shape))
        for u in range(units):
            for k, ind in enumerate(inds):
                if rng.random() > 0.03:
                    rows.append({"region": f"U{u:02d}", "indicator": ind, "year": year, "value": values[u, k]})
    pd.DataFrame(rows).to_csv(folder / "obs.csv", index=False)
    spec = {"data": {"observations": "obs.csv", "year": max(years)}, "meta": "meta.csv",
            "steps": {"impute": {"series": "linear", "method": "mean"}, "treat": {"winmax": 3},
                      "normalise": {"method": "minmax", "range": [0, 100], "panel": "pooled"},
                      "aggregate": {"method": "amean"}},
            "uncertainty": {"treat.winmax": [1, 2, 3],
                            "normalise": [{"method": "minmax", "range": [1, 100]},
                                          {"method": "zscore", "mean": 10, "sd": 2}],
                            "weights": {"noise": 0.25, "levels": [1, 2]}, "aggregate": ["amean", "gmean"]}}
    path = folder / "panel.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def panel(runs: int, baseline_runs: int) -> None:
    from coopwatch.evaluate.panel import PanelAnalysis, PanelIndex, run_panel_uncertainty

    years = list(range(2018, 2024))
    with tempfile.TemporaryDirectory() as tmp:
        spec = synthetic_panel(Path(tmp), years=years)
        t0 = time.perf_counter()
        built = PanelIndex.from_spec(spec, years)
        print(f"\npanel of 31 units x {len(years)} years: nominal build {time.perf_counter() - t0:.2f} s; "
              f"{runs:,} runs")
        t0 = time.perf_counter()
        result = run_panel_uncertainty(built, runs, seed=1)
        fast = time.perf_counter() - t0
        against_rebuilds("panel", PanelAnalysis(built), runs, fast, baseline_runs)
        width = (result.summary()["p95_rank"] - result.summary()["p5_rank"]).groupby(level="year").mean()
        print("  mean width of the 5-95 % rank interval by year: "
              + ", ".join(f"{y} {w:.1f}" for y, w in width.items()))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        asem(5000, 40, 1000)
        panel(1000, 5)
    else:
        asem(100_000, 300, 10_000)
        panel(10_000, 30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
