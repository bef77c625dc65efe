"""/api/progress: progress updates (list, submit or draft, edit and resubmit, review), the
review queue, a reporter's completeness; /api/locks: period locks."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from coopwatch.records import updates
from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, RecordId, page
from coopwatch.web.auth import login_required, reader, writer

router = APIRouter(prefix="/api", tags=["progress"], responses=ERRORS)
Status = Literal["not_started", "in_progress", "completed", "delayed", "suspended"]
PERIOD = r"^(19|20)\d\d(H[12]|Q[1-4])?$"


class UpdateOut(BaseModel):
    id: int
    item: str
    region: str | None
    period: str
    status: str
    narrative: str | None
    author: str | None
    state: str
    created_at: str
    reviewed_by: str | None
    review_comment: str | None


class NewUpdate(BaseModel):
    item: str = Field(..., max_length=160, description="e.g. eastwest-14fyp:3.2")
    period: str = Field(..., pattern=PERIOD, description="2024, 2024H1 or 2024Q3")
    status: Status
    region: str | None = Field(None, max_length=100)
    narrative: str | None = Field(None, max_length=20_000)
    draft: bool = False


class Edit(BaseModel):
    status: Status | None = None
    narrative: str | None = Field(None, max_length=20_000)
    submit: bool = True


class Review(BaseModel):
    decision: Literal["approved", "returned"]
    comment: str | None = Field(None, max_length=5000)


@router.get("/progress", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def list_progress(request: Request, item: str | None = Query(None, max_length=160),
                  region: str | None = Query(None, max_length=32), plan: str | None = Query(None, max_length=100),
                  state: Literal["draft", "submitted", "approved", "returned"] | None = None,
                  period: str | None = Query(None, pattern=PERIOD), author: str | None = Query(None, max_length=100),
                  paging: Paging = Depends()):
    rows = updates.list_updates(request.app.state.store, item=item, region=region, plan=plan, state=state,
                                period=period, author=author)
    return page([u.as_dict() for u in rows], paging)


@router.post("/progress", response_model=UpdateOut, status_code=201)
def submit(request: Request, body: NewUpdate, account=Depends(writer)):
    u = updates.submit(request.app.state.store, item=body.item, period=body.period, status=body.status,
                       narrative=body.narrative, region=body.region, author=account, draft=body.draft)
    return u.as_dict()


@router.get("/progress/queue", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def queue(request: Request, paging: Paging = Depends()):
    """Submitted updates waiting for review, oldest first."""
    return page([u.as_dict() for u in updates.review_queue(request.app.state.store)], paging)


@router.get("/progress/completeness", response_model=Page, responses=CSV_RESPONSE)
def completeness(request: Request, period: str | None = Query(None, pattern=PERIOD),
                 region: list[str] = Query([], max_length=40), paging: Paging = Depends(),
                 account=Depends(login_required)):
    """Tasks of the caller's regions (or of `region`) with no update for the period (this year)."""
    regions = region or list(account.regions)
    return page(updates.completeness(request.app.state.store, regions, period), paging)


@router.get("/progress/{update_id}", response_model=UpdateOut, dependencies=[Depends(reader)])
def one(request: Request, update_id: RecordId):
    return updates.get_update(request.app.state.store, update_id).as_dict()


@router.patch("/progress/{update_id}", response_model=UpdateOut)
def edit(request: Request, update_id: RecordId, body: Edit, account=Depends(writer)):
    """Edit a draft or returned update (its author) and submit it again unless `submit` is false."""
    return updates.edit(request.app.state.store, update_id, by=account, status=body.status,
                        narrative=body.narrative, submit_now=body.submit).as_dict()


@router.post("/progress/{update_id}/review", response_model=UpdateOut)
def review(request: Request, update_id: RecordId, body: Review, account=Depends(writer)):
    return updates.review(request.app.state.store, update_id, body.decision, by=account,
                          note=body.comment).as_dict()


class Lock(BaseModel):
    region: str = Field(..., max_length=100)
    period: str = Field(..., pattern=PERIOD)


@router.get("/locks", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def locks(request: Request, paging: Paging = Depends()):
    return page(updates.list_locks(request.app.state.store), paging)


@router.post("/locks", response_model=dict[str, Any], status_code=201)
def lock(request: Request, body: Lock, account=Depends(writer)):
    return updates.lock_period(request.app.state.store, body.region, body.period, by=account)


@router.delete("/locks/{region}/{period}", response_model=dict[str, Any])
def unlock(request: Request, region: str, period: str, account=Depends(writer)):
    return updates.unlock_period(request.app.state.store, region, period, by=account)
