"""/api/observations: current values (filter by region, indicator, years), one series' history,
and writes: one value (JSON) or a CSV/XLSX upload, both through the one importer, all or nothing;
/api/observation-batches: uploads and their review."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from pydantic import BaseModel, Field

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, RecordId, page
from coopwatch.web.auth import reader, writer

router = APIRouter(prefix="/api", tags=["observations"], responses=ERRORS)
MAX_UPLOAD = 20 * 1024 * 1024


def _region(text: str | None) -> str | None:
    if not text:
        return None
    from coopwatch.indicators.catalogue import resolve_region_code

    return resolve_region_code(text)


@router.get("/observations", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def observations(request: Request, region: str | None = Query(None, max_length=100),
                 indicator: str | None = Query(None, max_length=80),
                 year: int | None = Query(None, ge=1900, le=2100), year_from: int | None = Query(None, ge=1900, le=2100),
                 year_to: int | None = Query(None, ge=1900, le=2100), paging: Paging = Depends()):
    from coopwatch.indicators.observations import list_observations

    rows = list_observations(request.app.state.store, region=_region(region), indicator=indicator, year=year,
                             year_from=year_from, year_to=year_to, limit=paging.limit + 1, offset=paging.offset)
    return page(rows, paging, total=None)


@router.get("/observations/history", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def history(request: Request, region: str = Query(..., max_length=100), indicator: str = Query(..., max_length=80),
            year: int | None = Query(None, ge=1900, le=2100), paging: Paging = Depends()):
    from coopwatch.indicators.observations import observation_history

    return page(observation_history(request.app.state.store, _region(region), indicator, year), paging)


class OneValue(BaseModel):
    region: str = Field(..., max_length=100)
    indicator: str = Field(..., max_length=80)
    year: int = Field(..., ge=1900, le=2100)
    value: float
    unit: str = Field(..., max_length=60)
    source: str = Field(..., max_length=500)
    note: str | None = Field(None, max_length=2000)
    revise: bool = False


def _csv_field(x) -> str:
    text = "" if x is None else str(x)
    return '"' + text.replace('"', '""') + '"'


@router.post("/observations", response_model=dict[str, Any], status_code=201)
def add_value(request: Request, body: OneValue, account=Depends(writer)):
    """Store one value: written as a one-row tidy file and imported like any upload."""
    from coopwatch.records.batches import upload_observations

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "value.csv"
        cols = ["region", "indicator", "year", "value", "unit", "source", "note"]
        path.write_text(",".join(cols) + "\n" + ",".join(_csv_field(getattr(body, c)) for c in cols) + "\n",
                        encoding="utf-8")
        return upload_observations(request.app.state.store, path, by=account, revise=body.revise)


@router.post("/observations/upload", response_model=dict[str, Any], status_code=201)
def upload(request: Request, file: UploadFile = File(...), revise: bool = False,
           source: str | None = Query(None, max_length=500), account=Depends(writer)):
    """Import a CSV or XLSX file (columns region,indicator,year,value,unit,source[,note])."""
    from coopwatch.errors import InputError
    from coopwatch.records.batches import upload_observations

    name = re.sub(r"[^\w.\-]+", "_", Path(file.filename or "upload.csv").name)[:100] or "upload.csv"
    if not name.lower().endswith((".csv", ".xlsx", ".json")):
        raise InputError(f"file: {name!r} is not a .csv, .xlsx or .json file")
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InputError(f"file: {name} is larger than {MAX_UPLOAD // 2**20} MB")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return upload_observations(request.app.state.store, path, by=account, revise=revise, source=source)


@router.get("/observation-batches", response_model=Page, responses=CSV_RESPONSE, dependencies=[Depends(reader)])
def batches(request: Request, state: Literal["submitted", "approved", "returned"] | None = None,
            imported_by: str | None = Query(None, max_length=100), paging: Paging = Depends()):
    from coopwatch.records.batches import list_batches

    return page(list_batches(request.app.state.store, state=state, imported_by=imported_by), paging)


class Decision(BaseModel):
    decision: Literal["approved", "returned"]
    note: str | None = Field(None, max_length=5000)


@router.post("/observation-batches/{batch_id}/review", response_model=dict[str, Any])
def review_batch(request: Request, batch_id: RecordId, body: Decision, account=Depends(writer)):
    from coopwatch.records.batches import review_batch as review

    return review(request.app.state.store, batch_id, body.decision, by=account, note=body.note)
