"""What the benchmarks share: the shared folder, the warm-up of the evidence pipeline, and timing a
call in this process."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_root() -> Path:
    """The shared folder (seeds, data): `$COOPWATCH_SHARED`, else `shared` beside the repository."""
    return Path(os.environ.get("COOPWATCH_SHARED", REPO.parent / "shared"))


def shared(*parts: str) -> Path:
    """A path in the shared folder that the benchmark needs. A missing one ends the benchmark
    with a message naming it, not with a traceback from the first empty list."""
    path = shared_root().joinpath(*parts)
    if not path.exists():
        raise SystemExit(f"{path} not found: set COOPWATCH_SHARED to the folder that holds seeds/ and data/")
    return path


def warm_up(plans) -> None:
    """What `link` and `ingest` do once per process, done before a clock starts: the plan items'
    vectors, and the sentence model loaded."""
    from coopwatch.evidence.embeddings import embed
    from coopwatch.evidence.linking import item_profiles

    item_profiles(plans)
    embed(["warm-up"])


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
