"""Rank normalisation, Copeland aggregation and goalposts against COINr's formulas on ASEM.

The expected values are computed here from COINr's R source (R/normalise.R `n_rank`,
R/aggregate.R `outrankMatrix`/`a_copeland`), written as plain loops over the stage the index
normalises (or aggregates), independently of `coopwatch.evaluate.steps`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from coopwatch.evaluate import Index, spec_from_dict

from .small import small_index


def coinr_amean_up(frame: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """COINr `a_amean` level by level: sum(w x) / sum(w) over the children present."""
    out = frame.copy()
    nodes = meta[meta["Type"].isin(["Indicator", "Aggregate"])]
    for level in range(2, int(nodes["Level"].max()) + 1):
        for parent in nodes.loc[nodes["Level"] == level, "iCode"]:
            kids = nodes[nodes["Parent"] == parent]
            x, w = out[list(kids["iCode"])].to_numpy(float), kids["Weight"].to_numpy(float)
            present = ~np.isnan(x)
            out[parent] = np.where(present, x * w, 0).sum(axis=1) / (present * w).sum(axis=1)
    return out


def coinr_copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """COINr 1.1 `a_copeland`: outranking matrix (upper triangle counted, lower = 1 - upper),
    >0.5 -> 1, <0.5 -> -1, 0.5 -> 0, diagonal 0, row sums."""
    w = w / w.sum()
    n = len(x)
    orm = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i < j:
                orm[i, j] = w[x[i] > x[j]].sum() + w[x[i] == x[j]].sum() / 2
            elif i > j:
                orm[i, j] = 1 - orm[j, i]
    score = np.where(orm > 0.5, 1.0, np.where(orm < 0.5, -1.0, 0.0))
    np.fill_diagonal(score, 0.0)
    return score.sum(axis=1)


@pytest.fixture(scope="module")
def meta(asem_dir):
    return pd.read_csv(asem_dir / "ASEM_iMeta.csv")


def test_rank_normalisation_is_coinr_n_rank_of_the_direction_adjusted_values(asem, meta):
    ranked = asem.rebuild({"normalise": {"method": "rank"}})
    treated = asem.data["Treated"]
    for ind in asem.framework.indicators:
        d = asem.framework.direction(ind)
        want = rankdata(d * treated[ind].to_numpy(float), method="min")  # R rank(ties = "min")
        assert np.abs(ranked.data["Normalised"][ind].to_numpy() - want).max() < 1e-9, ind
    want = coinr_amean_up(ranked.data["Normalised"], meta)
    for code in asem.framework.aggregates():
        assert np.abs(ranked.data["Aggregated"][code] - want[code]).max() < 1e-9, code


def test_copeland_at_the_top_level_is_coinr_a_copeland(asem, meta):
    cop = asem.rebuild({"aggregate": {"method": ["amean", "amean", "copeland"]}})
    below = ["Conn", "Sust"]
    # the two lower aggregations are the nominal arithmetic means
    assert np.abs(cop.scores[below] - asem.scores[below]).max().max() < 1e-9
    w = meta.set_index("iCode").loc[below, "Weight"].to_numpy(float)
    want = coinr_copeland(asem.scores[below].to_numpy(), w)
    assert np.abs(cop.scores["Index"].to_numpy() - want).max() < 1e-9
    # wins minus losses over the 50 other units: whole numbers
    assert set(np.unique(want)) <= set(range(-50, 51))


def test_copeland_at_the_pillar_level_is_coinr_a_copeland(asem, meta):
    cop = asem.rebuild({"aggregate": {"method": ["copeland", "amean", "amean"]}})
    kids = meta[meta["Parent"] == "Physical"]
    x = asem.data["Normalised"][list(kids["iCode"])].to_numpy()
    want = coinr_copeland(x, kids["Weight"].to_numpy(float))
    assert np.abs(cop.scores["Physical"].to_numpy() - want).max() < 1e-9


def test_aggregate_as_a_list_per_level_is_the_same_build_as_the_mapping(asem_spec, asem_dir):
    raw = {"data": {"units": "ASEM_iData.csv"}, "meta": "ASEM_iMeta.csv",
           "steps": dict(asem_spec.steps), "weights": "original"}
    as_list = spec_from_dict(raw | {"steps": raw["steps"] | {"aggregate": ["amean", "amean", "copeland"]}},
                             base=asem_dir)
    as_map = spec_from_dict(raw | {"steps": raw["steps"] | {"aggregate": {"method": ["amean", "amean", "copeland"]}}},
                            base=asem_dir)
    a, b = Index.from_spec(as_list), Index.from_spec(as_map)
    assert a.spec.steps["aggregate"] == b.spec.steps["aggregate"]
    pd.testing.assert_frame_equal(a.scores, b.scores)
    one = spec_from_dict(raw | {"steps": raw["steps"] | {"aggregate": "gmean"}}, base=asem_dir)
    assert one.steps["aggregate"] == {"method": "gmean"}


def test_goalposts_of_a_negative_indicator_coopwatch_and_coinr(tmp_path):
    # i2 has direction -1, values 1, 3, 5, 2
    ours = small_index(tmp_path, {"normalise": {"method": "goalposts", "posts": {"i1": [0, 10], "i2": [1, 5], "i3": [0, 10]}}})
    assert ours.data["Normalised"]["i2"].tolist() == pytest.approx([100, 50, 0, 75])   # (5 - x) / 4
    # COINr applies the posts to -x as given: [1, 5] truncates every value to 0 ...
    coinr = small_index(tmp_path, {"normalise": {"method": "goalposts", "coinr": True,
                                                 "posts": {"i1": [0, 10], "i2": [1, 5], "i3": [0, 10]}}})
    assert coinr.data["Normalised"]["i2"].tolist() == pytest.approx([0, 0, 0, 0])
    # ... and negated posts [-5, -1] give (-x + 5) / 4, the same scores as coopwatch's
    coinr = small_index(tmp_path, {"normalise": {"method": "goalposts", "coinr": True,
                                                 "posts": {"i1": [0, 10], "i2": [-5, -1], "i3": [0, 10]}}})
    assert coinr.data["Normalised"]["i2"].tolist() == pytest.approx([100, 50, 0, 75])
    assert coinr.data["Normalised"]["i1"].tolist() == ours.data["Normalised"]["i1"].tolist()
