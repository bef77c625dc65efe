"""The app `coopwatch serve` runs (one per uvicorn worker): the store and settings the
environment names (`coopwatch.settings`), warmed up before it takes its first request."""

from __future__ import annotations


def app():
    from coopwatch.settings import database_url_from_environment
    from coopwatch.web.config import from_environment
    from coopwatch.store import open_store
    from coopwatch.web.app import create_app
    from coopwatch.web.pages import warm_up

    application = create_app(open_store(database_url_from_environment()), from_environment())
    warm_up(application)
    return application
