"""Importing observation files: read, validate, compare with what is stored, and store, all or
nothing.

Decisions (documented for users in `coopwatch import observations --help`):
- Every file of one import is validated and every problem is listed (file, line, field); if
  there is any, nothing is stored. All files of one command are one transaction.
- A value that differs from the stored current value for the same region, indicator and year
  is a conflict, shown side by side (stored vs new, with both sources). It is an error unless
  `revise=True`: then the new value is stored as the next revision and becomes current; the
  old one is kept (see `observations history`). A stored value that was derived (computed from
  other observations) gives way to an imported one without a conflict.
- A value equal to the stored one is left alone, so importing the same file twice changes
  nothing; an import that changes nothing records no batch.
- Provenance: each stored value keeps its source and its batch (file name, sha256, who, when)
  and its line in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from itertools import islice, repeat
from typing import Callable, Iterable, Iterator

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coopwatch.errors import InputError
from coopwatch.indicators.catalogue import indicator_catalogue, region_resolver
from coopwatch.indicators.layout import LayoutError, tidy_records, wide_records
from coopwatch.indicators.readers import read_table
from coopwatch.indicators.readers.table import file_sha256
from coopwatch.indicators.validation import Problem, validate_records
from coopwatch.store import Store, record_audit
from coopwatch.store.models import ImportBatch, Observation

CHUNK = 20_000
Progress = Callable[[int, int], None]


class ImportRejected(InputError):
    """An import with problems: nothing was stored. `problems` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        files = sorted({p.file for p in problems})
        head = (f"import rejected, nothing stored: {len(problems)} problem(s) in "
                f"{', '.join(files)}")
        super().__init__(head + "\n" + "\n".join(f"  {p}" for p in problems))


@dataclass
class ImportReport:
    files: list[dict] = field(default_factory=list)  # per file: name, sha256, rows, stored, batch
    stored: int = 0
    revised: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict:
        return {"files": self.files, "stored": self.stored, "revised": self.revised, "unchanged": self.unchanged}


@dataclass
class _ReadFile:
    path: Path
    sha256: str
    rows: int
    valid: pd.DataFrame


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b) <= 1e-9 * np.maximum(1.0, np.abs(b))


def read_observation_file(path: str | Path, *, wide: bool = False, indicator: str | None = None,
                          unit: str | None = None, source: str | None = None) -> tuple[_ReadFile, list[Problem]]:
    """Read and validate one file (no database involved)."""
    table = read_table(path)
    records = (wide_records(table, indicator=indicator, unit=unit, source=source) if wide
               else tidy_records(table, indicator=indicator))
    valid, problems = validate_records(records, file=str(table.path), locator=table.locator,
                                       indicators=indicator_catalogue(), regions=region_resolver(),
                                       default_unit=unit, default_source=source)
    return _ReadFile(Path(path), file_sha256(Path(path)), len(records), valid), problems


def _stored_current(session: Session, new: pd.DataFrame) -> pd.DataFrame:
    """Current stored values for the indicators and regions of `new`: only what the comparison
    needs (a million stored rows come back as plain tuples; sources are read for conflicts only)."""
    o = Observation
    cols = ["id", "region", "indicator", "year", "stored_value", "revision", "stored_derived"]
    if new.empty:
        return pd.DataFrame(columns=cols)
    query = (select(o.id, o.region, o.indicator, o.year, o.value, o.revision, o.derived_from.is_not(None))
             .where(o.is_current.is_(True), o.indicator.in_(sorted(new["indicator"].unique()))))
    regions = sorted(new["region"].unique())
    if len(regions) <= 500:
        query = query.where(o.region.in_(regions))
    # Plain tuples: pandas probes each SQLAlchemy Row for attributes, which costs seconds per million.
    rows = [tuple(r) for r in session.connection().execute(query)]
    return pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)


def _stored_provenance(session: Session, ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """(source, file name) of stored observations, for showing conflicts."""
    rows = session.execute(select(Observation.id, Observation.source, ImportBatch.file_name)
                           .outerjoin(ImportBatch, ImportBatch.id == Observation.batch_id)
                           .where(Observation.id.in_(ids))).all()
    return {i: (source, file_name) for i, source, file_name in rows}


def _insert_rows(session: Session, rows: Iterator[tuple], n: int, progress: Progress | None, done: int,
                 total: int) -> None:
    """Bulk insert of n rows, built chunk by chunk: COPY on PostgreSQL, executemany elsewhere."""
    columns = ("region", "indicator", "year", "value", "unit", "source", "note", "revision", "is_current",
               "batch_id", "row", "derived_from", "created_at")
    conn = session.connection()
    chunks = ((start, list(islice(rows, CHUNK))) for start in range(0, n, CHUNK))
    if conn.dialect.name == "postgresql":
        import psycopg

        raw = conn.connection.driver_connection
        try:
            with raw.cursor() as cur:
                for start, chunk in chunks:
                    with cur.copy(f"COPY observation ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in chunk:
                            copy.write_row(row)
                    if progress:
                        progress(done + start + len(chunk), total)
        except psycopg.errors.IntegrityError as exc:  # COPY goes around SQLAlchemy: same error as an INSERT
            raise IntegrityError("COPY observation", None, exc) from exc
        return
    if conn.dialect.name == "sqlite":
        # A bigger page cache for this connection keeps the indexes of a large table in memory.
        conn.exec_driver_sql("PRAGMA cache_size = -262144")
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO observation ({', '.join(columns)}) VALUES ({', '.join(marker for _ in columns)})"
    for start, chunk in chunks:
        conn.exec_driver_sql(sql, chunk)
        if progress:
            progress(done + start + len(chunk), total)


def import_observations(store: Store, paths: Iterable[str | Path], *, wide: bool = False,
                        indicator: str | None = None, unit: str | None = None, source: str | None = None,
                        user: str | None = None, revise: bool = False,
                        progress: Progress | None = None, state: str = "approved",
                        region: str | None = None) -> ImportReport:
    """Import observation files (CSV, XLSX, JSON; tidy or wide) in one transaction.

    Raises ImportRejected (an InputError) listing every problem when any file has one; then
    nothing is stored. Returns what was stored, revised and left unchanged. `state` is the
    review state of the batches (`submitted` for a reporter's upload, see records/batches.py)."""
    files: list[_ReadFile] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            read, file_problems = read_observation_file(path, wide=wide, indicator=indicator, unit=unit,
                                                        source=source)
        except LayoutError as exc:  # the table's layout is wrong: one problem, go on to the next file
            problems.append(Problem(exc.file, exc.line, exc.field, exc.message, exc.locator))
            continue
        except InputError as exc:  # the file cannot be read as a table at all
            problems.append(Problem(str(path), None, "file", str(exc).removeprefix(f"{path}: ")))
            continue
        files.append(read)
        problems.extend(file_problems)
    if len(files) > 1:
        problems.extend(_duplicates_across_files(files))
    if problems:
        raise ImportRejected(problems)

    try:
        return _compare_and_store(store, files, source=source, user=user, revise=revise, progress=progress,
                                  batch={"state": state, "region": region})
    except IntegrityError:
        # Another import stored the same region, indicator and year between our comparison and
        # our insert; the transaction is rolled back whole, and running again compares afresh.
        raise InputError("another import stored some of the same values at the same time; nothing was stored "
                         "from this one: run it again") from None


def _compare_and_store(store: Store, files: list[_ReadFile], *, source: str | None, user: str | None,
                       revise: bool, progress: Progress | None, batch: dict | None = None) -> ImportReport:
    report = ImportReport()
    total = sum(len(f.valid) for f in files)
    with store.session() as session:
        # First compare every file with the store, so that every conflict is listed at once.
        compared = []
        conflicts: list[Problem] = []
        for f in files:
            stored = _stored_current(session, f.valid)
            merged = f.valid.merge(stored, on=["region", "indicator", "year"], how="left")
            has_stored = merged["id"].notna().to_numpy()
            same = has_stored & _same(merged["value"].to_numpy(float),
                                      merged["stored_value"].to_numpy(float, na_value=np.nan))
            changed = has_stored & ~same
            conflict = changed & ~merged["stored_derived"].fillna(False).astype(bool).to_numpy()
            if conflict.any() and not revise:
                rows = merged.loc[conflict]
                provenance = _stored_provenance(session, rows["id"].astype(int).tolist()[:10_000])
                conflicts.extend(_conflict(f, r, provenance.get(int(r.id), (None, None))) for r in rows.itertuples())
            compared.append((f, merged, same, changed))
        if conflicts:
            raise ImportRejected(conflicts)
        done = 0
        for f, merged, same, changed in compared:
            to_store = ~same
            entry = {"file": f.path.name, "sha256": f.sha256, "rows": f.rows, "stored": int(to_store.sum()),
                     "revised": int(changed.sum()), "unchanged": int(same.sum()), "batch": None}
            if to_store.any():
                entry["batch"] = _store_file(session, f, merged, to_store, changed, source=source, user=user,
                                             progress=progress, done=done, total=total, batch=batch or {})
            done += len(f.valid)
            if progress:
                progress(done, total)
            report.stored += entry["stored"]
            report.revised += entry["revised"]
            report.unchanged += entry["unchanged"]
            report.files.append(entry)
    return report


def _store_file(session: Session, f: _ReadFile, merged: pd.DataFrame, to_store: np.ndarray, changed: np.ndarray,
                *, source: str | None, user: str | None, progress: Progress | None, done: int, total: int,
                batch: dict) -> int:
    """Record the file's batch, retire the values it revises, insert its new values; the batch id."""
    batch = ImportBatch(kind="observations", file_name=f.path.name, sha256=f.sha256, source=source,
                        imported_by=user, rows=f.rows, stored=int(to_store.sum()), **batch)
    session.add(batch)
    session.flush()
    # The audit trail records the batch; each value's own provenance is its row.
    record_audit(session, actor=user, action="import_observations", entity="import_batch", entity_id=batch.id,
                 after={"file": f.path.name, "sha256": f.sha256, "rows": f.rows, "stored": int(to_store.sum()),
                        "revised": int(changed.sum())})
    if changed.any():
        old_ids = merged.loc[changed, "id"].astype(int).tolist()
        table = Observation.__table__
        session.connection().execute(update(table).where(table.c.id == bindparam("oid")).values(is_current=False),
                                     [{"oid": i} for i in old_ids])
    # In the order of the current-values index, so that a big import appends to it instead of
    # touching pages all over it.
    sub = merged.assign(_changed=changed).loc[to_store].sort_values(["indicator", "region", "year"], kind="stable")
    revision = np.where(sub["_changed"].to_numpy(bool), sub["revision"].to_numpy(float, na_value=0) + 1, 1).astype(int)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if session.get_bind().dialect.name == "sqlite":
        # SQLAlchemy's own SQLite DateTime text, formatted once instead of adapted per row
        now = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    n = len(sub)
    rows = zip(sub["region"].tolist(), sub["indicator"].tolist(), sub["year"].astype(int).tolist(),
               sub["value"].astype(float).tolist(), sub["unit"].tolist(), sub["source"].tolist(),
               [note or None for note in sub["note"].tolist()], revision.tolist(), repeat(True, n),
               repeat(batch.id, n), sub["line"].astype(int).tolist(), repeat(None, n), repeat(now, n))
    _insert_rows(session, rows, n, progress, done, total)
    return batch.id


def _conflict(f: _ReadFile, r, provenance: tuple[str | None, str | None]) -> Problem:
    stored_source, stored_file = provenance
    stored_from = f" from {stored_file}" if stored_file else ""
    return Problem(str(f.path), int(r.line), "value",
                   f"conflicts with the stored value for {r.region} {r.indicator} {r.year}: "
                   f"stored {r.stored_value:g} (source: {stored_source}{stored_from}) vs new {r.value:g} "
                   f"(source: {r.source}); import with --revise to store the new value as revision "
                   f"{int(r.revision) + 1}")


def _duplicates_across_files(files: list[_ReadFile]) -> list[Problem]:
    seen: dict[tuple, tuple[str, int]] = {}
    problems = []
    for f in files:
        for region, ind, year, line in zip(f.valid["region"], f.valid["indicator"], f.valid["year"], f.valid["line"]):
            key = (region, ind, int(year))
            if key in seen:
                other, other_line = seen[key]
                problems.append(Problem(str(f.path), int(line), "region/indicator/year",
                                        f"{region} {ind} {year} is also in {other}, line {other_line}"))
            else:
                seen[key] = (str(f.path), int(line))
    return problems
