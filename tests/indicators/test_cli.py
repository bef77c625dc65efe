"""The indicators commands as a user runs them: list, history, derive, check, targets backtest."""

from __future__ import annotations

import json
import re

import pytest

from typer.testing import CliRunner

from coopwatch.cli import app
from coopwatch.indicators import backtest, check_observations
from coopwatch.indicators.catalogue import province_codes

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

    def derived(output: str) -> tuple[int, int, int]:
        found = re.fullmatch(r"derived values: (\d+) new, (\d+) revised, (\d+) unchanged\n", output)
        assert found, output
        return tuple(int(n) for n in found.groups())

    stored, revised, unchanged = derived(run("observations", "derive"))
    assert stored > 0 and (revised, unchanged) == (0, 0)
    assert derived(run("observations", "derive")) == (0, 0, stored)  # a second run changes nothing

    findings = json.loads(run("check", "--z", "2.5", "--json"))["findings"]
    assert findings and findings == json.loads(json.dumps([f.as_dict() for f in check_observations(loaded, z=2.5)]))
    assert {"check", "region", "indicator", "year", "value", "message"} <= set(findings[0])
    result = json.loads(run("targets", "backtest", "--all-provinces", "--json"))
    assert result["runs"] > 0 and result == json.loads(json.dumps(backtest(loaded, regions=province_codes())))


def test_history_shows_each_values_note(loaded, cli):
    en = cli("observations", "history", "500000", "national_high_tech_enterprises")
    assert en.returncode == 0, en.stderr
    by_year = {line.split()[0]: line for line in en.stdout.splitlines() if line[:4].isdigit()}
    assert "lower bound" in by_year["2018"] and "year inferred" in by_year["2021"]
    assert "lower bound" not in by_year["2022"]
    zh = cli("observations", "history", "重庆", "高新技术企业", "--lang", "zh")
    assert "重庆市 · 高新技术企业" in zh.stdout and "下限值" in zh.stdout and "年份系推断" in zh.stdout
    wide = cli("observations", "history", "500000", "national_high_tech_enterprises", "--wide")
    assert 'lower bound: the source says "exceeded"' in wide.stdout  # the note in full


def test_every_table_fits_80_columns_one_line_per_row(loaded, cli):
    from rich.cells import cell_len

    cases = {("observations", "list", "--region", "四川", "--lang", "zh"): 30,
             ("observations", "list", "--indicator", "national_high_tech_enterprises"): 8,
             ("check", "--lang", "zh"): 20, ("scorecard", "--plan", "eastwest-14fyp", "--lang", "en"): 20}
    for args, at_least in cases.items():
        run = cli(*args)
        assert run.returncode == 0, (args, run.stderr)
        lines = run.stdout.splitlines()
        assert all(cell_len(line) <= 80 for line in lines), args
        assert len(lines) >= at_least, args
    checks = cli("check", "--lang", "zh").stdout
    assert "异常值" in checks and "change from" not in checks  # findings read in Chinese
    listed = json.loads(cli("observations", "list", "--indicator", "national_high_tech_enterprises",
                            "--json").stdout)["observations"]
    table = cli("observations", "list", "--indicator", "national_high_tech_enterprises").stdout.splitlines()
    assert len([line for line in table if " 20" in line]) == len(listed)  # one line per value


def test_fitting_cuts_the_long_text_first_and_never_the_short_columns():
    from coopwatch.cli.tables import fit_widths

    # columns: a name (cap 10), a year (never cut), a long reason
    natural, minimum, shrink, cap = [20, 4, 200], [6, 4, 14], [1, 0, 2], [10, None, None]
    assert fit_widths(natural, minimum, shrink, 300, cap) == natural  # it fits: nothing cut
    assert fit_widths(natural, minimum, shrink, 120, cap) == [20, 4, 96]  # the reason gives way first
    assert fit_widths(natural, minimum, shrink, 30, cap) == [12, 4, 14]  # then the name, past its cap
    assert fit_widths(natural, minimum, shrink, 10, cap) == [6, 4, 14]  # never below the minimums
