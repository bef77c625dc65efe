"""Treat outliers, indicator by indicator (COINr `Treat()` with its defaults).

1. Check: an indicator fails when |skew| >= `skew` AND kurtosis >= `kurtosis` (type-2 sample
   estimators, see `coopwatch.evaluate.stats`); COINr passes when |skew| < 2 OR kurtosis < 3.5.
2. If it fails, winsorise: while it fails and fewer than `winmax` points were winsorised, replace
   the maximum (skew >= 0) or minimum (skew < 0) value(s) by the next value in. Tied extremes are
   replaced together, and the count of winsorised points is the number of points now equal to
   the clipped extreme, as in COINr.
3. If it still fails, discard the winsorisation and transform the ORIGINAL values (`log`):
   - `ct` (COINr 1.x `log_CT`, default): log(x - min(x) + 0.01 (max(x) - min(x)))
   - `ct_orig` (COIN Tool): log(x - min(x) + 1)
   - `boxcox` (`lambda`): ((x - min(x) + 1)^lambda - 1) / lambda, log when lambda = 0
   - `none`: leave the winsorised values.

Parameters: `winmax` (5), `skew` (2.0), `kurtosis` (3.5), `log` ("ct"), `disable` (skip the
step), `indicators: {iCode: {...} | "none"}` per-indicator overrides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.stats import kurt, skew
from coopwatch.evaluate.steps import BuildContext, StepResult

DEFAULTS = {"winmax": 5, "skew": 2.0, "kurtosis": 3.5, "log": "ct"}
LOGS = ("ct", "ct_orig", "boxcox", "none")


def apply(stage, ctx: BuildContext, params: dict) -> StepResult:
    if params.get("disable"):
        return StepResult(stage.copy(), {"treated": [], "table": []})
    overrides = params.get("indicators") or {}
    ctx.framework.check_codes(overrides, "treat.indicators")
    base = {k: params.get(k, v) for k, v in DEFAULTS.items()} | {"lambda": params.get("lambda", 0.5)}
    columns = {ind: stage[ind].to_numpy(dtype=float) for ind in stage.columns}
    table = []
    for ind in ctx.framework.indicators:
        spec = overrides.get(ind, {})
        if spec == "none" or (isinstance(spec, dict) and spec.get("disable")):
            continue
        p = base | dict(spec)
        if p["log"] not in LOGS:
            raise InputError(f"treat: log {p['log']!r} is not one of {', '.join(LOGS)}")
        columns[ind], row = treat_series(columns[ind], p)
        table.append({"indicator": ind} | row)
    treated = [{"indicator": r["indicator"], "winsorised": r["winsorised"], "transform": r["transform"]}
               for r in table if r["winsorised"] or r["transform"]]
    return StepResult(pd.DataFrame(columns, index=stage.index), {"treated": treated, "table": table})


def passes(x, skew_limit: float, kurt_limit: float) -> tuple[bool, float, float]:
    s, k = skew(x), kurt(x)
    if np.isnan(s) or np.isnan(k):
        return True, s, k
    return bool(abs(s) < skew_limit or k < kurt_limit), s, k


def treat_series(x: np.ndarray, p: dict) -> tuple[np.ndarray, dict]:
    ok, s0, k0 = passes(x, p["skew"], p["kurtosis"])
    row = {"pass0": ok, "skew0": s0, "kurt0": k0, "winsorised": 0, "transform": None,
           "pass1": None, "skew1": None, "kurt1": None}
    if ok:
        return x, row
    xw, nwin = winsorise(x, int(p["winmax"]), p["skew"], p["kurtosis"])
    ok, s1, k1 = passes(xw, p["skew"], p["kurtosis"])
    row |= {"winsorised": nwin, "pass1": ok, "skew1": s1, "kurt1": k1}
    if ok or p["log"] == "none":
        return xw, row
    xl = log_transform(x, p["log"], p.get("lambda", 0.5))
    ok, s2, k2 = passes(xl, p["skew"], p["kurtosis"])
    row |= {"winsorised": 0, "transform": f"log_{p['log']}" if p["log"] != "boxcox" else "boxcox",
            "pass2": ok, "skew2": s2, "kurt2": k2}
    return xl, row


def winsorise(x: np.ndarray, winmax: int, skew_limit: float, kurt_limit: float) -> tuple[np.ndarray, int]:
    x = x.copy()
    nwin = 0
    last_hi = last_lo = 0  # points hit by the latest high / low winsorisation (COINr imax, imin)
    ok = passes(x, skew_limit, kurt_limit)[0]
    while not ok and nwin < winmax:
        present = ~np.isnan(x)
        if skew(x) >= 0:
            hit = present & (x == np.nanmax(x))
            rest = x[present & ~hit]
            if rest.size == 0:
                break
            x[hit] = rest.max()
            last_hi = int(hit.sum())
        else:
            hit = present & (x == np.nanmin(x))
            rest = x[present & ~hit]
            if rest.size == 0:
                break
            x[hit] = rest.min()
            last_lo = int(hit.sum())
        nwin = last_hi + last_lo
        ok = passes(x, skew_limit, kurt_limit)[0]
    return x, nwin


def log_transform(x: np.ndarray, kind: str, lam: float = 0.5) -> np.ndarray:
    lo, hi = np.nanmin(x), np.nanmax(x)
    if kind == "ct":
        return np.log(x - lo + 0.01 * (hi - lo))
    if kind == "ct_orig":
        return np.log(x - lo + 1.0)
    shifted = x - lo + 1.0
    return np.log(shifted) if lam == 0 else (shifted**lam - 1.0) / lam
