"""/api/scorecards/{plan}: the task scorecard of a plan as of a date (approved updates and
confirmed evidence only, as the library counts them)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, page
from coopwatch.web.auth import reader
from coopwatch.web.cache import cached

router = APIRouter(prefix="/api", tags=["scorecards"], responses=ERRORS, dependencies=[Depends(reader)])


class Scorecard(Page):
    plan: str | None
    as_of: str | None
    weights: Any = None


@router.get("/scorecards/{plan_id}", response_model=Scorecard, responses=CSV_RESPONSE)
def scorecard(request: Request, plan_id: str = Path(..., max_length=100),
              as_of: str | None = Query(None, max_length=10, description="YYYY-MM-DD, default today"),
              lang: Literal["zh", "en"] = "en", paging: Paging = Depends()):
    from coopwatch.evaluate.scorecard import build_scorecard

    card = cached(request, ("scorecard", plan_id, as_of or dt.date.today().isoformat(), lang),
                  lambda: build_scorecard(request.app.state.store, plan_id, as_of=as_of, lang=lang))
    result = page(card["items"], paging)
    if paging.format == "csv":
        return result
    return Scorecard(**result.model_dump(), plan=card.get("plan"), as_of=str(card.get("as_of")),
                     weights=card.get("weights"))
