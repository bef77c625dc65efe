"""/api/targets: every quantified target judged on the data (status, projection and band,
as-of year), the entries of `coopwatch targets --json`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, page
from coopwatch.web.auth import reader
from coopwatch.web.cache import cached

router = APIRouter(prefix="/api", tags=["targets"], responses=ERRORS, dependencies=[Depends(reader)])


@router.get("/targets", response_model=Page, responses=CSV_RESPONSE)
def targets(request: Request, plan: str | None = Query(None, max_length=100),
            region: str | None = Query(None, max_length=100, description="judge every target for this region"),
            as_of: int | None = Query(None, ge=1990, le=2100), status: str | None = Query(None, max_length=40),
            paging: Paging = Depends()):
    from coopwatch.indicators import evaluate_targets
    from coopwatch.indicators.catalogue import resolve_region_code

    regions = [resolve_region_code(region)] if region else None
    rows = cached(request, ("targets", plan, tuple(regions or ()), as_of), lambda: [
        a.as_contract() for a in evaluate_targets(request.app.state.store, plan_id=plan, regions=regions, as_of=as_of)])
    if status:
        rows = [r for r in rows if r.get("status") == status]
    return page(rows, paging)
