"""Results of the costly reads (targets, scorecards, digest, index) kept per request
parameters and reused while the store's data version (`store.audit.data_version`: the newest
write to the data; a log-in, a session or an account change is none) stays the same. Nothing
is computed here; a changed store simply means the library is asked again. Per server process,
a bounded LRU. The version is read once per request, so one page sees one version throughout;
two requests that want the same missing result at once compute it once (the second waits)."""

from __future__ import annotations

import threading
from typing import Any, Callable

from fastapi import Request

from coopwatch.lru import BoundedCache
from coopwatch.store.audit import data_version

SIZE = 256


class ResultCache:
    def __init__(self, size: int = SIZE):
        self._items = BoundedCache(size)  # key: (data version, result)
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}

    def _hit(self, key: tuple, version):
        hit = self._items.get(key)
        if hit is not None and hit[0] == version:
            return True, hit[1]
        with self._lock:
            return False, self._computing.setdefault(key, threading.Lock())

    def get(self, version, key: tuple, compute: Callable[[], Any]) -> Any:
        found, value = self._hit(key, version)
        if found:
            return value
        with value:  # this key's lock: one computes, the others wait and find its result
            found, value = self._hit(key, version)
            if found:
                return value
            try:
                value = compute()
                self._items.put(key, (version, value))
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value


def request_version(request: Request):
    """The store's data version, read once per request."""
    version = getattr(request.state, "data_version", None)
    if version is None:
        version = request.state.data_version = data_version(request.app.state.store)
    return version


def cached(request: Request, key: tuple, compute: Callable[[], Any]) -> Any:
    return request.app.state.cache.get(request_version(request), key, compute)
