"""/api/index/china: the China S&T index of the 31 provinces for a year, with rank intervals
over Monte Carlo runs (`coopwatch index china`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, page
from coopwatch.web.auth import reader
from coopwatch.web.cache import cached

router = APIRouter(prefix="/api", tags=["index"], responses=ERRORS, dependencies=[Depends(reader)])


@router.get("/index/china", response_model=Page, responses=CSV_RESPONSE)
def china(request: Request, year: int | None = Query(None, ge=1990, le=2100),
          runs: int = Query(100, ge=10, le=1000, description="Monte Carlo runs for the rank intervals"),
          seed: int = Query(0, ge=0, le=2**31), paging: Paging = Depends()):
    from coopwatch.evaluate.china import build_china_index, latest_complete_year

    store = request.app.state.store

    def compute():
        result = build_china_index(store, year or latest_complete_year(store), runs=runs, seed=seed)
        table = result.table().reset_index(names="region")
        return [{k: (None if v != v else v) for k, v in row.items()} for row in table.to_dict("records")]

    return page(cached(request, ("china", year, runs, seed), compute), paging)
