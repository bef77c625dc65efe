"""/api/regions: search the gazetteer like `coopwatch regions` (names in zh/en/fr/de, codes)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, page
from coopwatch.web.auth import reader

router = APIRouter(prefix="/api", tags=["regions"], responses=ERRORS, dependencies=[Depends(reader)])


@router.get("/regions", response_model=Page, responses=CSV_RESPONSE)
def regions(q: str = Query(..., min_length=1, max_length=200, description="a name, short name or code"),
            paging: Paging = Depends()):
    from coopwatch.reference import gazetteer

    return page([m.as_match() for m in gazetteer().lookup(q)], paging)
