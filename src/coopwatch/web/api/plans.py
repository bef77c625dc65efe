"""/api/plans: plans, their versions and item trees; /api/items/{ref}: one item by its short
reference (`eastwest-14fyp:3.2`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Request

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, page
from coopwatch.web.auth import reader

router = APIRouter(prefix="/api", tags=["plans"], responses=ERRORS, dependencies=[Depends(reader)])


def _item(fw, item, with_children: bool) -> dict:
    d = {"id": fw.key(item), "ref": item.ref, "short_ref": item.short_ref, "kind": item.kind,
         "number": item.number, "title": dict(item.title), "text": dict(item.text), "regions": list(item.regions),
         "partners": list(item.partners), "agencies": list(item.agencies), "lead": dict(item.lead),
         "domains": list(item.domains)}
    if with_children:
        d["items"] = [_item(fw, c, True) for c in item.items]
    return d


@router.get("/plans", response_model=Page, responses=CSV_RESPONSE)
def plans(request: Request, paging: Paging = Depends()):
    from dataclasses import asdict

    from coopwatch.plans.registry import list_plans

    return page([asdict(p) for p in list_plans(request.app.state.store)], paging)


@router.get("/plans/{plan_id}", response_model=dict[str, Any])
def plan_tree(request: Request, plan_id: str = Path(..., max_length=100), version: int | None = None):
    """The plan's item tree (the current version unless `version` is given)."""
    from coopwatch.plans.registry import get_plan

    fw = get_plan(request.app.state.store, plan_id, version)
    return {"id": fw.id, "version": fw.version, "title": dict(fw.title),
            "issued": fw.issued.isoformat() if fw.issued else None,
            "items": [_item(fw, i, True) for i in fw.items]}


@router.get("/items/{ref}", response_model=dict[str, Any])
def item(request: Request, ref: str = Path(..., max_length=160, description="e.g. eastwest-14fyp:3.2")):
    from coopwatch.plans import resolve_ref
    from coopwatch.plans.registry import current_plans

    plans = current_plans(request.app.state.store)
    found = resolve_ref(ref, plans)
    fw = next(p for p in plans if p.id == found.plan)
    return _item(fw, fw.item(found.item), True)
