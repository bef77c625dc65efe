"""Observation uploads and their review: a reporter's upload is a batch `submitted` for review,
then `approved` or `returned` (with the evaluator's comment); an evaluator's or admin's upload
is approved as it is stored. Values of a batch that is not approved do not count in targets and
scorecards (`ObservationSet.load(approved_only=True)`); a returned batch is corrected by
uploading a new file.

The upload goes through the one importer (`indicators.importer.import_observations`): all or
nothing, every problem named by file, line and field. Before it, the permission check: a
reporter uploads only rows of its own regions, and nobody writes to a locked period.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coopwatch.errors import NotFound
from coopwatch.records.updates import is_locked
from coopwatch.records.workflow import check_decision, decide
from coopwatch.store import Store
from coopwatch.store.models import ImportBatch
from coopwatch.store.permissions import Target, require

def _batch_dict(b: ImportBatch) -> dict:
    return {"id": b.id, "file": b.file_name, "sha256": b.sha256, "source": b.source, "imported_by": b.imported_by,
            "imported_at": b.imported_at.isoformat(timespec="seconds"), "rows": b.rows, "stored": b.stored,
            "state": b.state, "region": b.region, "reviewed_by": b.reviewed_by, "review_comment": b.review_comment,
            "reviewed_at": b.reviewed_at.isoformat(timespec="seconds") if b.reviewed_at else None}


def upload_observations(store: Store, path: str | Path, *, by, revise: bool = False,
                        source: str | None = None) -> dict:
    """Import one observation file as `by` (an Account); the import report and the batch state."""
    from coopwatch.indicators.importer import import_observations, read_observation_file

    path = Path(path)
    read, problems = read_observation_file(path, source=source)
    if not problems:
        regions = tuple(sorted(set(read.valid["region"].astype(str))))
        locked = any(is_locked(store, r, str(int(y)))
                     for r, y in set(zip(read.valid["region"].astype(str), read.valid["year"])))
        account = require(store, by, "observations.import",
                          Target(regions=regions, locked=locked, what=f"upload {path.name}"))
    else:  # the importer lists every problem below; first, may `by` import at all?
        account = require(store, by, "observations.import",
                          Target(regions=tuple(getattr(by, "regions", ())), what=f"upload {path.name}"))
    reporter = getattr(account, "role", None) == "reporter"
    state = "submitted" if reporter else "approved"
    region = account.regions[0] if reporter and len(account.regions) == 1 else None
    report = import_observations(store, [path], source=source, user=getattr(account, "name", None),
                                 revise=revise, state=state, region=region)
    return {**report.as_dict(), "state": state}


def list_batches(store: Store, *, state: str | None = None, imported_by: str | None = None) -> list[dict]:
    with store.session() as s:
        q = select(ImportBatch).order_by(ImportBatch.id)
        if state:
            q = q.where(ImportBatch.state == state)
        if imported_by:
            q = q.where(ImportBatch.imported_by == imported_by)
        return [_batch_dict(b) for b in s.scalars(q)]


def review_batch(store: Store, batch_id: int, decision: str, *, by, note: str | None = None) -> dict:
    """Approve a submitted upload, or return it with a comment."""
    check_decision(decision, note, "upload")
    with store.session() as s:
        b = s.get(ImportBatch, batch_id)
        if b is None:
            raise NotFound(f"no observation batch {batch_id}")
        author = b.imported_by
    account = require(store, by, "observations.review", Target(submitted_by=author, what=f"observation batch {batch_id}"))
    with store.session() as s:
        b = s.get(ImportBatch, batch_id, with_for_update=True)
        decide(s, b, decision, by=account.name, note=note, entity="import_batch", what=f"observation batch {batch_id}")
        return _batch_dict(b)
