"""Running the per-file stages on Dask (`--workers N` or `--scheduler tcp://HOST:PORT`).

`--workers N` starts a `LocalCluster` of N worker processes with one thread each (the
embedding model is numpy: one BLAS thread per worker keeps two workers on two cores from
fighting); `--scheduler` uses an existing cluster whose workers have coopwatch installed.
Chunks of files are mapped in order and their results gathered in order; duplicates and
events are then computed in this process over the whole batch, so the output equals the
single-process run.
"""

from __future__ import annotations

from typing import Callable

from coopwatch.errors import InputError


def _analyse_chunk(paths, plans):
    import os

    os.environ.setdefault("COOPWATCH_EMBED_THREADS", "1")
    from coopwatch.evidence.analyse import analyse_files

    return analyse_files(paths, plans)


def client_for(workers: int | None = None, scheduler: str | None = None):
    """A Dask client on a new local cluster of `workers` processes, or on `scheduler`."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # dask is a dependency; a broken install is the user's to fix
        raise InputError(f"--workers/--scheduler need dask[distributed]: {exc}") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach Dask scheduler {scheduler}: {exc}") from None
    if workers is None or workers < 1:
        raise InputError("--workers must be at least 1")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=50,
                           env={"COOPWATCH_EMBED_THREADS": "1", "OMP_NUM_THREADS": "1"})
    return Client(cluster)


def run_chunks(chunks: list[list[str]], plans, *, workers: int | None = None, scheduler: str | None = None,
               progress: Callable[[int, int], None] | None = None):
    """Results of `analyse_files` for every chunk, in order."""
    from dask.distributed import as_completed

    client = client_for(workers, scheduler)
    try:
        plans_future = client.scatter(plans, broadcast=True)
        futures = [client.submit(_analyse_chunk, chunk, plans_future, pure=False) for chunk in chunks]
        total = sum(len(c) for c in chunks)
        done = 0
        sizes = {f.key: len(c) for f, c in zip(futures, chunks)}
        for f in as_completed(futures):
            done += sizes[f.key]
            if progress:
                progress(done, total)
        return client.gather(futures)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()
