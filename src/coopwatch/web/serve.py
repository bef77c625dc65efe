"""The app `coopwatch serve` runs (one per uvicorn worker): the store and settings the
environment names (`coopwatch.settings`)."""

from __future__ import annotations


def app():
    from coopwatch.settings import database_url_from_environment, web_settings_from_environment
    from coopwatch.store import open_store
    from coopwatch.web.app import create_app

    return create_app(open_store(database_url_from_environment()), web_settings_from_environment())
