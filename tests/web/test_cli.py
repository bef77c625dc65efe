"""The command line of the web app: `user add --password` (from standard input here) and
`coopwatch serve`, started as a user would and asked for its log-in page."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
from sqlalchemy import select

from coopwatch.store.models import AuditEntry, User
from tests.web.live import free_port

CLI = [sys.executable, "-m", "coopwatch.cli"]


def test_user_add_with_a_password_stores_only_its_argon2id_hash(web_store, web_database_url):
    run = subprocess.run(CLI + ["user", "add", "gansu", "--role", "reporter", "--region", "甘肃", "--password"],
                         input="long enough secret\n", capture_output=True, text=True, env=os.environ)
    assert run.returncode == 0, run.stderr
    assert "long enough secret" not in run.stdout + run.stderr
    with web_store.session() as s:
        digest = s.scalars(select(User.password_hash).where(User.name == "gansu")).one()
        trail = [e.after for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "user"))]
    assert digest.startswith("$argon2id$") and "long enough secret" not in str(trail)
    from coopwatch.store.accounts import check_password

    assert check_password(web_store, "gansu", "long enough secret").regions == ("620000",)
    short = subprocess.run(CLI + ["user", "password", "gansu"], input="short\n", capture_output=True, text=True,
                           env=os.environ)
    assert short.returncode == 2 and "password: at least 8 characters" in short.stderr


def test_coopwatch_serve_answers_on_loopback(web_database_url):
    port = free_port()
    server = subprocess.Popen(CLI + ["serve", "--port", str(port)], env=os.environ,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(600):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert r.status_code == 200 and 'name="password"' in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/api/targets").status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
