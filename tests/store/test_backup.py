"""A backup restores the same records, on either database kind, and a bad file changes nothing."""

from __future__ import annotations

import gzip

import pytest
from sqlalchemy import select

from coopwatch.errors import InputError
from coopwatch.store.backup import backup, restore
from coopwatch.store.models import Document, Observation, Plan


def _fill(store):
    with store.session() as s:
        s.add(Plan(id="eastwest-14fyp", title_zh="“十四五”东西部科技合作实施方案"))
        s.add(Observation(region="630000", indicator="rd_intensity", year=2023, value=0.8, source="NBS"))
        s.add(Document(content_hash="a" * 64, text="青海省与天津市合作"))


def test_a_backup_restores_the_same_records(store, tmp_path):
    _fill(store)
    path = tmp_path / "b.jsonl.gz"
    counts = backup(store, path, actor="admin")
    assert counts["plan"] == 1 and counts["observation"] == 1
    with store.session() as s:
        s.add(Plan(id="added-later"))
    restore(store, path, actor="admin")
    with store.session() as s:
        assert [p.id for p in s.scalars(select(Plan))] == ["eastwest-14fyp"]
        obs = s.scalars(select(Observation)).one()
        assert (obs.region, obs.value, obs.source) == ("630000", 0.8, "NBS")
        # new rows after a restore get fresh ids (sequences moved on PostgreSQL)
        s.add(Document(content_hash="b" * 64, text="new"))
        s.flush()


def test_a_file_that_is_not_a_backup_changes_nothing(store, tmp_path):
    _fill(store)
    bad = tmp_path / "bad.gz"
    with gzip.open(bad, "wt") as f:
        f.write('{"format": "something-else"}\n')
    with pytest.raises(InputError, match="not a coopwatch backup"):
        restore(store, bad, actor="admin")
    with store.session() as s:
        assert s.scalars(select(Plan.id)).all() == ["eastwest-14fyp"]
