"""Excel workbooks (.xlsx): the first sheet, each cell as text. Whole numbers print without a
decimal point so that codes and years read as a user typed them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from coopwatch.errors import InputError
from coopwatch.indicators.readers.table import RawTable


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return str(value.year) if isinstance(value, dt.datetime) and value.month == 1 and value.day == 1 else value.isoformat()
    return str(value).strip()


def read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        sheet = book.worksheets[0]
        rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return RawTable(path=path, cells=cells.fillna(""), locator="row")
