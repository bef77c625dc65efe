"""Target attainment on the shipped real data (the provincial file and the Science City
supplement): the five 2025 targets of the Western Science City opinions are for the Science City,
which has no data of its own, so each is insufficient_data with a reason, the Chengdu-Chongqing
figures shown as context only."""

from __future__ import annotations

import json

import pytest

from coopwatch.indicators import backtest, evaluate_targets

from .helpers import run_cli

CONTRACT_KEYS = {"plan", "item", "indicator", "comparator", "value", "unit", "year", "region", "proxy", "baseline",
                 "latest", "projected", "required_annual_growth", "observed_annual_growth", "ratio", "status",
                 "reason", "judged_on", "proxy_context", "method", "sources"}
STATUSES = {"achieved", "on_track", "acceleration_needed", "limited_progress", "deterioration", "insufficient_data"}


@pytest.fixture
def wsc(loaded):
    """The targets of the bundled Western Science City plan (an empty plan registry falls back to the
    bundled plans, as `coopwatch init` would load them)."""
    return {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023")}


def test_the_five_science_city_targets_are_not_judged_on_the_provinces(wsc):
    assert set(wsc) == {"rd_intensity", "high_value_invention_patents_per_10k", "national_high_tech_enterprises",
                        "high_tech_industry_revenue_growth", "technology_contract_turnover_growth"}
    for r in wsc.values():
        c = r.as_contract()
        assert set(c) == CONTRACT_KEYS and json.dumps(c)  # plain JSON
        assert c["region"] == "zone:western-science-city"
        assert c["status"] == "insufficient_data" and c["judged_on"] is None
        assert c["latest"] is None and c["sources"] == []  # nothing of the provinces' counts as the zone's
        # actionable in both languages: which region, which series
        assert "Western Science City" in c["reason"] and "import" in c["reason"]
        assert "西部科学城" in r.reason_text("zh") and "导入" in r.reason_text("zh")


def test_the_chengdu_chongqing_figures_are_context_for_r_and_d_intensity(wsc):
    c = wsc["rd_intensity"].as_contract()
    assert c["proxy"] == "group:chengyu"
    context = c["proxy_context"]
    # baseline: the year before the 2023 opinions; Σ R&D / Σ GDP × 100 of Chongqing and Sichuan
    assert context["baseline"] == {"year": 2022, "value": pytest.approx((686.6 + 1215.0) / (28576.1 + 56610.2) * 100,
                                                                      abs=1e-6)}
    assert context["latest"]["year"] == 2023  # 2024 has R&D but no GDP yet: no group value
    assert context["latest"]["value"] == pytest.approx((746.7 + 1357.8) / (30145.8 + 60132.9) * 100, abs=1e-6)
    assert context["observed_annual_growth"] == pytest.approx(context["latest"]["value"] / context["baseline"]["value"] - 1,
                                                              abs=1e-6)
    assert context["projected"]["low"] <= context["projected"]["value"] <= context["projected"]["high"] < 5
    assert "Chongqing" in c["reason"] and "Sichuan" in c["reason"] and "wider area" in c["reason"]
    assert "R&D spending and GDP for each of its 4 parts" in c["reason"]


def test_the_enterprise_count_of_the_provinces_is_not_the_science_citys_7000(wsc):
    c = wsc["national_high_tech_enterprises"].as_contract()
    assert c["status"] == "insufficient_data"
    # the supplement's Chongqing + Sichuan counts, shown only: 2021 5109 + 10200, 2022 6348 + 14500
    assert c["proxy_context"]["baseline"] == {"year": 2021, "value": 15309.0}
    assert c["proxy_context"]["latest"] == {"year": 2022, "value": 20848.0}


def test_targets_without_any_data_have_no_context_either(wsc):
    for indicator in ("high_value_invention_patents_per_10k", "high_tech_industry_revenue_growth"):
        c = wsc[indicator].as_contract()
        assert c["proxy"] is None and c["proxy_context"] is None
        assert "for each of its 4 parts" in c["reason"]
    assert "population" in wsc["high_value_invention_patents_per_10k"].as_contract()["reason"]


def test_as_of_uses_only_earlier_data(loaded):
    early = {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023", as_of=2022,
                                                     regions=["510000"])}
    assert early["rd_intensity"].latest.year == 2022
    assert early["rd_intensity"].baseline.year == 2021  # the baseline is always before the latest value
    context = {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023", as_of=2022)}
    assert context["rd_intensity"].proxy_context["latest"]["year"] == 2022
    assert "(data up to 2022)" in context["rd_intensity"].reason_text("en")


def test_a_region_option_judges_the_targets_for_that_region(loaded):
    beijing = {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023", regions=["110000"])}
    assert beijing["rd_intensity"].status == "achieved" and beijing["rd_intensity"].proxy is None
    assert beijing["rd_intensity"].judged_on == "region" and beijing["rd_intensity"].proxy_context is None


def test_the_cli_prints_the_contract(loaded, database_url):
    from typer.testing import CliRunner

    from coopwatch.cli import app

    result = CliRunner().invoke(app, ["targets", "--plan", "western-science-city-2023", "--json"])
    assert result.exit_code == 0, result.output
    targets = json.loads(result.stdout)["targets"]
    assert len(targets) == 5 and all(set(t) == CONTRACT_KEYS and t["reason"] for t in targets)
    assert sum(t["proxy"] == "group:chengyu" and t["proxy_context"] is not None for t in targets) == 3
    zh = CliRunner().invoke(app, ["targets", "--plan", "western-science-city-2023", "--json", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert all("西部科学城" in t["reason"] for t in json.loads(zh.stdout)["targets"])



def test_backtest_reports_how_often_the_early_status_was_right(loaded):
    from coopwatch.indicators.catalogue import province_codes

    result = backtest(loaded, plan_id="western-science-city-2023", regions=province_codes())
    assert result["runs"] == len(result["cases"]) > 50
    good = ("achieved", "on_track")
    for case in result["cases"]:  # each run: an earlier status against the outcome on all the data
        assert case["as_of"] < case["outcome_year"]
        assert case["status"] != "insufficient_data" and case["outcome"] != "insufficient_data"
        assert case["right"] == ((case["status"] in good) == (case["outcome"] in good))
    assert result["right"] == sum(c["right"] for c in result["cases"])
    assert result["share_right"] == pytest.approx(result["right"] / result["runs"])
    assert result["by_status"] == {
        s: {"runs": sum(c["status"] == s for c in result["cases"]),
            "right": sum(c["right"] for c in result["cases"] if c["status"] == s)}
        for s in {c["status"] for c in result["cases"]}}


def test_target_chart_is_a_vega_lite_spec(loaded):
    from coopwatch.charts.target import target_chart

    sichuan = {r.indicator: r for r in evaluate_targets(loaded, plan_id="western-science-city-2023", regions=["510000"])}
    spec = target_chart(sichuan["rd_intensity"])
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert len(spec["layer"]) == 4  # observed, band, projection, target line
    assert spec["title"] == "R&D intensity > 5 % of GDP by 2025, Sichuan — limited progress"  # the region by name
    assert target_chart(sichuan["rd_intensity"], "zh")["title"].startswith("研究与试验发展经费投入强度 > 5% 2025年，四川省")


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


def test_the_targets_table_prints_one_line_per_target_in_80_columns(loaded):
    from rich.cells import cell_len

    run = run_cli("targets", "--plan", "western-science-city-2023", "--lang", "zh")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.rstrip("\n").splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    header, rows = lines[0], [line for line in lines[1:] if not line.startswith("（")]
    assert "指标" in header and "状态" in header
    assert len(rows) == 5  # one line per target, nothing wrapped
    assert all("西部科学城" in row and "数据不足" in row for row in rows)
    assert any(row.startswith("研发强度") for row in rows)  # indicator names in Chinese
    assert lines[-1] == "（部分文字已截断：--wide 显示全部）"


def test_wide_shows_every_column_in_full(loaded, cli):
    wide = cli("targets", "--plan", "western-science-city-2023", "--lang", "en", "--wide")
    assert wide.returncode == 0 and len(wide.stdout.splitlines()) == 6  # header + 5, nothing cut
    assert "Chengdu-Chongqing (Chongqing + Sichuan), a wider area" in wide.stdout


def test_the_targets_table_refuses_an_unknown_language_in_one_line(loaded, cli):
    run = cli("targets", "--lang", "fr")
    assert run.returncode == 2 and "--lang" in run.stderr and run.stderr.strip().count("\n") == 0
