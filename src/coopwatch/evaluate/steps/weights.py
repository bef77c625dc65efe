"""Weights: the relative importance of each node within its parent.

- `original`: iMeta `Weight`
- `equal`: 1 for every node
- `{pca: {level: L}}`: for each parent at level L + 1, the squared loadings of the first
  principal component of its children's scores (correlation matrix; children at level 1 are the
  normalised indicators, higher levels are first aggregated with the original weights). Squared
  loadings of a unit-length eigenvector are non-negative and sum to 1 (OECD/JRC Handbook, 2008,
  weights from factor analysis). Other levels keep their original weights.
- `{iCode: w, …}`: the original weights with these replaced.

The step reports the weights and the effective weights (share of the index carried by each
node, see `Framework.effective_weights`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.steps import BuildContext, StepResult


def resolve(spec, ctx: BuildContext, normalised: pd.DataFrame) -> dict[str, float]:
    fw = ctx.framework
    weights = fw.original_weights()
    if spec in (None, "original"):
        return weights
    if spec == "equal":
        return {c: 1.0 for c in weights}
    if isinstance(spec, dict) and set(spec) == {"pca"}:
        pca = spec["pca"] or {}
        level = pca.get("level", 1) if isinstance(pca, dict) else None
        if isinstance(level, bool) or not isinstance(level, int):
            raise InputError(f"weights.pca: give {{level: L}} with a whole number L, not {spec['pca']!r}")
        return _pca(weights, ctx, normalised, level)
    if isinstance(spec, dict):
        fw.check_codes(spec, "weights")
        for code, w in spec.items():
            try:
                w = float(w)
            except (TypeError, ValueError):
                raise InputError(f"weights: weight of {code} must be a number, not {w!r}") from None
            if not np.isfinite(w) or w < 0:
                raise InputError(f"weights: weight of {code} must be a non-negative number, not {w}")
            weights[code] = w
        return weights
    raise InputError(f"weights: {spec!r} is not original, equal, {{pca: {{level: L}}}} or {{iCode: weight}}")


def apply(stage: pd.DataFrame, ctx: BuildContext, params) -> StepResult:
    weights = resolve(params, ctx, stage)
    return StepResult(stage, {"weights": weights, "effective": ctx.framework.effective_weights(weights)})


def _pca(weights, ctx, normalised, level):
    fw = ctx.framework
    if not 1 <= level < fw.n_levels:
        raise InputError(f"weights.pca.level must be between 1 and {fw.n_levels - 1}, not {level}")
    scores = normalised
    if level > 1:
        from coopwatch.evaluate.steps import aggregate

        sub = BuildContext(fw, ctx.units, weights=weights)
        scores = aggregate.apply(normalised, sub, {"method": "amean"}).data
    out = dict(weights)
    for parent in fw.codes_at(level + 1):
        kids = fw.children(parent)
        if len(kids) < 2:
            continue
        data = scores[kids].dropna()
        corr = np.corrcoef(data.to_numpy(dtype=float), rowvar=False)
        vals, vecs = np.linalg.eigh(np.nan_to_num(corr))
        loading = vecs[:, np.argmax(vals)]
        for k, v in zip(kids, loading**2):
            out[k] = float(v)
    return out
