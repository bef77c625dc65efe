"""restore(backup(db)) == db, cell by cell: a property over generated databases (every table of
the schema, JSON null and SQL NULL, dates, times, floats; decimals and bytes on a scratch table),
on the lane's database and, on the PostgreSQL lane, across into SQLite. And the reproduction
of issue 11: SQL NULL `derived_from` came back as JSON null, so `check` lost its findings and a
conflicting import was stored without --revise."""

from __future__ import annotations

import datetime as dt
import decimal
import gzip
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, MetaData, Numeric,
                        String, Table, Text, cast, delete, insert, null, select)

from coopwatch.errors import InputError
from coopwatch.store import open_store
from coopwatch.store.backup import FORMAT, BackupMismatch, backup, restore
from coopwatch.store.models import AuditEntry, Base, Observation

ADMIN = "admin"  # the account the `store` fixture holds (tests/conftest.py)
PG_URL = os.environ.get("COOPWATCH_TEST_DATABASE_URL")

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
JSON_SCALARS = st.none() | st.booleans() | st.integers(-2**31, 2**31) | TEXT | \
    st.floats(allow_nan=False, allow_infinity=False, width=32)
_NESTED = st.recursive(JSON_SCALARS, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(TEXT, kids, max_size=3),
                       max_leaves=6)
# What the schema's JSON columns hold: a list or a mapping (of anything), or JSON null. (A bare
# number is not one: SQLite would keep it as a number of 15 digits, not as JSON text.)
JSON_VALUES = st.none() | st.lists(_NESTED, max_size=3) | st.dictionaries(TEXT, _NESTED, max_size=3)
DATETIMES = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1))
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1))


def _cell(col, parents):
    """A strategy for one cell of `col`; `parents` maps a foreign key's table to its keys."""
    fks = list(col.foreign_keys)
    if fks:
        keys = parents.get(fks[0].column.table.name, [])
        choices = st.sampled_from(keys) if keys else st.nothing()
        return (choices | st.none()) if col.nullable else choices
    t = col.type
    if isinstance(t, JSON):
        value = JSON_VALUES.map(lambda v: JSON.NULL if v is None else v)
        return (value | st.just(null())) if col.nullable else value
    if isinstance(t, Boolean):
        base = st.booleans()
    elif isinstance(t, Integer):
        base = st.integers(-2**31, 2**31 - 1)
    elif isinstance(t, Float):
        base = st.floats(allow_nan=False, allow_infinity=False)
    elif isinstance(t, Numeric):  # SQLite keeps a decimal as a double: 13 digits survive it
        limit = 10**13 if PG_URL else 10**8
        base = st.decimals(min_value=-limit, max_value=limit, places=t.scale or 0, allow_nan=False,
                           allow_infinity=False)
    elif isinstance(t, LargeBinary):
        base = st.binary(max_size=40)
    elif isinstance(t, DateTime):
        base = DATETIMES
    elif isinstance(t, Date):
        base = DATES
    elif isinstance(t, String):  # Text too
        base = TEXT.map(lambda s, n=t.length: s[:n] if n else s)
    else:
        raise AssertionError(f"no strategy for {col.table.name}.{col.name} ({t})")
    return (base | st.none()) if col.nullable else base


def _unique_keys(table):
    keys = [tuple(c.name for c in con.columns) for con in table.constraints
            if con.__class__.__name__ == "UniqueConstraint"]
    keys += [(c.name,) for c in table.columns if c.unique]
    return keys


@st.composite
def databases(draw, tables=None):
    """Rows for every table, parents first, unique keys kept unique, at most 3 rows a table."""
    content, parents = {}, {}
    for table in tables or Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        rows = []
        for i in range(draw(st.integers(0, 3))):
            row = {}
            for col in table.columns:
                if col in pk and isinstance(col.type, Integer):
                    row[col.name] = i + 1
                else:
                    row[col.name] = draw(_cell(col, parents))
            rows.append(row)
        seen = {key: set() for key in [tuple(c.name for c in pk)] + _unique_keys(table)}
        kept = []
        for row in rows:
            values = {key: tuple(repr(row[c]) for c in key) for key in seen}
            if any(v in seen[key] for key, v in values.items()):
                continue
            for key, v in values.items():
                seen[key].add(v)
            kept.append(row)
        content[table.name] = kept
        parents[table.name] = [r[pk[0].name] for r in kept] if len(pk) == 1 else []
    return content


def _cells(store, tables=None):
    """Every table's rows in key order (sorted here: databases collate text keys differently);
    a JSON cell as ("sql null",) or ("json", value)."""
    out = {}
    with store.engine.connect() as conn:
        for table in tables or Base.metadata.sorted_tables:
            cols = [cast(c, Text).label(c.name) if isinstance(c.type, JSON) else c for c in table.columns]
            rows = []
            for row in conn.execute(select(*cols).order_by(*table.primary_key.columns)).mappings():
                rows.append({c.name: (("sql null",) if row[c.name] is None else ("json", json.loads(row[c.name])))
                             if isinstance(c.type, JSON) else row[c.name] for c in table.columns})
            keys = [c.name for c in table.primary_key.columns]
            out[table.name] = sorted(rows, key=lambda r: tuple(r[k] for k in keys))
    return out


def _fill(store, content, tables=None):
    with store.engine.begin() as conn:
        for table in reversed(tables or Base.metadata.sorted_tables):
            conn.execute(delete(table))
        for table in tables or Base.metadata.sorted_tables:
            if content[table.name]:
                conn.execute(insert(table), content[table.name])


def _empty(store, tables=None):
    _fill(store, {t.name: [] for t in tables or Base.metadata.sorted_tables}, tables)


@pytest.fixture
def target(tmp_path):
    """A second, empty database on the same lane (on PostgreSQL, a second database)."""
    from coopwatch.store.database import create_database, drop_database

    url = create_database(PG_URL, prefix="t_") if PG_URL else f"sqlite:///{tmp_path / 'target.db'}"
    s = open_store(url)
    yield s
    s.dispose()
    if PG_URL:
        drop_database(PG_URL, url)


@pytest.fixture
def sqlite_target(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'across.db'}")
    yield s
    s.dispose()


def _round_trip(store, into, content, path):
    _fill(store, content)
    before = _cells(store)
    _empty(into)
    backup(store, path)
    restore(into, path)  # an empty target has no users: nobody to ask
    after = _cells(into)
    restored_audit, expected_audit = after.pop("audit_entry"), before.pop("audit_entry")
    assert after == before
    assert restored_audit[:-1] == expected_audit
    assert (restored_audit[-1]["action"], restored_audit[-1]["entity"]) == ("restore", "database")


@pytest.fixture
def anyone_may_back_up(monkeypatch):
    """A generated database need not hold an admin; who may back up is tested elsewhere."""
    from coopwatch.store import permissions

    real = permissions.require
    monkeypatch.setattr(permissions, "require", lambda store, user, action, *a, **k:
                        None if action == "backup" else real(store, user, action, *a, **k))


def bounded(examples: int):
    """Few examples, the same every run (small databases; make test stays quick)."""
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


@bounded(6 if PG_URL else 12)
@given(content=databases())
def test_restore_of_a_backup_is_the_same_database_cell_by_cell(store, target, tmp_path, anyone_may_back_up,
                                                                content):
    _round_trip(store, target, content, tmp_path / "b.jsonl.gz")


@pytest.mark.skipif(not PG_URL, reason="across database kinds: PostgreSQL lane only")
@bounded(4)
@given(content=databases())
def test_a_postgresql_backup_restores_into_sqlite_cell_by_cell(store, sqlite_target, tmp_path, anyone_may_back_up,
                                                               content):
    _round_trip(store, sqlite_target, content, tmp_path / "b.jsonl.gz")


SCRATCH = MetaData()
MONEY = Table("scratch_money", SCRATCH, Column("id", Integer, primary_key=True),
              Column("amount", Numeric(18, 4)), Column("blob", LargeBinary), Column("doc", JSON, nullable=True),
              Column("on", Date), Column("at", DateTime))


@bounded(8)
@given(content=databases(tables=[MONEY]))
def test_decimals_and_bytes_survive_a_backup(store, tmp_path, content):
    SCRATCH.create_all(store.engine)
    try:
        _fill(store, content, [MONEY])
        before = _cells(store, [MONEY])
        backup(store, tmp_path / "m.gz", actor=ADMIN, tables=[MONEY])
        _empty(store, [MONEY])
        restore(store, tmp_path / "m.gz", actor=ADMIN, tables=[MONEY])
        after = _cells(store, [MONEY])
        assert after == before
        assert all(isinstance(r["amount"], decimal.Decimal) and isinstance(r["blob"], bytes)
                   for r in after[MONEY.name] if r["amount"] is not None and r["blob"] is not None)
    finally:
        SCRATCH.drop_all(store.engine)


# --- issue 11, reproduction 1 -------------------------------------------------------------------

def test_measured_values_stay_measured_after_a_restore(store, target, tmp_path, shared):
    """After backup → restore, `derived_from IS NULL` still tells measured values apart: the
    data checks find the same, and a conflicting import is refused without --revise."""
    from coopwatch.indicators import check_observations, import_observations, import_shipped_observations

    import_shipped_observations(store, user=ADMIN)
    findings = len(check_observations(store))
    backup(store, tmp_path / "b.gz", actor=ADMIN)
    restore(target, tmp_path / "b.gz")
    with target.session() as s:
        nulls = s.scalar(select(Observation.id).where(Observation.derived_from.is_(None)).limit(1))
    assert nulls is not None, "measured values lost SQL NULL derived_from"
    assert findings > 0 and len(check_observations(target)) == findings
    conflicting = tmp_path / "cq.csv"
    conflicting.write_text("region,indicator,year,value,unit,source\nChongqing,rd_expenditure,2022,999.0,亿元,x\n",
                           encoding="utf-8")
    with pytest.raises(InputError, match="differs|conflict"):
        import_observations(target, [conflicting], user=ADMIN)


def test_a_backup_says_its_format_and_a_tampered_one_changes_nothing(store, tmp_path):
    backup(store, tmp_path / "b.gz", actor=ADMIN)
    lines = gzip.open(tmp_path / "b.gz", "rt", encoding="utf-8").read().splitlines()
    assert json.loads(lines[0])["format"] == FORMAT == "coopwatch-backup/2"
    assert set(json.loads(lines[-1])["end"]) == {"counts", "digests"}
    end = json.loads(lines[-1])
    end["end"]["digests"]["user_account"] = "0" * 64  # as if a row had been changed on the way
    _refused_and_nothing_changed(store, tmp_path, lines[:-1] + [json.dumps(end)], BackupMismatch,
                                 "user_account reads back differently")


def _refused_and_nothing_changed(store, tmp_path, lines, error, message):
    """A backup of these lines is refused with `message`, and the store keeps its one account."""
    from coopwatch.store.models import User

    with gzip.open(tmp_path / "edited.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with pytest.raises(error, match=message):
        restore(store, tmp_path / "edited.gz", actor=ADMIN)
    with store.session() as s:
        assert [u.name for u in s.scalars(select(User))] == ["admin"]


@pytest.mark.parametrize("line,message", [
    ('{"t": "obsrevation", "r": {}}', "t: obsrevation: unknown table; did you mean observation?"),
    ('{"t": "observation", "r": {"regoin": "630000"}}', "observation.regoin: unknown column; did you mean region?"),
    ('{"t": "plan", "r": {}, "x": 1}', "x: unknown key"),
])
def test_unknown_tables_columns_and_keys_in_a_backup_are_named(store, tmp_path, line, message):
    with gzip.open(tmp_path / "bad.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"format": FORMAT, "schema": _revision(store)}) + "\n" + line + "\n")
    with pytest.raises(InputError, match="line 2: " + message.replace("?", r"\?")):
        restore(store, tmp_path / "bad.gz", actor=ADMIN)


def _revision(store) -> str:
    from coopwatch.store.database import schema_revision

    with store.engine.connect() as conn:
        return schema_revision(conn)


def test_a_backup_from_an_older_schema_is_brought_up_to_date_on_restore(database_url, migrate, target, tmp_path,
                                                                        anyone_may_back_up):
    """A backup taken before migration 0007 (one text per case field) restores into today's
    schema with its case texts filed by language, as the migration files stored ones."""
    from sqlalchemy import MetaData, text

    from coopwatch.records.cases import get_case
    from coopwatch.store.database import Store, make_engine

    migrate("0006")
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text('INSERT INTO "case" (id, title, summary, regions, items, domains, documents, created_at) '
                          "VALUES (7, '闽宁枸杞技术转移', 'Seedlings and green pest control', '[\"640000\"]', '[]', '[]', "
                          "'[]', '2024-05-01 00:00:00')"))
        conn.execute(insert(Observation.__table__).values(region="640000", indicator="rd_intensity", year=2023,
                                                         value=1.6, source="NBS"))
    old = MetaData()
    old.reflect(engine)
    path = tmp_path / "old.jsonl.gz"
    backup(Store(engine), path, tables=[t for t in old.sorted_tables if t.name != "alembic_version"])
    engine.dispose()
    assert json.loads(gzip.open(path, "rt").readline())["schema"] == "0006"

    restore(target, path)
    case = get_case(target, 7)
    assert (case.title_zh, case.title_en, case.summary_zh, case.summary_en, case.regions) == (
        "闽宁枸杞技术转移", None, None, "Seedlings and green pest control", ("640000",))
    with target.session() as s:
        obs = s.scalars(select(Observation)).one()
        assert (obs.region, obs.value, obs.derived_from) == ("640000", 1.6, None)
    assert _revision(target) != "0006"


def test_a_backup_from_a_newer_coopwatch_is_refused_and_changes_nothing(store, tmp_path):
    backup(store, tmp_path / "b.gz", actor=ADMIN)
    lines = gzip.open(tmp_path / "b.gz", "rt", encoding="utf-8").read().splitlines()
    lines[0] = json.dumps({"format": FORMAT, "schema": "0099"})
    _refused_and_nothing_changed(store, tmp_path, lines, InputError,
                                 "schema '0099', which this version of coopwatch does not know")


def test_a_negative_zero_is_written_as_zero_which_every_database_keeps():
    """SQLite stores -0.0 as 0: written as it is, a PostgreSQL backup read back differently in SQLite."""
    from coopwatch.store.backup import encode_cell
    from coopwatch.store.models import Evidence

    encoded = encode_cell(Evidence.__table__.c.score, -0.0)
    assert json.dumps(encoded) == "0.0"
