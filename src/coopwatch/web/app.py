"""`create_app(store, settings)`: the FastAPI application over one store.

The app holds the store and its settings on `app.state`; routes take the store from there and
call library functions with the caller's account. JSON API under /api/ (OpenAPI at
/openapi.json, docs at /api/docs from vendored swagger-ui), log-in pages at /login, static
files at /static. Page routes of the dashboard are added by `web/pages/` when present.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from coopwatch.store import Store
from coopwatch.store.audit import audit_via
from coopwatch.web import auth, errors
from coopwatch.web.cache import ResultCache
from coopwatch.web.config import WebSettings
from coopwatch.web.templating import STATIC
from coopwatch.web.throttle import LoginThrottle


class AuditVia:
    """Marks every audit entry written while serving a request with where it came from."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        authz = dict(scope.get("headers") or ()).get(b"authorization", b"")
        kind = "token" if authz[:7].lower() == b"bearer " else "session"
        host = (scope.get("client") or ("unknown",))[0]
        token = audit_via.set(f"web {host} {kind}")
        try:
            await self.app(scope, receive, send)
        finally:
            audit_via.reset(token)


def _include_package(app: FastAPI, package: str) -> None:
    """Every module of `package` that has a `router` (api/ modules, and pages/ when present)."""
    try:
        pkg = importlib.import_module(package)
    except ModuleNotFoundError:
        return
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package}.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)


def create_app(store: Store, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    app = FastAPI(title="coopwatch", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Monitoring and evaluation of regional S&T cooperation plans. "
                              "Authenticate with `Authorization: Bearer cw_...` (`coopwatch user token NAME`) "
                              "or a log-in session (then writes need the `X-CSRF-Token` header).")
    app.state.store = store
    app.state.settings = settings
    app.state.throttle = LoginThrottle(settings.login_failures_per_account, settings.login_failures_per_address,
                                       settings.login_window.total_seconds())
    app.state.cache = ResultCache()
    app.state.index_slots = threading.BoundedSemaphore(settings.index_runs_at_once)
    errors.install(app)
    app.add_middleware(AuditVia)
    app.include_router(auth.router)
    _include_package(app, "coopwatch.web.api")
    _include_package(app, "coopwatch.web.pages")
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app
