"""Fixtures of the indicators tests: the shipped real observations and small files written
for a test (tidy CSV lines in, a path out)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from coopwatch.indicators.shipped import shipped_observation_files

REAL = shipped_observation_files()[0]


@pytest.fixture
def real_file() -> Path:
    return REAL


@pytest.fixture
def loaded(store):
    """A store holding the shipped real observations."""
    from coopwatch.indicators import import_shipped_observations

    import_shipped_observations(store, user="admin")
    return store




@pytest.fixture
def cli(monkeypatch, capsys, database_url):
    """Run `coopwatch ARGS...` in this process, in a terminal 80 cells wide (what COLUMNS=80
    gives a fresh process): returncode, stdout and stderr."""
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
