"""Running the per-file stages on Dask (`--workers N` or `--scheduler tcp://HOST:PORT`, through
`coopwatch.cluster`).

The files are cut into the same chunks of `analyse.CHUNK` files as in one process, and
consecutive chunks are sent together as one task. Tasks shrink towards the end (guided
self-scheduling): each takes 1/(workers × `TASKS_PER_WORKER`) of the chunks still left, at most
`MAX_TASK_FILES` files, at least one chunk. The first tasks are large, so that shipping a task
and its results costs little against the analysis; the last ones are single chunks, so the
workers run out of work within a chunk's time of each other. With tasks of one size, 100,000
items on 2 workers made 25 tasks of 4,096 files, and one worker spent the last ~25 s alone.
Each worker process loads the model, the reference matcher and the plan items' vectors once
(they are cached per process) and keeps them for all its tasks. Results are taken as each task
completes (`as_completed`), released on the cluster, and put back in file order; duplicates and
events are then computed in this process over the whole batch. A worker analyses the very chunks a
single process would, so the output equals the single-process run.

An existing cluster (`--scheduler`): start a scheduler on one machine and a worker per core on
every machine that has coopwatch installed, e.g.

    dask scheduler --port 8786
    COOPWATCH_EMBED_THREADS=1 OMP_NUM_THREADS=1 dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1
    coopwatch link FOLDER --json --scheduler tcp://HOST:8786
"""

from __future__ import annotations

import math
from typing import Callable

TASKS_PER_WORKER = 4
MAX_TASK_FILES = 4096


def _analyse_task(chunks, plans):
    import os

    os.environ.setdefault("COOPWATCH_EMBED_THREADS", "1")
    from coopwatch.evidence.analyse import analyse_files

    return [analyse_files(chunk, plans) for chunk in chunks]


def tasks_of(chunks: list[list[str]], workers: int) -> list[list[list[str]]]:
    """Consecutive chunks grouped into tasks that shrink towards the end (see the module
    docstring)."""
    if not chunks:
        return []
    most = max(1, MAX_TASK_FILES // max(len(c) for c in chunks))
    share = max(1, workers) * TASKS_PER_WORKER
    tasks, start = [], 0
    while start < len(chunks):
        size = max(1, min(most, math.ceil((len(chunks) - start) / share)))
        tasks.append(chunks[start:start + size])
        start += size
    return tasks


def run_chunks(chunks: list[list[str]], plans, *, workers: int | None = None, scheduler: str | None = None,
               progress: Callable[[int, int], None] | None = None):
    """Results of `analyse_files` for every chunk, in order."""
    from dask.distributed import as_completed

    from coopwatch.cluster import dask_client, worker_count

    with dask_client(workers, scheduler) as client:
        tasks = tasks_of(chunks, worker_count(client, workers))
        plans_future = client.scatter(plans, broadcast=True)
        futures = [client.submit(_analyse_task, task, plans_future, pure=False) for task in tasks]
        position = {f.key: k for k, f in enumerate(futures)}
        results: list = [None] * len(tasks)
        total, done = sum(len(c) for c in chunks), 0
        for future, result in as_completed(futures, with_results=True):
            k = position[future.key]
            results[k] = result
            future.release()
            done += sum(len(c) for c in tasks[k])
            if progress:
                progress(done, total)
        del futures
        return [r for task_results in results for r in task_results]
