"""What a user sees from `coopwatch plan ...`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `coopwatch ARGS...` in this process (as `main()` does: errors as one line, exit 2);
    returns (exit status, stdout, stderr)."""
    from coopwatch import cli

    def run(*args):
        monkeypatch.setattr(sys, "argv", ["coopwatch", *map(str, args)])
        capsys.readouterr()
        try:
            cli.main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def bundled_in_store(store):
    """The bundled plans in the database the commands use (what `init` loads, without the
    gazetteer tables, which these tests do not need)."""
    from coopwatch.plans.registry import load_bundled_plans

    load_bundled_plans(store)
    return store


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def test_init_loads_both_bundled_plans_once(database_url, run_cli):
    first = run_cli("init")
    assert first.returncode == 0, first.stderr
    assert "plan eastwest-14fyp: 33 items, 0 targets" in first.stdout
    assert "plan western-science-city-2023: 23 items, 5 targets" in first.stdout
    assert run_cli("init").returncode == 0
    listed = json.loads(run_cli("plan", "list", "--json").stdout)["plans"]
    assert [(p["id"], p["current_version"], p["versions"]) for p in listed] == [
        ("eastwest-14fyp", 1, 1), ("western-science-city-2023", 1, 1)]


def test_show_prints_the_tree_in_english_with_flags(bundled_in_store, run_cli):
    out = run_cli("plan", "show", "eastwest-14fyp", "--lang", "en").stdout
    assert "3.2    Build a world-class salt lake industrial base" in out
    assert "partners Tianjin 120000" in out or "partners 120000" in out
    added = run_cli("plan", "add", str(FIXTURES / "parsed_plan.json"), "--id", "qinghai-action")
    assert added.returncode == 0, added.stderr
    assert "qinghai-action: version 1" in added.stdout
    shown = run_cli("plan", "show", "qinghai-action").stdout
    assert "⚠" in shown and "partners:repair" in shown and "regions:none" in shown and "indicator:none" in shown


def test_show_json_marks_low_confidence_fields(database_url, run_cli):
    run_cli("init", "--no-plans")
    run_cli("plan", "add", str(FIXTURES / "parsed_plan.json"), "--id", "qinghai-action")
    data = json.loads(run_cli("plan", "show", "qinghai-action", "--json").stdout)
    programme2 = data["items"][1]["items"][1]
    assert programme2["key"] == "qinghai-action:2" and "regions:none" in programme2["low_confidence"]
    assert data["targets"][1]["low_confidence"] == ["indicator:none", "item:none"]


def test_export_and_import_through_the_command_line(bundled_in_store, run_cli, tmp_path):
    path = tmp_path / "wsc.yaml"
    assert run_cli("plan", "export", "western-science-city-2023", "-o", str(path)).returncode == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["targets"][0]["value"] = 5.5
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("plan", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "western-science-city-2023: version 2" in result.stdout
    current = json.loads(run_cli("plan", "show", "western-science-city-2023", "--json").stdout)
    first = json.loads(run_cli("plan", "show", "western-science-city-2023", "--version", "1", "--json").stdout)
    assert (current["version"], current["targets"][0]["value"]) == (2, 5.5)
    assert (first["version"], first["targets"][0]["value"]) == (1, 5.0)


def test_a_bad_import_gives_one_line_naming_the_field_and_exit_2(bundled_in_store, run_cli, tmp_path):
    data = yaml.safe_load(run_cli("plan", "export", "eastwest-14fyp").stdout)
    data["items"][1]["items"][2]["items"][1]["partners"][0] = "999999"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("plan", "import", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "items[1].items[2].items[1].partners[0]: unknown region '999999'" in lines[0]


def test_show_of_an_unknown_plan_is_one_line_on_stderr_from_the_installed_command(database_url):
    result = subprocess.run([sys.executable, "-m", "coopwatch.cli", "plan", "show", "no-such-plan"],
                            capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no-such-plan" in result.stderr
    assert "Traceback" not in result.stderr
