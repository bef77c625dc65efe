"""Log-in pages: a session cookie after the right password, CSRF on the form, log-out."""

import re

from tests.web.conftest import PASSWORD, log_in


def test_log_in_gives_an_httponly_session_and_api_me_knows_the_user(client):
    r = log_in(client, "qinghai")
    assert r.status_code == 303 and r.headers["location"] == "/api/me"
    cookie = r.headers["set-cookie"]
    assert "coopwatch_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    me = client.get("/api/me").json()
    assert me["name"] == "qinghai" and me["role"] == "reporter" and me["regions"] == ["630000"]
    assert me["via"] == "session" and me["csrf_token"]


def test_wrong_password_and_unknown_user_get_the_same_answer(client):
    a = log_in(client, "qinghai", "wrong password!")
    b = log_in(client, "nobody-here", "wrong password!")
    assert a.status_code == b.status_code == 401
    alerts = [re.search(r'role="alert">([^<]+)<', r.text).group(1) for r in (a, b)]
    assert alerts[0] == alerts[1] == "用户名或密码错误。"
    assert client.get("/api/me").status_code == 401


def test_log_in_form_without_its_csrf_token_is_refused(client):
    client.get("/login")
    r = client.post("/login", data={"name": "admin", "password": PASSWORD, "csrf_token": "forged"},
                    follow_redirects=False)
    assert r.status_code == 403
    assert client.get("/api/me").status_code == 401


def test_log_out_needs_the_session_csrf_token_and_ends_the_session(client):
    log_in(client, "eva")
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    token = client.get("/api/me").json()["csrf_token"]
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client.get("/api/me").status_code == 401


def test_next_never_leaves_the_server(client):
    r = log_in(client, "eva", next_="//evil.example/x")
    assert r.headers["location"] == "/"


def test_bearer_token_authenticates_scripts(client, tokens):
    me = client.get("/api/me", headers={"Authorization": f"Bearer {tokens['viewer']}"}).json()
    assert me["name"] == "viewer" and me["via"] == "token"
    assert client.get("/api/me", headers={"Authorization": "Bearer cw_not-a-token"}).status_code == 401


def test_cookies_are_secure_when_served_over_tls(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver") as tls:
        cookie = log_in(tls, "eva").headers["set-cookie"]
    assert "coopwatch_session=" in cookie and "Secure" in cookie
