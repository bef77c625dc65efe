"""Settings of the web app; `coopwatch serve` fills them from the environment
(`coopwatch.settings.web_settings_from_environment`), tests construct them directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
