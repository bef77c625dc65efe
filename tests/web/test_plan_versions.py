"""/api/plans/{id}/versions: every stored version of a plan, and one version as it was stored
(an earlier version keeps its own title and items after a newer one changes them)."""

from __future__ import annotations

import csv
import io

import yaml


def _auth(tokens, name="viewer"):
    return {"Authorization": f"Bearer {tokens[name]}"}


def _second_version(store, tmp_path):
    """Version 2 of eastwest-14fyp: a new English title and task 3.2 gone."""
    from coopwatch.plans.registry import export_plan, import_plan

    data = yaml.safe_load(export_plan(store, "eastwest-14fyp"))
    data["title"]["en"] = "East-West S&T Cooperation Plan (revised)"
    for section in data["items"]:
        section["items"] = [i for i in section.get("items", []) if i.get("ref") != "3.2"]
    path = tmp_path / "eastwest-v2.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    import_plan(store, path, actor="admin")


def _refs(tree):
    out = []
    for item in tree:
        out.append(item["ref"])
        out += _refs(item.get("items", []))
    return out


def test_versions_are_listed_oldest_first_and_each_is_read_as_stored(client, web_store, tokens, tmp_path):
    _second_version(web_store, tmp_path)
    auth = _auth(tokens)
    listed = client.get("/api/plans/eastwest-14fyp/versions", headers=auth).json()
    assert listed["total"] == 2
    v1, v2 = listed["items"]
    assert [(v["version"], v["current"], v["created_by"]) for v in (v1, v2)] == [
        (1, False, "coopwatch init"), (2, True, "admin")]
    assert v2["title"]["en"] == "East-West S&T Cooperation Plan (revised)"
    assert v1["title"]["en"].startswith("Implementation Plan for East-West")
    assert v2["items"] == v1["items"] - 1 and v2["note"] == "import from eastwest-v2.yaml"

    one = client.get("/api/plans/eastwest-14fyp/versions/1", headers=auth).json()
    two = client.get("/api/plans/eastwest-14fyp/versions/2", headers=auth).json()
    assert (one["version"], one["current"], two["version"], two["current"]) == (1, False, 2, True)
    assert "3.2" in _refs(one["items"]) and "3.2" not in _refs(two["items"])
    assert one["title"] == v1["title"] and len(_refs(one["items"])) == v1["items"]
    assert client.get("/api/plans/eastwest-14fyp", headers=auth).json()["version"] == 2

    r = client.get("/api/plans/eastwest-14fyp/versions", headers=auth, params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [row["version"] for row in rows] == ["1", "2"]


def test_a_missing_plan_or_version_is_named(client, tokens):
    auth = _auth(tokens)
    r = client.get("/api/plans/eastwest-14fyp/versions/9", headers=auth)
    assert r.status_code == 404 and "has no version 9" in r.json()["detail"]
    r = client.get("/api/plans/no-such-plan/versions", headers=auth)
    assert r.status_code == 404 and "no-such-plan" in r.json()["detail"]


def test_versions_are_read_by_anyone_only_when_reading_is_public(client, tokens):
    assert client.get("/api/plans/eastwest-14fyp/versions").status_code == 401
    assert client.get("/api/plans/eastwest-14fyp/versions/1").status_code == 401
    client.put("/api/settings", headers=_auth(tokens, "admin"), json={"public_reading": True})
    assert client.get("/api/plans/eastwest-14fyp/versions").json()["items"][0]["version"] == 1
