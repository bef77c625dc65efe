"""/api/cases: the case library (list with filters, one case, create, change, delete). Title,
summary and lessons are kept in Chinese and English (`title_zh`, `title_en`, ...); a plain
`title` is filed by its script (`records.cases.texts`). Read back, `title`, `summary` and
`lessons` are the Chinese text, else the English."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, MAX_ID, Page, Paging, RecordId, page
from coopwatch.web.auth import reader, writer

router = APIRouter(prefix="/api", tags=["cases"], responses=ERRORS)


Title = Field(None, max_length=500)
Long = Field(None, max_length=20_000)


class CaseIn(BaseModel):
    title_zh: str | None = Title
    title_en: str | None = Title
    summary_zh: str | None = Long
    summary_en: str | None = Long
    lessons_zh: str | None = Long
    lessons_en: str | None = Long
    title: str | None = Field(None, max_length=500, description="a title in either language (filed by its script)")
    summary: str | None = Long
    lessons: str | None = Long
    regions: list[str] = Field([], max_length=40)
    items: list[str] = Field([], max_length=40)
    domains: list[str] = Field([], max_length=20)
    documents: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field([], max_length=100)


@router.get("/cases", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def cases(request: Request, region: str | None = Query(None, max_length=32), item: str | None = Query(None, max_length=160),
          domain: str | None = Query(None, max_length=60), paging: Paging = Depends()):
    from coopwatch.records.cases import list_cases

    return page([c.as_dict() for c in list_cases(request.app.state.store, region=region, item=item, domain=domain)],
                paging)


@router.get("/cases/{case_id}", response_model=dict[str, Any], dependencies=[Depends(reader)])
def case(request: Request, case_id: RecordId):
    from coopwatch.records.cases import get_case

    return get_case(request.app.state.store, case_id).as_dict()


@router.post("/cases", response_model=dict[str, Any], status_code=201)
def add(request: Request, body: CaseIn, account=Depends(writer)):
    from coopwatch.records.cases import add_case

    return add_case(request.app.state.store, **body.model_dump(), by=account).as_dict()


@router.put("/cases/{case_id}", response_model=dict[str, Any])
def change(request: Request, case_id: RecordId, body: CaseIn, account=Depends(writer)):
    from coopwatch.records.cases import update_case

    return update_case(request.app.state.store, case_id, **body.model_dump(), by=account).as_dict()


@router.delete("/cases/{case_id}", response_model=dict[str, Any])
def delete(request: Request, case_id: RecordId, account=Depends(writer)):
    from coopwatch.records.cases import delete_case

    delete_case(request.app.state.store, case_id, by=account)
    return {"deleted": case_id}
