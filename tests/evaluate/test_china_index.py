"""The China regional S&T index over the shared provincial observations, from a CSV and from
the store's current observations."""

from __future__ import annotations

import pandas as pd
import pytest

from coopwatch.errors import InputError
from coopwatch.evaluate import Index, load_spec
from coopwatch.evaluate.china import CHINA_SPEC, build_china_index


@pytest.fixture
def observations_csv(shared):
    return shared / "data" / "observations" / "china-provinces-2018-2024.csv"


def test_china_index_ranks_the_31_provinces_with_intervals(observations_csv):
    china = build_china_index(observations_csv, 2023, runs=200, seed=1)
    table = china.table()
    assert len(table) == 31 and table.index.str.fullmatch(r"\d{2}0000").all()
    assert table["rank"].tolist() == sorted(table["rank"].tolist())
    assert ((table["p5_rank"] <= table["median_rank"]) & (table["median_rank"] <= table["p95_rank"])).all()
    assert set(china.index.framework.codes_at(2)) == {"RDIntensity", "InnoElements", "IndInno", "InnoEcology", "Collab"}
    # Beijing leads on R&D intensity and technology market intensity in every year of the data
    assert china.top(1).index[0] == "110000"
    assert len(china.bottom(5)) == 5
    lines = china.summary_lines(3)
    assert len(lines) == 8 and "Beijing" in lines[1] and lines[4].startswith("bottom")


def test_derived_indicators_are_computed_from_the_observations(observations_csv):
    spec = load_spec(CHINA_SPEC)
    spec.data["observations"] = observations_csv
    ix = Index.from_spec(spec)
    obs = pd.read_csv(observations_csv, dtype={"region": str})
    value = obs.set_index(["region", "indicator", "year"])["value"]
    bj = ix.data["Raw"].loc["110000"]
    turnover = value[("110000", "technology_contract_turnover", 2023)]
    assert bj["tech_market_intensity"] == pytest.approx(100 * turnover / value[("110000", "gdp", 2023)])
    growth = 100 * ((turnover / value[("110000", "technology_contract_turnover", 2020)]) ** (1 / 3) - 1)
    assert bj["technology_contract_turnover_growth"] == pytest.approx(growth)


def test_china_index_from_the_store_uses_current_observations_only(store, observations_csv):
    from coopwatch.store.models import Observation

    obs = pd.read_csv(observations_csv, dtype={"region": str})
    obs = obs[obs["year"].between(2019, 2023)]
    with store.session() as s:
        for row in obs.itertuples():
            s.add(Observation(region=row.region, indicator=row.indicator, year=int(row.year), value=float(row.value),
                              unit=row.unit, revision=2, is_current=True))
            if row.indicator == "rd_intensity" and row.year == 2023:   # an old revision that must be ignored
                s.add(Observation(region=row.region, indicator=row.indicator, year=2023, value=99.0,
                                  revision=1, is_current=False))
    from_store = build_china_index(store, 2023, runs=50, seed=2)
    from_csv = build_china_index(observations_csv, 2023, runs=50, seed=2)
    assert from_store.index.data["Raw"].equals(from_csv.index.data["Raw"])
    assert from_store.table()["rank"].equals(from_csv.table()["rank"])


def test_panel_normalisation_puts_two_years_on_one_scale(observations_csv):
    spec = load_spec(CHINA_SPEC)
    spec.data["observations"] = observations_csv
    y2023 = Index.from_spec(spec)
    ref = {"normalise": {"panel": {"reference_year": 2021}}}
    a = y2023.rebuild(ref)
    assert a.details["panel_years"] == [2021]
    # 2021 itself normalised on its own distribution spans exactly [0, 100]
    spec21 = load_spec(CHINA_SPEC)
    spec21.data.update(observations=observations_csv, year=2021)
    b = Index.from_spec(spec21).rebuild(ref)
    assert b.data["Normalised"]["rd_intensity"].min() == pytest.approx(0)
    assert b.data["Normalised"]["rd_intensity"].max() == pytest.approx(100)
    # on the 2021 scale, a province whose 2023 intensity exceeds the 2021 maximum scores above 100
    raw23, raw21 = y2023.data["Treated"]["rd_intensity"], b.data["Treated"]["rd_intensity"]
    above = raw23 > raw21.max()
    assert above.any() and (a.data["Normalised"]["rd_intensity"][above] > 100).all()
    pooled = y2023.rebuild({"normalise": {"panel": "pooled"}})
    assert 2023 in pooled.details["panel_years"] and len(pooled.details["panel_years"]) >= 5
    assert pooled.data["Normalised"].max().max() <= 100 + 1e-9


def test_regions_select_units_by_macro_region_and_names_come_from_the_gazetteer(observations_csv):
    spec = load_spec(CHINA_SPEC)
    spec.data.update(observations=observations_csv, regions=["west"])
    ix = Index.from_spec(spec)
    assert len(ix.scores) == 12 and "510000" in ix.scores.index and "110000" not in ix.scores.index
    assert ix.results().loc["510000", "uName"] == "Sichuan"
    spec.data.update(regions=["Atlantis"])
    with pytest.raises(InputError, match="'Atlantis' is not a region code or a known region name"):
        Index.from_spec(spec)
