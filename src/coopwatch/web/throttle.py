"""Log-in rate limit: failures counted per account name and per address in a sliding window.

Kept in memory per server process (with `--workers N` each worker counts alone, so the limit
is at most N times looser); it is a brake on guessing, the argon2id hashes are the protection.
An unknown name is counted like a known one, so the answer never tells whether an account exists.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class LoginThrottle:
    def __init__(self, per_account: int, per_address: int, window_seconds: float, clock=time.monotonic):
        self.limits = {"account": per_account, "address": per_address}
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, name: str, address: str) -> bool:
        now = self.clock()
        with self._lock:
            return (len(self._recent(("account", name.casefold()), now)) >= self.limits["account"]
                    or len(self._recent(("address", address), now)) >= self.limits["address"])

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            self._failures[("account", name.casefold())].append(now)
            self._failures[("address", address)].append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("account", name.casefold()), None)
