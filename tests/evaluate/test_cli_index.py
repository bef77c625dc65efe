"""`coopwatch index run|uncertainty`: JSON per the contract, one-line errors with status 2."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import yaml


@pytest.fixture
def cli(in_process):
    """`coopwatch index ARGS…` in this process."""
    return lambda *args: in_process("index", *args)


def asem_spec_file(tmp_path, asem_dir, **extra):
    spec = {"data": {"units": str(asem_dir / "ASEM_iData.csv")}, "meta": str(asem_dir / "ASEM_iMeta.csv"),
            "steps": {"denominate": {}, "impute": {"method": "mean", "by_group": "EurAsia_group"},
                      "treat": {"winmax": 5}, "normalise": {"method": "minmax", "range": [0, 100]},
                      "aggregate": {"method": "amean"}},
            "uncertainty": {"treat.winmax": [3, 5], "aggregate": ["amean", "copeland"],
                            "weights": {"noise": 0.25, "levels": [2, 3]}}} | extra
    path = tmp_path / "asem.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def test_index_run_json_matches_coinr_ranks(cli, tmp_path, asem_dir):
    out = cli("run", str(asem_spec_file(tmp_path, asem_dir)), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    coinr = pd.read_csv(asem_dir / "expected" / "variant_nominal.csv").set_index("uCode").sort_values("Rank")
    assert [u["code"] for u in data["units"]] == list(coinr.index)
    assert [u["ranks"]["Index"] for u in data["units"]] == coinr["Rank"].tolist()
    assert max(abs(u["scores"]["Index"] - coinr.at[u["code"], "Index"]) for u in data["units"]) < 1e-6
    assert any(t["indicator"] == "ForPort" and t["winsorised"] == 3 for t in data["treated"])
    assert [e["step"] for e in data["log"]][-2:] == ["weights", "aggregate"]


def test_index_uncertainty_json_with_sensitivity(cli, tmp_path, asem_dir):
    out = cli("uncertainty", str(asem_spec_file(tmp_path, asem_dir)), "--runs", "200", "--seed", "4",
              "--sensitivity", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["runs"] == 200 and data["seed"] == 4 and len(data["units"]) == 51
    assert {s["input"] for s in data["sensitivity"]} == {"treat.winmax", "aggregate", "weights"}
    assert set(data["sensitivity"][0]) == {"input", "Si", "Si_ci", "STi", "STi_ci"}


def test_impossible_combination_is_one_line_and_status_2(cli, tmp_path, asem_dir):
    spec = asem_spec_file(tmp_path, asem_dir, uncertainty={"aggregate": ["amean", "gmean"]})
    out = cli("uncertainty", str(spec), "--runs", "10", "--json")
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "impossible combination (aggregate=gmean)" in lines[0]
    assert "Traceback" not in out.stderr


def test_readable_tables_without_json(cli, tmp_path, asem_dir, shared):
    out = cli("run", str(asem_spec_file(tmp_path, asem_dir)))
    assert out.returncode == 0
    expected = pd.read_csv(shared / "data" / "asem" / "expected" / "results_Aggs.csv").set_index("uCode")
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[1:-1]]
            for line in out.stdout.splitlines() if line.count("│") > 4}
    for code in ("CHE", "NLD", "MMR"):  # the table's row: code, name, rank, index, pillars
        row = rows[code]
        assert int(row[2]) == expected.loc[code, "Rank"]
        assert float(row[3]) == pytest.approx(expected.loc[code, "Index"], abs=0.006)
    assert rows["CHE"][1] == "Switzerland"
    spec = str(asem_spec_file(tmp_path, asem_dir))
    out = cli("uncertainty", spec, "--runs", "50", "--seed", "1")
    assert out.returncode == 0, out.stderr
    header = next(line for line in out.stdout.splitlines() if line.count("┃") > 4)
    columns = [c.strip() for c in header.split("┃")[1:-1]]
    table = {row[0]: dict(zip(columns, row)) for row in (
        [c.strip() for c in line.split("│")[1:-1]] for line in out.stdout.splitlines() if line.count("│") > 4)}
    data = json.loads(cli("uncertainty", spec, "--runs", "50", "--seed", "1", "--json").stdout)
    assert list(table) == [u["code"] for u in data["units"]] and len(table) == 51  # same order, every unit
    for u in data["units"]:  # the same figures, to the table's one decimal
        for key in ("nominal_rank", "median_rank", "mean_rank", "p5_rank", "p95_rank"):
            assert float(table[u["code"]][key]) == pytest.approx(u[key], abs=0.0501), (u["code"], key)


def test_index_audit_json_and_findings_in_both_languages(cli, tmp_path, asem_dir):
    path = asem_spec_file(tmp_path, asem_dir)
    out = cli("audit", str(path), "--json", "--runs", "64", "--seed", "2")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["units"] == 51 and {s["input"] for s in data["sensitivity"]} == {"treat.winmax", "aggregate", "weights"}
    assert any(f["topic"] == "effective weight" for f in data["findings"])
    without_runs = json.loads(cli("audit", str(path), "--json", "--runs", "0").stdout)
    for lang in ("en", "zh"):
        text = cli("audit", str(path), "--runs", "0", "--lang", lang)
        assert text.returncode == 0, text.stderr
        assert max(len(line) for line in text.stdout.splitlines()) <= 80
        counts = [int(n) for n in re.findall(r"\d+", text.stdout.splitlines()[0])]
        assert counts == [51, 49, len(without_runs["findings"])]  # units, indicators, findings
        folded = "".join(text.stdout.split())  # lines wrapped at 80 columns
        assert all("".join(f[lang].split()) in folded for f in without_runs["findings"])  # every finding, in lang
        topics = {line for line in text.stdout.splitlines() if line and not line.startswith(("!", "-", " "))}
        english = {f["topic"] for f in without_runs["findings"]}
        assert (topics & english == set()) == (lang == "zh"), topics  # the topics' headings in the language too
    bad = cli("audit", str(tmp_path / "missing.yaml"))
    assert bad.returncode == 2 and "cannot read the index spec" in bad.stderr and "Traceback" not in bad.stderr
