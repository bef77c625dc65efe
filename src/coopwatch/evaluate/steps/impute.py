"""Impute missing values.

- `mean` / `median`: the indicator's mean (median) over the units that have a value; with
  `by_group: COL` over the units of the same group (COINr `i_mean_grp`, `i_median_grp`). A unit
  whose whole group lacks the value stays missing.
- `latest` (panels): the unit's latest earlier observation of the indicator (`max_lag` years at
  most, if given).
- `linear` (panels): linear interpolation over the years of the unit's series, constant beyond
  its ends (R `approx(rule = 2)`, as COINr `impute_panel(imp_type = "linear")`).
- `none`: leave the gaps (aggregation then renormalises the weights over what is present).

`series: latest | linear` (panels) first fills gaps from the unit's own series as above, then
`method` fills what is left across units (COINr `impute_panel` before `Impute`): the unit's
own history is better evidence of its value than other units' values.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.steps import BuildContext, StepResult

METHODS = ("mean", "median", "latest", "linear", "none")


def apply(stage: pd.DataFrame, ctx: BuildContext, params: dict) -> StepResult:
    method = params.get("method", "mean")
    if method not in METHODS:
        raise InputError(f"impute: method {method!r} is not one of {', '.join(METHODS)}")
    before = int(stage[ctx.framework.indicators].isna().sum().sum())
    series = params.get("series")
    if series is not None:
        if series not in ("latest", "linear"):
            raise InputError(f"impute.series: {series!r} is not latest or linear")
        stage = _from_panel(stage, ctx, series, params.get("max_lag"))
    if method == "none":
        out = stage.copy()
    elif method in ("mean", "median"):
        out = _by_group(stage, ctx, method, params.get("by_group"))
    else:
        out = _from_panel(stage, ctx, method, params.get("max_lag"))
    after = int(out[ctx.framework.indicators].isna().sum().sum())
    return StepResult(out, {"imputed": before - after, "still_missing": after})


def _by_group(stage, ctx, method, group):
    out = stage.copy()
    if group is None:
        return out.fillna(getattr(stage, method)())
    if group not in ctx.units.columns:
        raise InputError(f"impute.by_group: {group!r} is not a group column of the unit table")
    keys = ctx.units[group].reindex(stage.index)
    fill = stage.groupby(keys).transform(method)
    return out.fillna(fill)


def _from_panel(stage, ctx, method, max_lag):
    if ctx.history is None or ctx.year is None:
        raise InputError(f"impute: method {method!r} needs panel data (observations over several years "
                         "with `data.year`)")
    out = stage.copy()
    series = unit_series(ctx.history)
    for r, c in zip(*np.nonzero(out.isna().to_numpy())):
        found = series.get((out.index[r], out.columns[c]))
        if found is None:
            continue
        years, values = found
        if method == "latest":
            keep = years < ctx.year
            if max_lag is not None:
                keep &= years >= ctx.year - int(max_lag)
            if keep.any():
                out.iat[r, c] = values[keep][-1]
        else:
            out.iat[r, c] = float(np.interp(ctx.year, years, values))
    return out


_SERIES: dict[int, tuple[weakref.ref, dict]] = {}


def unit_series(history: pd.DataFrame) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """Each (unit, indicator)'s observed years and values, by year; computed once per history
    frame (the uncertainty analysis and panels impute the same history many times)."""
    hit = _SERIES.get(id(history))
    if hit is not None and hit[0]() is history:
        return hit[1]
    h = history.dropna(subset=["value"]).sort_values(["unit", "indicator", "year"], kind="stable")
    units, inds = h["unit"].to_numpy(), h["indicator"].to_numpy()
    years, values = h["year"].to_numpy(float), h["value"].to_numpy(float)
    starts = np.flatnonzero(np.r_[True, (units[1:] != units[:-1]) | (inds[1:] != inds[:-1])])
    ends = np.r_[starts[1:], len(h)]
    series = {(units[a], inds[a]): (years[a:b], values[a:b]) for a, b in zip(starts, ends)}
    for key in [k for k, (ref, _) in _SERIES.items() if ref() is None]:
        del _SERIES[key]
    _SERIES[id(history)] = (weakref.ref(history), series)
    return series
