"""The digest page: hot topics, pairings and stories of a period (`evidence.digest.build_digest`),
every figure linked to the documents it counts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from coopwatch.errors import CoopwatchError
from coopwatch.evidence.digest import build_digest
from coopwatch.web.auth import reader
from coopwatch.web.pages.common import cached, lang_of, page, store_of, shows_errors

router = APIRouter(include_in_schema=False)


@router.get("/digest")
@shows_errors
def digest_page(request: Request, since: str = "", until: str = "", account=Depends(reader)):
    lang = lang_of(request)
    error = None
    try:
        d = cached(request, ("digest", since, until, lang),
                   lambda: build_digest(store_of(request), since=since or None, until=until or None, lang=lang))
    except CoopwatchError as exc:
        error = str(exc)
        d = cached(request, ("digest", "", "", lang), lambda: build_digest(store_of(request), lang=lang))
    return page(request, "digest.html", "digest", digest=d, since=since, until=until, form_error=error)
