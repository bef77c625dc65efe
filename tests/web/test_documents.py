"""/api/documents and /api/evidence filtered by item, region (a code or any name the gazetteer
resolves; a province takes in the places inside it, a macro-region its members) and dates (the
publication date, else the day stored); paged and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from coopwatch.store.models import Document, Evidence


def _auth(tokens, name="viewer"):
    return {"Authorization": f"Bearer {tokens[name]}"}


@pytest.fixture
def docs(web_store):
    """A: Ningxia and Fujian, published 2024-05-01, linked to 5.1; B: Yinchuan (in Ningxia),
    published 2023-02-10; C: Qinghai, no publication date, stored 2024-07-01, linked to 3.2."""
    made = {}
    with web_store.session() as s:
        for name, regions, published, stored in [
                ("A", ["350000", "640000"], dt.date(2024, 5, 1), dt.datetime(2024, 5, 2)),
                ("B", ["640100"], dt.date(2023, 2, 10), dt.datetime(2023, 2, 11)),
                ("C", ["630000"], None, dt.datetime(2024, 7, 1, 9))]:
            doc = Document(content_hash=name * 64, title=f"doc {name}", text=f"正文 {name}", published=published,
                           ingested_at=stored, event_date=published or stored.date(), facts={"regions": regions})
            s.add(doc)
            s.flush()
            made[name] = doc.id
        s.add(Evidence(document_id=made["A"], plan_id="eastwest-14fyp", item_ref="5.1", score=0.9, rank=1,
                       facts={"linked": True}))
        s.add(Evidence(document_id=made["C"], plan_id="eastwest-14fyp", item_ref="3.2", score=0.7, rank=1,
                       facts={"linked": True}))
    return made


def _titles(client, tokens, path="/api/documents", **params):
    r = client.get(path, headers=_auth(tokens), params=params)
    assert r.status_code == 200, r.text
    return [row["title"] for row in r.json()["items"]]


def test_documents_are_filtered_by_region_item_and_dates(client, tokens, docs):
    assert _titles(client, tokens) == ["doc C", "doc A", "doc B"]  # newest first
    assert _titles(client, tokens, region="宁夏") == ["doc A", "doc B"]  # Yinchuan is in Ningxia
    assert _titles(client, tokens, region="640000") == ["doc A", "doc B"]
    assert _titles(client, tokens, region="Yinchuan") == ["doc B"]
    assert _titles(client, tokens, region="Qinghai") == ["doc C"]
    assert _titles(client, tokens, region="西部") == ["doc C", "doc A", "doc B"]  # Qinghai and Ningxia are western
    assert _titles(client, tokens, region="Fujian") == ["doc A"]
    assert _titles(client, tokens, **{"from": "2024-01-01"}) == ["doc C", "doc A"]  # B (2023) is left out
    assert _titles(client, tokens, to="2024-05-01") == ["doc A", "doc B"]  # both ends included
    assert _titles(client, tokens, **{"from": "2024-06-30", "to": "2024-07-01"}) == ["doc C"]  # stored day
    assert _titles(client, tokens, item="eastwest-14fyp:5.1") == ["doc A"]
    assert _titles(client, tokens, item="eastwest-14fyp:3.2", region="宁夏") == []
    row = client.get("/api/documents", headers=_auth(tokens), params={"region": "Fujian"}).json()["items"][0]
    assert (row["published"], row["regions"], row["items"]) == ("2024-05-01", ["350000", "640000"],
                                                                ["eastwest-14fyp:5.1"])
    assert "text" not in row


def test_links_are_filtered_by_the_region_and_dates_of_their_documents(client, tokens, docs):
    def items(**params):
        return [(e["document"], e["item"]) for e in
                client.get("/api/evidence", headers=_auth(tokens), params=params).json()["items"]]

    assert items(region="宁夏") == [(docs["A"], "eastwest-14fyp:5.1")]
    assert items(**{"from": "2024-06-01"}) == [(docs["C"], "eastwest-14fyp:3.2")]
    assert items(to="2024-06-01", item="eastwest-14fyp:3.2") == []
    assert len(items()) == 2


def test_documents_are_paged_and_also_csv(client, tokens, docs):
    auth = _auth(tokens)
    first = client.get("/api/documents", headers=auth, params={"limit": 2}).json()
    second = client.get("/api/documents", headers=auth, params={"limit": 2, "offset": 2}).json()
    assert [d["title"] for d in first["items"] + second["items"]] == ["doc C", "doc A", "doc B"]
    assert (first["next_offset"], second["next_offset"]) == (2, None)
    r = client.get("/api/documents", headers=auth, params={"region": "宁夏", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [(x["title"], x["published"]) for x in rows] == [("doc A", "2024-05-01"), ("doc B", "2023-02-10")]
    one = client.get(f"/api/documents/{docs['B']}", headers=auth).json()
    assert (one["text"], one["published"], one["links"]) == ("正文 B", "2023-02-10", [])


def test_bad_filters_are_named(client, tokens, docs):
    auth = _auth(tokens)
    r = client.get("/api/documents", headers=auth, params={"region": "Atlantis"})
    assert r.status_code == 400 and r.json()["detail"] == "region: unknown region 'Atlantis'"
    r = client.get("/api/documents", headers=auth, params={"from": "2024-06-01", "to": "2024-01-01"})
    assert r.status_code == 400 and r.json()["detail"].startswith("from: 2024-06-01 is after to: 2024-01-01")
    r = client.get("/api/evidence", headers=auth, params={"from": "2024-13-01"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "from"]
    assert client.get("/api/documents/999999", headers=auth).status_code == 404


def test_documents_are_read_by_anyone_only_when_reading_is_public(client, tokens, docs):
    assert client.get("/api/documents").status_code == 401
    assert client.get(f"/api/documents/{docs['A']}").status_code == 401
    client.put("/api/settings", headers=_auth(tokens, "admin"), json={"public_reading": True})
    assert [d["title"] for d in client.get("/api/documents", params={"region": "Qinghai"}).json()["items"]] == ["doc C"]
