"""`coopwatch index run|uncertainty`: JSON per the contract, one-line errors with status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "coopwatch.cli", "index", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


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


def test_index_run_json_matches_coinr_ranks(tmp_path, asem_dir):
    out = cli("run", str(asem_spec_file(tmp_path, asem_dir)), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    top = data["units"][:3]
    assert [u["code"] for u in top] == ["CHE", "NLD", "DNK"]
    assert abs(top[0]["scores"]["Index"] - 68.38372424) < 1e-6
    assert any(t["indicator"] == "ForPort" and t["winsorised"] == 3 for t in data["treated"])
    assert [e["step"] for e in data["log"]][-2:] == ["weights", "aggregate"]


def test_index_uncertainty_json_with_sensitivity(tmp_path, asem_dir):
    out = cli("uncertainty", str(asem_spec_file(tmp_path, asem_dir)), "--runs", "200", "--seed", "4",
              "--sensitivity", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["runs"] == 200 and data["seed"] == 4 and len(data["units"]) == 51
    assert {s["input"] for s in data["sensitivity"]} == {"treat.winmax", "aggregate", "weights"}
    assert set(data["sensitivity"][0]) == {"input", "Si", "Si_ci", "STi", "STi_ci"}


def test_impossible_combination_is_one_line_and_status_2(tmp_path, asem_dir):
    spec = asem_spec_file(tmp_path, asem_dir, uncertainty={"aggregate": ["amean", "gmean"]})
    out = cli("uncertainty", str(spec), "--runs", "10", "--json")
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "impossible combination (aggregate=gmean)" in lines[0]
    assert "Traceback" not in out.stderr
