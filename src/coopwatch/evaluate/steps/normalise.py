"""Normalise indicators onto a common scale, higher = better.

Each value is first multiplied by its indicator's direction d (+1 or -1, iMeta `Direction`), as
COINr does, so that every method below sees "higher is better" data x' = d·x:

- `minmax` (`range: [l, u]`, default [0, 100]): l + (x' - min) / (max - min) · (u - l)
- `zscore` (`mean: m`, `sd: s`, default 0, 1): m + s · (x' - mean) / sd   (sample sd, n - 1)
- `rank`: rank of x' among the units, ties "min" (1 = lowest)
- `prank`: percentile rank (rank - 1) / (n - 1), in [0, 1]
- `goalposts` (`posts: {iCode: [lo, hi]}` or `lower`/`upper`, `scale` 100, `truncate` true):
  scale · (x - lo) / (hi - lo), or scale · (hi - x) / (hi - lo) when d = -1; truncated to [0, scale].
  The posts are in the indicator's own units whatever its direction. `coinr: true` gives
  COINr's behaviour instead: scale · (d·x - lo) / (hi - lo), the posts read on the
  direction-adjusted scale (COINr's `Normalise` does not pass the direction to `n_goalposts`)
- `dist2targ` (`targets: {iCode: t}`, else iMeta `Target`; `cap_max`): 1 - (t' - x') / (t' - min),
  with t' = d·t; capped at 1 when `cap_max`
- `dist2max`: 1 - (max - x') / (max - min)
- `dist2ref` (`unit: uCode`, `cap_max`): 1 - (x'_ref - x') / (x'_ref - min)
- `fracmax`: x' / max

min, max, mean, sd and ranks are taken over the units of the index's year — or, for panel
data (observations over several years), over the units of `panel: {reference_year: R}` or of
all years together (`panel: pooled`), each year's values taken through the same steps before
normalisation. Indices of different years built with the same reference are then on one scale
(a unit's score moves only when its own values move). `indicators: {iCode: {method: …}}`
overrides the method per indicator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.spec import merge_step_params
from coopwatch.evaluate.steps import BuildContext, StepResult

METHODS = ("minmax", "zscore", "rank", "prank", "goalposts", "dist2targ", "dist2max", "dist2ref", "fracmax")


def apply(stage: pd.DataFrame, ctx: BuildContext, params: dict) -> StepResult:
    params = dict(params)
    overrides = params.pop("indicators", None) or {}
    ctx.framework.check_codes(overrides, "normalise.indicators")
    check_params(params, "normalise")
    columns = {}
    for ind in ctx.framework.indicators:
        spec = params
        if ind in overrides:
            spec = merge_step_params(params, overrides[ind])
            check_params(spec, f"normalise.indicators.{ind}")
        columns[ind] = _normalise_column(stage[ind], ind, ctx, spec)
    return StepResult(pd.DataFrame(columns, index=stage.index), {"method": params.get("method", "minmax")})


def check_params(spec: dict, where: str) -> None:
    method = spec.get("method", "minmax")
    if method not in METHODS:
        raise InputError(f"{where}: method {method!r} is not one of {', '.join(METHODS)}")
    if method == "minmax":
        rng = spec.get("range", [0, 100])
        if not (isinstance(rng, (list, tuple)) and len(rng) == 2 and float(rng[0]) < float(rng[1])):
            raise InputError(f"{where}: range must be [low, high] with low < high, not {rng!r}")
    if method == "zscore" and float(spec.get("sd", 1)) <= 0:
        raise InputError(f"{where}: sd must be positive")


def lowest_value(spec: dict) -> float | None:
    """The lowest score a method can give, when known without data (for refusing a geometric
    mean over values <= 0 before running anything); None if it depends on the data."""
    method = spec.get("method", "minmax")
    if method == "minmax":
        return float(spec.get("range", [0, 100])[0])
    if method == "zscore":
        return -np.inf
    return {"rank": 1.0, "prank": 0.0, "goalposts": 0.0 if spec.get("truncate", True) else -np.inf,
            "dist2max": 0.0}.get(method)


def _normalise_column(col: pd.Series, ind: str, ctx: BuildContext, spec: dict) -> np.ndarray:
    d = ctx.framework.direction(ind)
    x = col.to_numpy(dtype=float) * d
    if spec.get("panel") is None:
        return normalise_values(x, np.ones(len(x), bool), ind, d, ctx, spec, col.index)
    if ctx.reference is None:
        raise InputError("normalise.panel needs observations over several years (data.observations with data.year)")
    ref = ctx.reference[ind].to_numpy(dtype=float) * d
    both = np.concatenate([x, ref])
    mask = np.concatenate([np.zeros(len(x), bool), np.ones(len(ref), bool)])
    return normalise_values(both, mask, ind, d, ctx, spec, col.index)[:len(x)]


def panel_years(spec: dict, available: list[int]) -> list[int]:
    """The years whose units set the normalisation parameters of `panel`."""
    panel = spec.get("panel")
    if panel == "pooled":
        return sorted(available)
    if isinstance(panel, dict) and "reference_year" in panel:
        year = int(panel["reference_year"])
        if year not in available:
            raise InputError(f"normalise.panel: no observations for reference year {year}")
        return [year]
    raise InputError(f"normalise.panel must be pooled or {{reference_year: Y}}, not {panel!r}")


def normalise_values(x: np.ndarray, ref: np.ndarray, ind: str, d: int, ctx: BuildContext,
                     spec: dict, index) -> np.ndarray:
    """Normalise direction-adjusted values x', the parameters taken over the rows `ref`."""
    method = spec.get("method", "minmax")
    r = x[ref]
    r = r[~np.isnan(r)]
    if r.size == 0:
        return np.full_like(x, np.nan)
    lo, hi = r.min(), r.max()
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "minmax":
            low, high = map(float, spec.get("range", [0, 100]))
            return low + (x - lo) / (hi - lo) * (high - low)
        if method == "zscore":
            return float(spec.get("mean", 0)) + float(spec.get("sd", 1)) * (x - r.mean()) / r.std(ddof=1)
        if method in ("rank", "prank"):
            sorted_ref = np.sort(r)
            rank = 1.0 + np.searchsorted(sorted_ref, x, side="left")
            rank[np.isnan(x)] = np.nan
            return rank if method == "rank" else (rank - 1.0) / (r.size - 1)
        if method == "goalposts":
            posts = (spec.get("posts") or {}).get(ind, [spec.get("lower"), spec.get("upper")])
            if posts[0] is None or posts[1] is None:
                raise InputError(f"normalise.goalposts: no goalposts for {ind} (give posts: {{{ind}: [lo, hi]}})")
            if spec.get("coinr"):
                # COINr's n_goalposts as Normalise() calls it: the direction is not passed on,
                # so the posts apply to d·x as given (posts of a d = -1 indicator must then be
                # given negated, [-hi, -lo], or every value truncates to 0)
                a, b = float(posts[0]), float(posts[1])
            else:
                a, b = sorted(float(p) * d for p in posts)
            y = (x - a) / (b - a)
            if spec.get("truncate", True):
                y = np.clip(y, 0.0, 1.0)
            return y * float(spec.get("scale", 100))
        if method == "fracmax":
            return x / hi
        if method == "dist2max":
            return 1.0 - (hi - x) / (hi - lo)
        if method == "dist2targ":
            target = (spec.get("targets") or {}).get(ind, ctx.framework.nodes[ind].target)
            if target is None:
                raise InputError(f"normalise.dist2targ: no target for {ind} (iMeta Target or targets: {{{ind}: t}})")
            t = float(target) * d
            y = 1.0 - (t - x) / (t - lo)
        else:  # dist2ref
            unit = spec.get("unit")
            units = list(index.get_level_values(0))
            if unit not in units:
                raise InputError(f"normalise.dist2ref: reference unit {unit!r} is not a unit of the index")
            t = x[units.index(unit)]
            y = 1.0 - (t - x) / (t - lo)
        if spec.get("cap_max"):
            y = np.minimum(y, 1.0)
        return y
