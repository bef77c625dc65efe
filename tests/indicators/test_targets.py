"""Target attainment on the shipped real data: the five 2025 targets of the Western Science City
opinions, each with a status, the Chengdu-Chongqing proxy and the sources of its values."""

from __future__ import annotations

import json

import pytest

from coopwatch.indicators import backtest, evaluate_targets

CONTRACT_KEYS = {"plan", "item", "indicator", "comparator", "value", "unit", "year", "region", "proxy", "baseline",
                 "latest", "projected", "required_annual_growth", "observed_annual_growth", "ratio", "status",
                 "method", "sources"}
STATUSES = {"achieved", "on_track", "acceleration_needed", "limited_progress", "deterioration", "insufficient_data"}


@pytest.fixture
def wsc(loaded):
    """The targets of the bundled Western Science City plan (an empty plan registry falls back to the
    bundled plans, as `coopwatch init` would load them)."""
    return {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023")}


def test_the_five_western_science_city_targets_each_get_a_status_proxy_and_sources(wsc):
    assert set(wsc) == {"rd_intensity", "high_value_invention_patents_per_10k", "national_high_tech_enterprises",
                        "high_tech_industry_revenue_growth", "technology_contract_turnover_growth"}
    for r in wsc.values():
        c = r.as_contract()
        assert set(c) == CONTRACT_KEYS
        assert c["status"] in STATUSES
        assert c["region"] == "zone:western-science-city" and c["proxy"] == "group:chengyu"
        assert json.dumps(c)  # plain JSON


def test_rd_intensity_is_judged_on_chongqing_plus_sichuan(wsc):
    c = wsc["rd_intensity"].as_contract()
    # baseline: the year before the 2023 opinions; Σ R&D / Σ GDP × 100 of Chongqing and Sichuan
    assert c["baseline"] == {"year": 2022, "value": pytest.approx((686.6 + 1215.0) / (28576.1 + 56610.2) * 100, abs=1e-6)}
    assert c["latest"]["year"] == 2023  # 2024 has R&D but no GDP yet: no group value
    assert c["latest"]["value"] == pytest.approx((746.7 + 1357.8) / (30145.8 + 60132.9) * 100, abs=1e-6)
    required = (5 / c["baseline"]["value"]) ** (1 / 3) - 1
    observed = c["latest"]["value"] / c["baseline"]["value"] - 1
    assert c["required_annual_growth"] == pytest.approx(required, abs=1e-6)
    assert c["ratio"] == pytest.approx(observed / required, abs=1e-5)
    assert c["status"] == "limited_progress"
    assert c["projected"]["low"] <= c["projected"]["value"] <= c["projected"]["high"] < 5
    assert any("2023年全国科技经费投入统计公报" in s for s in c["sources"])
    assert any("Gross Regional Product" in s for s in c["sources"])


def test_technology_contract_growth_is_judged_on_the_level_series(wsc):
    c = wsc["technology_contract_turnover_growth"].as_contract()
    assert c["required_annual_growth"] == pytest.approx(0.05)
    assert c["observed_annual_growth"] == pytest.approx(c["latest"]["value"] / c["baseline"]["value"] - 1, abs=1e-6)
    assert c["status"] == "on_track"
    assert "technology_contract_turnover" in c["method"]
    assert any("中国科技统计年鉴" in s or "Statistical Yearbook on Science and Technology" in s or "techme" in s
               for s in c["sources"])


def test_targets_without_any_data_say_so(wsc):
    for indicator in ("high_value_invention_patents_per_10k", "high_tech_industry_revenue_growth"):
        c = wsc[indicator].as_contract()
        assert c["status"] == "insufficient_data" and c["latest"] is None and c["sources"] == []


def test_as_of_uses_only_earlier_data(loaded):
    early = {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023", as_of=2022)}
    assert early["rd_intensity"].latest.year == 2022
    assert early["rd_intensity"].baseline.year == 2021  # the baseline is always before the latest value


def test_a_region_option_judges_the_targets_for_that_region(loaded):
    beijing = {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023", regions=["110000"])}
    assert beijing["rd_intensity"].status == "achieved" and beijing["rd_intensity"].proxy is None


def test_the_cli_prints_the_contract(loaded, database_url):
    from typer.testing import CliRunner

    from coopwatch.cli import app

    result = CliRunner().invoke(app, ["targets", "--plan", "western-science-city-2023", "--json"])
    assert result.exit_code == 0, result.output
    targets = json.loads(result.stdout)["targets"]
    assert len(targets) == 5 and all(t["proxy"] == "group:chengyu" for t in targets)


def test_backtest_reports_how_often_the_early_status_was_right(loaded):
    from coopwatch.indicators.catalogue import province_codes

    result = backtest(loaded, plan_id="western-science-city-2023", regions=province_codes())
    assert result["runs"] > 50
    assert 0 <= result["share_right"] <= 1
    assert sum(s["runs"] for s in result["by_status"].values()) == result["runs"]
    case = result["cases"][0]
    assert case["as_of"] < case["outcome_year"]


def test_target_chart_is_a_vega_lite_spec(wsc):
    from coopwatch.charts.target import target_chart

    spec = target_chart(wsc["rd_intensity"])
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert len(spec["layer"]) == 4  # observed, band, projection, target line
    assert "group:chengyu" in spec["title"]


def test_a_baseline_stated_with_the_target_is_used_in_the_indicator_unit(loaded):
    from coopwatch.indicators import ObservationSet, assess_target
    from coopwatch.plans.model import PlanFramework, PlanTarget

    target = PlanTarget(item_ref=None, indicator="rd_expenditure", comparator=">=", value=200_000_000, unit="万元",
                        year=2025, regions=["510000"], baseline={"year": 2019, "value": 8_000_000})
    plan = PlanFramework(id="test-plan-2021", version=1, title={"en": "test"}, targets=[target])
    r = assess_target(plan, target, ObservationSet.load(loaded))
    c = r.as_contract()
    assert c["baseline"] == {"year": 2019, "value": 871.0}  # the observed 2019 value (stated 800 亿元 loses)
    target.baseline = {"year": 2017, "value": 6_000_000}   # a year without data: the stated value, in 亿元
    c = assess_target(plan, target, ObservationSet.load(loaded)).as_contract()
    assert c["baseline"] == {"year": 2017, "value": 600.0}
    assert c["required_annual_growth"] == pytest.approx((20000 / 600) ** (1 / 8) - 1, abs=1e-6)
    assert "baseline stated in the plan" in c["sources"]
