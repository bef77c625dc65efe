"""What a user sees from `coopwatch` when the database is wrong or fine."""

from __future__ import annotations

import subprocess
import sys


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "coopwatch.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_an_unreachable_database_url_gives_one_line_and_no_traceback(monkeypatch):
    import os

    env = dict(os.environ, COOPWATCH_DATABASE_URL="postgresql+psycopg://someone@127.0.0.1:9/gone")
    result = run_cli("init", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "127.0.0.1:9/gone" in lines[0]
    assert "Traceback" not in result.stderr


def test_init_creates_the_database_and_says_where(database_url):
    import os

    result = run_cli("init", "--no-plans", env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert "database ready" in result.stdout
    # a second init changes nothing and still succeeds
    again = run_cli("init", "--no-plans", env=dict(os.environ))
    assert again.returncode == 0, again.stderr
