"""Helpers of the indicators tests: small files written for a test."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path


def write_csv(path: Path, rows: list[list], header=("region", "indicator", "year", "value", "unit", "source")) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        if header:
            w.writerow(header)
        w.writerows(rows)
    return path


LEVELS = (("gdp", "100 million CNY"), ("rd_expenditure", "亿元"), ("technology_contract_turnover", "万元"),
          ("high_tech_industry_revenue", "billion yuan"), ("population", "万人"), ("invention_patents_granted", "件"),
          ("national_high_tech_enterprises", "家"), ("rd_personnel_fte", "person-years"))


def generated_rows(n: int, *, start_year: int = 1960) -> list[list]:
    """n distinct valid rows: 31 provinces × 8 level indicators × years from `start_year`."""
    from coopwatch.reference import gazetteer

    provinces = [p.code for p in gazetteer().provinces()][:31]
    rows = []
    i = 0
    year = start_year
    while len(rows) < n:
        for indicator, unit in LEVELS:
            for code in provinces:
                if len(rows) >= n:
                    break
                rows.append([code, indicator, year, round(100 + (i * 7.3) % 900, 2), unit, "generated test data"])
                i += 1
        year += 1
    return rows


def run_cli(*args: str, columns: int = 80) -> subprocess.CompletedProcess:
    """The command as a user runs it, in a terminal `columns` cells wide (rich reads COLUMNS when
    its console is made, so this runs in a process of its own)."""
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "coopwatch.cli", *args], capture_output=True, text=True, env=env,
                          encoding="utf-8")
