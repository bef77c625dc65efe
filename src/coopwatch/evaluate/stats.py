"""Sample statistics shared by the steps: skewness, kurtosis, ranks.

Skewness and kurtosis are the type-2 sample estimators (R e1071 `type = 2`, Excel SKEW/KURT,
COINr `skew()`/`kurt()`), over the n non-missing values with deviations d = x - mean(x):

    g1 = sqrt(n) * sum(d^3) / sum(d^2)^(3/2)            skew = g1 * sqrt(n (n-1)) / (n - 2)
    r  = n * sum(d^4) / sum(d^2)^2                      kurt = ((n+1)(r - 3) + 6)(n - 1) / ((n-2)(n-3))

Kurtosis is the excess kurtosis (0 for a normal distribution).

Ranks: 1 = best (highest score), ties share the lowest rank (R `ties.method = "min"`), missing
scores get no rank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def skew(x) -> float:
    x = _finite(x)
    n = x.size
    if n < 3:
        return float("nan")
    d = x - x.mean()
    s2 = np.sum(d**2)
    if s2 == 0:
        return float("nan")
    g1 = np.sqrt(n) * np.sum(d**3) / s2**1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurt(x) -> float:
    x = _finite(x)
    n = x.size
    if n < 4:
        return float("nan")
    d = x - x.mean()
    s2 = np.sum(d**2)
    if s2 == 0:
        return float("nan")
    r = n * np.sum(d**4) / s2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def _finite(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return x[~np.isnan(x)]


def rank_desc(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest score, ties share the lowest rank, NaN stays unranked."""
    return scores.rank(ascending=False, method="min", na_option="keep")


def rank_desc_rows(scores: np.ndarray) -> np.ndarray:
    """`rank_desc` for every row of a (runs × units) array at once: sort each row best first;
    a unit's rank is 1 + the position where its run of equal scores starts. NaN scores sort
    last and get NaN ranks."""
    s = np.where(np.isnan(scores), -np.inf, scores)
    order = np.argsort(-s, axis=1, kind="stable")
    ordered = np.take_along_axis(s, order, axis=1)
    positions = np.broadcast_to(np.arange(s.shape[1]), s.shape)
    new_value = np.ones(s.shape, bool)
    new_value[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    starts = np.where(new_value, positions, 0)
    ranks_sorted = 1.0 + np.maximum.accumulate(starts, axis=1)
    ranks = np.empty_like(ranks_sorted)
    np.put_along_axis(ranks, order, ranks_sorted, axis=1)
    ranks[np.isnan(scores)] = np.nan
    return ranks
