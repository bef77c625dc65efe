"""/api/index/run and /api/index/uncertainty: a posted spec gives what `coopwatch index run|
uncertainty --json` gives for the same spec; bad specs are a 422 naming the field; runs are
bounded; files come only from the index data folders; reading needs a log-in unless public."""

from __future__ import annotations

import json
import sys

import pytest
import yaml

from coopwatch.cli import main
from coopwatch.evaluate.spec import SHIPPED_DATA


@pytest.fixture
def asem(shared):
    return shared / "data" / "asem"


@pytest.fixture
def web_settings(asem):
    from coopwatch.web import WebSettings

    return WebSettings(index_data=(asem, SHIPPED_DATA))


def _spec(**changes) -> dict:
    """The shipped ASEM spec (file names relative, as the web API takes them), with changes."""
    return yaml.safe_load((SHIPPED_DATA / "asem.yaml").read_text(encoding="utf-8")) | changes


def _cli(monkeypatch, capsys, *args) -> dict:
    monkeypatch.setattr(sys, "argv", ["coopwatch", "index", *args, "--json"])
    with pytest.raises(SystemExit) as stop:
        main()
    out = capsys.readouterr()
    assert stop.value.code in (0, None), out.err
    return json.loads(out.out)


def _auth(tokens, name="viewer"):
    return {"Authorization": f"Bearer {tokens[name]}"}


def test_a_posted_spec_gives_the_cli_result_for_the_same_spec(client, tokens, asem, tmp_path, monkeypatch, capsys):
    spec = _spec(steps=_spec()["steps"] | {"treat": {"winmax": 3, "skew": 2.0, "kurtosis": 3.5}})
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    expected = _cli(monkeypatch, capsys, "run", str(path), "--data-dir", str(asem))
    r = client.post("/api/index/run", headers=_auth(tokens), json=spec)
    assert r.status_code == 200, r.text
    assert r.json() == expected
    assert r.json()["units"][0]["code"] == "CHE" and r.json()["units"][0]["ranks"]["Index"] == 1
    assert any(t["winsorised"] for t in r.json()["treated"])  # winmax 3 is what was applied
    assert next(e for e in r.json()["log"] if e["step"] == "treat")["args"]["winmax"] == 3


def test_the_uncertainty_endpoint_gives_the_cli_result(client, tokens, asem, tmp_path, monkeypatch, capsys):
    path = tmp_path / "asem.yaml"
    path.write_text((SHIPPED_DATA / "asem.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    expected = _cli(monkeypatch, capsys, "uncertainty", str(path), "--data-dir", str(asem), "--runs", "40",
                    "--seed", "7", "--sensitivity")
    r = client.post("/api/index/uncertainty", headers=_auth(tokens), json=_spec(),
                    params={"runs": 40, "seed": 7, "sensitivity": True})
    assert r.status_code == 200, r.text
    assert r.json() == expected
    assert (r.json()["runs"], r.json()["seed"]) == (40, 7)
    assert {s["input"] for s in r.json()["sensitivity"]} == {"treat.winmax", "normalise", "weights", "aggregate"}
    plain = client.post("/api/index/uncertainty", headers=_auth(tokens), json=_spec(), params={"runs": 40, "seed": 7})
    assert plain.json()["sensitivity"] == [] and plain.json()["units"] == expected["units"]


@pytest.mark.parametrize("spec,loc,words", [
    (_spec(steps={"treet": {}}), ["body", "steps", "treet"], "did you mean treat"),
    (_spec(meta="ASEM_iMeta.cvs"), ["body", "meta"], "did you mean ASEM_iMeta.csv"),
    (_spec(meta="/etc/passwd"), ["body", "meta"], "no absolute path"),
    (_spec(data={"units": "../asem/ASEM_iData.csv"}), ["body", "data", "units"], "no .."),
    (_spec(data={"observations": "database"}), ["body", "data", "observations"], "needs data.year"),
    (_spec(reigons=1), ["body", "reigons"], "Extra inputs"),
    (_spec(steps={"treat": {"winmax": "abc"}}), ["body", "steps", "treat"], "'winmax': 'abc'"),
    (_spec(steps={"treat": {"winmux": 1}}), ["body", "steps", "treat", "winmux"], "did you mean winmax"),
    (_spec(steps={"normalise": {"method": "minmax", "range": "x"}}), ["body", "steps", "normalise"], "range must be"),
    (_spec(weights={"pca": "x"}), ["body", "weights", "pca"], "whole number"),
    (_spec(meta="ASEM_iData.csv"), ["body"], "ASEM_iData.csv: missing column(s) Level"),  # no server folder named
    ({"data": {"units": "ASEM_iData.csv"}}, ["body", "meta"], "Field required"),
])
def test_a_bad_spec_is_a_422_naming_the_field(client, tokens, spec, loc, words):
    r = client.post("/api/index/run", headers=_auth(tokens), json=spec)
    assert r.status_code == 422, r.text
    (error,) = r.json()["detail"]
    assert error["loc"] == loc and words in error["msg"]


def test_an_impossible_uncertainty_input_and_too_many_runs_are_refused_before_any_run(client, tokens):
    auth = _auth(tokens)
    r = client.post("/api/index/uncertainty", headers=auth, json=_spec(uncertainty={"treet.winmax": [1, 2]}),
                    params={"runs": 10})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "uncertainty", "treet", "winmax"]
    r = client.post("/api/index/uncertainty", headers=auth, json=_spec(uncertainty={"treat.winmux": [1, 2]}),
                    params={"runs": 10})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "uncertainty", "treat", "winmux"]
    # a geometric mean over the zeros that min-max to [0, 100] gives
    zeros = _spec(uncertainty={"aggregate": ["amean", "gmean"]})
    r = client.post("/api/index/uncertainty", headers=auth, json=zeros, params={"runs": 10})
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"] == ["body", "uncertainty"] and "aggregate=gmean" in r.json()["detail"][0]["msg"]
    r = client.post("/api/index/uncertainty", headers=auth, json=_spec(), params={"runs": 1001})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "runs"]


def test_posted_specs_are_read_by_logged_in_users_or_anyone_when_reading_is_public(client, tokens):
    assert client.post("/api/index/run", json=_spec()).status_code == 401
    client.put("/api/settings", headers=_auth(tokens, "admin"), json={"public_reading": True})
    assert client.post("/api/index/run", json=_spec()).status_code == 200


def test_an_index_run_beyond_the_servers_slots_is_told_to_come_back(client, tokens):
    """The server computes `index_runs_at_once` index runs at once (2); one more is a 503 with
    Retry-After, never a queue that holds a worker thread; a slot set free serves again."""
    slots = client.app.state.index_slots
    assert slots.acquire(blocking=False) and slots.acquire(blocking=False)  # two runs in progress
    try:
        r = client.post("/api/index/run", headers=_auth(tokens), json=_spec())
        assert r.status_code == 503 and r.headers["retry-after"] == "5"
        assert r.json()["detail"].startswith("busy: ")
        r = client.post("/api/index/uncertainty?runs=10", headers=_auth(tokens), json=_spec())
        assert r.status_code == 503
    finally:
        slots.release()
    assert client.post("/api/index/run", headers=_auth(tokens), json=_spec()).status_code == 200
    slots.release()  # the other one: all free again
    assert slots.acquire(blocking=False) and slots.acquire(blocking=False) and not slots.acquire(blocking=False)
    slots.release()
    slots.release()
