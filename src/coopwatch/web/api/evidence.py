"""/api/evidence: links of documents to plan items (filter by state, item, document) and their
review (confirm / reject)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, MAX_ID, Page, Paging, page
from coopwatch.web.auth import reader, writer

router = APIRouter(prefix="/api", tags=["evidence"], responses=ERRORS)


@router.get("/evidence", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def evidence(request: Request, state: Literal["proposed", "confirmed", "rejected"] | None = None,
             item: str | None = Query(None, max_length=160), document: int | None = Query(None, ge=1, le=MAX_ID),
             best_only: bool = False, paging: Paging = Depends()):
    from coopwatch.evidence.review import list_evidence

    return page(list_evidence(request.app.state.store, state=state, item=item, document=document,
                              best_only=best_only), paging)


class EvidenceReview(BaseModel):
    document: int = Field(..., ge=1, le=MAX_ID)
    item: str = Field(..., max_length=160)
    decision: Literal["confirmed", "rejected"]
    note: str | None = Field(None, max_length=5000)


@router.post("/evidence/review", response_model=dict[str, Any])
def review(request: Request, body: EvidenceReview, account=Depends(writer)):
    from coopwatch.evidence.review import review as review_link
    from coopwatch.store.permissions import Target, require

    store = request.app.state.store
    # evidence.review does not check permissions itself yet (the reliability branch adds it).
    require(store, account, "evidence.review", Target(what=f"document {body.document} -> {body.item}"))
    return review_link(store, body.document, body.item, body.decision, by=account.name, note=body.note)
