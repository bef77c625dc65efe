"""Read an index's inputs: the framework (iMeta), the unit table and the raw data.

Two data layouts, one result (rows = unit codes, columns = indicators):
- `units: FILE` — COINr iData layout, one row per unit: `uCode`, `uName`, group columns,
  denominator columns and one column per indicator.
- `observations: FILE.csv | database` with `year: Y` — tidy rows `region, indicator, year,
  value` (the coopwatch observation format; from the store, the current revisions of table
  `observation`). The wide frame is year Y; all years are kept as the panel history for
  `impute: latest | linear`; denominators (iMeta Type Denominator) are read from the same rows.
  `regions: provinces` (codes NN0000) or a list of codes selects the units.
  `derive` adds indicators computed from the observations, for every year where the inputs exist:
  `{ID: {growth_of: X, years: n}}` the average annual growth over n years in % per year,
  100 · ((X_t / X_(t-n))^(1/n) - 1); `{ID: {ratio_of: [X, Y], scale: s}}` the ratio s · X_t / Y_t.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.framework import Framework
from coopwatch.evaluate.spec import IndexSpec


@dataclass
class IndexInputs:
    framework: Framework
    raw: pd.DataFrame
    units: pd.DataFrame
    denominators: pd.DataFrame | None
    history: pd.DataFrame | None = None
    year: int | None = None


def load_inputs(spec: IndexSpec, store=None) -> IndexInputs:
    fw = Framework.read(spec.meta)
    if "units" in spec.data:
        return _from_units_table(spec, fw)
    source = spec.data["observations"]
    if source == "database":
        if store is None:
            raise InputError("data.observations: database: this spec reads the stored observations; "
                             "build it with a store (`Index.from_spec(spec, store)`)")
        tidy = observations_from_store(store)
        where = "database table observation"
    else:
        tidy = read_observations_csv(source)
        where = str(source)
    tidy = add_derived_indicators(clean_observations(tidy), spec.data.get("derive") or {}, where)
    return inputs_from_observations(tidy, fw, int(spec.data["year"]), spec.data.get("regions"), where)


def _read_csv(path: Path, what: str, **kw) -> pd.DataFrame:
    try:
        return pd.read_csv(path, **kw)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc})") from None


def _from_units_table(spec: IndexSpec, fw: Framework) -> IndexInputs:
    path = spec.data["units"]
    table = _read_csv(path, "unit table", keep_default_na=True)
    if "uCode" not in table.columns:
        raise InputError(f"{path}: missing column uCode")
    dupes = table["uCode"][table["uCode"].duplicated()].tolist()
    if dupes:
        raise InputError(f"{path}: uCode {dupes[0]} appears more than once")
    table = table.set_index(table["uCode"].astype(str))
    missing = [i for i in fw.indicators if i not in table.columns]
    if missing:
        raise InputError(f"{path}: no column for indicator(s) {', '.join(missing)}")
    raw = table[fw.indicators].apply(pd.to_numeric, errors="coerce").astype(float)
    bad = raw.isna() & table[fw.indicators].notna()
    if bad.any().any():
        ind = bad.any().idxmax()
        unit = bad[ind].idxmax()
        raise InputError(f"{path}: {ind} of unit {unit} is not a number ({table.at[unit, ind]!r})")
    unit_cols = ["uName"] + [g for g in fw.groups if g in table.columns]
    units = table[[c for c in unit_cols if c in table.columns]].copy()
    denoms = table[[d for d in fw.denominators if d in table.columns]].astype(float)
    if spec.denominators is not None:
        extra = _read_csv(spec.denominators, "denominators file")
        if "uCode" not in extra.columns:
            raise InputError(f"{spec.denominators}: missing column uCode")
        extra = extra.set_index(extra["uCode"].astype(str)).drop(columns=["uCode"])
        extra = extra.select_dtypes("number")
        denoms = denoms.join(extra[[c for c in extra.columns if c not in denoms.columns]], how="left")
    return IndexInputs(fw, raw, units, denoms if len(denoms.columns) else None)


def read_observations_csv(path: Path) -> pd.DataFrame:
    tidy = _read_csv(path, "observations", dtype={"region": str})
    missing = [c for c in ("region", "indicator", "year", "value") if c not in tidy.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (tidy observations)")
    return tidy


def observations_from_store(store) -> pd.DataFrame:
    from sqlalchemy import select

    from coopwatch.store.models import Observation

    stmt = select(Observation.region, Observation.indicator, Observation.year, Observation.value).where(
        Observation.is_current.is_(True))
    with store.session() as s:
        rows = s.execute(stmt).all()
    return pd.DataFrame(rows, columns=["region", "indicator", "year", "value"])


def clean_observations(tidy: pd.DataFrame) -> pd.DataFrame:
    """Region codes as text, years as integers, values as numbers (unreadable ones missing)."""
    tidy = tidy.copy()
    tidy["region"] = tidy["region"].astype(str)
    tidy["year"] = pd.to_numeric(tidy["year"], errors="coerce")
    tidy["value"] = pd.to_numeric(tidy["value"], errors="coerce")
    tidy = tidy.dropna(subset=["year"])
    tidy["year"] = tidy["year"].astype(int)
    return tidy


def add_derived_indicators(tidy: pd.DataFrame, derive: dict, where: str) -> pd.DataFrame:
    rows = [tidy]
    for new_id, rule in derive.items():
        if not isinstance(rule, dict) or not ({"growth_of", "ratio_of"} & set(rule)):
            raise InputError(f"data.derive.{new_id}: give {{growth_of: X, years: n}} or {{ratio_of: [X, Y]}}")
        inputs = [rule["growth_of"]] if "growth_of" in rule else list(rule["ratio_of"])
        series = {}
        for ind in inputs:
            base = tidy[tidy["indicator"] == ind]
            if base.empty:
                raise InputError(f"data.derive.{new_id}: no observations of {ind} in {where}")
            series[ind] = base.drop_duplicates(["region", "year"], keep="last").pivot(
                index="region", columns="year", values="value").astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            if "growth_of" in rule:
                n = int(rule.get("years", 1))
                x = series[inputs[0]]
                later = [y for y in x.columns if y - n in x.columns]
                values = 100.0 * ((x[later] / x[[y - n for y in later]].to_numpy()) ** (1.0 / n) - 1.0)
            else:
                num, den = series[inputs[0]], series[inputs[1]]
                values = float(rule.get("scale", 1.0)) * num / den.reindex(index=num.index, columns=num.columns)
        long = values.replace([np.inf, -np.inf], np.nan).stack().dropna().rename("value").reset_index()
        rows.append(long.assign(indicator=new_id)[["region", "indicator", "year", "value"]])
    return pd.concat(rows, ignore_index=True)


def inputs_from_observations(tidy: pd.DataFrame, fw: Framework, year: int, regions=None,
                             where: str = "observations") -> IndexInputs:
    tidy = clean_observations(tidy)
    tidy = tidy[tidy["region"].isin(_select_regions(tidy["region"].unique(), regions, where))]
    needed = fw.indicators + fw.denominators
    absent = [i for i in fw.indicators if not (tidy["indicator"] == i).any()]
    if absent:
        raise InputError(f"{where}: no observations of indicator(s) {', '.join(absent)}")
    tidy = tidy[tidy["indicator"].isin(needed)]
    if not (tidy["year"] == year).any():
        raise InputError(f"{where}: no observations for year {year}")
    # one value per region × indicator × year: the last row wins (files list revisions in order)
    tidy = tidy.drop_duplicates(["region", "indicator", "year"], keep="last")
    wide = tidy[tidy["year"] == year].pivot(index="region", columns="indicator", values="value")
    units_idx = sorted(tidy["region"].unique())
    wide = wide.reindex(index=pd.Index(units_idx, name="uCode"), columns=needed).astype(float)
    wide.columns.name = None
    raw = wide[fw.indicators]
    denoms = wide[fw.denominators] if fw.denominators else None
    units = pd.DataFrame({"uName": [_region_name(u) for u in units_idx]}, index=pd.Index(units_idx, name="uCode"))
    history = tidy[["region", "indicator", "year", "value"]].rename(columns={"region": "unit"})
    return IndexInputs(fw, raw, units, denoms, history=history, year=year)


def inputs_for_year(inputs: IndexInputs, year: int) -> IndexInputs:
    """The same units and framework for another year of the panel history."""
    if inputs.history is None:
        raise InputError("data: no panel history (observations over several years) to take another year from")
    tidy = inputs.history.rename(columns={"unit": "region"})
    out = inputs_from_observations(tidy, inputs.framework, year, list(inputs.units.index), f"observations, year {year}")
    out.history = inputs.history  # the same rows: shared, so what is derived from it is computed once
    return out


def _select_regions(codes, regions, where):
    """Units for `data.regions`: `provinces`, or a list of region codes and names the reference
    gazetteer knows (a macro-region or grouping such as `west` stands for its member provinces)."""
    codes = sorted(map(str, codes))
    if regions is None:
        return codes
    if regions == "provinces":
        return [c for c in codes if re.fullmatch(r"\d{2}0000", c)]
    if not isinstance(regions, list):
        raise InputError(f"data.regions: {regions!r} is not `provinces` or a list of regions")
    chosen: list[str] = []
    for sel in map(str, regions):
        members = [sel] if sel in codes else _gazetteer_members(sel)
        if not members:
            raise InputError(f"data.regions: {sel!r} is not a region code or a known region name")
        missing = [m for m in members if m not in codes]
        if missing:
            raise InputError(f"{where}: region(s) {', '.join(missing)} (from {sel!r}) have no observations")
        chosen += [m for m in members if m not in chosen]
    return chosen


def _gazetteer_members(name: str) -> list[str]:
    from coopwatch.reference import gazetteer

    g = gazetteer()
    matches = g.lookup(name)
    return g.members(matches[0].code) if matches else []


def _region_name(code: str) -> str:
    """English name from the reference gazetteer, else the code itself."""
    from coopwatch.reference import gazetteer

    region = gazetteer().get(code)
    return (region.name_en or region.name_zh) if region is not None else code
