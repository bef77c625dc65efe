"""The one way coopwatch reaches Dask (`--workers N` or `--scheduler tcp://HOST:PORT`), shared by
the evidence pipeline (`evidence.scale`) and the uncertainty analysis (`evaluate.distributed`).

`--workers N` starts a `LocalCluster` of N worker processes with one thread each (the embedding
model and the Monte Carlo are numpy: one BLAS thread per worker keeps N workers on N cores from
fighting) and glibc's own malloc thresholds (below); `--scheduler` joins an existing cluster
whose workers have coopwatch installed (`dask scheduler` on one machine, `dask worker
tcp://HOST:8786` on each worker).

Dask's nanny starts every worker with MALLOC_TRIM_THRESHOLD_=65536 (its
`distributed.nanny.pre-spawn-environ`). Setting any malloc threshold turns off glibc's dynamic
mmap threshold, so every numpy temporary over 128 KB is mapped and unmapped again, page faults
and all: the per-file stages of `link` took 10.6 ms a document with it against 6.2 without
(one process, one BLAS thread, measured on generated news). A local cluster's workers are
therefore started without it; for workers started by hand, put
`distributed: {nanny: {pre-spawn-environ: {MALLOC_TRIM_THRESHOLD_: null}}}` in a Dask
configuration file (`~/.config/dask/coopwatch.yaml`) on each worker machine.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from coopwatch.errors import InputError

WORKER_ENV = {"COOPWATCH_EMBED_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1"}
MALLOC_THRESHOLD = "MALLOC_TRIM_THRESHOLD_"  # see the module docstring


@contextmanager
def _without_malloc_threshold() -> Iterator[None]:
    """Start nannies with Dask's pre-spawn MALLOC_TRIM_THRESHOLD_ unset (a None in Dask's
    configuration unsets it). A nanny also writes its pre-spawn environment into this process's
    own os.environ, from where every later worker would inherit it; a value that Dask put there
    (its default) is taken out for the start and put back after."""
    import dask

    dask_default = dask.config.get(f"distributed.nanny.pre-spawn-environ.{MALLOC_THRESHOLD}", default=None)
    inherited = os.environ.get(MALLOC_THRESHOLD)
    put_by_dask = inherited is not None and dask_default is not None and inherited == str(dask_default)
    if put_by_dask:
        del os.environ[MALLOC_THRESHOLD]
    try:
        with dask.config.set({f"distributed.nanny.pre-spawn-environ.{MALLOC_THRESHOLD}": None}):
            yield
    finally:
        if put_by_dask:
            os.environ[MALLOC_THRESHOLD] = inherited


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
        with _without_malloc_threshold():
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
