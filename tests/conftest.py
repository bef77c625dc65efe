"""Test lanes: by default every database test runs on a fresh SQLite file; when
COOPWATCH_TEST_DATABASE_URL is set (`make test` sets it for its second lane, pointing at a
throwaway PostgreSQL cluster) the same tests run on that database instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from coopwatch.store.database import create_database, drop_database

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COOPWATCH_SHARED", REPO.parent / "shared"))
PG_URL = os.environ.get("COOPWATCH_TEST_DATABASE_URL")
LANE = "postgresql" if PG_URL else "sqlite"


def pytest_report_header(config):
    if PG_URL:
        return f"database lane: PostgreSQL ({PG_URL.rsplit('@', 1)[-1]})"
    return "database lane: SQLite (a temporary file per test)"


ADMIN = "admin"  # the account `coopwatch init` makes; tests act as it unless they test roles


@pytest.fixture
def database_url(tmp_path, monkeypatch):
    """URL of an empty database on the current lane, also set as COOPWATCH_DATABASE_URL so
    that CLI commands run in the test use it; CLI commands act as `admin` (COOPWATCH_USER),
    the account `coopwatch init` makes."""
    url = create_database(PG_URL, prefix="t_") if PG_URL else f"sqlite:///{tmp_path / 'coopwatch.db'}"
    monkeypatch.setenv("COOPWATCH_DATABASE_URL", url)
    monkeypatch.setenv("COOPWATCH_USER", ADMIN)
    monkeypatch.setenv("COOPWATCH_LOG_DIR", str(tmp_path / "logs"))
    yield url
    if PG_URL:
        drop_database(PG_URL, url)


@pytest.fixture
def migrate(database_url):
    """`migrate("0006")` brings the empty test database up to that Alembic revision, and
    `migrate("0006", down=True)` back down to it: where a migration test starts and ends."""
    from alembic import command

    from coopwatch.store.database import alembic_config, make_engine

    def run(revision: str, down: bool = False) -> None:
        engine = make_engine(database_url)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
        engine.dispose()

    return run


@pytest.fixture
def store(database_url):
    """An opened, migrated store on the current lane, empty but for the roles and the `admin`
    account (as after `coopwatch init --no-plans` without the gazetteer)."""
    from coopwatch.store import open_store
    from coopwatch.store.accounts import ensure_admin

    s = open_store(database_url)
    ensure_admin(s)
    yield s
    s.dispose()


# Evaluators some tests act as, so that provenance and audit entries name someone other than admin.
STAFF = ("analyst", "evaluator", "li", "reviser", "tester", "demo")


@pytest.fixture
def staff(store):
    """The store with an evaluator account for each name of STAFF."""
    from coopwatch.store.accounts import add_user

    for name in STAFF:
        add_user(store, name, "evaluator", actor=ADMIN)
    return store


@pytest.fixture(scope="session")
def shared() -> Path:
    """The project's shared folder (seeds, contracts, data, gold), beside the checkout or at
    COOPWATCH_SHARED. Without it the tests on real data skip on a developer's machine, but fail
    in CI, where a skipped real-data test would pass unseen."""
    if not SHARED.is_dir():
        message = f"shared folder not found at {SHARED} (set COOPWATCH_SHARED)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SHARED


@pytest.fixture
def news_dev(shared) -> Path:
    """The 48 labelled news items of shared/data/news-dev."""
    return shared / "data" / "news-dev"


def pytest_terminal_summary(terminalreporter):
    # Said at the end too, where -q output and CI logs are read.
    terminalreporter.write_line(pytest_report_header(None))


@pytest.fixture
def in_process(monkeypatch, capsys):
    """Run `coopwatch ARGS…` in this process (the same `main()` as the console script), in a
    terminal 80 cells wide (what COLUMNS=80 gives a fresh process): exit status, standard output
    and standard error."""
    import sys
    from types import SimpleNamespace

    from coopwatch.cli import main
    from coopwatch.cli.app import console

    monkeypatch.setattr(console, "_width", 80)

    def run(*args: str) -> SimpleNamespace:
        monkeypatch.setattr(sys, "argv", ["coopwatch", *args])
        with pytest.raises(SystemExit) as stop:
            main()
        out = capsys.readouterr()
        return SimpleNamespace(returncode=stop.value.code, stdout=out.out, stderr=out.err)
    return run
