"""Settings read from the environment, for the outermost layers only (the CLI and the web app);
the library is handed what it needs (a store, plans) and never reads the environment itself.

| variable | meaning | default |
|---|---|---|
| `COOPWATCH_DATABASE_URL` | any SQLAlchemy URL | `sqlite:///coopwatch.db` |
| `COOPWATCH_SESSION_IDLE_MINUTES` | web log-in ends after this long unused | 30 |
| `COOPWATCH_SESSION_HOURS` | ... and this long after log-in | 12 |
| `COOPWATCH_SECURE_COOKIES` | `1`: cookies Secure even without TLS seen (behind a proxy) | 0 |
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


def web_settings_from_environment():
    """The web app's settings (`coopwatch.web.config.WebSettings`) with the environment's changes."""
    import datetime as dt

    from coopwatch.web.config import WebSettings

    env = os.environ
    changes = {}
    if env.get("COOPWATCH_SESSION_IDLE_MINUTES"):
        changes["session_idle"] = dt.timedelta(minutes=float(env["COOPWATCH_SESSION_IDLE_MINUTES"]))
    if env.get("COOPWATCH_SESSION_HOURS"):
        changes["session_lifetime"] = dt.timedelta(hours=float(env["COOPWATCH_SESSION_HOURS"]))
    if env.get("COOPWATCH_SECURE_COOKIES"):
        changes["secure_cookies"] = env["COOPWATCH_SECURE_COOKIES"] == "1"
    return WebSettings(**changes)
