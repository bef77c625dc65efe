"""What every list of the API shares: paging (`limit`, `offset`), and the same rows as CSV
with `?format=csv` (UTF-8 with a BOM so that spreadsheet programs read Chinese right; nested
values as JSON)."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Literal

from fastapi import Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

MAX_ID = 2**31 - 1  # an integer key of any table (SQLite and PostgreSQL INTEGER)
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="the record's number")]

CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                      "description": "The page as JSON, or as CSV with ?format=csv"}}


class Message(BaseModel):
    detail: str


# Documented on every API route: the library's errors and the log-in answers (web/errors.py).
ERRORS = {400: {"model": Message, "description": "Bad input (names the field, line or file)"},
          401: {"model": Message, "description": "Not logged in and no valid bearer token"},
          403: {"model": Message, "description": "Not allowed (says who, what and why), or no CSRF token"},
          404: {"model": Message, "description": "No such record"}}


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int | None  # None when counting would cost a scan (observations)
    limit: int
    offset: int
    next_offset: int | None


class Paging:
    """The paging and format parameters of a list endpoint (a FastAPI dependency)."""

    def __init__(self, request: Request, limit: int | None = Query(None, ge=1, le=1000),
                 offset: int = Query(0, ge=0, le=10_000_000),
                 format: Literal["json", "csv"] = Query("json", description="json or csv")):
        self.limit = limit or request.app.state.settings.page_size
        self.offset = offset
        self.format = format


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def as_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])
    return "\ufeff" + out.getvalue()


def page(rows: list[dict], paging: Paging, *, total: int | None = -1, more: bool | None = None):
    """A page of `rows`. Give all rows (total = len) or, for a list fetched with limit + 1 from
    the offset, the fetched rows with `total=None`."""
    if total == -1:
        total = len(rows)
        chunk = rows[paging.offset:paging.offset + paging.limit]
        has_more = paging.offset + paging.limit < total
    else:
        chunk = rows[:paging.limit]
        has_more = len(rows) > paging.limit if more is None else more
    if paging.format == "csv":
        return Response(as_csv(chunk), media_type="text/csv; charset=utf-8")
    return Page(items=chunk, total=total, limit=paging.limit, offset=paging.offset,
                next_offset=paging.offset + paging.limit if has_more else None)
