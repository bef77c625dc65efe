"""The API as its users see it: lists paged, filtered and as CSV; the review workflow end to
end; uploads all or nothing with errors naming line and field; public reading."""

from __future__ import annotations

import csv
import io


def _auth(tokens, name):
    return {"Authorization": f"Bearer {tokens[name]}"}


def test_lists_are_paged_filtered_and_also_csv(client, tokens):
    auth = _auth(tokens, "viewer")
    everything = client.get("/api/plans", headers=auth).json()
    assert everything["total"] == 2 and everything["next_offset"] is None
    first = client.get("/api/plans", params={"limit": 1}, headers=auth).json()
    second = client.get("/api/plans", params={"limit": 1, "offset": 1}, headers=auth).json()
    assert [first["items"][0], second["items"][0]] == everything["items"]
    assert (first["next_offset"], second["next_offset"]) == (1, None)
    r = client.get("/api/regions", params={"q": "青海", "format": "csv"}, headers=auth)
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[0]["code"] == "630000" and rows[0]["name_zh"] == "青海省"
    assert {p["id"] for p in everything["items"]} == {"eastwest-14fyp", "western-science-city-2023"}
    item = client.get("/api/items/eastwest-14fyp:3.2", headers=auth).json()
    assert item["id"] == "eastwest-14fyp:3.2" and item["regions"] == ["630000"]
    assert client.get("/api/items/eastwest-14fyp:99.9", headers=auth).status_code in (400, 404)


def test_the_review_workflow_through_the_api_and_the_scorecard_counts_approved_only(client, tokens):
    qh, eva = _auth(tokens, "qinghai"), _auth(tokens, "eva")
    todo = client.get("/api/progress/completeness", params={"period": "2025"}, headers=qh).json()["items"]
    assert "eastwest-14fyp:3.2" in {t["item"] for t in todo}
    r = client.post("/api/progress", headers=qh, json={"item": "eastwest-14fyp:3.2", "period": "2025",
                                                       "status": "completed", "region": "630000", "draft": True})
    uid = r.json()["id"]
    assert r.json()["state"] == "draft" and client.get("/api/progress/queue", headers=eva).json()["items"] == []
    assert client.patch(f"/api/progress/{uid}", headers=qh, json={}).json()["state"] == "submitted"
    assert [u["id"] for u in client.get("/api/progress/queue", headers=eva).json()["items"]] == [uid]
    r = client.post(f"/api/progress/{uid}/review", headers=eva, json={"decision": "returned"})
    assert r.status_code == 400 and r.json()["detail"].startswith("note:")
    r = client.post(f"/api/progress/{uid}/review", headers=eva, json={"decision": "returned", "comment": "附上验收报告"})
    assert (r.json()["state"], r.json()["review_comment"]) == ("returned", "附上验收报告")

    def score():
        card = client.get("/api/scorecards/eastwest-14fyp", params={"as_of": "2025-12-31"}, headers=eva).json()
        return next(i for i in card["items"] if i["item"] == "eastwest-14fyp:3.2")

    before = score()
    client.patch(f"/api/progress/{uid}", headers=qh, json={"narrative": "验收报告见附件"})
    assert score() == before  # submitted, not approved: not counted
    assert client.post(f"/api/progress/{uid}/review", headers=eva, json={"decision": "approved"}).status_code == 200
    after = score()
    assert after["score"] != before["score"]
    assert any(r.get("kind") == "progress" and r.get("update") == uid for r in after["reasons"])
    todo = client.get("/api/progress/completeness", params={"period": "2025"}, headers=qh).json()["items"]
    assert "eastwest-14fyp:3.2" not in {t["item"] for t in todo}


def test_a_locked_period_refuses_writes_until_an_admin_unlocks(client, tokens):
    nx, eva, admin = _auth(tokens, "ningxia"), _auth(tokens, "eva"), _auth(tokens, "admin")
    assert client.post("/api/locks", headers=eva, json={"region": "宁夏", "period": "2024"}).status_code == 201
    body = {"item": "eastwest-14fyp:5.1", "period": "2024", "status": "completed", "region": "640000"}
    r = client.post("/api/progress", headers=nx, json=body)
    assert r.status_code == 403 and "locked" in r.json()["detail"]
    up = client.post("/api/observations", headers=nx, json={"region": "640000", "indicator": "gdp", "year": 2024,
                                                             "value": 5000, "unit": "100 million CNY", "source": "NBS"})
    assert up.status_code == 403
    assert client.delete("/api/locks/640000/2024", headers=eva).status_code == 403
    assert client.delete("/api/locks/640000/2024", headers=admin).status_code == 200
    assert client.post("/api/progress", headers=nx, json=body).status_code == 201


def test_an_upload_with_a_bad_line_stores_nothing_and_names_line_and_field(client, tokens):
    nx = _auth(tokens, "ningxia")
    text = ("region,indicator,year,value,unit,source\n"
            "640000,gdp,2023,5315.0,100 million CNY,NBS\n"
            "640000,gdp,2024,lots,100 million CNY,NBS\n")
    r = client.post("/api/observations/upload", headers=nx, files={"file": ("nx.csv", text, "text/csv")})
    assert r.status_code == 400 and "line 3" in r.json()["detail"] and "value" in r.json()["detail"]
    assert client.get("/api/observations", headers=nx, params={"region": "640000"}).json()["items"] == []


def test_a_reporters_upload_waits_for_review_and_counts_once_approved(client, tokens):
    nx, eva = _auth(tokens, "ningxia"), _auth(tokens, "eva")
    text = "region,indicator,year,value,unit,source\n640000,gdp,2023,5315.0,100 million CNY,NBS\n"
    r = client.post("/api/observations/upload", headers=nx, files={"file": ("nx.csv", text, "text/csv")})
    assert r.status_code == 201 and r.json()["state"] == "submitted"
    batch = r.json()["files"][0]["batch"]
    listed = client.get("/api/observations", headers=nx, params={"region": "宁夏", "indicator": "gdp"}).json()
    assert listed["items"][0]["review_state"] == "submitted"
    assert [b["id"] for b in client.get("/api/observation-batches", headers=eva,
                                        params={"state": "submitted"}).json()["items"]] == [batch]
    from coopwatch.indicators import ObservationSet

    store = client.app.state.store
    assert ObservationSet.load(store).series("640000", "gdp") == {}
    assert ObservationSet.load(store, approved_only=False).series("640000", "gdp")[2023].value == 5315.0
    r = client.post(f"/api/observation-batches/{batch}/review", headers=eva, json={"decision": "approved"})
    assert r.json()["state"] == "approved"
    assert ObservationSet.load(store).series("640000", "gdp")[2023].value == 5315.0


def test_anonymous_users_read_only_when_the_admin_turns_public_reading_on(client, tokens):
    assert client.get("/api/plans").status_code == 401
    admin = _auth(tokens, "admin")
    assert client.put("/api/settings", headers=admin, json={"public_reading": True}).status_code == 200
    assert client.get("/api/plans").status_code == 200
    assert client.post("/api/cases", json={"title": "x"}).status_code == 401  # reading only
    assert client.get("/api/audit").status_code == 401
    assert client.get("/api/audit", headers=_auth(tokens, "eva")).status_code == 403


def test_api_docs_are_served_from_the_app_itself(client):
    page = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert "/api/observations" in client.get("/openapi.json").json()["paths"]


def test_health_answers_anyone_without_reading_the_data(client, tmp_path):
    """A load balancer asks /api/health with no account; it says the server is up, nothing more."""
    from coopwatch.web.app import create_app
    from coopwatch.store import open_store

    r = client.get("/api/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "version": __import__("coopwatch").__version__}
    assert client.get("/api/plans").status_code == 401  # while every data read still needs an account
    # no database connection is used: SQLite would create the deleted file again on connecting
    store = open_store(f"sqlite:///{tmp_path / 'gone.db'}")
    app = create_app(store)
    store.dispose()
    (tmp_path / "gone.db").unlink()
    from fastapi.testclient import TestClient

    with TestClient(app) as other:
        assert other.get("/api/health").json()["status"] == "ok"
    assert not (tmp_path / "gone.db").exists()
