"""Who may write what, through the API: for every write endpoint the role matrix (anonymous 401,
viewer 403, a Qinghai reporter writing for Ningxia 403 with nothing stored and the refusal in the
audit trail, evaluator and admin as the permission rules allow), through FastAPI's test client
and through a real uvicorn on loopback."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import func, select

from coopwatch.records import updates
from coopwatch.store.models import AuditEntry, Case, Document, Evidence, ImportBatch, Observation, PeriodLock, ProgressUpdate
from tests.web.live import live_client

ROLES = ("anonymous", "viewer", "qinghai", "ningxia", "eva", "admin")
_years = itertools.count(1960)


def _year() -> int:
    """A year nobody wrote yet (values of the same key would be unchanged or a conflict)."""
    return next(_years)


def _update(store, author="ningxia", state="submitted"):
    u = updates.submit(store, item="eastwest-14fyp:5.1", period="2024", status="in_progress", region="640000",
                       author=author, draft=state == "draft")
    if state == "returned":
        updates.review(store, u.id, "returned", by="eva", note="more detail")
    return u.id


def _batch(store):
    from coopwatch.records.batches import upload_observations
    from coopwatch.store.permissions import find_user
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nx.csv"
        path.write_text(f"region,indicator,year,value,unit,source\n640000,rd_intensity,{_year()},1.9,% of GDP,test\n")
        return upload_observations(store, path, by=find_user(store, "ningxia"))["files"][0]["batch"]


def _document(store):
    with store.session() as s:
        doc = Document(content_hash=f"h{dt.datetime.now().timestamp()}", text="宁夏与福建合作", title="t",
                       published=dt.date(2024, 5, 1))
        s.add(doc)
        s.flush()
        return doc.id


def _case(store):
    from coopwatch.records.cases import add_case

    return add_case(store, title_zh="闽宁协作", title_en="Fujian-Ningxia", by="eva").id


def _csv(region="640000", year=None):
    year = year or _year()
    return {"file": ("values.csv", f"region,indicator,year,value,unit,source\n{region},rd_intensity,{year},2.1,% of GDP,upload\n",
                     "text/csv")}


# Each endpoint: (name, method, path(store), request kwargs(store), expected status per role,
# the table whose rows a refused Qinghai write must not add to).
ENDPOINTS = [
    ("progress submit", "POST", lambda s: "/api/progress",
     lambda s: {"json": {"item": "eastwest-14fyp:5.1", "period": "2024", "status": "completed", "region": "640000"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 201, "eva": 201, "admin": 201}, ProgressUpdate),
    ("progress edit", "PATCH", lambda s: f"/api/progress/{_update(s, state='returned')}",
     lambda s: {"json": {"status": "completed", "narrative": "done"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 200, "eva": 403, "admin": 403}, None),
    ("progress review", "POST", lambda s: f"/api/progress/{_update(s)}/review",
     lambda s: {"json": {"decision": "approved"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 200, "admin": 200}, None),
    ("observation value", "POST", lambda s: "/api/observations",
     lambda s: {"json": {"region": "640000", "indicator": "rd_intensity", "year": _year(), "value": 2.2,
                         "unit": "% of GDP", "source": "api"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 201, "eva": 201, "admin": 201}, Observation),
    ("observation upload", "POST", lambda s: "/api/observations/upload", lambda s: {"files": _csv()},
     {"viewer": 403, "qinghai": 403, "ningxia": 201, "eva": 201, "admin": 201}, ImportBatch),
    ("batch review", "POST", lambda s: f"/api/observation-batches/{_batch(s)}/review",
     lambda s: {"json": {"decision": "returned", "note": "unit is wrong"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 200, "admin": 200}, None),
    ("evidence review", "POST", lambda s: "/api/evidence/review",
     lambda s: {"json": {"document": _document(s), "item": "eastwest-14fyp:5.1", "decision": "confirmed"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 200, "admin": 200}, Evidence),
    ("case add", "POST", lambda s: "/api/cases",
     lambda s: {"json": {"title_zh": "宁夏枸杞", "title_en": "Ningxia wolfberry", "summary_en": "x", "regions": ["640000"]}},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 201, "admin": 201}, Case),
    ("case change", "PUT", lambda s: f"/api/cases/{_case(s)}",
     lambda s: {"json": {"title_zh": "闽宁协作 (修订)", "title_en": "Fujian-Ningxia (revised)"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 200, "admin": 200}, None),
    ("case delete", "DELETE", lambda s: f"/api/cases/{_case(s)}", lambda s: {},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 200, "admin": 200}, None),
    ("period lock", "POST", lambda s: "/api/locks", lambda s: {"json": {"region": "640000", "period": f"20{40 + _n(s)}"}},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 201, "admin": 201}, PeriodLock),
    ("period unlock", "DELETE", lambda s: _locked(s), lambda s: {},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 403, "admin": 200}, None),
    ("public reading", "PUT", lambda s: "/api/settings", lambda s: {"json": {"public_reading": False}},
     {"viewer": 403, "qinghai": 403, "ningxia": 403, "eva": 403, "admin": 200}, None),
]


def _n(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) % 50


def _locked(store) -> str:
    period = f"20{50 + _n(store)}"
    updates.lock_period(store, "640000", period, by="eva")
    return f"/api/locks/640000/{period}"


def _count(store, table) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def _refusals(store, actor) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "refused",
                                                                          AuditEntry.actor == actor))


def check_matrix(call, store, tokens, endpoint) -> None:
    name, method, path_of, kwargs_of, expected, table = endpoint
    seen = {}
    for role in ROLES:
        path, kwargs = path_of(store), kwargs_of(store)
        headers = {} if role == "anonymous" else {"Authorization": f"Bearer {tokens[role]}"}
        rows_before = _count(store, table) if table is not None else None
        refused_before = _refusals(store, role)
        r = call(method, path, headers=headers, **kwargs)
        seen[role] = r.status_code
        if role == "anonymous":
            continue
        if r.status_code == 403:
            assert _refusals(store, role) == refused_before + 1, (name, role, "refusal not audited")
            if table is not None:
                assert _count(store, table) == rows_before, (name, role, "a refused write stored something")
        elif r.status_code < 300 and table is not None:
            assert _count(store, table) > rows_before, (name, role)
    assert seen == {"anonymous": 401, **expected}, (name, seen)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_role_matrix_through_the_test_client(client, web_store, tokens, endpoint):
    check_matrix(client.request, web_store, tokens, endpoint)


def test_role_matrix_through_a_live_uvicorn(app, web_store, tokens):
    with live_client(app) as http:
        for endpoint in ENDPOINTS:
            check_matrix(http.request, web_store, tokens, endpoint)


def test_a_qinghai_reporter_writing_for_ningxia_is_refused_named_and_audited(client, web_store, tokens):
    auth = {"Authorization": f"Bearer {tokens['qinghai']}"}
    r = client.post("/api/progress", headers=auth, json={"item": "eastwest-14fyp:5.1", "period": "2024",
                                                          "status": "completed", "region": "640000"})
    assert r.status_code == 403 and "reports for 630000, not 640000" in r.json()["detail"]
    r = client.post("/api/observations/upload", headers=auth, files=_csv())
    assert r.status_code == 403 and "not 640000" in r.json()["detail"]
    with web_store.session() as s:
        refusals = s.scalars(select(AuditEntry).where(AuditEntry.action == "refused")).all()
        assert s.scalar(select(func.count()).select_from(ProgressUpdate)) == 0
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0
    assert [(e.actor, e.entity) for e in refusals] == [("qinghai", "progress.submit"), ("qinghai", "observations.import")]
    assert all(e.after["via"].startswith("web ") and e.after["via"].endswith(" token") for e in refusals)
    assert client.get("/api/audit", headers={"Authorization": f"Bearer {tokens['admin']}"},
                      params={"action": "refused"}).json()["items"][0]["actor"] == "qinghai"
