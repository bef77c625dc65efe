"""Settings read from the environment, for the outermost layers only (the CLI and the web app);
the library is handed what it needs (a store, plans) and never reads the environment itself.

| variable | meaning | default |
|---|---|---|
| `COOPWATCH_DATABASE_URL` | any SQLAlchemy URL | `sqlite:///coopwatch.db` |
| `COOPWATCH_USER` | who acts on the command line, when a command is given no `--by` | none |
| `COOPWATCH_LOG_DIR` | where an unexpected error's traceback is written | `~/.cache/coopwatch/logs` |
| `COOPWATCH_SESSION_IDLE_MINUTES` | web log-in ends after this long unused | 30 |
| `COOPWATCH_SESSION_HOURS` | ... and this long after log-in | 12 |
| `COOPWATCH_SECURE_COOKIES` | `1`: cookies Secure even without TLS seen (behind a proxy) | 0 |
| `COOPWATCH_INDEX_DATA` | folders (`:`-separated) of the files an index spec posted to the web API may name | the shipped `data/index` |
"""

from __future__ import annotations

import os
from pathlib import Path

from coopwatch.store.database import DEFAULT_URL, database_url


def database_url_from_environment() -> str:
    """The database URL the environment names, else the default ./coopwatch.db."""
    return database_url(os.environ.get("COOPWATCH_DATABASE_URL") or DEFAULT_URL)


def database_configured() -> bool:
    """Whether a database is named by the environment or exists at the default place."""
    if os.environ.get("COOPWATCH_DATABASE_URL"):
        return True
    return Path(DEFAULT_URL.removeprefix("sqlite:///")).exists()


def user_from_environment() -> str | None:
    """The user the command line acts as when no `--by` is given (`COOPWATCH_USER`)."""
    return os.environ.get("COOPWATCH_USER") or None


def log_dir() -> Path:
    """Where the CLI writes the traceback of an unexpected error."""
    configured = os.environ.get("COOPWATCH_LOG_DIR")
    if configured:
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "coopwatch" / "logs"
