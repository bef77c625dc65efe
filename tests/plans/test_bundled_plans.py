"""The curated plans shipped with coopwatch: their structure matches the gold files, every id is
in the shared vocabularies, and every item reads in Chinese and English."""

from __future__ import annotations

import csv

import pytest
import yaml

from coopwatch.plans import PlanFramework, bundled_plans
from coopwatch.plans.validate import problems


@pytest.fixture(scope="module")
def plans() -> dict[str, PlanFramework]:
    return {p.id: p for p in bundled_plans()}


def vocabulary(shared, name: str) -> set[str]:
    with open(shared / "contracts" / f"{name}.csv", encoding="utf-8") as fh:
        return {row["id"] for row in csv.DictReader(fh)}


def gold(shared, name: str) -> dict:
    return yaml.safe_load((shared / "gold" / name).read_text(encoding="utf-8"))


def test_both_plans_are_bundled(plans):
    assert set(plans) == {"eastwest-14fyp", "western-science-city-2023"}


def test_bundled_plans_are_fresh_copies_each_call():
    first = bundled_plans()[0]
    first.items.clear()
    assert bundled_plans()[0].items


def test_eastwest_has_seven_programmes_twenty_tasks_three_safeguards(plans):
    fw = plans["eastwest-14fyp"]
    assert (fw.count("programme"), fw.count("task"), fw.count("safeguard")) == (7, 20, 3)


def test_eastwest_matches_gold_regions_partners_domains_agencies(plans, shared):
    fw, g = plans["eastwest-14fyp"], gold(shared, "eastwest_plan.yaml")
    assert str(fw.issued) == str(g["issued"]) and fw.issuers["agencies"] == g["issuers"]
    programmes = [it for it in fw.walk() if it.kind == "programme"]
    for gp, prog in zip(g["programmes"], programmes):
        assert gp["region"] is None or prog.regions == [gp["region"]], prog.short_ref
        tasks = [t for t in prog.items if t.kind == "task"]
        assert len(tasks) == len(gp["tasks"])
        for gt, task in zip(gp["tasks"], tasks):
            where = task.short_ref
            assert task.regions == [gt.get("region") or gp["region"]], where
            assert set(gt["partners"]) <= set(task.partners) <= set(gt["partners"]) | set(gt.get("partners_optional", [])), where
            assert set(gt["domains"]) <= set(task.domains) <= set(gt["domains"]) | set(gt.get("domains_optional", [])), where
            assert set(gt.get("agencies", [])) <= set(task.agencies), where
            assert not set(gt.get("not_partners", []) + ["460000"]) & set(task.partners + task.regions), where


def test_eastwest_evaluator_is_named_in_the_performance_safeguard(plans):
    assert "CRTDC" in plans["eastwest-14fyp"].item("III.3").agencies


def test_salt_lake_task_is_eastwest_3_2(plans):
    fw = plans["eastwest-14fyp"]
    task = fw.item("3.2")
    assert task.ref == "2.3.2" and task.title["zh"] == "打造世界级盐湖产业基地"
    assert fw.key(task) == "eastwest-14fyp:3.2"
    assert fw.item("2.3.2") is task


def test_wsc_has_fifteen_measures_and_two_goals_with_gold_leads(plans, shared):
    fw, g = plans["western-science-city-2023"], gold(shared, "wsc_opinions.yaml")
    # (1) guiding ideology and (2) main objectives belong to 一、总体要求: goals, not measures
    goals = {it.number: it for it in fw.walk() if it.kind == "goal"}
    measures = {it.number: it for it in fw.walk() if it.kind == "measure"}
    assert sorted(goals) == [1, 2] and sorted(measures) == list(range(3, 18))
    assert fw.item("1") is goals[1] and fw.item("2") is goals[2]
    numbered = {**goals, **measures}
    for n, leads in g["measures"].items():
        lead = numbered[int(n)].lead
        assert set(lead["agencies"]) | set(lead["regions"]) == set(map(str, leads)), n
    assert fw.issuers["agencies"] == g["issuers"] and fw.issuers["regions"] == g["issuer_regions"]


def test_wsc_measure_11_is_technology_and_finance(plans):
    fw = plans["western-science-city-2023"]
    assert fw.key("11") == "western-science-city-2023:11"
    assert "finance" in fw.item("11").title["en"] and fw.item("11").ref == "4.11"


def test_wsc_has_the_five_gold_targets_for_2025(plans, shared):
    fw, g = plans["western-science-city-2023"], gold(shared, "wsc_opinions.yaml")
    got = [(t.indicator, t.comparator, t.value, t.unit, t.year) for t in fw.targets]
    want = [(t["indicator"], t["comparator"], float(t["value"]), t["unit"], t["year"]) for t in g["targets_2025"]]
    assert sorted(got) == sorted(want)
    for t in fw.targets:
        assert t.item_ref == "2" and t.baseline is None and t.regions == ["500000", "510000"]
        assert t.region and t.proxy and t.region != t.proxy


def test_every_item_has_chinese_and_english_title_and_text(plans):
    for fw in plans.values():
        for it in fw.walk():
            for lang in ("zh", "en"):
                assert it.title.get(lang) and it.text.get(lang), (fw.id, it.ref, lang)


def test_every_id_is_in_the_shared_vocabularies(plans, shared):
    agencies, domains = vocabulary(shared, "agencies"), vocabulary(shared, "domains")
    indicators = vocabulary(shared, "indicators")
    for fw in plans.values():
        assert set(fw.issuers["agencies"]) <= agencies
        for it in fw.walk():
            assert set(it.agencies) | set(it.lead.get("agencies", [])) <= agencies, it.ref
            assert set(it.domains) <= domains, it.ref
            for code in it.regions + it.partners + [p["province"] for p in it.places]:
                assert len(code) == 6 and code.endswith("0000"), (it.ref, code)
        assert {t.indicator for t in fw.targets} <= indicators


def test_bundled_plans_pass_validation(plans):
    for fw in plans.values():
        assert problems(fw) == []


def test_short_refs_are_unique_and_follow_the_link_contract(plans):
    for fw in plans.values():
        refs = [it.short_ref for it in fw.walk()]
        assert len(refs) == len(set(refs))
    tasks = [it.short_ref for it in plans["eastwest-14fyp"].walk() if it.kind == "task"]
    assert tasks[:3] == ["1.1", "1.2", "1.3"] and tasks[-1] == "7.2"


def as_parse_output(fw: PlanFramework) -> dict:
    """The plan in the shape of `parse-plan --json` (contracts/plan-output.md)."""
    def item(it):
        return {"id": it.ref, "kind": it.kind, "number": it.number, "ordinal": it.ordinal,
                "title": it.title["zh"], "text": it.text["zh"], "regions": it.regions, "partners": it.partners,
                "places": it.places, "agencies": it.agencies, "lead": it.lead, "domains": it.domains,
                "items": [item(c) for c in it.items]}
    return {"language": "zh", "kind": "plan", "title": fw.title["zh"], "issued": str(fw.issued) if fw.issued else None,
            "issuers": fw.issuers, "items": [item(it) for it in fw.items],
            "targets": [{"indicator": t.indicator, "comparator": t.comparator, "value": t.value, "unit": t.unit,
                         "year": t.year, "regions": t.regions, "text": t.text} for t in fw.targets]}


@pytest.mark.parametrize("plan_id, gold_file", [("eastwest-14fyp", "eastwest_plan.yaml"),
                                                ("western-science-city-2023", "wsc_opinions.yaml")])
def test_bundled_plans_score_full_marks_with_the_shared_scorer(plans, shared, plan_id, gold_file):
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_plan", shared / "tools" / "score_plan.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    metrics = scorer.score(as_parse_output(plans[plan_id]), gold(shared, gold_file))
    assert metrics["violations"] == [] and metrics["score"] == pytest.approx(1.0), metrics
