"""The one check of a file's keys: an unknown key is refused with its path and the nearest
valid name, so that a typo (`reigons:`) is not silently dropped. Used by plan files, index
specs and backups."""

from __future__ import annotations

import difflib
from typing import Iterable

from coopwatch.errors import InputError


def suggestion(key: str, known: Iterable[str]) -> str:
    """"; did you mean X?" for the closest known name, or "; known: a, b, c"."""
    known = [str(k) for k in known]
    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]}?"
    return f"; known: {', '.join(known)}" if known else ""


def unknown_key(mapping: dict, known: Iterable[str], prefix: str = "", *, what: str = "key") -> None:
    """Raise InputError for the first key of `mapping` not in `known`, named by `prefix` + key:
    "items[2].reigons: unknown key; did you mean regions?"."""
    known = tuple(known)
    for key in mapping:
        if key not in known:
            raise InputError(f"{prefix}{key}: unknown {what}{suggestion(key, known)}")
