"""Running the per-file stages on Dask (`--workers N` or `--scheduler tcp://HOST:PORT`, through
`coopwatch.cluster`). Chunks of files are mapped in order and their results gathered in order; duplicates and
events are then computed in this process over the whole batch, so the output equals the
single-process run.
"""

from __future__ import annotations

from typing import Callable


def _analyse_chunk(paths, plans):
    import os

    os.environ.setdefault("COOPWATCH_EMBED_THREADS", "1")
    from coopwatch.evidence.analyse import analyse_files

    return analyse_files(paths, plans)


def run_chunks(chunks: list[list[str]], plans, *, workers: int | None = None, scheduler: str | None = None,
               progress: Callable[[int, int], None] | None = None):
    """Results of `analyse_files` for every chunk, in order."""
    from dask.distributed import as_completed

    from coopwatch.cluster import dask_client

    with dask_client(workers, scheduler) as client:
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
