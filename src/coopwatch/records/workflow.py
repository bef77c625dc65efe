"""The one review decision of the workflow, shared by progress updates (records/updates.py)
and observation uploads (records/batches.py): only a `submitted` record is reviewed; it becomes
`approved` or `returned`, and a return says why (its author reads the comment)."""

from __future__ import annotations

import datetime as dt

from coopwatch.errors import InputError
from coopwatch.store import record_audit

DECISIONS = ("approved", "returned")


def check_decision(decision: str, note: str | None, what: str) -> None:
    """Before anything is read or checked: the decision is one of DECISIONS, a return has a note."""
    if decision not in DECISIONS:
        raise InputError(f"decision: {decision!r} is not one of {', '.join(DECISIONS)}")
    if decision == "returned" and not (note or "").strip():
        raise InputError(f"note: say why the {what} is returned (its author reads it)")


def decide(session, row, decision: str, *, by: str, note: str | None, entity: str, what: str) -> None:
    """Apply the decision to `row` (a ProgressUpdate or ImportBatch locked for update) and audit it."""
    if row.state != "submitted":
        raise InputError(f"state: {what} is {row.state}; only a submitted one is reviewed")
    before = {"state": row.state}
    row.state = decision
    row.reviewed_by = by
    row.reviewed_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    row.review_comment = note
    record_audit(session, actor=by, action=decision, entity=entity, entity_id=row.id, before=before,
                 after={"state": decision, "note": note})
