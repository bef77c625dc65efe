"""The web app's result cache: kept per data version, which moves on writes to the data and not
on log-ins, sessions, account changes or refusals; one computation for concurrent first asks."""

from __future__ import annotations

import threading
import time

from tests.web.conftest import log_in


def test_the_data_version_moves_on_data_writes_only(web_store):
    from coopwatch.records.cases import add_case
    from coopwatch.store.accounts import add_user, check_password, close_session, create_token, open_session
    from coopwatch.store.audit import data_version
    from coopwatch.store.permissions import PermissionDenied, require

    start = data_version(web_store)
    cookie, _ = open_session(web_store, check_password(web_store, "eva", "correct horse battery"))
    close_session(web_store, cookie)
    add_user(web_store, "newcomer", "viewer", actor="admin")
    create_token(web_store, "newcomer", actor="admin")
    try:
        require(web_store, "viewer", "evidence.review")
    except PermissionDenied:
        pass
    assert data_version(web_store) == start  # all of that wrote audit entries, none to the data
    add_case(web_store, by="eva", title="闽宁枸杞技术转移", summary="良种推广", regions=["宁夏"])
    assert data_version(web_store) != start


def test_derived_values_move_the_data_version_though_they_write_no_audit_entry(web_store):
    from coopwatch.indicators.derived import store_derived_values
    from coopwatch.indicators.shipped import import_shipped_observations
    from coopwatch.store.audit import data_version

    import_shipped_observations(web_store, user="admin")
    before = data_version(web_store)
    assert store_derived_values(web_store, user="admin")["stored"] > 0
    assert data_version(web_store) != before


def test_a_page_result_is_computed_once_per_data_version_whoever_logs_in(client, web_store, monkeypatch):
    from coopwatch.records.cases import add_case
    from coopwatch.web.pages import lookups

    calls = []
    real = lookups.build_scorecard
    monkeypatch.setattr(lookups, "build_scorecard", lambda *a, **kw: calls.append(a[1]) or real(*a, **kw))
    log_in(client, "eva")
    assert client.get("/plans/eastwest-14fyp").status_code == 200
    client.cookies.clear()
    log_in(client, "viewer")  # a new session: an audited write, but not to the data
    assert client.get("/plans/eastwest-14fyp").status_code == 200
    assert calls == ["eastwest-14fyp"]
    add_case(web_store, by="eva", title="盐湖提锂中试线", summary="青海安徽合作", regions=["青海"])
    assert client.get("/plans/eastwest-14fyp").status_code == 200
    assert calls == ["eastwest-14fyp"] * 2


def test_two_first_asks_at_once_compute_once_and_both_get_the_result():
    from coopwatch.web.cache import ResultCache

    cache = ResultCache()
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.2)
        return {"score": 64}

    got = []
    threads = [threading.Thread(target=lambda: got.append(cache.get((1, 0, 0), ("k",), compute))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and got == [{"score": 64}] * 3
    assert cache.get((2, 0, 0), ("k",), compute) == {"score": 64} and len(calls) == 2  # a new version: again
