"""Backup and restore: every table to one gzipped JSON-lines file and back.

The file is independent of the database kind, so a backup from SQLite restores into PostgreSQL
and the other way round. Restore replaces the whole content of the target database in one
transaction: if any row fails, the database is left as it was.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from pathlib import Path

from sqlalchemy import Date, DateTime, LargeBinary, delete, insert, select, text

from coopwatch.errors import InputError
from coopwatch.store.database import Store
from coopwatch.store.models import Base

FORMAT = "coopwatch-backup/1"


def _encode(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):  # a stored vector: base64 in the JSON line
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(table):
    conv = {}
    for col in table.columns:
        if isinstance(col.type, DateTime):
            conv[col.name] = dt.datetime.fromisoformat
        elif isinstance(col.type, Date):
            conv[col.name] = dt.date.fromisoformat
        elif isinstance(col.type, LargeBinary):
            conv[col.name] = base64.b64decode
    return lambda row: {k: (conv[k](v) if k in conv and v is not None else v) for k, v in row.items()}


def backup(store: Store, path: Path) -> dict[str, int]:
    """Write every table to PATH (gzipped JSON lines); returns rows per table."""
    counts = {}
    with gzip.open(path, "wt", encoding="utf-8") as out, store.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        out.write(json.dumps({"format": FORMAT, "schema": version}) + "\n")
        for table in Base.metadata.sorted_tables:
            n = 0
            for row in conn.execute(select(table)).mappings():
                out.write(json.dumps({"t": table.name, "r": {k: _encode(v) for k, v in row.items()}},
                                     ensure_ascii=False) + "\n")
                n += 1
            counts[table.name] = n
    return counts


def restore(store: Store, path: Path) -> dict[str, int]:
    """Replace the database's content with the backup at PATH (all or nothing)."""
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    rows: dict[str, list[dict]] = {name: [] for name in tables}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            header = json.loads(f.readline() or "{}")
            if header.get("format") != FORMAT:
                raise InputError(f"{path}: not a coopwatch backup (line 1 has no {FORMAT!r} header)")
            for lineno, line in enumerate(f, start=2):
                rec = json.loads(line)
                if rec.get("t") not in tables:
                    raise InputError(f"{path}, line {lineno}: unknown table {rec.get('t')!r}")
                rows[rec["t"]].append(rec["r"])
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read backup ({exc})") from None
    with store.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))
        for table in Base.metadata.sorted_tables:
            if rows[table.name]:
                decode = _decoder(table)
                conn.execute(insert(table), [decode(r) for r in rows[table.name]])
        if conn.dialect.name == "postgresql":
            # Inserted ids bypass the sequences; move each one past the largest id.
            for table in Base.metadata.sorted_tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement is not False and str(pk[0].type) == "INTEGER":
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'), "
                        f"COALESCE((SELECT MAX(\"{pk[0].name}\") FROM \"{table.name}\"), 0) + 1, false)"))
    return {name: len(r) for name, r in rows.items()}
