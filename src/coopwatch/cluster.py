"""The one way coopwatch reaches Dask (`--workers N` or `--scheduler tcp://HOST:PORT`), shared by
the evidence pipeline (`evidence.scale`) and the uncertainty analysis (`evaluate.distributed`).

`--workers N` starts a `LocalCluster` of N worker processes with one thread each (the embedding
model and the Monte Carlo are numpy: one BLAS thread per worker keeps N workers on N cores from
fighting); `--scheduler` joins an existing cluster whose workers have coopwatch installed
(`dask scheduler` on one machine, `dask worker tcp://HOST:8786` on each worker).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from coopwatch.errors import InputError

WORKER_ENV = {"COOPWATCH_EMBED_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1"}


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None, *, what: str = "Dask") -> Iterator:
    """A Dask client on a new local cluster of `workers` processes, or on `scheduler`; closed
    (with the local cluster) on exit. Errors name the option and the scheduler."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"--scheduler: cannot reach the Dask scheduler {scheduler} ({exc})") from None
    else:
        if workers is None or int(workers) < 1:
            raise InputError("--workers must be at least 1")
        cluster = LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=50, env=dict(WORKER_ENV))
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def worker_count(client, workers: int | None) -> int:
    """How many workers to split work over: those asked for, else those the cluster has."""
    return max(1, int(workers or len(client.scheduler_info()["workers"]) or 1))
