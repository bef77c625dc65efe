"""One source of plans: every command and library call that names or labels a plan item uses
the plans of its own store (`plans.registry.current_plans`), not the bundled ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from coopwatch.cli import app
from coopwatch.evidence.digest import build_digest
from coopwatch.evidence.ingest import ingest_paths
from coopwatch.plans.registry import add_plan
from coopwatch.store.accounts import add_user, load_roles

PARSED = Path(__file__).parent / "fixtures" / "parsed_plan.json"  # a Qinghai action plan, not bundled
SALT_LAKE = ["n003", "n030", "n041"]


def _own_plan_store(store):
    load_roles(store)
    add_user(store, "eva", "evaluator", actor="admin")
    add_plan(store, PARSED, plan_id="qinghai-action", actor="admin")
    return store


def test_a_stored_plan_that_is_not_bundled_can_be_referenced_by_every_command(store, tmp_path, news_dev):
    _own_plan_store(store)
    runner = CliRunner()
    submitted = runner.invoke(app, ["progress", "submit", "qinghai-action:1.1", "--period", "2024",
                                    "--status", "in_progress", "--region", "青海", "--by", "eva"])
    assert submitted.exit_code == 0, submitted.output
    assert "qinghai-action:1.1 2024 in_progress" in submitted.output
    case = runner.invoke(app, ["case", "add", "盐湖提锂中试", "--item", "qinghai-action:1.1", "--region", "青海"])
    assert case.exit_code == 0, case.output
    listed = runner.invoke(app, ["case", "list", "--item", "qinghai-action:1.1", "--json"])
    assert [c["items"] for c in json.loads(listed.output)["cases"]] == [["qinghai-action:1.1"]]
    evidence = runner.invoke(app, ["evidence", "list", "--item", "qinghai-action:1.1", "--json"])
    assert evidence.exit_code == 0, evidence.output
    assert json.loads(evidence.output) == {"evidence": []}


def test_link_uses_the_default_database_when_it_exists(store, tmp_path, news_dev, monkeypatch):
    """Without COOPWATCH_DATABASE_URL, `coopwatch link` reads ./coopwatch.db when it is there."""
    from coopwatch.store import open_store

    monkeypatch.delenv("COOPWATCH_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    from coopwatch.store.accounts import ensure_admin

    local = open_store("sqlite:///coopwatch.db")
    ensure_admin(local)
    add_plan(local, PARSED, plan_id="qinghai-action", actor="admin")
    local.dispose()
    result = CliRunner().invoke(app, ["link", str(news_dev / "n003.txt"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)["documents"][0]
    assert doc["item"] == "qinghai-action:1.1"
    assert all(c["item"].startswith("qinghai-action:") for c in doc["candidates"])


def test_link_without_a_database_uses_the_bundled_plans_and_creates_none(tmp_path, news_dev, monkeypatch):
    monkeypatch.delenv("COOPWATCH_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["link", str(news_dev / "n003.txt"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"][0]["item"].startswith("eastwest-14fyp:")
    assert not (tmp_path / "coopwatch.db").exists()


def test_the_digest_labels_items_from_the_plans_of_its_store(store, tmp_path, news_dev, monkeypatch):
    """The library is handed its store and reads no environment to find another."""
    _own_plan_store(store)
    monkeypatch.delenv("COOPWATCH_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "news"
    folder.mkdir()
    for n in SALT_LAKE:
        shutil.copy(news_dev / f"{n}.txt", folder / f"{n}.txt")
    ingest_paths(store, [str(folder)], actor="admin")
    topics = build_digest(store, lang="zh")["topics"]
    assert topics, "the salt-lake reports link to the stored plan's salt-lake task"
    assert {t["item"] for t in topics} == {"qinghai-action:1.1"}
    assert all(t["label"] != t["item"] and "盐湖" in t["label"] for t in topics)
