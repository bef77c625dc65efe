"""Aggregate level by level up the framework, a method per level.

For the children c of a parent with weights w_c, over the children with a value (weights are
renormalised over missing values, as COINr `a_amean` etc.):

- `amean`: sum(w x) / sum(w)
- `gmean`: exp(sum(w log x) / sum(w)); needs every x > 0
- `hmean`: sum(w) / sum(w / x); needs every x > 0
- `pmean` (`p`): (sum(w x^p) / sum(w))^(1/p), the generalised (power) mean; p = 1 amean,
  p = 0 gmean, p = -1 hmean; needs x > 0 for p <= 0
- `copeland`: COINr 1.1 `a_copeland`: with w scaled to sum 1, the weighted outranking matrix
  O_uv = sum_c w_c 1(x_uc > x_vc) + 1/2 sum_c w_c 1(x_uc = x_vc) for u < v (comparisons with a
  missing value count nothing) and O_uv = 1 - O_vu for u > v; each pair then scores +1 if
  O_uv > 1/2, -1 if O_uv < 1/2, 0 if O_uv = 1/2 (to 1e-12, so that float rounding of the
  weight sums cannot turn a tie into a win), and a unit's score is its row sum: the units it
  beats minus the units it loses to.

`method` is one method for every level or a list with one per level (aggregating level 1 into
level 2 first); an entry is a name or `{method: pmean, p: 0.5}`.

The core, `aggregate_level`, works on a stack of runs at once — (runs × units × children) values
and (runs × children) weights, as matrix products with the 0/1 child → parent matrix — so the
single build and the Monte Carlo of `coopwatch.evaluate.uncertainty` share one implementation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.steps import BuildContext, StepResult

METHODS = ("amean", "gmean", "hmean", "pmean", "copeland")
NEEDS_POSITIVE = ("gmean", "hmean")


def level_methods(params: dict, n_levels: int) -> list[dict]:
    """One {method, …} dict per aggregation (n_levels - 1 of them), checked."""
    method = params.get("method", "amean")
    methods = method if isinstance(method, list) else [method] * (n_levels - 1)
    if len(methods) != n_levels - 1:
        raise InputError(f"aggregate.method: give one method or {n_levels - 1} (one per level), not {len(methods)}")
    out = []
    for m in methods:
        m = {"method": m, **{k: v for k, v in params.items() if k != "method"}} if isinstance(m, str) else dict(m)
        if m.get("method") not in METHODS:
            raise InputError(f"aggregate: method {m.get('method')!r} is not one of {', '.join(METHODS)}")
        if m["method"] == "pmean":
            m["p"] = float(m.get("p", 1.0))
        out.append(m)
    return out


def needs_positive(m: dict) -> bool:
    return m["method"] in NEEDS_POSITIVE or (m["method"] == "pmean" and m["p"] <= 0)


def apply(stage: pd.DataFrame, ctx: BuildContext, params: dict) -> StepResult:
    fw = ctx.framework
    methods = level_methods(params, fw.n_levels)
    columns = {ind: stage[ind].to_numpy(dtype=float) for ind in fw.indicators}
    for level, m in zip(range(1, fw.n_levels), methods):
        kids, parents, member = fw.membership(level)
        x = np.column_stack([columns[k] for k in kids])
        if needs_positive(m):
            bad = [k for k, col in zip(kids, x.T) if np.nanmin(col) <= 0]
            if bad:
                raise InputError(f"aggregate: {m['method']} at level {level} needs values > 0 but "
                                 f"{', '.join(bad)} has values <= 0 (normalise to a range above 0, e.g. minmax [1, 100])")
        w = np.array([ctx.weights[k] for k in kids], dtype=float)
        scores = aggregate_level(x[None], w[None], member, m)[0]
        for j, p in enumerate(parents):
            columns[p] = scores[:, j]
    return StepResult(pd.DataFrame(columns, index=stage.index), {"methods": methods})


def aggregate_level(x: np.ndarray, w: np.ndarray, member: np.ndarray, m: dict) -> np.ndarray:
    """Scores (runs × units × parents) from values (runs × units × children, or 1 × units ×
    children when every run shares them), weights (runs × children) and the child → parent 0/1
    matrix (children × parents)."""
    method = m["method"]
    if method == "copeland":
        return _copeland(np.broadcast_to(x, (len(w),) + x.shape[1:]), w, member)
    present = ~np.isnan(x)
    den = _weighted_sums(present.astype(float), w, member)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "amean" or (method == "pmean" and m["p"] == 1):
            return _weighted_sums(np.where(present, x, 0.0), w, member) / den
        if method == "gmean" or (method == "pmean" and m["p"] == 0):
            return np.exp(_weighted_sums(np.where(present, np.log(x), 0.0), w, member) / den)
        if method == "hmean":
            return den / _weighted_sums(np.where(present, 1.0 / x, 0.0), w, member)
        p = m["p"]
        return (_weighted_sums(np.where(present, x**p, 0.0), w, member) / den) ** (1.0 / p)


def _weighted_sums(v: np.ndarray, w: np.ndarray, member: np.ndarray) -> np.ndarray:
    """sum over children c of v[r, u, c] · w[r, c] · member[c, p], as matrix products."""
    if v.shape[0] == 1:  # shared values: (units × children) @ (children × parents) per run
        return np.matmul(v[0][None], w[:, :, None] * member[None])
    return np.matmul(v * w[:, None, :], member)


def _copeland(x: np.ndarray, w: np.ndarray, member: np.ndarray) -> np.ndarray:
    runs, units, _ = x.shape
    out = np.empty((runs, units, member.shape[1]))
    upper = np.triu(np.ones((units, units), bool), k=1)
    off_diagonal = ~np.eye(units, dtype=bool)
    for j in range(member.shape[1]):
        cols = np.flatnonzero(member[:, j])
        xs = x[:, :, cols]                                   # runs × units × k
        ws = w[:, cols] / w[:, cols].sum(axis=1, keepdims=True)  # weights sum to 1 per run
        gt = xs[:, :, None, :] > xs[:, None, :, :]          # runs × u × v × k
        eq = xs[:, :, None, :] == xs[:, None, :, :]
        orm = np.einsum("ruvk,rk->ruv", gt + 0.5 * eq, ws)
        # COINr computes the upper triangle and takes 1 - O_vu below it (the same when no
        # value is missing, not otherwise)
        orm = np.where(upper, orm, 1.0 - orm.transpose(0, 2, 1))
        pair = np.sign(np.round(orm - 0.5, 12)) * off_diagonal
        out[:, :, j] = pair.sum(axis=2)
    return out
