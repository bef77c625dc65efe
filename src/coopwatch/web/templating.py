"""The Jinja2 environment of web/templates/ (autoescaped), and `render` for page routes: every
template gets the request, the account, its CSRF token and the language (zh or en)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
LANGUAGES = ("zh", "en")
LANG_COOKIE = "lang"

templates = Jinja2Templates(directory=str(TEMPLATES))


def language(request: Request) -> str:
    """?lang= first, then the remembered cookie, then zh."""
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return lang if lang in LANGUAGES else "zh"


def render(request: Request, name: str, context: dict | None = None, status_code: int = 200):
    from coopwatch.web.auth import caller

    who = caller(request)
    ctx = {"account": who.account, "csrf_token": who.csrf, "lang": language(request), **(context or {})}
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, ctx["lang"], samesite="lax", max_age=365 * 86400)
    return response
