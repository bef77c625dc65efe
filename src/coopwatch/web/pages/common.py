"""What every page route shares: the store, rendering a template with the page's words in its
language, charts as (spec, text table) pairs, form results as a redirect with a message, and the
app's cache of the library's slower results."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse

from coopwatch.web import i18n

NAV = (("overview", "/"), ("plans", "/plans"), ("regions", "/regions"), ("index", "/index"),
       ("digest", "/digest"), ("cases", "/cases"), ("data", "/data"), ("review", "/review"))


def store_of(request: Request):
    return request.app.state.store


def lang_of(request: Request) -> str:
    from coopwatch.web.templating import language

    return language(request)


def install_helpers(env) -> None:
    """The helpers every template writes with, in the page's language (`lang` of the context):
    t(key, **fields), num, date, region, text, agency, domain, indicator, unit, target_text; and switch_url, this page in the
    other language. Installed on the app's one Jinja2 environment, so the log-in page has them too."""
    from jinja2 import pass_context

    from coopwatch.indicators.units import unit_label

    def in_lang(fn):
        return pass_context(lambda ctx, *args, **kw: fn(*args, lang=ctx.get("lang", i18n.DEFAULT), **kw))

    env.globals.update(
        t=in_lang(i18n.translate), num=in_lang(i18n.number), date=in_lang(i18n.date), region=in_lang(i18n.region),
        text=in_lang(i18n.text_in), agency=in_lang(lambda id, lang: i18n.term("agency", id, lang)),
        domain=in_lang(lambda id, lang: i18n.term("domain", id, lang)), indicator=in_lang(i18n.indicator),
        unit=in_lang(unit_label), target_text=in_lang(lambda a, lang: a.target_words(lang)),
        switch_url=pass_context(lambda ctx: switch_url(ctx["request"], ctx.get("lang", i18n.DEFAULT))),
        nav=NAV)


def switch_url(request: Request, lang: str) -> str:
    """This page in the other language (keeps the page's own query; the cookie remembers it)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "msg", "err", "kind")]
    query.append(("lang", "en" if lang == "zh" else "zh"))
    return request.url.path + "?" + urlencode(query)


def page(request: Request, template: str, section: str, **context):
    """Render `template` for `section` of the navigation, in the request's language."""
    from coopwatch.web.templating import render

    ctx = {"section": section, "message": request.query_params.get("msg"), "error": request.query_params.get("err"),
           "error_kind": "error.refused" if request.query_params.get("kind") == "refused" else "error.input", **context}
    return render(request, template, ctx)


def shows_errors(view):
    """A page route whose library errors (no such item, region, document; a wrong filter) are
    shown as a page in the user's language with the library's line and the matching status,
    not as the API's JSON."""
    import functools

    from coopwatch.errors import CoopwatchError

    @functools.wraps(view)
    def wrapper(request: Request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CoopwatchError as exc:
            from coopwatch.web.errors import status_of
            from coopwatch.web.templating import render

            return render(request, "error.html", {"section": None, "problem": str(exc)}, status_code=status_of(exc))

    return wrapper


def back(path: str, *, msg: str | None = None, err: Exception | None = None) -> RedirectResponse:
    """After a form: back to the page, with a message key or the library's error line and
    whether it was a refusal (post/redirect/get)."""
    from coopwatch.store.permissions import PermissionDenied

    kind = None if err is None else ("refused" if isinstance(err, PermissionDenied) else "input")
    query = {k: v for k, v in (("msg", msg), ("err", err and str(err)), ("kind", kind)) if v}
    path, _, fragment = path.partition("#")
    sep = "&" if "?" in path else "?"
    url = path + (sep + urlencode(query) if query else "") + ("#" + fragment if fragment else "")
    return RedirectResponse(url, status_code=303)


def chart(c, *, dom_id: str, links: list[str | None] | None = None, link_rows: list[str | None] | None = None) -> dict:
    """A `charts.Chart` for a template: the spec as JSON, and the text table. `links` are the
    pages a click on the chart's marks opens (set per datum by the page script from `href`);
    `link_rows` the page each table row links to."""
    return {"id": dom_id, "title": c.title, "kind": c.kind, "spec": json.dumps(c.spec, ensure_ascii=False).replace("</", "<\\/"),
            "columns": c.columns, "rows": c.rows, "row_links": link_rows or [None] * len(c.rows)}


def cached(request: Request, key: tuple, compute):
    """`compute()` once per data version (the app's one result cache, `web.cache`); the pages'
    keys are apart from the API's."""
    from coopwatch.web.cache import cached as app_cached

    return app_cached(request, ("pages", *key), compute)
