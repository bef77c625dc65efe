"""The plan registry: bundled plans loaded once, each add or import a new version that keeps the
old ones (and their targets), export -> edit -> import, and errors that name the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from coopwatch.errors import InputError, NotFound
from coopwatch.plans import bundled_plans
from coopwatch.plans.registry import (add_plan, export_plan, get_plan, get_version, import_plan, list_plans,
                                      list_versions, load_bundled_plans, current_plans)
from coopwatch.store.models import AuditEntry, Item, PlanVersion, Target

pytestmark = pytest.mark.usefixtures("staff")  # the evaluators these tests act as

FIXTURES = Path(__file__).parent / "fixtures"
PARSED = FIXTURES / "parsed_plan.json"


def count(store, column) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(column)))


def test_loading_bundled_plans_twice_adds_nothing(store):
    first = load_bundled_plans(store)
    rows = (count(store, PlanVersion.id), count(store, Item.id), count(store, Target.id), count(store, AuditEntry.id))
    second = load_bundled_plans(store)
    assert first == second
    assert (count(store, PlanVersion.id), count(store, Item.id), count(store, Target.id),
            count(store, AuditEntry.id)) == rows
    assert dict((p, (n, t)) for p, n, t in first) == {"eastwest-14fyp": (33, 0), "western-science-city-2023": (23, 5)}


def test_a_stored_plan_reads_back_as_it_was_bundled(store):
    load_bundled_plans(store)
    for bundled in bundled_plans():
        stored = get_plan(store, bundled.id)
        assert stored == bundled


def test_adding_a_parse_output_stores_version_1_with_short_refs_and_repair_flags(store):
    fw = add_plan(store, PARSED, actor="tester")
    assert fw.id == "qing-hai-dong-xi-bu-ke-ji-he-zuo-xing-dong-fang-an" and fw.version == 1
    stored = get_plan(store, fw.id)
    assert stored.item("1.1").title["zh"] == "打造世界级盐湖产业基地"
    assert stored.item("2.1.2").short_ref == "1.2"
    assert "partners:repair" in stored.item("1.2").flags
    assert [t.indicator for t in stored.targets] == ["rd_intensity", None]
    with store.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "plan.add")).one()
        assert (entry.actor, entry.entity_id, entry.after["version"]) == ("tester", fw.id, 1)


def test_adding_again_makes_version_2_and_keeps_version_1_targets(store, tmp_path):
    add_plan(store, PARSED, plan_id="qinghai-action", actor="admin")
    data = json.loads(PARSED.read_text(encoding="utf-8"))
    data["targets"] = [dict(data["targets"][0], value=2.0)]
    changed = tmp_path / "reparsed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fw = add_plan(store, changed, plan_id="qinghai-action", actor="admin")
    assert fw.version == 2
    assert [t.value for t in get_plan(store, "qinghai-action").targets] == [2.0]
    assert [t.value for t in get_plan(store, "qinghai-action", version=1).targets] == [1.5, 100.0]
    [summary] = list_plans(store)
    assert (summary.id, summary.current_version, summary.versions, summary.targets) == ("qinghai-action", 2, 2, 1)
    v1, v2 = list_versions(store, "qinghai-action")
    assert [(v.version, v.current, v.targets, v.created_by, v.note) for v in (v1, v2)] == [
        (1, False, 2, "admin", "add from parsed_plan.json"), (2, True, 1, "admin", "add from reparsed.json")]
    assert v1.items == v2.items == summary.items
    one, fw = get_version(store, "qinghai-action", 1)
    assert one == v1 and [t.value for t in fw.targets] == [1.5, 100.0]
    with pytest.raises(NotFound, match="no plan 'nope'"):
        list_versions(store, "nope")


def test_a_new_version_of_a_bundled_plan_keeps_the_bundled_targets(store):
    load_bundled_plans(store)
    fw = add_plan(store, PARSED, plan_id="western-science-city-2023", actor="admin")
    assert fw.version == 2
    assert len(get_plan(store, "western-science-city-2023", version=1).targets) == 5
    assert len(get_plan(store, "western-science-city-2023").targets) == 2
    # reloading the bundled plans does not add a third version: version 1 has their content
    load_bundled_plans(store)
    assert get_plan(store, "western-science-city-2023").version == 2


def test_export_edit_import_round_trip(store, tmp_path):
    load_bundled_plans(store)
    data = yaml.safe_load(export_plan(store, "eastwest-14fyp"))
    task = data["items"][1]["items"][5]["items"][1]  # programme (六) Inner Mongolia, task 2
    assert task["short_ref"] == "6.2"
    task["partners"] = ["110000"]
    task["domains"].append("new_energy")
    path = tmp_path / "eastwest.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fw = import_plan(store, path, actor="evaluator")
    assert fw.version == 2
    assert get_plan(store, "eastwest-14fyp").item("6.2").partners == ["110000"]
    assert get_plan(store, "eastwest-14fyp", version=1).item("6.2").partners == []
    unchanged = get_plan(store, "eastwest-14fyp", version=1)
    unchanged.version = 2
    new = get_plan(store, "eastwest-14fyp")
    new.item("6.2").partners, new.item("6.2").domains = [], new.item("6.2").domains[:-1]
    assert new == unchanged


def test_export_of_an_unchanged_plan_imports_to_an_equal_plan(store, tmp_path):
    load_bundled_plans(store)
    path = tmp_path / "wsc.yaml"
    path.write_text(export_plan(store, "western-science-city-2023"), encoding="utf-8")
    fw = import_plan(store, path, actor="admin")
    before = get_plan(store, "western-science-city-2023", version=1)
    before.version = fw.version
    assert get_plan(store, "western-science-city-2023") == before


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["items"][1]["items"][2]["items"][1]["partners"].__setitem__(0, "999999"),
     "items[1].items[2].items[1].partners[0]: unknown region '999999'"),
    (lambda d: d["items"][1]["items"][0]["items"][0]["domains"].append("perpetual_motion"),
     "items[1].items[0].items[0].domains[9]: unknown domain 'perpetual_motion'"),
    (lambda d: d["items"][1]["items"][0]["items"][1]["agencies"].__setitem__(0, "MOSTT"),
     "items[1].items[0].items[1].agencies[0]: unknown agency 'MOSTT'"),
    (lambda d: d["items"][0].__setitem__("kind", "chapter"), "items[0].kind: 'chapter' is not one of"),
    (lambda d: d["items"][1]["items"][2]["items"][0].__setitem__("short_ref", "3.2"),
     "items[1].items[2].items[1].short_ref: '3.2' is already used by items[1].items[2].items[0]"),
    (lambda d: d["items"][1]["items"][2]["items"][1]["places"][0].__setitem__("province", "990000"),
     "items[1].items[2].items[1].places[0].province: unknown region '990000'"),
    (lambda d: d["targets"].append({"indicator": "rd_intensity", "comparator": "≥", "value": 3, "unit": "%",
                                    "year": 2025}), "targets[0].comparator: '≥' is not one of"),
    (lambda d: d["targets"].append({"indicator": "rd_intensity", "comparator": ">", "value": 3, "unit": "%",
                                    "year": 20255}), "targets[0].year: 20255 is not a year"),
    (lambda d: d["targets"].append({"indicator": "rd_intensity_pct", "comparator": ">", "value": 3, "unit": "%",
                                    "year": 2025}), "targets[0].indicator: unknown indicator 'rd_intensity_pct'"),
])
def test_an_invalid_field_is_named_and_nothing_is_imported(store, tmp_path, edit, message):
    load_bundled_plans(store)
    data = yaml.safe_load(export_plan(store, "eastwest-14fyp"))
    edit(data)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    versions = count(store, PlanVersion.id)
    with pytest.raises(InputError) as err:
        import_plan(store, path, actor="admin")
    assert message in str(err.value) and str(path) in str(err.value)
    assert count(store, PlanVersion.id) == versions


def test_a_plan_file_that_is_not_yaml_names_the_line(store, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nitems: [\n  - kind: task\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.yaml: line \d+ not valid YAML"):
        import_plan(store, path, actor="admin")


def test_unknown_plan_and_version_are_not_found(store):
    load_bundled_plans(store)
    with pytest.raises(NotFound, match="no plan 'nope'"):
        get_plan(store, "nope")
    with pytest.raises(NotFound, match="has no version 7"):
        get_plan(store, "eastwest-14fyp", version=7)


def test_plans_come_from_the_store_when_it_has_any_else_bundled(store):
    assert [p.id for p in current_plans(store)] == [p.id for p in bundled_plans()]
    add_plan(store, PARSED, plan_id="qinghai-action", actor="admin")
    assert [p.id for p in current_plans(store)] == ["qinghai-action"]


def test_a_parse_with_repeated_numbers_and_another_language_is_stored_whole(store, tmp_path):
    data = json.loads(PARSED.read_text(encoding="utf-8"))
    data["language"], data["title"] = "de", "Aktionsplan Qinghai"
    data["items"][2]["id"] = "1"  # the safeguards section numbered 1 again, as a restarted list
    path = tmp_path / "de.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fw = add_plan(store, path, actor="admin")
    stored = get_plan(store, fw.id)
    assert fw.id == "aktionsplan-qinghai" and stored.title == {"de": "Aktionsplan Qinghai"}
    assert [it.ref for it in stored.items] == ["1", "2", "1#2"]
    assert "ref:duplicate" in stored.items[2].flags
    assert stored.items[2].items[0].title == {"de": "强化绩效评估"}


def test_a_parsed_target_belongs_to_the_deepest_item_quoting_it(store, tmp_path):
    data = json.loads(PARSED.read_text(encoding="utf-8"))
    sentence = data["targets"][0]["text"]
    data["items"][0]["text"] += sentence                       # section 一 quotes it ...
    data["items"][1]["items"][0]["items"][0]["text"] += sentence  # ... and so does task (一)1
    path = tmp_path / "quoted.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fw = add_plan(store, path, plan_id="qinghai-action", actor="admin")
    assert [t.item_ref for t in get_plan(store, fw.id).targets] == ["1.1", None]


def test_a_plan_in_chinese_and_french_reads_back_in_both(store, tmp_path):
    path = tmp_path / "fr.yaml"
    path.write_text("""
id: plan-fr
title: {zh: 方案, fr: Plan}
items:
  - {kind: programme, number: 1, title: {zh: 援青, fr: Aide au Qinghai}, text: {zh: 支持青海。}, regions: ['630000']}
""", encoding="utf-8")
    import_plan(store, path, actor="admin")
    stored = get_plan(store, "plan-fr")
    assert stored.title == {"zh": "方案", "fr": "Plan"}
    assert (stored.items[0].title, stored.items[0].text) == ({"zh": "援青", "fr": "Aide au Qinghai"}, {"zh": "支持青海。"})
