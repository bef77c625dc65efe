"""Readers: one per file format, each turning a file into a `RawTable` (a grid of text cells
with the file's own line, row or record numbers), so that the tidy and wide layouts and the
validation never care where the cells came from. A new format is one new module here."""

from __future__ import annotations

from pathlib import Path

from coopwatch.errors import InputError
from coopwatch.indicators.readers.table import RawTable

READERS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json"}


def read_table(path: str | Path) -> RawTable:
    """The file as a RawTable, by its extension (CSV, XLSX or JSON)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    kind = READERS.get(path.suffix.lower())
    if kind == "csv":
        from coopwatch.indicators.readers.csv_reader import read_csv

        return read_csv(path)
    if kind == "xlsx":
        from coopwatch.indicators.readers.xlsx_reader import read_xlsx

        return read_xlsx(path)
    if kind == "json":
        from coopwatch.indicators.readers.json_reader import read_json

        return read_json(path)
    raise InputError(f"{path}: unknown file type {path.suffix!r} (use .csv, .xlsx or .json)")


__all__ = ["RawTable", "read_table"]
