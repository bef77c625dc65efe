"""`coopwatch regions QUERY [--json]` resolves names in any language to GB/T 2260 codes."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from coopwatch.cli import app, main

runner = CliRunner()

CASES = [
    ("海西州", "632800", "630000"),
    ("Haixi", "632800", "630000"),
    ("Golmud", "632801", "630000"),
    ("格尔木", "632801", "630000"),
    ("Hohhot", "150100", "150000"),
    ("呼和浩特", "150100", "150000"),
    ("Urumqi", "650100", "650000"),
    ("Ürümqi", "650100", "650000"),
    ("Xizang", "540000", "540000"),
    ("Tibet", "540000", "540000"),
    ("Mongolie intérieure", "150000", "150000"),
    ("Innere Mongolei", "150000", "150000"),
    ("蘭州", "620100", "620000"),
    ("Shigatse", "540200", "540000"),
    ("Xigaze", "540200", "540000"),
    ("Shaanxi", "610000", "610000"),
    ("Shanxi", "140000", "140000"),
    ("海南藏族自治州", "632500", "630000"),
    ("Hainan", "460000", "460000"),
    ("630000", "630000", "630000"),
    ("Kashgar", "653100", "650000"),
    ("Macau", "820000", "820000"),
    ("Hong Kong", "810000", "810000"),
]


def _json(query: str) -> dict:
    result = runner.invoke(app, ["regions", query, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("query,code,province", CASES)
def test_regions_resolves_name_to_code_and_province(query, code, province):
    first = _json(query)["matches"][0]
    assert (first["code"], first["province"]) == (code, province)
    assert set(first) >= {"code", "province", "level", "name_zh", "name_en", "macro_region", "parent"}


def test_hainan_tibetan_prefecture_is_in_qinghai_only():
    matches = _json("海南藏族自治州")["matches"]
    assert [m["code"] for m in matches] == ["632500"]
    assert matches[0]["province"] == "630000"


def test_qinghai_tibet_plateau_is_a_landform():
    first = _json("青藏高原")["matches"][0]
    assert first["level"] == "landform"
    assert first["code"] == "landform:qinghai-tibet-plateau"
    assert first["province"] is None


def test_unknown_name_json_is_empty_list():
    assert _json("Atlantis-sur-Mer") == {"matches": []}


def test_unknown_name_without_json_exits_1():
    result = runner.invoke(app, ["regions", "Atlantis-sur-Mer"])
    assert result.exit_code == 1


def _run_main(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["coopwatch", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def test_main_exit_codes(monkeypatch, capsys):
    code, out, _ = _run_main(monkeypatch, capsys, "regions", "Golmud", "--json")
    assert code == 0
    assert json.loads(out)["matches"][0]["code"] == "632801"
    code, out, _ = _run_main(monkeypatch, capsys, "regions", "Atlantis-sur-Mer", "--json")
    assert (code, json.loads(out)) == (0, {"matches": []})
    code, _, err = _run_main(monkeypatch, capsys, "regions", "Atlantis-sur-Mer")
    assert code == 1
    assert "no region matches" in err
