"""Fixtures of the evaluate tests: the ASEM example (COINr) built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopwatch.evaluate import Index, load_spec

REPO = Path(__file__).resolve().parents[2]
ASEM_SPEC = REPO / "src" / "coopwatch" / "data" / "index" / "asem.yaml"


@pytest.fixture(scope="session")
def asem_dir(shared) -> Path:
    return shared / "data" / "asem"


@pytest.fixture(scope="session")
def asem_spec(asem_dir):
    return load_spec(ASEM_SPEC, data_dir=asem_dir)


@pytest.fixture(scope="session")
def asem(asem_spec) -> Index:
    """The nominal ASEM build (do not mutate: rebuild returns new indices)."""
    return Index.from_spec(asem_spec)
