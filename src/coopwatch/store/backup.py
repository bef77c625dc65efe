"""Backup and restore: every table to one gzipped JSON-lines file and back, cell for cell.

The file is independent of the database kind, so a backup from SQLite restores into PostgreSQL
and the other way round.

Format `coopwatch-backup/2`, one JSON object a line:

    {"format": "coopwatch-backup/2", "schema": "<alembic revision>"}
    {"t": "<table>", "r": {"<column>": <cell>, ...}}          one per row
    {"end": {"counts": {"<table>": n}, "digests": {"<table>": "<sha256>"}}}

Cells are encoded by the column's type, so that nothing changes meaning on the way: a JSON
column is written as its JSON text (`"null"` for a JSON null) or `null` for SQL NULL — which
`derived_from IS NULL` tells apart (a measured value) from a computed one; dates and times as
ISO text, decimals as text, bytes as base64. A table's digest is the sum (mod 2^256) of the
SHA-256 of each encoded row: independent of row order, which differs between databases (text
keys sort by the database's collation), and computed while streaming. Restore replaces the whole content of the target database in one
transaction, then reads every table back and compares its digest with the one in the file: if
any row fails or any digest differs, the database is left as it was.

A backup made under an older schema (its header names the Alembic revision) is first restored
into a scratch SQLite database at that revision, which the migrations then bring up to date;
what is restored is that upgraded copy, so a backup outlives upgrades of coopwatch. A backup
from a newer schema than this coopwatch knows is refused.

Unknown keys, tables or columns are refused with the nearest valid name ("did you mean").
Version 1 files (no digests; JSON null and SQL NULL not told apart) are still read: a null in a
nullable JSON column is taken as SQL NULL, which is what every such cell meant.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import tempfile
from pathlib import Path

from sqlalchemy import JSON, Date, DateTime, Float, LargeBinary, Numeric, Table, Text, cast, delete, insert, null, select, text
from sqlalchemy.exc import DBAPIError

from coopwatch.errors import InputError
from coopwatch.store.database import Store, schema_revision
from coopwatch.store.keys import unknown_key
from coopwatch.store.models import Base

FORMAT = "coopwatch-backup/2"
OLD_FORMATS = ("coopwatch-backup/1",)
HEADER_KEYS = ("format", "schema")
ROW_KEYS = ("t", "r")
END_KEYS = ("counts", "digests")


class BackupMismatch(InputError):
    """A restored table does not read back as the backup says it should."""


# --- cells ----------------------------------------------------------------------------------

def _is_float(col) -> bool:
    # Float is no subclass of Numeric in SQLAlchemy 2.1 (both derive from NumericCommon)
    return isinstance(col.type, Float) or isinstance(col.type, Numeric) and not col.type.asdecimal


def encode_cell(col, value):
    """A cell as a JSON value that decodes back to the same cell (see the module docstring)."""
    if value is None:
        return None
    if isinstance(col.type, JSON):
        return value  # already the JSON text: selected with CAST(... AS TEXT)
    if isinstance(col.type, DateTime):
        return value.isoformat()
    if isinstance(col.type, Date):
        return value.isoformat()
    if isinstance(col.type, LargeBinary):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(col.type, Numeric) and not _is_float(col):
        return str(value)
    if _is_float(col):
        # + 0.0 makes a negative zero plain zero: SQLite stores -0.0 as 0, so a backup between
        # database kinds would otherwise read back differently (and -0.0 means nothing here)
        value = float(value) + 0.0
        return value if value == value and value not in (float("inf"), float("-inf")) else repr(value)
    return value


def decode_cell(col, value, *, legacy: bool = False):
    """The bound value to insert for an encoded cell."""
    if isinstance(col.type, JSON):
        if value is None:
            return null()  # SQL NULL, not JSON null
        if legacy:
            return value
        return JSON.NULL if value == "null" else json.loads(value)
    if value is None:
        return None
    if isinstance(col.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(col.type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(col.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(col.type, Numeric) and not _is_float(col):
        return decimal.Decimal(value)
    if _is_float(col):
        return float(value)
    return value


def _columns(table: Table):
    """What to select: JSON columns as their text, so JSON null and SQL NULL stay apart."""
    return [cast(c, Text).label(c.name) if isinstance(c.type, JSON) else c for c in table.columns]


def _json_number(text: str):
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**63 else value


def _canonical_json(value) -> str | None:
    """JSON text in one spelling: PostgreSQL's json keeps spaces as written, SQLite's as dumped,
    and SQLite's numeric affinity turns a bare `0.0` into `0` (JSON has one kind of number)."""
    if value is None:
        return None
    return json.dumps(json.loads(value, parse_float=_json_number), sort_keys=True, ensure_ascii=False)


def _encoded_rows(conn, table: Table):
    order = list(table.primary_key.columns) or list(table.columns)
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    for row in conn.execute(select(*_columns(table)).order_by(*order)).mappings():
        yield {c.name: (_canonical_json(row[c.name]) if c.name in json_cols else encode_cell(c, row[c.name]))
               for c in table.columns}


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


# --- backup ---------------------------------------------------------------------------------

class RowDigest:
    """An order-independent digest of a table: the sum of its rows' SHA-256, mod 2^256."""

    def __init__(self):
        self.total, self.rows = 0, 0

    def add(self, line: str) -> None:
        self.total = (self.total + int.from_bytes(hashlib.sha256(line.encode("utf-8")).digest(), "big")) % 2**256
        self.rows += 1

    def hexdigest(self) -> str:
        return f"{self.total:064x}"


def table_digests(conn, tables=None) -> tuple[dict[str, int], dict[str, str]]:
    """Rows and content digest of every table, as a backup of the database would record them."""
    counts, digests = {}, {}
    for table in tables or Base.metadata.sorted_tables:
        h = RowDigest()
        for row in _encoded_rows(conn, table):
            h.add(_line(row))
        counts[table.name], digests[table.name] = h.rows, h.hexdigest()
    return counts, digests


def backup(store: Store, path: Path, *, actor=None, tables=None) -> dict[str, int]:
    """Write every table to PATH (gzipped JSON lines, with each table's digest); rows per table.
    Admins only: a backup holds every account and token hash."""
    from coopwatch.store.permissions import require

    require(store, actor, "backup", via="backup")
    return _write(store.engine, Path(path), tables or Base.metadata.sorted_tables)


def _write(engine, path: Path, tables) -> dict[str, int]:
    counts, digests = {}, {}
    try:
        out = gzip.open(path, "wt", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    with out, engine.connect() as conn:
        out.write(_line({"format": FORMAT, "schema": schema_revision(conn)}))
        for table in tables:
            h = RowDigest()
            for row in _encoded_rows(conn, table):
                h.add(_line(row))
                out.write(_line({"t": table.name, "r": row}))
            counts[table.name], digests[table.name] = h.rows, h.hexdigest()
        out.write(_line({"end": {"counts": counts, "digests": digests}}))
    return counts


# --- restore --------------------------------------------------------------------------------

def _read(path: Path, tables: dict[str, Table]):
    """(rows per table, the end record or None, legacy?) of a backup file; InputError names the
    line and key of the first problem."""
    rows: dict[str, list[dict]] = {name: [] for name in tables}
    end = None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            first = f.readline()
            try:
                header = json.loads(first) if first.strip() else {}
            except json.JSONDecodeError:
                header = {}
            if not isinstance(header, dict) or header.get("format") not in (FORMAT, *OLD_FORMATS):
                raise InputError(f"{path}: not a coopwatch backup (line 1 has no {FORMAT!r} header)")
            unknown_key(header, HEADER_KEYS, f"{path}, line 1: ")
            legacy = header["format"] in OLD_FORMATS
            for lineno, line in enumerate(f, start=2):
                where = f"{path}, line {lineno}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{where}: not JSON ({exc.msg})") from None
                if not isinstance(rec, dict):
                    raise InputError(f"{where}: expected a row {{\"t\": table, \"r\": {{...}}}}")
                if end is not None:
                    raise InputError(f"{where}: rows after the end record")
                if "end" in rec and not legacy:
                    unknown_key(rec, ("end",), f"{where}: ")
                    end = rec["end"]
                    if not isinstance(end, dict):
                        raise InputError(f"{where}: end: expected {{counts, digests}}")
                    unknown_key(end, END_KEYS, f"{where}: end.")
                    continue
                unknown_key(rec, ROW_KEYS, f"{where}: ")
                name = rec.get("t")
                if name not in tables:
                    unknown_key({str(name): None}, tuple(tables), f"{where}: t: ", what="table")
                row = rec.get("r")
                if not isinstance(row, dict):
                    raise InputError(f"{where}: r: expected a mapping of column to value")
                unknown_key(row, tuple(tables[name].columns.keys()), f"{where}: {name}.", what="column")
                rows[name].append(row)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read backup ({exc})") from None
    if not legacy and end is None:
        raise InputError(f"{path}: the backup ends before its end record (cut short?)")
    return rows, end, legacy


def backup_file(path) -> Path:
    """The path of a backup to restore, or InputError saying why it is none."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: is a folder, not a backup")
    return path


def restore(store: Store, path: Path, *, actor=None, tables=None) -> dict[str, int]:
    """Replace the database's content with the backup at PATH (all or nothing), then check
    every table's digest against the backup's. Admins only, unless the database has no users
    yet (restoring into a new database)."""
    from coopwatch.store.permissions import has_users, require

    path = backup_file(path)
    if has_users(store):
        require(store, actor, "restore", via="restore")
    ordered = list(tables or Base.metadata.sorted_tables)
    by_name = {t.name: t for t in ordered}
    with tempfile.TemporaryDirectory(prefix="coopwatch-restore-") as scratch:
        schema = _schema_of(path)
        with store.engine.connect() as conn:
            current = schema_revision(conn)
        if tables is None and schema and schema != current:
            rows, end, legacy = _read(_upgraded(path, schema, Path(scratch)), by_name)
        else:
            rows, end, legacy = _read(path, by_name)
    return _replace(store, path, ordered, rows, end, legacy, actor=actor, audit=tables is None)


def _schema_of(path: Path) -> str | None:
    """The Alembic revision a backup names in its header (None when it names none)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            header = json.loads(f.readline() or "{}")
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError):
        return None  # _read says what is wrong with the file
    return header.get("schema") if isinstance(header, dict) else None


def _upgraded(path: Path, schema: str, scratch: Path) -> Path:
    """The backup at PATH, made under revision `schema`, as a backup of the newest schema:
    restored into a scratch database at that revision, migrated, and written out again."""
    from sqlalchemy import MetaData

    from coopwatch.store.database import known_revisions, make_engine, migrate

    known = known_revisions()
    if schema not in known:
        raise InputError(f"{path}: made under schema {schema!r}, which this version of coopwatch does not know "
                         f"(it knows {known[0]}…{known[-1]}); restore it with the coopwatch that wrote it, or a newer one")
    engine = make_engine(f"sqlite:///{scratch / 'stage.db'}")
    try:
        migrate(engine, schema)
        meta = MetaData()
        meta.reflect(engine)
        old = [t for t in meta.sorted_tables if t.name != "alembic_version"]
        rows, end, legacy = _read(path, {t.name: t for t in old})
        with engine.begin() as conn:
            _insert(conn, old, rows, legacy)
            if end is not None:
                _verify(conn, old, end, path)
        migrate(engine)
        upgraded = scratch / "upgraded.jsonl.gz"
        _write(engine, upgraded, Base.metadata.sorted_tables)
        return upgraded
    except DBAPIError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise InputError(f"{path}: cannot bring the backup from schema {schema} up to date, nothing changed: "
                         f"{reason}") from None
    finally:
        engine.dispose()


def _replace(store: Store, path: Path, ordered, rows, end, legacy, *, actor, audit: bool) -> dict[str, int]:
    """Replace the database's rows by `rows` in one transaction, then verify the digests."""
    try:
        with store.engine.begin() as conn:
            for table in reversed(ordered):
                conn.execute(delete(table))
            _insert(conn, ordered, rows, legacy)
            if conn.dialect.name == "postgresql":
                _move_sequences(conn, ordered)
            if end is not None:
                _verify(conn, ordered, end, path)
            if audit:
                from coopwatch.store.models import AuditEntry

                name = actor if isinstance(actor, str) or actor is None else actor.name
                conn.execute(insert(AuditEntry.__table__).values(
                    actor=name, action="restore", entity="database",
                    after={"file": path.name, "rows": sum(len(r) for r in rows.values())}))
    except DBAPIError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise InputError(f"{path}: cannot restore, nothing changed: {reason}") from None
    return {name: len(r) for name, r in rows.items()}


def _insert(conn, tables, rows: dict[str, list[dict]], legacy: bool) -> None:
    for table in tables:
        if rows[table.name]:
            conn.execute(insert(table), [{c.name: decode_cell(c, r.get(c.name), legacy=legacy) for c in table.columns}
                                         for r in rows[table.name]])


def _verify(conn, tables, end: dict, path: Path) -> None:
    counts, digests = table_digests(conn, tables)
    want = end.get("digests") or {}
    for name, digest in digests.items():
        if want.get(name) != digest:
            raise BackupMismatch(f"{path}: table {name} reads back differently from the backup "
                                 f"({counts[name]} rows, backup says {(end.get('counts') or {}).get(name)}); "
                                 "nothing changed")


def _move_sequences(conn, tables) -> None:
    """Inserted ids bypass the sequences; move each one past the largest id."""
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement is not False and str(pk[0].type) == "INTEGER":
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'), "
                f"COALESCE((SELECT MAX(\"{pk[0].name}\") FROM \"{table.name}\"), 0) + 1, false)"))
