"""The audit trail: who changed what, when, with the record before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from coopwatch.store.models import AuditEntry


def record_audit(session: Session, *, actor: str | None, action: str, entity: str,
                 entity_id: Any = None, before: dict | None = None, after: dict | None = None) -> AuditEntry:
    """Add an audit entry inside the caller's transaction, so it commits or rolls back with it."""
    entry = AuditEntry(actor=actor, action=action, entity=entity,
                       entity_id=None if entity_id is None else str(entity_id), before=before, after=after)
    session.add(entry)
    return entry
