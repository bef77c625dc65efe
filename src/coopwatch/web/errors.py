"""The one error path of the web app: a library error becomes a status and its message.

PermissionDenied -> 403, NotFound -> 404, InputError and any other CoopwatchError -> 400; the
body is {"detail": message}, the same line the CLI prints. 422 stays FastAPI's answer to a
request that does not fit the documented schema (its body lists the fields). Not logged in -> 401 on /api/,
a redirect to the log-in page elsewhere. Too many costly computations at once (Busy) -> 503
with Retry-After.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse

from coopwatch.errors import CoopwatchError, NotFound
from coopwatch.store.permissions import PermissionDenied


class LoginRequired(Exception):
    """Nobody (or an expired session) asked for something that needs a log-in."""


class CsrfFailed(Exception):
    """A form or cookie-authenticated write came without the session's CSRF token."""


class Busy(Exception):
    """As many costly computations as the server allows at once are running: ask again soon."""

    RETRY_AFTER = 5  # seconds

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def status_of(exc: CoopwatchError) -> int:
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, NotFound):
        return 404
    return 400


def install(app: FastAPI) -> None:
    @app.exception_handler(CoopwatchError)
    async def library_error(request: Request, exc: CoopwatchError):
        return JSONResponse({"detail": str(exc)}, status_code=status_of(exc))

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "log in or send a bearer token (Authorization: Bearer cw_...)"},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy):
        return JSONResponse({"detail": f"busy: the server is already computing as many {exc.what} as it allows "
                                       f"at once; try again in {Busy.RETRY_AFTER} seconds"},
                            status_code=503, headers={"Retry-After": str(Busy.RETRY_AFTER)})

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed):
        return JSONResponse({"detail": "missing or wrong CSRF token; reload the page and try again"},
                            status_code=403)
