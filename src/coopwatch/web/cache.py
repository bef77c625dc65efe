"""Results of the costly reads (targets, scorecards, digest, index) kept per request
parameters and reused while the store's data version (`store.audit.data_version`: the newest
audit entry, which every library write adds) stays the same. Nothing is computed here; a
changed store simply means the library is asked again. Per server process, a bounded LRU."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from fastapi import Request

from coopwatch.store.audit import data_version

SIZE = 256


class ResultCache:
    def __init__(self, size: int = SIZE):
        self.size = size
        self._items: OrderedDict[tuple, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store, key: tuple, compute: Callable[[], Any]) -> Any:
        version = data_version(store)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version:
                self._items.move_to_end(key)
                return hit[1]
        value = compute()  # outside the lock: two first requests may both compute, both right
        with self._lock:
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def cached(request: Request, key: tuple, compute: Callable[[], Any]) -> Any:
    return request.app.state.cache.get(request.app.state.store, key, compute)
