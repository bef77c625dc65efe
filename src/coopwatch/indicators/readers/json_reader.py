"""JSON: a list of objects (one per observation, keys as the CSV header), or an object with
that list under "observations". Record numbers count from 1."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from coopwatch.errors import InputError
from coopwatch.indicators.readers.table import RawTable


def read_json(path: Path) -> RawTable:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not readable JSON ({exc})") from None
    if isinstance(data, dict):
        data = data.get("observations")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(f'{path}: expected a list of objects, or {{"observations": [...]}}')
    keys: list[str] = []
    for record in data:
        for k in record:
            if k not in keys:
                keys.append(k)
    rows = [keys] + [["" if r.get(k) is None else _text(r.get(k)) for k in keys] for r in data]
    cells = pd.DataFrame(rows, dtype=object)
    return RawTable(path=path, cells=cells, line_numbers=pd.Series(range(len(rows))), locator="record")


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
