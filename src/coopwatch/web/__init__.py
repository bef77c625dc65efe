"""The web app: a JSON API under /api/ and the log-in pages, over the library (FastAPI).

    app.py        create_app(store, settings): routes, static files, error mapping
    config.py     WebSettings: session expiry, log-in throttle, cookie security
    auth.py       who is asking (session cookie or bearer token), log-in / log-out, CSRF
    throttle.py   log-in rate limit per account and per address
    errors.py     library errors -> HTTP statuses (403, 404, 422, 400)
    templating.py the Jinja2 environment of web/templates/
    api/          one module per kind of record served
The web layer decides nothing about permissions: it says who is asking and the library's one
check (`store.permissions.require`) decides.
"""

from coopwatch.web.app import create_app
from coopwatch.web.config import WebSettings

__all__ = ["create_app", "WebSettings"]
