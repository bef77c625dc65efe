"""The indicators commands as a user runs them: list, history, derive, check, targets backtest."""

from __future__ import annotations

import json

import pytest

from typer.testing import CliRunner

from coopwatch.cli import app

from .helpers import write_csv

pytestmark = pytest.mark.usefixtures("staff")  # the evaluators these tests act as


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_list_history_derive_check_and_backtest(loaded, tmp_path):
    listed = json.loads(run("observations", "list", "--region", "重庆", "--indicator", "R&D expenditure", "--json"))
    assert [o["year"] for o in listed["observations"]] == [2018, 2019, 2020, 2021, 2022, 2023, 2024]

    path = write_csv(tmp_path / "cq.csv", [["Chongqing", "rd_expenditure", 2022, 690.0, "亿元", "revised bulletin"]])
    run("import", "observations", str(path), "--revise", "--user", "tester")
    history = json.loads(run("observations", "history", "500000", "rd_expenditure", "--year", "2022", "--json"))
    assert [(h["value"], h["current"], h["imported_by"]) for h in history["history"]] == [
        (686.6, False, "admin"), (690.0, True, "tester")]

    assert "derived values:" in run("observations", "derive")
    findings = json.loads(run("check", "--z", "2.5", "--json"))["findings"]
    assert {"check", "region", "indicator", "year", "value", "message"} <= set(findings[0])
    backtest = json.loads(run("targets", "backtest", "--all-provinces", "--json"))
    assert backtest["runs"] > 0
