"""Fixtures of the indicators tests: the shipped real observations and small files written
for a test (tidy CSV lines in, a path out)."""

from __future__ import annotations

from pathlib import Path

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
def cli(in_process, database_url):
    """`coopwatch ARGS...` in this process, on the test database (see `in_process`)."""
    return in_process
