"""Derived values (ratios of sums for groups, R&D intensity where missing) and data checks."""

from __future__ import annotations

import pytest

from coopwatch.indicators import ObservationSet, check_observations, derived_series, store_derived_values
from coopwatch.indicators import list_observations
from coopwatch.store.audit import list_audit

from .helpers import write_csv


def test_a_group_ratio_is_the_ratio_of_sums_and_needs_every_member(loaded):
    obs = ObservationSet.load(loaded)
    cy = derived_series(obs, "group:chengyu", "rd_intensity")
    assert cy[2022].value == pytest.approx((686.6 + 1215.0) / (28576.1 + 56610.2) * 100)
    assert cy[2022].derived and {d["region"] for d in cy[2022].derived_from} == {"500000", "510000"}
    assert 2024 not in cy  # R&D 2024 is published for both, GDP 2024 for neither
    gdp = derived_series(obs, "group:chengyu", "gdp")
    assert gdp[2023].value == pytest.approx(30145.8 + 60132.9)


def test_macro_region_levels_are_sums_over_members(loaded):
    obs = ObservationSet.load(loaded)
    west = derived_series(obs, "macro:west", "rd_expenditure")
    members = ["150000", "450000", "500000", "510000", "520000", "530000", "540000", "610000", "620000",
               "630000", "640000", "650000"]
    assert west[2023].value == pytest.approx(sum(obs.series(m, "rd_expenditure")[2023].value for m in members))
    assert 2024 not in west  # only three western provinces have 2024 figures


def test_rd_intensity_is_derived_where_it_is_not_published(store, tmp_path):
    from coopwatch.indicators import import_observations

    import_observations(store, [write_csv(tmp_path / "x.csv", [
        ["510000", "rd_expenditure", 2023, 1357.8, "亿元", "NBS"], ["510000", "gdp", 2023, 60132.9, "亿元", "NBS"]])], user="admin")
    value = derived_series(ObservationSet.load(store), "510000", "rd_intensity")[2023]
    assert value.value == pytest.approx(1357.8 / 60132.9 * 100) and value.derived
    assert set(value.sources) == {"NBS"}


def test_stored_derived_values_are_flagged_idempotent_and_audited(loaded):
    first = store_derived_values(loaded, user="admin")
    assert first["stored"] > 0
    assert store_derived_values(loaded, user="admin")["stored"] == 0
    # one audit entry, of the run that stored values; the run that changed nothing wrote none
    derives = list_audit(loaded, by="admin", action="derive")
    assert [(e["actor"], e["entity"], e["after"]) for e in derives] == [("admin", "observation", first)]
    rows = list_observations(loaded, region="group:chengyu", indicator="rd_intensity", year=2022)
    assert rows[0]["derived_from"] and rows[0]["value"] == pytest.approx(2.2322838)
    # published values are never replaced by derived ones
    assert list_observations(loaded, region="510000", indicator="rd_intensity", year=2022)[0]["derived_from"] is None


def test_checks_find_outliers_ranges_and_missing_years(store, tmp_path):
    from coopwatch.indicators import import_observations

    rows = []
    for i, code in enumerate(["110000", "120000", "130000", "140000", "150000", "210000"]):
        for year in range(2018, 2024):
            rows.append([code, "gdp", year, round(1000 * (1.06 + i * 0.002) ** (year - 2018), 1), "亿元", "NBS"])
    rows = [r for r in rows if not (r[0] == "130000" and r[2] == 2020)]        # a gap
    rows = [r if not (r[0] == "140000" and r[2] == 2022) else r[:3] + [5000.0] + r[4:] for r in rows]  # a jump
    rows.append(["110000", "rd_intensity", 2022, 112.0, "%", "typo"])           # impossible share
    import_observations(store, [write_csv(tmp_path / "c.csv", rows)], user="admin")
    findings = check_observations(store, z=3.0)
    kinds = {(f.check, f.region, f.indicator, f.year) for f in findings}
    assert ("outlier", "140000", "gdp", 2022) in kinds
    assert ("missing", "130000", "gdp", 2020) in kinds
    assert ("range", "110000", "rd_intensity", 2022) in kinds
    assert not any(f.check == "outlier" and f.region == "110000" for f in findings)
    assert len(check_observations(store, z=50)) < len(findings)  # the threshold is the user's
