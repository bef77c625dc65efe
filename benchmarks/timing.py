"""What the benchmarks share: timing a call in this process."""

from __future__ import annotations

import statistics
import time


def seconds(fn, runs: int) -> list[float]:
    """Wall seconds of each of `runs` calls of `fn`."""
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def median_of(fn, runs: int) -> float:
    return statistics.median(seconds(fn, runs))
