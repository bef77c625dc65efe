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


def test_an_empty_database_is_a_clear_error(store):
    result = CliRunner().invoke(app, ["index", "china"])
    assert result.exit_code != 0
    assert "no observations" in str(result.exception)
