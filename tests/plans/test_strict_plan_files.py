"""Issue 11, reproduction 4: a typo in a plan file is refused with its path and the nearest
valid name instead of silently dropping the field; a file that is not a plan is refused unless
--force; a plan (or one version) can be removed, and the removal is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from coopwatch.errors import InputError, NotFound
from coopwatch.plans.registry import add_plan, export_plan, get_plan, import_plan, load_bundled_plans, remove_plan
from coopwatch.store.models import AuditEntry, Plan
from coopwatch.store.permissions import PermissionDenied

FIXTURES = Path(__file__).parent / "fixtures"
WSC = "western-science-city-2023"


@pytest.fixture
def exported(store, tmp_path):
    load_bundled_plans(store)
    path = tmp_path / "wsc.yaml"
    path.write_text(export_plan(store, WSC), encoding="utf-8")
    return path


def _rewrite(path: Path, change) -> Path:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _misspell(mapping: dict, key: str, typo: str) -> None:
    mapping[typo] = mapping.pop(key)


@pytest.mark.parametrize("change,message", [
    (lambda d: _misspell(d["items"][1], "regions", "reigons"),
     "items[1].reigons: unknown key; did you mean regions?"),
    (lambda d: _misspell(d, "issued", "isued"), "isued: unknown key; did you mean issued?"),
    (lambda d: _misspell(d["targets"][0], "comparator", "comparater"),
     "targets[0].comparater: unknown key; did you mean comparator?"),
    (lambda d: _misspell(d["issuers"], "agencies", "agences"), "issuers.agences: unknown key; did you mean agencies?"),
])
def test_a_misspelt_key_is_refused_with_the_nearest_name_and_nothing_changes(store, exported, change, message):
    before = get_plan(store, WSC)
    _rewrite(exported, change)
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]").replace("?", r"\?")):
        import_plan(store, exported, actor="admin")
    after = get_plan(store, WSC)
    assert after.version == before.version and after.issued == before.issued
    assert [it.regions for it in after.walk()] == [it.regions for it in before.walk()]


def test_a_file_that_is_not_a_plan_is_refused_unless_forced(store, tmp_path):
    table = tmp_path / "observations.csv"
    table.write_text("region,indicator,year,value\n青海,rd_expenditure,2023,30.1\n", encoding="utf-8")
    with pytest.raises(InputError, match="observations.csv: not a plan: no items and no targets"):
        add_plan(store, table, plan_id="not-a-plan", actor="admin")
    with store.session() as s:
        assert s.get(Plan, "not-a-plan") is None
    forced = add_plan(store, table, plan_id="not-a-plan", actor="admin", force=True)
    assert forced.version == 1


def test_a_version_or_a_whole_plan_is_removed_by_an_admin_and_audited(store, exported):
    import_plan(store, exported, actor="admin")  # version 2
    with pytest.raises(PermissionDenied):
        remove_plan(store, WSC, 2, actor=None)
    done = remove_plan(store, WSC, 2, actor="admin")
    assert done == {"plan": WSC, "removed": [2], "left": [1]} and get_plan(store, WSC).version == 1
    with pytest.raises(NotFound, match="has no version 7"):
        remove_plan(store, WSC, 7, actor="admin")
    remove_plan(store, WSC, actor="admin")
    with pytest.raises(NotFound):
        get_plan(store, WSC)
    with store.session() as s:
        removals = [(e.actor, e.after["removed"]) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "plan.remove").order_by(AuditEntry.id))]
        refused = s.scalars(select(AuditEntry).where(AuditEntry.action == "refused",
                                                     AuditEntry.entity == "plan.remove")).all()
    assert removals == [("admin", [2]), ("admin", [1])] and len(refused) == 1


def test_plan_remove_and_add_from_the_command_line(store, exported, tmp_path, capsys):
    from coopwatch.cli import run

    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run(["plan", "add", str(table), "--id", "csv"]) == 2
    assert "not a plan" in capsys.readouterr().err
    assert run(["plan", "remove", WSC, "--version", "1"]) == 0
    assert "the plan is gone" in capsys.readouterr().out


def test_plan_level_fields_are_versioned_with_the_plan(store, exported):
    import datetime as dt

    before = get_plan(store, WSC)
    _rewrite(exported, lambda d: d.update(issued="2030-01-01", title={"zh": "新标题", "en": "A new title"}))
    import_plan(store, exported, actor="admin")
    assert get_plan(store, WSC).issued == dt.date(2030, 1, 1) and get_plan(store, WSC).title["en"] == "A new title"
    first = get_plan(store, WSC, version=1)
    assert first.issued == before.issued and first.title == before.title
