"""CSV (and tab-separated text): UTF-8 with or without BOM, else GB18030 as Chinese
spreadsheets save it. Blank lines are kept so that grid row i is file line i + 1."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from coopwatch.errors import InputError
from coopwatch.indicators.readers.table import RawTable


def _separator(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, errors="replace") as fh:
        head = fh.read(8192)
    if path.suffix.lower() == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _ragged(path: Path, encoding: str, sep: str) -> pd.DataFrame:
    try:
        with open(path, encoding=encoding, newline="") as fh:
            rows = list(csv.reader(fh, delimiter=sep))
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV table: {exc}") from None
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


def read_csv(path: Path) -> RawTable:
    last_error: Exception | None = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            sep = _separator(path, encoding)
            cells = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False,
                                encoding=encoding, sep=sep, engine="c")
        except UnicodeDecodeError as exc:
            last_error = exc
            continue
        except pd.errors.ParserError:
            # Rows of different lengths (title lines above a yearbook table): the slower reader.
            cells = _ragged(path, encoding, sep)
        except pd.errors.EmptyDataError:
            raise InputError(f"{path}: the file is empty") from None
        return RawTable(path=path, cells=cells.fillna(""), locator="line")
    raise InputError(f"{path}: cannot decode the file as UTF-8 or GB18030 ({last_error})")
