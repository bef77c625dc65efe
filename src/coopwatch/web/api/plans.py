"""/api/plans: plans, their versions (list, one version) and item trees; /api/items/{ref}: one item by its short
reference (`eastwest-14fyp:3.2`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, MAX_ID, Page, Paging, page
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


def _tree(fw) -> dict:
    return {"id": fw.id, "version": fw.version, "title": dict(fw.title),
            "issued": fw.issued.isoformat() if fw.issued else None,
            "items": [_item(fw, i, True) for i in fw.items]}


PlanId = Path(..., max_length=100)
Version = Path(..., ge=1, le=MAX_ID, description="the version number (1 is the first stored)")


@router.get("/plans/{plan_id}", response_model=dict[str, Any])
def plan_tree(request: Request, plan_id: str = PlanId, version: int | None = Query(None, ge=1, le=MAX_ID)):
    """The plan's item tree (the current version unless `version` is given)."""
    from coopwatch.plans.registry import get_plan

    return _tree(get_plan(request.app.state.store, plan_id, version))


@router.get("/plans/{plan_id}/versions", response_model=Page, responses=CSV_RESPONSE)
def versions(request: Request, plan_id: str = PlanId, paging: Paging = Depends()):
    """Every stored version of the plan, oldest first: when, by whom, from what, how many items and targets."""
    from dataclasses import asdict

    from coopwatch.plans.registry import list_versions

    return page([asdict(v) for v in list_versions(request.app.state.store, plan_id)], paging)


@router.get("/plans/{plan_id}/versions/{version}", response_model=dict[str, Any])
def version(request: Request, plan_id: str = PlanId, version: int = Version):
    """One version: its summary (as in the list) and its item tree and targets as that version has them."""
    from dataclasses import asdict

    from coopwatch.plans.registry import get_version

    summary, fw = get_version(request.app.state.store, plan_id, version)
    return asdict(summary) | _tree(fw) | {"targets": [asdict(t) for t in fw.targets]}


@router.get("/items/{ref}", response_model=dict[str, Any])
def item(request: Request, ref: str = Path(..., max_length=160, description="e.g. eastwest-14fyp:3.2")):
    from coopwatch.plans import resolve_ref
    from coopwatch.plans.registry import current_plans

    plans = current_plans(request.app.state.store)
    found = resolve_ref(ref, plans)
    fw = next(p for p in plans if p.id == found.plan)
    return _item(fw, fw.item(found.item), True)
