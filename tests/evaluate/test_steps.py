"""Each step's methods on small data whose results can be checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from coopwatch.errors import InputError
from coopwatch.evaluate.stats import kurt, rank_desc_rows, skew
from coopwatch.evaluate.steps.aggregate import aggregate_level
from coopwatch.evaluate.steps.treat import log_transform, winsorise

from .small import small_index


def test_skew_and_kurtosis_are_the_type2_sample_estimators():
    x = np.array([1.0, 2, 2, 3, 7, 11, 30, np.nan])
    v = x[~np.isnan(x)]
    assert skew(x) == pytest.approx(sps.skew(v, bias=False))
    assert kurt(x) == pytest.approx(sps.kurtosis(v, bias=False, fisher=True))


def one_parent(values, weights, method):
    x = np.array(values, float)[None, None, :]
    w = np.array(weights, float)[None, :]
    return aggregate_level(x, w, np.ones((len(values), 1)), method)[0, 0, 0]


def test_weighted_means_of_known_values():
    assert one_parent([1, 4, 16], [1, 1, 1], {"method": "amean"}) == pytest.approx(7.0)
    assert one_parent([1, 4, 16], [1, 1, 1], {"method": "gmean"}) == pytest.approx(4.0)
    assert one_parent([1, 4, 4], [1, 1, 1], {"method": "hmean"}) == pytest.approx(3 / (1 + 0.25 + 0.25))
    assert one_parent([2, 8], [3, 1], {"method": "gmean"}) == pytest.approx(2 ** 0.75 * 8 ** 0.25)
    assert one_parent([1, 3], [1, 1], {"method": "pmean", "p": 2.0}) == pytest.approx(math.sqrt(5))
    assert one_parent([1, 3], [1, 1], {"method": "pmean", "p": 0.0}) == pytest.approx(math.sqrt(3))


def test_missing_values_renormalise_the_weights():
    assert one_parent([2, np.nan, 8], [1, 5, 3], {"method": "amean"}) == pytest.approx((2 + 24) / 4)
    assert np.isnan(one_parent([np.nan, np.nan], [1, 1], {"method": "amean"}))


def test_copeland_scores_wins_minus_losses_of_the_weighted_outranking_matrix():
    # unit 0 beats both others on c0 (weight .5), ties unit 1 on c1 (weight .5), loses to 2 on c1
    x = np.array([[[3.0, 1.0], [1.0, 1.0], [2.0, 2.0]]])
    w = np.array([[1.0, 1.0]])
    got = aggregate_level(x, w, np.ones((2, 1)), {"method": "copeland"})[0, :, 0]
    # outranking: 0 vs 1: .5 + .25 = .75 (win) ; 0 vs 2: .5 + 0 = .5 (draw)   -> +1
    #             1 vs 0: .25 (loss)           ; 1 vs 2: 0 (loss)              -> -2
    #             2 vs 0: .5 (draw)            ; 2 vs 1: 1 (win)               -> +1
    assert got.tolist() == [1.0, -2.0, 1.0]


def test_copeland_takes_the_lower_triangle_as_one_minus_the_upper_as_coinr():
    # unit 1 lacks c0, so pairs with unit 1 are compared on c1 only
    x = np.array([[[2.0, 1.0], [np.nan, 1.0], [1.0, 3.0]]])
    w = np.array([[1.0, 1.0]])
    got = aggregate_level(x, w, np.ones((2, 1)), {"method": "copeland"})[0, :, 0]
    # O_01 = 0 + .25 = .25 (loss); O_02 = .5 (draw); O_12 = 0 (loss)
    # O_10 = 1 - .25 = .75 (win), not .25 from a direct count; O_20 = .5; O_21 = 1
    assert got.tolist() == [-1.0, 0.0, 1.0]


def test_ranks_share_the_lowest_rank_on_ties():
    ranks = rank_desc_rows(np.array([[5.0, 7.0, 5.0, np.nan, 1.0]]))
    assert ranks[0, :3].tolist() == [2.0, 1.0, 2.0] and np.isnan(ranks[0, 3]) and ranks[0, 4] == 4.0


def test_minmax_flips_negative_directions_and_maps_onto_the_range(tmp_path):
    ix = small_index(tmp_path, {"normalise": {"method": "minmax", "range": [1, 11]}})
    n = ix.data["Normalised"]
    assert n["i1"].tolist() == pytest.approx([1, 3.5, 11, 6])           # (x-2)/8*10+1
    assert n["i2"].tolist() == pytest.approx([11, 6, 1, 8.5])           # lowest i2 is best


def test_zscore_has_the_asked_mean_and_sd(tmp_path):
    ix = small_index(tmp_path, {"normalise": {"method": "zscore", "mean": 10, "sd": 2}})
    z = ix.data["Normalised"]["i3"]
    assert z.mean() == pytest.approx(10) and z.std(ddof=1) == pytest.approx(2)
    assert z["D"] == pytest.approx(10 + 2 * (12 - 7.5) / np.std([3, 9, 6, 12], ddof=1))


def test_goalposts_truncate_and_respect_direction(tmp_path):
    ix = small_index(tmp_path, {"normalise": {"method": "goalposts", "posts": {"i1": [3, 8], "i2": [1, 5], "i3": [0, 10]}}})
    n = ix.data["Normalised"]
    assert n["i1"].tolist() == pytest.approx([0, 20, 100, 60])
    assert n["i2"].tolist() == pytest.approx([100, 50, 0, 75])          # direction -1: 1 is the best post
    assert n["i3"].tolist() == pytest.approx([30, 90, 60, 100])


def test_rank_percentile_and_distance_methods(tmp_path):
    n = small_index(tmp_path, {"normalise": {"method": "rank"}}).data["Normalised"]
    assert n["i1"].tolist() == [1, 2, 4, 3]
    n = small_index(tmp_path, {"normalise": {"method": "prank"}}).data["Normalised"]
    assert n["i3"].tolist() == pytest.approx([0, 2 / 3, 1 / 3, 1])
    n = small_index(tmp_path, {"normalise": {"method": "dist2targ", "cap_max": True, "targets": {"i2": 1, "i3": 12}}}).data["Normalised"]
    assert n["i1"].tolist() == pytest.approx([0, 0.25, 1, 0.5])        # target 10 from iMeta
    n = small_index(tmp_path, {"normalise": {"method": "dist2ref", "unit": "B"}}).data["Normalised"]
    assert n["i3"].tolist() == pytest.approx([0, 1, 0.5, 1.5])
    n = small_index(tmp_path, {"normalise": {"method": "fracmax"}}).data["Normalised"]
    assert n["i3"].tolist() == pytest.approx([0.25, 0.75, 0.5, 1])


def test_per_indicator_normalisation_override(tmp_path):
    n = small_index(tmp_path, {"normalise": {"method": "minmax", "indicators": {"i3": {"method": "rank"}}}}).data["Normalised"]
    assert n["i3"].tolist() == [1, 3, 2, 4] and n["i1"].max() == 100


def test_aggregation_uses_weights_at_every_level(tmp_path):
    ix = small_index(tmp_path)
    n, agg = ix.data["Normalised"], ix.data["Aggregated"]
    assert agg["P1"].tolist() == pytest.approx(((n["i1"] + n["i2"]) / 2).tolist())
    assert agg["IDX"].tolist() == pytest.approx(((agg["P1"] + 3 * agg["P2"]) / 4).tolist())
    assert ix.ranks["IDX"].tolist() == [4, 2, 3, 1]


def test_denominate_divides_by_the_meta_denominator(tmp_path):
    from .small import META

    meta = META.copy()
    meta["Denominator"] = None
    meta.loc[meta.iCode == "i1", "Denominator"] = "pop"
    ix = small_index(tmp_path, {"denominate": {}}, meta=meta)
    assert ix.data["Denominated"]["i1"].tolist() == pytest.approx([2, 2, 2.5, 1.2])
    assert ix.data["Denominated"]["i3"].tolist() == [3, 9, 6, 12]


def test_impute_by_group_mean_and_median(tmp_path):
    from .small import DATA

    data = DATA.copy()
    data.loc[1, "i1"] = np.nan   # B, group x: only A (2) remains
    data.loc[3, "i3"] = np.nan   # D, group y: only C (6) remains
    ix = small_index(tmp_path, {"impute": {"method": "mean", "by_group": "grp"}}, data=data)
    assert ix.data["Imputed"].loc["B", "i1"] == 2 and ix.data["Imputed"].loc["D", "i3"] == 6
    ix = small_index(tmp_path, {"impute": {"method": "median"}}, data=data)
    assert ix.data["Imputed"].loc["B", "i1"] == 6   # median of 2, 10, 6
    assert ix.log[0] == {"step": "impute", "args": {"method": "median"}, "imputed": 2, "still_missing": 0}


def test_screen_drops_units_below_the_availability_threshold(tmp_path):
    from .small import DATA

    data = DATA.copy()
    data.loc[0, ["i1", "i2"]] = np.nan
    ix = small_index(tmp_path, {"screen": {"min_availability": 0.5}}, data=data)
    assert list(ix.data["Screened"].index) == ["B", "C", "D"]
    assert ix.details["screen"]["removed_units"] == ["A"]
    assert "A" not in ix.scores.index


def test_winsorisation_clips_the_extreme_until_skew_and_kurtosis_pass():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100])
    assert not (abs(skew(x)) < 2 or kurt(x) < 3.5)
    out, nwin = winsorise(x, winmax=5, skew_limit=2, kurt_limit=3.5)
    assert nwin == 1 and out[-1] == 10 and out[:-1].tolist() == x[:-1].tolist()


def test_winsorisation_stops_at_winmax_and_log_transform_takes_over(tmp_path):
    from .small import DATA

    data = DATA.loc[[0] * 23].reset_index(drop=True)
    data["uCode"] = [f"U{i}" for i in range(23)]
    data["i1"] = list(range(1, 21)) + [500.0, 600, 1000]   # one point is not enough
    data["i2"] = np.arange(23.0)
    data["i3"] = np.arange(23.0) ** 1.5
    ix = small_index(tmp_path, {"treat": {"winmax": 1}}, data=data)
    t = ix.details["treat"]["treated"]
    assert t == [{"indicator": "i1", "winsorised": 0, "transform": "log_ct"}]
    expect = log_transform(data["i1"].to_numpy(), "ct")          # of the ORIGINAL values
    assert ix.data["Treated"]["i1"].tolist() == pytest.approx(expect.tolist())
    assert expect[0] == pytest.approx(np.log(0.01 * 999))
    ix = small_index(tmp_path, {"treat": {"winmax": 3}}, data=data)
    assert ix.details["treat"]["treated"] == [{"indicator": "i1", "winsorised": 3, "transform": None}]
    assert ix.data["Treated"]["i1"].tolist()[-3:] == [20, 20, 20]


def test_treatment_can_be_switched_off_globally_or_per_indicator(tmp_path):
    from .small import DATA

    data = DATA.loc[[0] * 12].reset_index(drop=True)
    data["uCode"] = [f"U{i}" for i in range(12)]
    data["i1"] = [1.0] * 11 + [1000]
    ix = small_index(tmp_path, {"treat": {"disable": True}}, data=data)
    assert ix.data["Treated"]["i1"].max() == 1000
    ix = small_index(tmp_path, {"treat": {"indicators": {"i1": "none"}}}, data=data)
    assert ix.data["Treated"]["i1"].max() == 1000
    with pytest.raises(InputError, match="treat.indicators: unknown iCode"):
        small_index(tmp_path, {"treat": {"indicators": {"nope": "none"}}}, data=data)


def test_latest_and_linear_imputation_from_the_panel(tmp_path):
    import pandas as pd

    from coopwatch.evaluate import Index, spec_from_dict

    meta = pd.DataFrame([
        {"Level": 1, "iCode": "a", "Direction": 1, "Weight": 1, "Parent": "IDX", "Type": "Indicator"},
        {"Level": 1, "iCode": "b", "Direction": 1, "Weight": 1, "Parent": "IDX", "Type": "Indicator"},
        {"Level": 2, "iCode": "IDX", "Direction": 1, "Weight": 1, "Parent": None, "Type": "Aggregate"}])
    meta.to_csv(tmp_path / "meta.csv", index=False)
    rows = [("R1", "a", 2019, 1.0), ("R1", "a", 2021, 3.0), ("R1", "a", 2023, 7.0),   # R1 misses 2022
            ("R2", "a", 2020, 5.0), ("R2", "a", 2022, 6.0),                           # R2: latest 2022
            ("R3", "a", 2022, 4.0), ("R3", "a", 2018, 2.0)]
    rows += [(r, "b", 2022, v) for r, v in (("R1", 1.0), ("R2", 2.0), ("R3", 3.0))]
    pd.DataFrame(rows, columns=["region", "indicator", "year", "value"]).to_csv(tmp_path / "obs.csv", index=False)

    def build(method, **extra):
        spec = {"data": {"observations": "obs.csv", "year": 2022}, "meta": "meta.csv",
                "steps": {"impute": {"method": method, **extra}}}
        return Index.from_spec(spec_from_dict(spec, base=tmp_path)).data["Imputed"]["a"]

    latest = build("latest")
    assert latest.tolist() == [3.0, 6.0, 4.0]                   # R1 takes its 2021 value
    assert build("latest", max_lag=0).isna().tolist() == [True, False, False]
    linear = build("linear")
    assert linear["R1"] == pytest.approx(5.0)                   # halfway between 3 (2021) and 7 (2023)


def test_denominators_can_come_from_a_separate_file(tmp_path):
    import pandas as pd

    from coopwatch.evaluate import Index, spec_from_dict

    from .small import DATA, META, write_small

    meta = META.copy()
    meta["Denominator"] = None
    meta.loc[meta.iCode == "i3", "Denominator"] = "pop"
    write_small(tmp_path, DATA.drop(columns=["pop"]), meta)
    pd.DataFrame({"uCode": ["D", "C", "B", "A", "Z"], "pop": [3.0, 2.0, 3.0, 1.0, 9.0]}).to_csv(tmp_path / "den.csv", index=False)
    spec = {"data": {"units": "data.csv"}, "meta": "meta.csv", "denominators": "den.csv", "steps": {"denominate": {}}}
    ix = Index.from_spec(spec_from_dict(spec, base=tmp_path))
    assert ix.data["Denominated"]["i3"].tolist() == pytest.approx([3, 3, 3, 4])
    spec["steps"] = {"denominate": {"by": {"i1": "gdp"}}}
    with pytest.raises(InputError, match="denominator\\(s\\) gdp not found"):
        Index.from_spec(spec_from_dict(spec, base=tmp_path))


def test_log_transform_variants():
    x = np.array([1.0, 2.0, 11.0, np.nan])
    assert log_transform(x, "ct")[:3] == pytest.approx(np.log([0.1, 1.1, 10.1]))      # + 0.01 (max - min)
    assert log_transform(x, "ct_orig")[:3] == pytest.approx(np.log([1.0, 2.0, 11.0]))  # x - min + 1
    assert log_transform(x, "boxcox", 0.5)[:3] == pytest.approx([0.0, 2 * (np.sqrt(2) - 1), 2 * (np.sqrt(11) - 1)])
    assert np.isnan(log_transform(x, "ct")[3])


def test_scaling_the_weights_of_siblings_together_changes_nothing(asem):
    siblings = asem.framework.children("Physical")
    scaled = asem.rebuild({"weights": {c: 7.5 for c in siblings}})
    assert np.allclose(scaled.scores.to_numpy(), asem.scores.to_numpy(), rtol=0, atol=1e-9)
    doubled_one = asem.rebuild({"weights": {siblings[0]: 2.0}})
    assert not np.allclose(doubled_one.scores["Physical"], asem.scores["Physical"])
