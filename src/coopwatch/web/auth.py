"""Who is asking: a browser session (cookie) or a script's bearer token; log-in and log-out.

Dependencies for routes:
- `current_account`: the account or None (pages that show more when logged in);
- `login_required`: the account, else 401 on /api/ and a redirect to /login on pages;
- `reader`: the account, or None when the admin has turned public reading on (else as above);
- `writer`: the account, and for a cookie session the CSRF token in `X-CSRF-Token` (scripts
  with a bearer token send none: a browser never attaches one by itself);
- `csrf_protect`: for page forms, the session's token in the form field `csrf_token`.
What an account may then do is decided by the library (`store.permissions`), not here.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from coopwatch.store import accounts
from coopwatch.store.accounts import Account
from coopwatch.web.errors import CsrfFailed, LoginRequired
from coopwatch.web.templating import render

SESSION_COOKIE = "coopwatch_session"
LOGIN_CSRF_COOKIE = "coopwatch_login_csrf"  # double-submit token of the log-in form (no session yet)
PUBLIC_READING = "public_reading"


@dataclass(frozen=True)
class Caller:
    account: Account | None
    kind: str  # "session" | "token" | "anonymous"
    csrf: str | None  # the session's CSRF token
    address: str


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def caller(request: Request) -> Caller:
    """The caller of this request, worked out once and kept on the request."""
    found = getattr(request.state, "caller", None)
    if found is not None:
        return found
    app = request.app
    address = client_address(request)
    header = request.headers.get("authorization", "")
    found = Caller(None, "anonymous", None, address)
    if header[:7].lower() == "bearer ":
        account = accounts.authenticate(app.state.store, header[7:].strip())
        found = Caller(account, "token" if account else "anonymous", None, address)
    elif request.cookies.get(SESSION_COOKIE):
        cfg = app.state.settings
        info = accounts.session_of(app.state.store, request.cookies[SESSION_COOKIE],
                                   idle=cfg.session_idle, lifetime=cfg.session_lifetime)
        if info is not None:
            found = Caller(info.account, "session", info.csrf, address)
    request.state.caller = found
    return found


def current_account(request: Request) -> Account | None:
    return caller(request).account


def login_required(request: Request) -> Account:
    account = caller(request).account
    if account is None:
        raise LoginRequired()
    return account


def public_reading(request: Request) -> bool:
    return bool(accounts.get_setting(request.app.state.store, PUBLIC_READING, False))


def reader(request: Request) -> Account | None:
    account = caller(request).account
    if account is None and not public_reading(request):
        raise LoginRequired()
    return account


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a, b)


def writer(request: Request) -> Account:
    who = caller(request)
    if who.account is None:
        raise LoginRequired()
    if who.kind == "session" and not _same(request.headers.get("x-csrf-token"), who.csrf):
        raise CsrfFailed()
    return who.account


async def csrf_protect(request: Request) -> None:
    """For form posts of logged-in pages: the form's `csrf_token` must be the session's."""
    who = caller(request)
    form = await request.form()
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if who.kind != "session" or not _same(sent, who.csrf):
        raise CsrfFailed()


def csrf_token(request: Request) -> str | None:
    """The token a page puts in its forms (None when nobody is logged in)."""
    return caller(request).csrf


def _safe_next(target: str | None) -> str:
    """Only a path on this server; anything else (another host, a scheme) goes to /."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


router = APIRouter(include_in_schema=False)


def _login_page(request: Request, *, next_: str, message: str | None = None, status_code: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"next": next_, "message": message, "login_csrf": token},
                      status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login",
                        secure=_secure(request))
    return response


def _secure(request: Request) -> bool:
    return request.app.state.settings.secure_cookies or request.url.scheme == "https"


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return _login_page(request, next_=_safe_next(next))


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/")):
    if not _same(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        raise CsrfFailed()
    app = request.app
    address = client_address(request)
    throttle = app.state.throttle
    next_ = _safe_next(next)
    if throttle.blocked(name, address):
        # The same words whether or not the account exists.
        return _login_page(request, next_=next_, message="throttled", status_code=429)
    account = accounts.check_password(app.state.store, name, password)
    if account is None:
        throttle.failed(name, address)
        return _login_page(request, next_=next_, message="wrong", status_code=401)
    throttle.succeeded(name)
    cookie, _ = accounts.open_session(app.state.store, account, address=address)
    response = RedirectResponse(next_, status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="lax", secure=_secure(request),
                        max_age=int(app.state.settings.session_lifetime.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.get("/account")
def account_page(request: Request, account: Account = Depends(login_required)):
    """Who is logged in, their role and regions, and the log-out button."""
    return render(request, "account.html")


@router.post("/logout", dependencies=[Depends(csrf_protect)])
def logout(request: Request):
    accounts.close_session(request.app.state.store, request.cookies[SESSION_COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
