"""Evaluate a Monte Carlo design on a Dask cluster (`--workers N` starts a local one,
`--scheduler tcp://…` joins an existing one). The design is drawn in the calling process, split
into one contiguous block of runs per worker, and the blocks' ranks are stacked back in order,
so the result is the same as the single-process path — which stays the default and the reference.
"""

from __future__ import annotations

import numpy as np

from coopwatch.errors import InputError


def distributed_ranks(analysis, design, workers: int | None = None, scheduler: str | None = None) -> np.ndarray:
    from dask.distributed import Client, LocalCluster

    from coopwatch.evaluate.uncertainty import Design

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(n_workers=int(workers), threads_per_worker=1, dashboard_address=":0")
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"uncertainty: cannot reach the Dask scheduler {scheduler or 'local'} ({exc})") from None
    try:
        n_blocks = max(1, int(workers or len(client.scheduler_info()["workers"]) or 1))
        remote = client.scatter(analysis, broadcast=True)
        blocks = [b for b in np.array_split(np.arange(len(design.choices)), n_blocks) if len(b)]
        futures = [client.submit(_block_ranks, remote, Design(design.choices[b], design.multipliers[b]), pure=False)
                   for b in blocks]
        return np.vstack(client.gather(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _block_ranks(analysis, design):
    return analysis.ranks(design)
