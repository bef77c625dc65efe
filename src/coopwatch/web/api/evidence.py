"""/api/documents: stored documents (filter by item, region, dates) and one document;
/api/evidence: links of documents to plan items (filter by state, item, document, region,
dates) and their review (confirm / reject). The filters are `evidence.review`'s."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, MAX_ID, Page, Paging, RecordId, page
from coopwatch.web.auth import reader, writer

router = APIRouter(prefix="/api", tags=["evidence"], responses=ERRORS)


class DocumentFilters:
    """The filters shared by the lists of documents and of links (a FastAPI dependency)."""

    def __init__(self, item: str | None = Query(None, max_length=160, description="linked to this item, e.g. eastwest-14fyp:3.2"),
                 region: str | None = Query(None, max_length=100, description="a GB/T 2260 code or a region name"),
                 date_from: dt.date | None = Query(None, alias="from", description="on or after this date (YYYY-MM-DD)"),
                 date_to: dt.date | None = Query(None, alias="to", description="on or before this date (YYYY-MM-DD)")):
        self.item, self.region, self.date_from, self.date_to = item, region, date_from, date_to


@router.get("/documents", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def documents(request: Request, filters: DocumentFilters = Depends(), paging: Paging = Depends()):
    """Stored documents, newest first, without their text; the date is the publication date, else the day stored."""
    from coopwatch.evidence.review import list_documents

    rows = list_documents(request.app.state.store, **vars(filters), limit=paging.limit + 1, offset=paging.offset)
    return page(rows, paging, total=None)


@router.get("/documents/{document_id}", response_model=dict[str, Any], dependencies=[Depends(reader)])
def document(request: Request, document_id: RecordId):
    """One document with its text, facts, event and links."""
    from coopwatch.evidence.review import get_document

    return get_document(request.app.state.store, document_id)


@router.get("/evidence", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def evidence(request: Request, state: Literal["proposed", "confirmed", "rejected"] | None = None,
             document: int | None = Query(None, ge=1, le=MAX_ID), best_only: bool = False,
             filters: DocumentFilters = Depends(), paging: Paging = Depends()):
    from coopwatch.evidence.review import list_evidence

    return page(list_evidence(request.app.state.store, state=state, document=document, best_only=best_only,
                              **vars(filters)), paging)


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
