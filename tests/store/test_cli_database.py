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


def _content(url) -> dict[str, list]:
    """Every row of every table, in key order: what a database holds."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        out = {name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
               for name, t in meta.tables.items() if name != "alembic_version"}
    engine.dispose()
    return out


def test_init_creates_the_database_and_a_second_init_changes_nothing(database_url):
    import os

    result = run_cli("init", env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert "database ready" in result.stdout
    first = _content(database_url)
    assert len(first["region"]) > 3000 and len(first["role"]) == 4 and len(first["plan"]) == 2
    again = run_cli("init", env=dict(os.environ))
    assert again.returncode == 0, again.stderr
    assert _content(database_url) == first
