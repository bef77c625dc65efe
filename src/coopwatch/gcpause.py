"""Pausing Python's cyclic garbage collector while many small objects are made at once.

The collector runs every few hundred allocations and, as objects survive, walks the older
generations too; reading ten thousand rows or unpickling a cache makes it run again and again
over objects that are all still alive, for nothing. Reference counting still frees what is
dropped; cycles made meanwhile are collected after the pause.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector off for the block (unless it was off already), back on after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
