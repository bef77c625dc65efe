"""/api/cases in Chinese and English: create, change, read and list with both languages; each
write one audit entry; reads need a log-in unless reading is public."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from coopwatch.store.models import AuditEntry


def _auth(tokens, name="eva"):
    return {"Authorization": f"Bearer {tokens[name]}"}


def _audit_count(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


BOTH = {"title_zh": "闽宁协作：枸杞产业", "title_en": "Fujian-Ningxia: wolfberry industry",
        "summary_zh": "福建支持宁夏枸杞技术转移", "summary_en": "Fujian supports wolfberry technology transfer in Ningxia",
        "regions": ["宁夏", "Fujian"], "items": ["eastwest-14fyp:5.3"], "domains": ["wolfberry"]}


def test_a_case_is_written_and_read_in_both_languages_each_write_one_audit_entry(client, web_store, tokens):
    auth = _auth(tokens)
    before = _audit_count(web_store)
    r = client.post("/api/cases", headers=auth, json=BOTH)
    assert r.status_code == 201, r.text
    case = r.json()
    assert _audit_count(web_store) == before + 1
    assert {k: case[k] for k in ("title_zh", "title_en", "summary_zh", "summary_en")} == {
        k: BOTH[k] for k in ("title_zh", "title_en", "summary_zh", "summary_en")}
    assert (case["title"], case["regions"], case["created_by"]) == ("闽宁协作：枸杞产业", ["640000", "350000"], "eva")

    change = {"title_zh": "闽宁协作（修订）", "title_en": "Fujian-Ningxia (revised)", "summary_en": "Revised",
              "regions": ["640000"]}
    r = client.put(f"/api/cases/{case['id']}", headers=auth, json=change)
    assert r.status_code == 200 and _audit_count(web_store) == before + 2
    with web_store.session() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.entity, entry.actor) == ("update", "case", "eva")
    assert entry.before["title_en"] == "Fujian-Ningxia: wolfberry industry"
    assert entry.after["title_en"] == "Fujian-Ningxia (revised)" and entry.after["summary_zh"] is None

    read = client.get(f"/api/cases/{case['id']}", headers=_auth(tokens, "viewer")).json()
    assert (read["title_zh"], read["title_en"], read["summary_zh"], read["summary_en"]) == (
        "闽宁协作（修订）", "Fujian-Ningxia (revised)", None, "Revised")
    listed = client.get("/api/cases", headers=_auth(tokens, "viewer"), params={"region": "640000"}).json()["items"]
    assert [(c["id"], c["title_en"]) for c in listed] == [(case["id"], "Fujian-Ningxia (revised)")]
    r = client.get("/api/cases", headers=_auth(tokens, "viewer"), params={"format": "csv"})
    row = next(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert (row["title_zh"], row["title_en"]) == ("闽宁协作（修订）", "Fujian-Ningxia (revised)")


def test_a_plain_title_is_filed_by_its_script_and_a_case_without_a_title_is_refused(client, web_store, tokens):
    auth = _auth(tokens)
    r = client.post("/api/cases", headers=auth, json={"title": "East-west pairing", "summary": "对口支援"})
    assert (r.json()["title_en"], r.json()["title_zh"], r.json()["summary_zh"]) == ("East-west pairing", None, "对口支援")
    before = _audit_count(web_store)
    r = client.post("/api/cases", headers=auth, json={"summary_en": "no title"})
    assert r.status_code == 400 and r.json()["detail"].startswith("title: a case needs a title")
    assert _audit_count(web_store) == before


def test_cases_are_read_by_anyone_only_when_reading_is_public(client, tokens):
    client.post("/api/cases", headers=_auth(tokens), json=BOTH)
    assert client.get("/api/cases").status_code == 401
    client.put("/api/settings", headers=_auth(tokens, "admin"), json={"public_reading": True})
    assert client.get("/api/cases").json()["items"][0]["title_en"] == BOTH["title_en"]
