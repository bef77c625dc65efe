"""Fixtures of the indicators tests: the shipped real observations and small files written
for a test (tidy CSV lines in, a path out)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coopwatch.indicators.shipped import shipped_observation_files

REAL = shipped_observation_files()[0]


@pytest.fixture
def real_file() -> Path:
    return REAL


@pytest.fixture
def loaded(store):
    """A store holding the shipped real observations."""
    from coopwatch.indicators import import_shipped_observations

    import_shipped_observations(store)
    return store


def write_csv(path: Path, rows: list[list], header=("region", "indicator", "year", "value", "unit", "source")) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        if header:
            w.writerow(header)
        w.writerows(rows)
    return path


def generated_rows(n: int, *, start_year: int = 1950) -> list[list]:
    """n distinct valid rows: 31 provinces × years × two indicators."""
    from coopwatch.reference import gazetteer

    provinces = [p.code for p in gazetteer().provinces()][:31]
    rows = []
    i = 0
    year = start_year
    while len(rows) < n:
        for indicator, unit in (("gdp", "100 million CNY"), ("rd_expenditure", "亿元")):
            for code in provinces:
                if len(rows) >= n:
                    break
                rows.append([code, indicator, year, round(100 + (i * 7.3) % 900, 2), unit, "generated test data"])
                i += 1
        year += 1
    return rows
