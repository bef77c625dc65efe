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


def read_audit(store, *, actor=None, user: str | None = None, since: str | None = None,
               action: str | None = None, limit: int | None = 200) -> list[dict]:
    """Audit entries, oldest first (the newest `limit`), by `user`, from `since` (ISO date or
    time), of `action`. Reading the trail is for admins (`audit.read`)."""
    import datetime as dt

    from sqlalchemy import select

    from coopwatch.errors import InputError
    from coopwatch.store.permissions import require

    require(store, actor, "audit.read", via="audit")
    q = select(AuditEntry).order_by(AuditEntry.id.desc())
    if user:
        q = q.where(AuditEntry.actor == user)
    if action:
        q = q.where(AuditEntry.action == action)
    if since:
        try:
            start = dt.datetime.fromisoformat(since)
        except ValueError:
            raise InputError(f"--since: {since!r} is not a date YYYY-MM-DD or time YYYY-MM-DDTHH:MM") from None
        q = q.where(AuditEntry.at >= start)
    if limit:
        q = q.limit(limit)
    with store.session() as s:
        rows = list(s.scalars(q))
    return [{"id": e.id, "at": e.at.isoformat(timespec="seconds") if e.at else None, "actor": e.actor,
             "action": e.action, "entity": e.entity, "entity_id": e.entity_id, "before": e.before, "after": e.after}
            for e in reversed(rows)]
