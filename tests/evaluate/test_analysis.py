"""Analysis tables: statistics flags, correlation flags, Cronbach's alpha, PCA, strengths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coopwatch.errors import InputError
from coopwatch.evaluate.analysis import correlation_flags, cronbach_alpha, pca, statistics, strengths_weaknesses


def test_statistics_flag_skewed_and_sparse_columns():
    frame = pd.DataFrame({"even": np.arange(20.0), "spiky": [1.0] * 19 + [100.0],
                          "sparse": [np.nan] * 10 + list(range(10))})
    st = statistics(frame)
    assert st.loc["spiky", "Flag.SkewKurt"] == "OUT" and st.loc["even", "Flag.SkewKurt"] == "ok"
    assert st.loc["sparse", "Flag.Avail"] == "LOW" and st.loc["sparse", "N.Avail"] == 10
    assert st.loc["spiky", "N.Same"] == 19 and st.loc["spiky", "Flag.Unique"] == "LOW"


def test_cronbach_alpha_of_identical_columns_is_one_and_of_a_known_case():
    x = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 2, 3, 4]})
    assert cronbach_alpha(x) == pytest.approx(1.0)
    y = pd.DataFrame({"a": [1.0, 2, 3], "b": [2.0, 1, 3]})
    # k/(k-1) (1 - (1 + 1) / var(a+b)) with a+b = 3, 3, 6 (var 3)
    assert cronbach_alpha(y) == pytest.approx(2 * (1 - 2 / 3))


def test_pca_variance_shares_sum_to_one_and_first_component_dominates_correlated_data():
    rng = np.random.default_rng(0)
    base = rng.normal(size=200)
    frame = pd.DataFrame({"a": base, "b": base + 0.1 * rng.normal(size=200), "c": rng.normal(size=200)})
    out = pca(frame)
    assert out["variance_share"].sum() == pytest.approx(1.0)
    assert out["variance_share"]["PC1"] > 0.6
    assert abs(out["loadings"].loc["c", "PC1"]) < 0.2


def test_asem_correlation_flags_and_strengths(asem):
    flags = correlation_flags(asem)
    assert set(flags["flag"]) <= {"collinear", "negative"}
    for _, row in flags.iterrows():
        assert asem.framework.nodes[row["a"]].parent == row["parent"] == asem.framework.nodes[row["b"]].parent
    sw = strengths_weaknesses(asem, "CHE", n=3)
    assert sw["strengths"]["rank"].max() <= sw["weaknesses"]["rank"].min()
    with pytest.raises(InputError, match="'XXX' is not a unit"):
        strengths_weaknesses(asem, "XXX")


def test_correlations_up_the_tree(asem, tmp_path):
    from coopwatch.evaluate.analysis import correlations_up

    table = correlations_up(asem)
    assert len(table) == len(asem.framework.nodes) - 1
    assert table.loc["Conn", "corr_parent"] == pytest.approx(asem.scores["Conn"].corr(asem.scores["Index"]))
    assert set(table["flag"]) <= {"ok", "weak", "negative"}
    assert (table.loc[table["corr_parent"] < 0, "flag"] == "negative").all()
