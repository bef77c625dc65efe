"""Security: CSRF, session expiry, log-in throttle, no password in logs or the audit trail,
injection strings stored and shown verbatim (escaped in HTML)."""

from __future__ import annotations

import datetime as dt
import json
import logging

from markupsafe import escape
from sqlalchemy import select, update

from coopwatch.store.models import AuditEntry, WebSession
from tests.web.conftest import PASSWORD, log_in

INJECTIONS = ["'; DROP TABLE \"case\"; --", "<script>alert('x')</script>", "\" onmouseover=\"alert(1)",
              "Robert'); DELETE FROM user_account;--", "{{ 7*7 }}", "闽宁 <b>协作</b> & 'quotes'"]


def _csrf(client) -> str:
    return client.get("/api/me").json()["csrf_token"]


def test_a_session_write_without_the_csrf_token_is_refused(client):
    log_in(client, "eva")
    body = {"title": "闽宁协作", "regions": ["640000"]}
    assert client.post("/api/cases", json=body).status_code == 403
    assert client.post("/api/cases", json=body, headers={"X-CSRF-Token": "guessed"}).status_code == 403
    assert client.get("/api/cases").json()["items"] == []
    assert client.post("/api/cases", json=body, headers={"X-CSRF-Token": _csrf(client)}).status_code == 201


def test_an_idle_session_expires_and_the_page_redirects_to_log_in(client, web_store):
    log_in(client, "viewer")
    assert client.get("/account", follow_redirects=False).status_code == 200
    with web_store.session() as s:
        s.execute(update(WebSession).values(last_seen=dt.datetime.utcnow() - dt.timedelta(hours=1)))
    r = client.get("/account", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/account"
    assert client.get("/api/me").status_code == 401
    with web_store.session() as s:
        assert s.scalars(select(WebSession)).all() == []  # the expired session is gone


def test_a_session_ends_at_its_absolute_lifetime_even_when_in_use(client, web_store):
    log_in(client, "viewer")
    with web_store.session() as s:
        s.execute(update(WebSession).values(created_at=dt.datetime.utcnow() - dt.timedelta(hours=13)))
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_ten_wrong_passwords_throttle_the_account_and_say_nothing_about_it(client):
    for _ in range(10):
        assert log_in(client, "qinghai", "wrong guess").status_code == 401
    blocked = log_in(client, "qinghai")  # even the right password now
    assert blocked.status_code == 429 and client.get("/api/me").status_code == 401
    for _ in range(10):
        log_in(client, "no-such-user", "wrong guess")
    unknown = log_in(client, "no-such-user", "wrong guess")
    assert unknown.status_code == 429
    message = "尝试次数过多，请稍后再试。"
    assert message in blocked.text and message in unknown.text
    assert log_in(client, "ningxia").status_code == 303  # other accounts are not locked out


def test_passwords_never_reach_the_logs_or_the_audit_trail(client, web_store, caplog):
    from coopwatch.store.accounts import set_password

    caplog.set_level(logging.DEBUG)
    new = "a fresh secret 4711"
    set_password(web_store, "viewer", new, actor="admin")
    log_in(client, "viewer", "wrong secret 0815")
    log_in(client, "viewer", new)
    with web_store.session() as s:
        trail = json.dumps([[e.before, e.after] for e in s.scalars(select(AuditEntry))], ensure_ascii=False)
    for secret in (new, "wrong secret 0815", PASSWORD):
        assert secret not in trail and secret not in caplog.text
    assert '"password": "set"' in trail


def test_injection_strings_are_stored_verbatim_and_escaped_in_html(client, tokens):
    auth = {"Authorization": f"Bearer {tokens['eva']}"}
    for text in INJECTIONS:
        r = client.post("/api/cases", headers=auth, json={"title": text, "summary": text, "lessons": text})
        assert r.status_code == 201, r.text
        case = client.get(f"/api/cases/{r.json()['id']}", headers=auth).json()
        assert case["title"] == case["summary"] == case["lessons"] == text
        u = client.post("/api/progress", headers=auth, json={"item": "eastwest-14fyp:3.2", "period": "2024",
                                                               "status": "in_progress", "region": "630000",
                                                               "narrative": text})
        assert client.get(f"/api/progress/{u.json()['id']}", headers=auth).json()["narrative"] == text
    listed = client.get("/api/cases", headers=auth, params={"format": "csv"}).text
    assert all(text.replace('"', '""') in listed for text in INJECTIONS)
    # the tables are still there
    assert len(client.get("/api/cases", headers=auth).json()["items"]) == len(INJECTIONS)
    # shown in a page: escaped, never markup
    for text in INJECTIONS[1:3]:
        page = client.get("/login", params={"next": "/x" + text}).text
        assert str(escape("/x" + text)) in page
        assert "<script>alert" not in page
