"""Benchmark of `coopwatch parse-plan`.

    .venv/bin/python benchmarks/bench_parse_plan.py [--quick]

1. Wall time of `coopwatch parse-plan SEED --json` on each seed (about 25 KB) and on the
   longest plan of the layout corpus, process start-up included (median of 5 runs; quick: 2),
   with the child's CPU time (the wall time on a shared machine is mostly waiting), against a
   baseline measured in the same run: a Python process that reads and decodes the same bytes.
   Printed as seconds and as the ratio to the baseline.
2. Throughput in KB/s of `parse_plan` on a generated 5 MB document (quick: 1 MB) — the seeds
   in turn, each copy with its money and target numbers varied so no two copies are equal —
   against reading and decoding the same bytes (`decode_bytes`) in the same process.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COOPWATCH_SHARED", ROOT.parent / "shared"))
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
BIN = Path(sys.executable).parent
BASELINE = "import sys; open(sys.argv[1], 'rb').read().decode('utf-8')"


def wall(cmd: list[str], runs: int) -> float:
    return timed(cmd, runs)[0]


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds of the child): on a shared machine the CPU time
    says what the program costs when the wall time is mostly waiting for a core."""
    import resource

    walls, cpus = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def generate(size: int, path: Path, seed: int = 11) -> int:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    parts, total = [], 0
    while total < size:
        for t in texts:
            t = re.sub(r"\b\d{1,3}\b(?!\d)", lambda m: str(rng.randint(2, 99)) if rng.random() < 0.3 else m.group(0), t)
            parts.append(t)
            total += len(t.encode("utf-8"))
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path.stat().st_size


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    runs = 2 if args.quick else 5
    size = (1 if args.quick else 5) * 1024 * 1024

    print("1. coopwatch parse-plan FILE --json, wall time with start-up (median of %d; goal: a 25 KB plan"
          " under 1 s)" % runs)
    print(f"   {'file':<28} {'KB':>4} {'wall':>6} {'cpu':>6} {'read+decode':>12} {'ratio':>7}")
    corpus = sorted((ROOT / "tests" / "text" / "plans").glob("x05_*.txt"))  # the longest layout-corpus plan
    for seed in SEEDS + corpus:
        t_parse, c_parse = timed([str(BIN / "coopwatch"), "parse-plan", str(seed), "--json"], runs)
        t_base = wall([sys.executable, "-c", BASELINE, str(seed)], runs)
        kb = seed.stat().st_size / 1024
        print(f"   {seed.name[:28]:<28} {kb:>4.0f} {t_parse:>5.2f}s {c_parse:>5.2f}s {t_base:>11.2f}s"
              f" {t_parse / t_base:>6.1f}x")

    from coopwatch.text.decode import decode_bytes
    from coopwatch.text.plan_parser import parse_plan

    parse_plan(SEEDS[0])  # vocabularies and matcher built once per process, outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.txt"
        n = generate(size, path)
        t0 = time.perf_counter()
        data = path.read_bytes()
        decode_bytes(data, str(path))
        t_base = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = parse_plan(path)
        t_parse = time.perf_counter() - t0
    kb = n / 1024
    items = sum(1 for _ in _walk(result["items"]))
    print(f"\n2. parse_plan on a generated {n / 1048576:.1f} MB document ({items} items, {len(result['targets'])} targets)")
    print(f"   parse_plan   {kb / t_parse:>10.0f} KB/s  ({t_parse:.2f} s)")
    print(f"   read+decode  {kb / t_base:>10.0f} KB/s  ({t_base:.3f} s)")
    print(f"   ratio        {t_parse / t_base:>10.1f}x the baseline's time")
    return 0


def _walk(items):
    for it in items:
        yield it
        yield from _walk(it["items"])


if __name__ == "__main__":
    sys.exit(main())
