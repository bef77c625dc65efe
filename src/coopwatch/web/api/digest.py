"""/api/digest: hot topics and key figures of the evidence in a period (`coopwatch digest`)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from coopwatch.web.api.lists import ERRORS
from coopwatch.web.auth import reader
from coopwatch.web.cache import cached

router = APIRouter(prefix="/api", tags=["digest"], responses=ERRORS, dependencies=[Depends(reader)])


@router.get("/digest", response_model=dict[str, Any])
def digest(request: Request, since: str | None = Query(None, max_length=10, description="YYYY-MM-DD"),
           until: str | None = Query(None, max_length=10), lang: Literal["zh", "en"] = "en"):
    from coopwatch.evidence.digest import build_digest

    return cached(request, ("digest", since, until, lang),
                  lambda: build_digest(request.app.state.store, since=since, until=until, lang=lang))
