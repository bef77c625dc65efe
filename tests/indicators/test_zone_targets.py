"""Targets set for a zone (the Western Science City) are judged on the zone's own data, or on its
four parts when every part has data, never on the wider area that stands in for it, unless the
plan file declares that area the target's measure. The zone values below are made up for the
tests (the Science City publishes none that we could find); the provincial values are the
shipped real ones."""

from __future__ import annotations

import pytest

from coopwatch.indicators import evaluate_targets, import_observations
from coopwatch.plans import bundled_plans

from .helpers import write_csv

PLAN = "western-science-city-2023"
PARTS = ("西部(成都)科学城", "两江协同创新区", "西部(重庆)科学城", "中国(绵阳)科技城")


def judged(store, indicator: str):
    return next(a for a in evaluate_targets(store, plan_id=PLAN) if a.indicator == indicator)


def import_rows(store, tmp_path, rows, name="zone.csv"):
    return import_observations(store, [write_csv(tmp_path / name, rows)], user="admin")


def test_a_zone_target_with_zone_data_is_judged_on_the_zone(loaded, tmp_path):
    # filed by name, in zh and en, as an evaluator would write them
    import_rows(loaded, tmp_path, [["西部科学城", "rd_intensity", 2021, 3.9, "%", "test values"],
                                   ["西部科学城", "rd_intensity", 2022, 4.1, "%", "test values"],
                                   ["Western Science City", "rd_intensity", 2023, 4.3, "%", "test values"]])
    c = judged(loaded, "rd_intensity").as_contract()
    assert c["region"] == "zone:western-science-city"
    assert c["judged_on"] == "region" and c["reason"] is None
    assert c["proxy"] is None and c["proxy_context"] is None  # the provinces play no part
    # baseline: the last value before the 2023 opinions
    assert c["baseline"] == {"year": 2022, "value": 4.1} and c["latest"] == {"year": 2023, "value": 4.3}
    required = (5 / 4.1) ** (1 / 3) - 1
    ratio = (4.3 / 4.1 - 1) / required
    assert c["ratio"] == pytest.approx(ratio, abs=1e-6)
    assert 0.6 <= ratio < 0.95 and c["status"] == "acceleration_needed"
    assert c["sources"] == ["test values"]


def test_a_zone_is_judged_on_the_sum_of_its_parts_when_every_part_has_data(loaded, tmp_path):
    counts = {2022: (1000, 800, 600, 300), 2024: (1500, 1200, 900, 500)}
    import_rows(loaded, tmp_path, [[part, "national_high_tech_enterprises", year, n[i], "家", f"test values {part}"]
                                   for year, n in counts.items() for i, part in enumerate(PARTS)])
    c = judged(loaded, "national_high_tech_enterprises").as_contract()
    assert c["judged_on"] == "parts" and c["reason"] is None and c["proxy_context"] is None
    assert c["baseline"] == {"year": 2022, "value": 2700.0} and c["latest"] == {"year": 2024, "value": 4100.0}
    observed, required = (4100 / 2700) ** 0.5 - 1, (7000 / 2700) ** (1 / 3) - 1
    assert c["ratio"] == pytest.approx(observed / required, abs=1e-6)
    assert observed / required < 0.95 and c["status"] == "acceleration_needed"
    assert len(c["sources"]) == 4  # one per part


def test_data_for_only_some_parts_leave_the_zone_target_insufficient(loaded, tmp_path):
    import_rows(loaded, tmp_path, [[part, "national_high_tech_enterprises", year, 500 + year - 2000, "家", "test values"]
                                   for year in (2022, 2024) for part in PARTS[:3]])
    a = judged(loaded, "national_high_tech_enterprises")
    c = a.as_contract()
    assert c["status"] == "insufficient_data" and c["judged_on"] is None and c["latest"] is None
    assert "missing: China (Mianyang) Science and Technology City" in c["reason"]
    assert "中国（绵阳）科技城" in a.reason_text("zh")
    # the provinces' real counts are still shown, as context
    assert c["proxy"] == "group:chengyu" and c["proxy_context"]["latest"] == {"year": 2022, "value": 20848.0}


def test_a_proxy_is_judged_only_where_the_plan_file_declares_it_the_measure(loaded, tmp_path):
    from coopwatch.plans.planfile import dump_plan, framework_from_mapping, framework_to_mapping, read_plan_file
    from coopwatch.plans.registry import get_plan, import_plan

    plan = next(p for p in bundled_plans() if p.id == PLAN)
    mapping = framework_to_mapping(plan)
    for t in mapping["targets"]:
        assert "proxy_is_measure" not in t  # off by default
        if t["indicator"] == "rd_intensity":
            t["proxy_is_measure"] = True
    path = tmp_path / "wsc-on-proxy.yaml"
    path.write_text(dump_plan(framework_from_mapping(mapping)), encoding="utf-8")
    assert next(t for t in read_plan_file(path).targets if t.indicator == "rd_intensity").proxy_is_measure
    import_plan(loaded, path, actor="admin")  # kept by the plan registry (target.proxy_is_measure)
    stored = next(t for t in get_plan(loaded, PLAN).targets if t.indicator == "rd_intensity")
    assert stored.proxy_is_measure
    results = {a.indicator: a.as_contract() for a in evaluate_targets(loaded, plan_id=PLAN)}
    c = results["rd_intensity"]
    assert c["judged_on"] == "proxy" and c["proxy"] == "group:chengyu" and c["proxy_context"] is None
    assert c["latest"]["value"] == pytest.approx((746.7 + 1357.8) / (30145.8 + 60132.9) * 100, abs=1e-6)
    assert c["status"] == "limited_progress" and "declared the target's measure" in c["method"]
    # the other targets are still only shown the proxy
    assert results["national_high_tech_enterprises"]["status"] == "insufficient_data"


def test_a_declared_proxy_needs_a_proxy(tmp_path):
    from coopwatch.errors import InputError
    from coopwatch.plans.planfile import framework_from_mapping, framework_to_mapping

    mapping = framework_to_mapping(next(p for p in bundled_plans() if p.id == PLAN))
    mapping["targets"][0].update(proxy=None, proxy_is_measure=True)
    with pytest.raises(InputError, match=r"targets\[0\]\.proxy_is_measure"):
        framework_from_mapping(mapping)
    mapping["targets"][0].update(proxy="成渝", proxy_is_measure="yes")
    with pytest.raises(InputError, match="is not true or false"):
        framework_from_mapping(mapping)
