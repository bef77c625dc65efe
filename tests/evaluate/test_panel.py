"""Panel indices: a synthetic 5-unit × 4-year panel whose reference-year min-max scores are
worked out by hand below, within-series imputation before cross-section imputation, the
vectorised uncertainty over all years against rebuilds, and the China panel on the shipped data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coopwatch.errors import InputError
from coopwatch.evaluate import Index, spec_from_dict
from coopwatch.evaluate.panel import PanelAnalysis, PanelIndex, parse_years, run_panel_uncertainty

YEARS = [2020, 2021, 2022, 2023]
NAN = np.nan
A = {"U1": [10, 14, 18, 60], "U2": [20, 22, 22, 30], "U3": [30, 30, NAN, 40],
     "U4": [NAN, 38, 40, 44], "U5": [50, 60, 65, 70]}
B = {"U1": [5, 4, 4, 3], "U2": [4, 4, 3, NAN], "U3": [3, 2, 2, 2],   # direction -1: lower is better
     "U4": [2, 2, 1, 1], "U5": [1, 0, 0, 1]}
META = pd.DataFrame([
    {"Level": 1, "iCode": "a", "iName": "a", "Direction": 1, "Weight": 1, "Parent": "P1", "Type": "Indicator"},
    {"Level": 1, "iCode": "b", "iName": "b", "Direction": -1, "Weight": 1, "Parent": "P2", "Type": "Indicator"},
    {"Level": 2, "iCode": "P1", "iName": "P1", "Direction": 1, "Weight": 1, "Parent": "IDX", "Type": "Aggregate"},
    {"Level": 2, "iCode": "P2", "iName": "P2", "Direction": 1, "Weight": 1, "Parent": "IDX", "Type": "Aggregate"},
    {"Level": 3, "iCode": "IDX", "iName": "index", "Direction": 1, "Weight": 1, "Parent": None, "Type": "Aggregate"},
])


def write_panel(folder, drop=None):
    rows = [{"region": u, "indicator": ind, "year": y, "value": v}
            for ind, table in (("a", A), ("b", B)) for u, values in table.items()
            for y, v in zip(YEARS, values) if not np.isnan(v)]
    tidy = pd.DataFrame(rows)
    if drop:
        tidy = tidy[~((tidy["region"] == drop[0]) & (tidy["indicator"] == drop[1]))]
    tidy.to_csv(folder / "obs.csv", index=False)
    META.to_csv(folder / "meta.csv", index=False)


def panel_spec(folder, normalise_panel, uncertainty=None):
    spec = {"data": {"observations": "obs.csv", "year": 2023}, "meta": "meta.csv",
            "steps": {"impute": {"series": "linear", "method": "mean"},
                      "normalise": {"method": "minmax", "range": [0, 100], "panel": normalise_panel},
                      "aggregate": {"method": "amean"}}}
    if uncertainty:
        spec["uncertainty"] = uncertainty
    return spec_from_dict(spec, base=folder)


@pytest.fixture
def panel(tmp_path):
    write_panel(tmp_path)
    return PanelIndex.from_spec(panel_spec(tmp_path, {"reference_year": 2020}), YEARS)


def test_reference_year_min_max_scores_by_hand(panel):
    # linear imputation in the unit's own series: U3 a 2022 = (30 + 40) / 2 = 35,
    # U4 a 2020 = 38 (constant before the first value), U2 b 2023 = 3 (constant after the last)
    # 2020 is the reference: a in [10, 50] -> 2.5 (a - 10); b (direction -1) in [1, 5] -> 25 (5 - b)
    a = {2020: [0, 25, 50, 70, 100], 2021: [10, 30, 50, 70, 125],
         2022: [20, 30, 62.5, 75, 137.5], 2023: [125, 50, 75, 85, 150]}
    b = {2020: [0, 25, 50, 75, 100], 2021: [25, 25, 75, 75, 125],
         2022: [25, 50, 75, 100, 125], 2023: [50, 50, 75, 100, 100]}
    index = {2020: [0, 25, 50, 72.5, 100], 2021: [17.5, 27.5, 62.5, 72.5, 125],
             2022: [22.5, 40, 68.75, 87.5, 131.25], 2023: [87.5, 50, 75, 92.5, 125]}
    units = ["U1", "U2", "U3", "U4", "U5"]
    for year in YEARS:
        got = panel.scores.loc[year].reindex(units)
        assert got["P1"].tolist() == pytest.approx(a[year]), year
        assert got["P2"].tolist() == pytest.approx(b[year]), year
        assert got["IDX"].tolist() == pytest.approx(index[year]), year
    table = panel.table()
    u1 = table[table["uCode"] == "U1"].set_index("year")
    # U1 ranks last until 2023, when its a jumps to 60: third, two places up, 87.5 points gained
    assert u1["rank"].tolist() == [5, 5, 5, 3]
    assert u1.at[2023, "rank_change"] == 2 and u1.at[2023, "score_change"] == pytest.approx(87.5)
    assert sorted(table.loc[table["year"] == 2022, "rank"]) == [1, 2, 3, 4, 5]
    out = panel.to_dict()
    assert out["years"] == YEARS and out["normalisation"]["reference_years"] == [2020] and len(out["rows"]) == 20


def test_pooled_normalisation_takes_min_and_max_over_all_years(tmp_path):
    write_panel(tmp_path)
    pooled = PanelIndex.from_spec(panel_spec(tmp_path, "pooled"), YEARS)
    # a over all years: 10 (U1 2020) to 70 (U5 2023)
    assert pooled.scores.loc[(2020, "U1"), "P1"] == pytest.approx(0)
    assert pooled.scores.loc[(2023, "U5"), "P1"] == pytest.approx(100)
    assert pooled.scores.loc[(2021, "U2"), "P1"] == pytest.approx((22 - 10) / 60 * 100)
    # b over all years: 0 to 5
    assert pooled.scores.loc[(2021, "U5"), "P2"] == pytest.approx(100)
    assert pooled.scores.loc[(2020, "U1"), "P2"] == pytest.approx(0)


def test_series_imputation_comes_before_the_cross_section(tmp_path):
    write_panel(tmp_path, drop=("U1", "b"))            # U1 has no b in any year
    spec = panel_spec(tmp_path, None)
    spec.steps["normalise"].pop("panel")
    spec.data["year"] = 2022
    imputed = Index.from_spec(spec).data["Imputed"]
    assert imputed.at["U3", "a"] == pytest.approx(35)  # its own series, not the 2022 mean
    assert imputed.at["U1", "b"] == pytest.approx(np.mean([3, 2, 1, 0]))   # nothing to go on: the others' mean
    with pytest.raises(InputError, match="impute.series"):
        Index.from_spec(spec_from_dict({"data": {"observations": "obs.csv", "year": 2022}, "meta": "meta.csv",
                                        "steps": {"impute": {"series": "spline"}}}, base=tmp_path))


def test_uncertainty_over_all_years_at_once_equals_rebuilding_run_by_run(tmp_path):
    write_panel(tmp_path)
    unc = {"normalise": [{"method": "minmax", "range": [1, 100]}, {"method": "zscore", "mean": 10, "sd": 2}],
           "aggregate": ["amean", "copeland"], "weights": {"noise": 0.3, "levels": [1, 2]}}
    panel = PanelIndex.from_spec(panel_spec(tmp_path, {"reference_year": 2020}, unc), YEARS)
    analysis = PanelAnalysis(panel)
    design = analysis.random_design(12, 4)
    fast = analysis.ranks(design)
    slow = np.vstack([analysis.rebuild_run(design, r) for r in range(12)])
    assert np.array_equal(fast, slow)
    assert fast.shape == (12, 20) and set(np.unique(fast)) <= {1, 2, 3, 4, 5}
    result = run_panel_uncertainty(panel, 200, seed=1)
    table = panel.table(uncertainty=result)
    assert ((table["p5_rank"] <= table["median_rank"]) & (table["median_rank"] <= table["p95_rank"])).all()


def test_years_are_parsed_and_a_missing_year_is_refused(tmp_path):
    assert parse_years("2018-2021") == [2018, 2019, 2020, 2021]
    assert parse_years("2019, 2023") == [2019, 2023]
    with pytest.raises(InputError, match="--years"):
        parse_years("last")
    write_panel(tmp_path)
    with pytest.raises(InputError, match="no observations for year"):
        PanelIndex.from_spec(panel_spec(tmp_path, "pooled"), [2019, 2020])


def test_china_panel_ranks_31_provinces_in_every_year_with_complete_data(shared):
    from coopwatch.evaluate.china import build_china_panel, complete_years

    csv = shared / "data" / "observations" / "china-provinces-2018-2024.csv"
    # the 3-year growth of technology contract turnover exists from 2021 on
    assert complete_years(csv) == [2021, 2022, 2023]
    china = build_china_panel(csv, list(range(2018, 2024)), runs=100, seed=1)
    table = china.table()
    assert china.skipped == [2018, 2019, 2020]
    assert table.groupby("year")["uCode"].nunique().to_dict() == {2021: 31, 2022: 31, 2023: 31}
    for _, year in table.groupby("year"):
        assert sorted(year["rank"]) == list(range(1, 32))
    first = table[table["year"] == 2021]
    assert (first["score_change"] == 0).all() and (first["rank_change"] == 0).all()
    assert china.to_dict()["normalisation"]["panel"] == "pooled"
