"""Validation of observation records: every problem of a file is found and reported at once
(file, line and field), never just the first. A record becomes a valid observation when its
region and indicator resolve, its year is a possible one, its value is a number, its unit
converts to the indicator's unit, it has a source, and no other record of the same import
gives the same region, indicator and year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coopwatch.indicators.catalogue import IndicatorCatalogue, RegionResolver
from coopwatch.indicators.layout import stripped
from coopwatch.indicators.units import conversion_factor

FIRST_YEAR = 1949  # the statistical series of the People's Republic start here


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    locator: str = "line"

    def __str__(self) -> str:
        where = f"{self.file}, {self.locator} {self.line}" if self.line is not None else self.file
        return f"{where}, field {self.field}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, self.locator: self.line, "field": self.field, "message": self.message}


def _numbers(text: pd.Series) -> pd.Series:
    """Numbers; thousands separators, inner spaces and the minus sign U+2212 are accepted, but
    only cells that do not parse as they stand are cleaned (the fast path is C)."""
    numbers = pd.to_numeric(text, errors="coerce")
    retry = numbers.isna().to_numpy()
    if retry.any():
        cleaned = (text[retry].astype(str).str.strip().str.replace(",", "", regex=False)
                   .str.replace(" ", "", regex=False).str.replace("\u2212", "-", regex=False))
        numbers = numbers.astype(float)
        numbers[retry] = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float)
    return numbers


def validate_records(records: pd.DataFrame, *, file: str, locator: str, indicators: IndicatorCatalogue,
                     regions: RegionResolver, default_unit: str | None = None,
                     default_source: str | None = None, last_year: int | None = None,
                     ) -> tuple[pd.DataFrame, list[Problem]]:
    """(valid observations, problems). Valid rows have region and indicator ids, an int year,
    the value in the indicator's unit, that unit, source, note and line.

    Stages: each field is read and checked in turn (region, indicator, year, value, unit,
    source), then duplicates among the rows still valid, then the valid rows are collected."""
    last_year = last_year or dt.date.today().year
    findings = _Findings(file, locator, records["line"].to_numpy())
    region_code = _check_regions(records, regions, findings)
    ind_id = _check_indicators(records, indicators, findings)
    year_num = _check_years(records, last_year, findings)
    value_arr = _check_values(records, findings)
    factor = _check_units(records, ind_id, indicators, default_unit, findings)
    source = _check_sources(records, default_source, findings)
    _check_duplicates(region_code, ind_id, year_num, findings)
    ok = findings.ok
    valid = pd.DataFrame({
        "region": region_code[ok].astype(str).to_numpy(),
        "indicator": ind_id[ok].astype(str).to_numpy(),
        "year": year_num[ok].astype(int).to_numpy(),
        "value": (value_arr * factor)[ok],
        "unit": ind_id[ok].map({i.id: i.unit for i in indicators}).to_numpy(),
        "source": source[ok].to_numpy(),
        "note": stripped(records["note"])[ok].to_numpy(),
        "line": findings.lines[ok].astype(int),
    })
    return valid, findings.in_line_order()


class _Findings:
    """The problems found so far and which rows are still valid (`ok`)."""

    def __init__(self, file: str, locator: str, lines: np.ndarray):
        self.file, self.locator, self.lines = file, locator, lines
        self.problems: list[Problem] = []
        self.ok = np.ones(len(lines), dtype=bool)

    def report(self, mask: np.ndarray, field, message) -> None:
        """A problem for every row of `mask`; `field` and `message` are strings or functions of
        the row's position."""
        for i in np.flatnonzero(mask):
            self.problems.append(Problem(self.file, int(self.lines[i]), field if isinstance(field, str) else field(i),
                                         message(i) if callable(message) else message, self.locator))
        self.ok &= ~mask

    def in_line_order(self) -> list[Problem]:
        self.problems.sort(key=lambda p: (p.line if p.line is not None else -1))
        return self.problems


def _check_regions(records: pd.DataFrame, regions: RegionResolver, findings: _Findings) -> pd.Series:
    """The region codes (NaN where the region does not resolve)."""
    region_text = stripped(records["region"])
    region_map = {t: regions.code(t) for t in region_text.unique()}
    region_code = region_text.map(region_map)
    raw_region = region_text.to_numpy()
    findings.report(region_code.isna().to_numpy(),
                    "region", lambda i: "missing region" if not raw_region[i] else f"unknown region {raw_region[i]!r}")
    return region_code


def _check_indicators(records: pd.DataFrame, indicators: IndicatorCatalogue, findings: _Findings) -> pd.Series:
    """The indicator ids (NaN where the indicator does not resolve)."""
    ind_text = stripped(records["indicator"])
    ind_map = {t: indicators.resolve(t) for t in ind_text.unique()}
    ind_id = ind_text.map({t: (info.id if info else None) for t, info in ind_map.items()})
    raw_ind = ind_text.to_numpy()
    findings.report(ind_id.isna().to_numpy(),
                    "indicator", lambda i: "missing indicator" if not raw_ind[i] else f"unknown indicator {raw_ind[i]!r}")
    return ind_id


def _check_years(records: pd.DataFrame, last_year: int, findings: _Findings) -> pd.Series:
    """The years as numbers ("2021年" reads as 2021); a year must be whole, from FIRST_YEAR to `last_year`."""
    year_codes, year_uniques = pd.factorize(records["year"].astype(str), use_na_sentinel=False)
    year_values = pd.to_numeric(pd.Index(year_uniques).astype(str).str.strip().str.replace("年", "", regex=False),
                                errors="coerce")
    year_num = pd.Series(np.asarray(year_values, dtype=float)[year_codes], index=records.index)
    raw_year = records["year"].astype(str).to_numpy()
    year_arr = year_num.to_numpy(dtype=float)
    bad_year = ~np.isfinite(year_arr) | (np.mod(np.nan_to_num(year_arr), 1) != 0) \
        | (np.nan_to_num(year_arr) < FIRST_YEAR) | (np.nan_to_num(year_arr) > last_year)
    findings.report(bad_year, "year", lambda i: (f"impossible year {raw_year[i]!r} (expected {FIRST_YEAR}–{last_year})"
                                                 if raw_year[i].strip() else "missing year"))
    return year_num


def _check_values(records: pd.DataFrame, findings: _Findings) -> np.ndarray:
    """The values as floats (the field named is the record's `value_field`: a wide table's column)."""
    value_field = records["value_field"].astype(str).to_numpy()
    value_num = _numbers(records["value"])
    raw_value = records["value"].astype(str).to_numpy()
    value_arr = value_num.to_numpy(dtype=float)
    findings.report(~np.isfinite(value_arr), lambda i: value_field[i],
                    lambda i: "missing value" if not raw_value[i].strip() else f"not a number: {raw_value[i]!r}")
    return value_arr


def _check_units(records: pd.DataFrame, ind_id: pd.Series, indicators: IndicatorCatalogue,
                 default_unit: str | None, findings: _Findings) -> np.ndarray:
    """Per row, the factor from its unit (or `default_unit`) to its indicator's unit (NaN where
    there is none); checked once per (unit, indicator) pair, and only for rows whose indicator
    resolved (its problem is already reported)."""
    n = len(records)
    unit_text = stripped(records["unit"])
    if default_unit:
        unit_text = unit_text.where(unit_text != "", default_unit)
    factor = np.full(n, np.nan)
    pair = pd.DataFrame({"u": unit_text, "i": ind_id})
    pair_codes, uniques = pd.factorize(pair["u"] + "\x1f" + pair["i"].fillna(""))
    unit_problem: dict[int, str] = {}
    for k, key in enumerate(uniques):
        unit, ind = key.split("\x1f")
        if not ind:
            continue  # the indicator problem is already reported
        target_unit = indicators.get(ind).unit
        if not unit:
            unit_problem[k] = f"missing unit (the indicator's unit is {target_unit!r}; give it or --unit)"
            continue
        f = conversion_factor(unit, target_unit)
        if f is None:
            unit_problem[k] = f"unit {unit!r} does not convert to {target_unit!r}, the unit of {ind}"
        else:
            factor[pair_codes == k] = f
    findings.report(np.isin(pair_codes, list(unit_problem)) & ind_id.notna().to_numpy(), "unit",
                    lambda i: unit_problem[int(pair_codes[i])])
    return factor


def _check_sources(records: pd.DataFrame, default_source: str | None, findings: _Findings) -> pd.Series:
    """The sources (`default_source` where a row gives none); a row without one is a problem."""
    source = stripped(records["source"])
    if default_source:
        source = source.where(source != "", default_source)
    findings.report((source == "").to_numpy(), "source", "missing source (give a source column or --source)")
    return source


def _check_duplicates(region_code: pd.Series, ind_id: pd.Series, year_num: pd.Series, findings: _Findings) -> None:
    """Among the rows still valid, a second row of the same region, indicator and year is a
    duplicate of the first."""
    n = len(findings.lines)
    keys = pd.DataFrame({"region": region_code, "indicator": ind_id, "year": year_num})
    candidates = findings.ok.copy()
    dup = keys[candidates].duplicated(keep="first")
    if not dup.any():
        return
    first_line = {}
    sub = keys[candidates]
    sub_lines = findings.lines[candidates]
    mask = np.zeros(n, dtype=bool)
    messages = {}
    positions = np.flatnonzero(candidates)
    for pos, key, line, is_dup in zip(positions, map(tuple, sub.to_numpy()), sub_lines, dup.to_numpy()):
        if is_dup:
            mask[pos] = True
            messages[pos] = (f"duplicate of {findings.locator} {first_line[key]}: {key[0]} {key[1]} {int(key[2])} "
                             "appears twice in this import")
        else:
            first_line.setdefault(key, line)
    findings.report(mask, "region/indicator/year", lambda i: messages[i])
