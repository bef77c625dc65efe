"""Settings of the web app; `coopwatch serve` fills them from the environment
(`from_environment`), tests construct them directly."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from coopwatch.evaluate.spec import SHIPPED_DATA


@dataclass(frozen=True)
class WebSettings:
    session_idle: dt.timedelta = dt.timedelta(minutes=30)  # log-in ends after this without use
    session_lifetime: dt.timedelta = dt.timedelta(hours=12)  # ... and this long after log-in
    # Log-in throttle: this many failures in `login_window` per account name (known or not)
    # or per address, then every attempt is refused until the window has passed.
    login_failures_per_account: int = 10
    login_failures_per_address: int = 50
    login_window: dt.timedelta = dt.timedelta(minutes=15)
    # Cookies are marked Secure when the request came over TLS (directly, or through a proxy
    # uvicorn trusts); force it on behind a proxy that terminates TLS without saying so.
    secure_cookies: bool = False
    page_size: int = 100  # default size of a page of any list
    max_page_size: int = 1000
    # Where the files named by an index spec posted to /api/index/* are looked up (first match);
    # nothing outside these folders can be read through a spec.
    index_data: tuple[Path, ...] = (SHIPPED_DATA,)
    # Index runs posted to /api/index/run|uncertainty computed at once per server process (each
    # takes a core for up to seconds); one more is answered 503 with Retry-After, not queued.
    index_runs_at_once: int = 2


def from_environment() -> WebSettings:
    """The web app's settings with the environment's changes (COOPWATCH_SESSION_IDLE_MINUTES,
    COOPWATCH_SESSION_HOURS, COOPWATCH_SECURE_COOKIES=1, COOPWATCH_INDEX_DATA)."""
    env = os.environ
    changes = {}
    if env.get("COOPWATCH_SESSION_IDLE_MINUTES"):
        changes["session_idle"] = dt.timedelta(minutes=float(env["COOPWATCH_SESSION_IDLE_MINUTES"]))
    if env.get("COOPWATCH_SESSION_HOURS"):
        changes["session_lifetime"] = dt.timedelta(hours=float(env["COOPWATCH_SESSION_HOURS"]))
    if env.get("COOPWATCH_SECURE_COOKIES"):
        changes["secure_cookies"] = env["COOPWATCH_SECURE_COOKIES"] == "1"
    if env.get("COOPWATCH_INDEX_DATA"):
        folders = [Path(p) for p in env["COOPWATCH_INDEX_DATA"].split(os.pathsep) if p]
        changes["index_data"] = (*folders, SHIPPED_DATA)
    return WebSettings(**changes)
