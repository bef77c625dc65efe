"""Analysis of an index's data: statistics with flags, correlations with flags, Cronbach's alpha,
PCA, and each unit's strengths and weaknesses (COINr `get_stats`, `get_corr_flags`,
`get_cronbach`, `get_PCA`, `get_str_weak`).

- statistics: per indicator Min, Max, Mean, Median, Std (n - 1), Skew, Kurt (type 2), counts
  and fractions available / non-zero / unique / most frequent value; flags `LOW` when
  available < t_avail, non-zero share < t_zero, unique share < t_unq (shares of all units),
  and `OUT` when |skew| > t_skew and kurtosis > t_kurt.
- correlation flags: Pearson correlations between indicators sharing a parent (or an ancestor
  at `grouplev`); a pair is `collinear` above `high` (0.9) and `negative` below `low` (-0.4).
- correlations up the tree: each node's Pearson correlation with its parent and with the index;
  flagged `weak` below 0.2 or `negative` below 0 (an indicator should move with its dimension).
- Cronbach's alpha over k columns (COINr `get_cronbach`, pairwise covariances):
  k^2 · mean off-diagonal covariance / sum of all covariances.
- PCA on the correlation matrix of complete rows: eigenvalues, share of variance, loadings.
- strengths and weaknesses: the indicators where the unit ranks best / worst among all units
  (rank 1 = best after the indicator's direction; ties "min").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopwatch.evaluate.stats import kurt, skew


def statistics(frame: pd.DataFrame, t_skew: float = 2.0, t_kurt: float = 3.5, t_avail: float = 0.65,
               t_zero: float = 0.5, t_unq: float = 0.5) -> pd.DataFrame:
    n = len(frame)
    rows = []
    for code, col in frame.items():
        x = col.to_numpy(dtype=float)
        v = x[~np.isnan(x)]
        sk, kt = skew(v), kurt(v)
        n_avail, nonzero, unique = v.size, int((v != 0).sum()), int(np.unique(v).size)
        same = int(pd.Series(v).value_counts().max()) if v.size else 0
        rows.append({"iCode": code, "Min": v.min(), "Max": v.max(), "Mean": v.mean(), "Median": np.median(v),
                     "Std": v.std(ddof=1), "Skew": sk, "Kurt": kt, "N.Avail": n_avail, "N.NonZero": nonzero,
                     "N.Unique": unique, "N.Same": same, "Frc.Avail": n_avail / n, "Frc.NonZero": nonzero / n_avail,
                     "Frc.Unique": unique / n_avail, "Frc.Same": same / n_avail,
                     "Flag.Avail": "ok" if n_avail / n >= t_avail else "LOW",
                     "Flag.NonZero": "ok" if nonzero / n >= t_zero else "LOW",
                     "Flag.Unique": "ok" if unique / n >= t_unq else "LOW",
                     "Flag.SkewKurt": "OUT" if abs(sk) > t_skew and kt > t_kurt else "ok"})
    return pd.DataFrame(rows).set_index("iCode")


def correlation_flags(index, stage: str = "Normalised", level: int = 1, high: float = 0.9,
                      low: float = -0.4, grouplev: int | None = None) -> pd.DataFrame:
    """Pairs of nodes of `level` under the same ancestor at `grouplev` (default the level
    above) whose Pearson correlation (pairwise complete rows) is above `high` or below `low`
    (COINr `get_corr_flags`, which takes the indicators, grouplev 2 by default)."""
    fw = index.framework
    grouplev = grouplev or level + 1
    if not level < grouplev <= fw.n_levels:
        from coopwatch.errors import InputError

        raise InputError(f"correlation flags: grouplev must be between {level + 1} and {fw.n_levels}, not {grouplev}")
    data = index.data["Aggregated"] if level > 1 else index.data[stage]
    rows = []
    for group in fw.codes_at(grouplev):
        kids = [c for c in fw.codes_at(level) if ancestor(fw, c, grouplev) == group]
        corr = data[kids].corr()
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                r = corr.at[a, b]
                if r > high or r < low:
                    rows.append({"parent": group, "a": a, "b": b, "corr": float(r),
                                 "flag": "collinear" if r > high else "negative"})
    return pd.DataFrame(rows, columns=["parent", "a", "b", "corr", "flag"])


def ancestor(fw, code: str, level: int) -> str | None:
    """The node of `level` above `code` (itself if it is at that level)."""
    node = fw.nodes[code]
    while node.level < level and node.parent is not None:
        node = fw.nodes[node.parent]
    return node.code if node.level == level else None


def correlations_up(index, stage: str = "Normalised", weak: float = 0.2) -> pd.DataFrame:
    """Each indicator's and aggregate's correlation with its parent and with the index."""
    fw = index.framework
    data = index.data[stage][fw.indicators].join(index.data["Aggregated"][fw.aggregates()])
    rows = []
    for code, node in fw.nodes.items():
        if node.parent is None:
            continue
        r_parent = data[code].corr(data[node.parent])
        r_index = data[code].corr(data[fw.index_code])
        flag = "negative" if r_parent < 0 else "weak" if r_parent < weak else "ok"
        rows.append({"iCode": code, "level": node.level, "parent": node.parent, "corr_parent": r_parent,
                     "corr_index": r_index, "flag": flag})
    return pd.DataFrame(rows).set_index("iCode")


def cronbach_alpha(frame: pd.DataFrame) -> float:
    """COINr `get_cronbach`: with C the covariance matrix of the k columns (pairwise complete
    rows), alpha = k^2 · mean(off-diagonal C) / sum(C) — the textbook
    k/(k-1) · (1 - sum var x_i / var sum x_i) when no value is missing."""
    k = frame.shape[1]
    if k < 2 or frame.dropna(how="all").shape[0] < 2:
        return float("nan")
    cov = frame.astype(float).cov().to_numpy()
    total = np.nansum(cov)
    off_mean = (total - np.nansum(np.diag(cov))) / (k * (k - 1))
    return float(k**2 * off_mean / total)


def pca(frame: pd.DataFrame) -> dict:
    """Eigen-decomposition of the correlation matrix, components by decreasing variance."""
    x = frame.dropna().to_numpy(dtype=float)
    vals, vecs = np.linalg.eigh(np.corrcoef(x, rowvar=False))
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    vecs = vecs * np.sign(vecs.sum(axis=0, keepdims=True) + 1e-300)  # orient each PC positively
    names = [f"PC{i + 1}" for i in range(len(vals))]
    return {"eigenvalues": pd.Series(vals, index=names),
            "variance_share": pd.Series(vals / vals.sum(), index=names),
            "loadings": pd.DataFrame(vecs, index=frame.columns, columns=names)}


def strengths_weaknesses(index, unit: str, n: int = 5) -> dict[str, pd.DataFrame]:
    """The unit's `n` best- and worst-ranked indicators, with their raw values."""
    fw = index.framework
    normalised = index.data.get("Normalised", index.aggregation_input)
    if unit not in normalised.index:
        from coopwatch.errors import InputError

        raise InputError(f"strengths and weaknesses: {unit!r} is not a unit of the index")
    ranks = normalised[fw.indicators].rank(ascending=False, method="min").loc[unit]
    table = pd.DataFrame({"name": [fw.nodes[i].name for i in fw.indicators], "rank": ranks,
                          "raw": index.data["Raw"].loc[unit, fw.indicators]}, index=fw.indicators).dropna(subset=["rank"])
    table = table.sort_values("rank", kind="stable")
    return {"strengths": table.head(n), "weaknesses": table.tail(n).iloc[::-1]}
