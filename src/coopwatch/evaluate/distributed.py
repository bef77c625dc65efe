"""Evaluate a Monte Carlo design on a Dask cluster (`--workers N` starts a local one,
`--scheduler tcp://…` joins an existing one). The design is drawn in the calling process, split
into one contiguous block of runs per worker, and the blocks' ranks are stacked back in order,
so the result is the same as the single-process path — which stays the default and the reference.
"""

from __future__ import annotations

import numpy as np


def distributed_ranks(analysis, design, workers: int | None = None, scheduler: str | None = None) -> np.ndarray:
    from coopwatch.cluster import dask_client, worker_count
    from coopwatch.evaluate.uncertainty import Design

    with dask_client(workers, scheduler) as client:
        n_blocks = worker_count(client, workers)
        remote = client.scatter(analysis, broadcast=True)
        blocks = [b for b in np.array_split(np.arange(len(design.choices)), n_blocks) if len(b)]
        futures = [client.submit(_block_ranks, remote, Design(design.choices[b], design.multipliers[b]), pure=False)
                   for b in blocks]
        return np.vstack(client.gather(futures))


def _block_ranks(analysis, design):
    return analysis.ranks(design)
