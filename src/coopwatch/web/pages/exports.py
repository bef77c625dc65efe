"""Downloads of the record's tables (`report.exports`: observations, targets, scorecards,
evidence, progress updates, cases) as CSV, XLSX or JSON, the same files `coopwatch export`
writes, in the columns the importers read back."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coopwatch.errors import NotFound
from coopwatch.report.exports import FORMATS, TABLES, export_table
from coopwatch.web.auth import reader
from coopwatch.web.pages.common import page, shows_errors, store_of

router = APIRouter(include_in_schema=False)
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/exports")
@shows_errors
def export_list(request: Request, account=Depends(reader)):
    return page(request, "exports.html", "data", tables=TABLES, formats=FORMATS)


@router.get("/exports/{name}")
@shows_errors
def export_file(request: Request, name: str, account=Depends(reader)):
    table, _, fmt = name.rpartition(".")
    if table not in TABLES or fmt not in FORMATS:
        raise NotFound(f"no export {name!r} (tables: {', '.join(TABLES)}; formats: {', '.join(FORMATS)})")
    data = export_table(store_of(request), table, fmt, None)
    return Response(data, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="coopwatch-{table}.{fmt}"'})
