"""The audit trail: who changed what, when, with the record before and after."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy.orm import Session

from coopwatch.store.models import AuditEntry

# Where the current request came from ("api 127.0.0.1 token", "web 10.0.0.5 session"); the web
# app sets it per request, so every entry written while serving it says so without each library
# function taking an argument for it.
audit_via: ContextVar[str | None] = ContextVar("audit_via", default=None)


def record_audit(session: Session, *, actor: str | None, action: str, entity: str,
                 entity_id: Any = None, before: dict | None = None, after: dict | None = None) -> AuditEntry:
    """Add an audit entry inside the caller's transaction, so it commits or rolls back with it."""
    via = audit_via.get()
    if via is not None:
        after = {**(after or {}), "via": (after or {}).get("via") or via}
    entry = AuditEntry(actor=actor, action=action, entity=entity,
                       entity_id=None if entity_id is None else str(entity_id), before=before, after=after)
    session.add(entry)
    return entry
