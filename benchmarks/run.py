"""`make bench`: runs every benchmarks/bench_*.py in turn. Each prints its own figures as ratios
against a baseline measured in the same run; this runner only sequences them and reports which
failed. Pass --quick to run the small versions."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    extra = sys.argv[1:]
    failed = []
    for script in sorted(here.glob("bench_*.py")):
        print(f"\n=== {script.stem} ===", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script), *extra])
        print(f"({script.stem}: exit {rc}, {time.perf_counter() - t0:.1f} s)", flush=True)
        if rc:
            failed.append(script.stem)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
