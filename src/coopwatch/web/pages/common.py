"""What every page route shares: the store, rendering a template with the page's words in its
language, charts as (spec, text table) pairs, form results as a redirect with a message, and a
cache of the library's slower results that is dropped whenever the database changes."""

from __future__ import annotations

import json
import threading
import time
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
    t(key, **fields), num, date, region, text, agency, domain; and switch_url, this page in the
    other language. Installed on the app's one Jinja2 environment, so the log-in page has them too."""
    from jinja2 import pass_context

    def in_lang(fn):
        return pass_context(lambda ctx, *args, **kw: fn(*args, lang=ctx.get("lang", i18n.DEFAULT), **kw))

    env.globals.update(
        t=in_lang(i18n.translate), num=in_lang(i18n.number), date=in_lang(i18n.date), region=in_lang(i18n.region),
        text=in_lang(i18n.text_in), agency=in_lang(lambda id, lang: i18n.term("agency", id, lang)),
        domain=in_lang(lambda id, lang: i18n.term("domain", id, lang)), indicator=in_lang(i18n.indicator),
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


# --- cache ----------------------------------------------------------------------------------

_cache: dict = {}
_lock = threading.Lock()
TTL = 600.0  # seconds: also bounds the age of anything a write outside the audit trail changed


def database_version(store) -> tuple:
    """Changes whenever something is written: every write through the library is audited, and
    ingest and imports add documents, evidence and observations. Log-ins and refusals are
    audited too but change no result, so they keep the cache."""
    from sqlalchemy import func, select

    from coopwatch.store.models import AuditEntry, Document, Evidence, Observation

    with store.session() as s:
        writes = s.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.entity != "web_session",
                                                                AuditEntry.action != "refused"))
        return (writes, *(s.scalar(select(func.max(col))) for col in (Document.id, Evidence.id, Observation.id)))


def cached(request: Request, key: tuple, compute):
    """`compute()` once per database version (per server process)."""
    store = store_of(request)
    version = getattr(request.state, "db_version", None)
    if version is None:
        version = request.state.db_version = database_version(store)
    full = (id(store), key)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(full)
        if hit is not None and hit[0] == version and now - hit[1] < TTL:
            return hit[2]
    value = compute()
    with _lock:
        _cache[full] = (version, now, value)
    return value
