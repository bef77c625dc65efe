"""The grid every reader produces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass
class RawTable:
    """Cells as text (no header interpretation yet). `line_numbers[i]` is where grid row `i`
    stands in the file, counted the way a user would look it up: the CSV line, the spreadsheet
    row, the JSON record (header = 0)."""

    path: Path
    cells: pd.DataFrame
    line_numbers: "pd.Series | None" = None
    locator: str = "line"  # what a line number counts: line | row | record

    def line_of(self, index: int) -> int:
        if self.line_numbers is None:
            return index + 1
        return int(self.line_numbers.iloc[index])

    @property
    def name(self) -> str:
        return self.path.name


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
