"""`coopwatch index china`: the index of the provinces from the stored real observations."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from coopwatch.cli import app
from coopwatch.evaluate.china import latest_complete_year
from coopwatch.indicators.shipped import import_shipped_observations


def test_the_default_year_is_the_latest_with_complete_provincial_data(store):
    import_shipped_observations(store, user="admin")
    # 2024 has R&D figures for a handful of provinces only, so 2023 is the latest complete year.
    assert latest_complete_year(store) == 2023


def test_the_index_ranks_all_31_provinces_with_rank_intervals(store):
    import_shipped_observations(store, user="admin")
    result = CliRunner().invoke(app, ["index", "china", "--runs", "60", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["year"] == 2023 and len(out["units"]) == 31
    assert sorted(u["rank"] for u in out["units"]) == list(range(1, 32))
    for u in out["units"]:
        assert u["p5_rank"] <= u["median_rank"] <= u["p95_rank"]
    # Beijing's R&D intensity (6.7% in 2023) puts it first under every choice.
    assert out["units"][0]["code"] == "110000" and out["units"][0]["p95_rank"] == 1


def test_an_empty_database_is_a_clear_error(store, capsys):
    from coopwatch.cli import run

    assert run(["index", "china"]) == 2  # a user's mistake: status 2, one line, no traceback
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "no observations" in err
    assert "Traceback" not in err


def test_the_index_over_years_gives_31_provinces_in_each_complete_year(store):
    import_shipped_observations(store, user="admin")
    result = CliRunner().invoke(app, ["index", "china", "--years", "2018-2023", "--runs", "40", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    # the 3-year growth of technology contract turnover starts in 2021
    assert out["years"] == [2021, 2022, 2023] and out["skipped_years"] == [2018, 2019, 2020]
    assert len(out["rows"]) == 31 * 3 and len({r["uCode"] for r in out["rows"]}) == 31
    for r in out["rows"]:
        assert r["p5_rank"] <= r["median_rank"] <= r["p95_rank"]
        if r["year"] == 2021:
            assert r["score_change"] == 0 and r["rank_change"] == 0
    args = ["index", "china", "--years", "2021-2023", "--runs", "40"]
    text = CliRunner().invoke(app, args)
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert len(lines) == 2 + 31 and lines[2].startswith("Beijing") and max(map(len, lines)) <= 80
    # each province's line: its ranks per year, then the last year's score, changes and interval
    rows = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)["rows"]
    by_name = {line.rsplit(maxsplit=7)[0]: line.rsplit(maxsplit=7)[1:] for line in lines[2:]}
    for name, cells in by_name.items():
        years = {r["year"]: r for r in rows if r["uName"] == name}
        last = years[2023]
        assert cells == [*(str(years[y]["rank"]) for y in (2021, 2022, 2023)), f"{last['score']:.1f}",
                         f"{last['score_change']:+.1f}", f"{int(last['rank_change']):+d}",
                         f"{last['p5_rank']:.0f}-{last['p95_rank']:.0f}"], name
    assert len(by_name) == 31


def test_the_table_over_years_reads_in_chinese_within_80_columns(store):
    from rich.cells import cell_len

    import_shipped_observations(store, user="admin")
    text = CliRunner().invoke(app, ["index", "china", "--years", "2021-2023", "--runs", "40", "--lang", "zh"])
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[2].startswith("北京") and "得分" in lines[1] and max(map(cell_len, lines)) <= 80
