"""Projection of a series to its target year, with a low-high band.

Two methods, both reported in `method`:

1. Time-weighted linear regression, as in UN ESCAP's Anticipated Progress Index (ESCAP
   Statistics Division working paper SD/WP/04, March 2017, "weighted extrapolation method";
   used by all five UN regional commissions, which give "more weight to recent data"): ordinary
   least squares of value on year with weights w_t = 1 + (t − t_first), so the latest year weighs
   most. The band is the 90 % prediction interval at the target year:
       ŷ ± t_{0.95, n−2} · s · sqrt(1/w_new + (1, T) (XᵀWX)⁻¹ (1, T)ᵀ),  s² = Σ w e² / (n − 2),
   with w_new the weight of the latest year. It needs at least three values.
2. Compound growth: the latest value carried forward at the observed compound annual growth
   rate since the baseline (the rate of the progress measure): x_T = x_latest (1 + CAGR_o)^(T − t).

The projected value is the regression's when it can be fitted, else the compound growth one;
the band spans the prediction interval and the other method's value (with two values only, the
band is the spread of the two methods: a straight line and compound growth through them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

LEVEL = 0.90


@dataclass(frozen=True)
class Projection:
    year: int
    value: float
    low: float
    high: float
    method: str

    def as_dict(self) -> dict:
        return {"year": self.year, "value": self.value, "low": self.low, "high": self.high}


def weighted_regression(years: list[int], values: list[float], at: int) -> tuple[float, float | None]:
    """(prediction at `at`, half-width of the 90 % prediction interval or None when n < 3)."""
    t = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    w = 1.0 + (t - t.min())
    origin = t.min()  # years measured from the first one keep XᵀWX well conditioned
    X = np.column_stack([np.ones_like(t), t - origin])
    XtW = X.T * w
    cov = np.linalg.pinv(XtW @ X)
    beta = cov @ (XtW @ y)
    x0 = np.array([1.0, float(at) - origin])
    prediction = float(x0 @ beta)
    n = len(t)
    if n < 3:
        return prediction, None
    residuals = y - X @ beta
    s2 = float(np.sum(w * residuals ** 2) / (n - 2))
    from scipy.stats import t as student

    half = float(student.ppf(0.5 + LEVEL / 2, n - 2) * math.sqrt(s2 * (1.0 / w.max() + x0 @ cov @ x0)))
    return prediction, half


def project(points: list[tuple[int, float]], target_year: int, growth_rate: float | None) -> Projection | None:
    """Project (year, value) points to `target_year`; `growth_rate` is the observed CAGR (or None)."""
    points = sorted(points)
    if len(points) < 2:
        return None
    years = [p[0] for p in points]
    values = [p[1] for p in points]
    last_year, last_value = points[-1]
    horizon = target_year - last_year
    compound = last_value * (1.0 + growth_rate) ** horizon if growth_rate is not None else None
    regression, half = weighted_regression(years, values, target_year)
    span = f"{years[0]}–{years[-1]}"
    if half is not None:
        value = regression
        candidates = [regression - half, regression + half] + ([compound] if compound is not None else [])
        method = (f"time-weighted linear regression (UN ESCAP; weights 1 + t − {years[0]}) on {len(points)} values "
                  f"{span}, band = {LEVEL:.0%} prediction interval"
                  + (" and compound growth at the observed rate" if compound is not None else ""))
    else:
        value = compound if compound is not None else regression
        candidates = [regression] + ([compound] if compound is not None else [])
        method = (f"compound growth at the observed rate from {years[-1]}; band = spread between it and a linear "
                  f"trend through the {len(points)} values {span}") if compound is not None else (
                  f"linear trend through the {len(points)} values {span}")
    return Projection(target_year, value, min(candidates + [value]), max(candidates + [value]), method)
