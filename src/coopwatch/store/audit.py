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


def list_audit(store, *, by, actor: str | None = None, action: str | None = None, entity: str | None = None,
               entity_id: str | None = None, since=None, until=None, limit: int = 100, offset: int = 0) -> list[dict]:
    """Audit entries, newest first, filtered; admins only (`audit.read`). The trail is never
    edited: there is no function that changes or deletes an entry."""
    from sqlalchemy import select

    from coopwatch.store.permissions import Target, require

    require(store, by, "audit.read", Target(what="the audit trail"))
    e = AuditEntry
    q = select(e).order_by(e.id.desc())
    for column, value in ((e.actor, actor), (e.action, action), (e.entity, entity), (e.entity_id, entity_id)):
        if value:
            q = q.where(column == value)
    if since:
        q = q.where(e.at >= _moment(since, "since"))
    if until:
        q = q.where(e.at <= _moment(until, "until"))
    q = q.offset(offset).limit(limit)
    with store.session() as s:
        return [{"id": r.id, "at": r.at.isoformat(timespec="seconds"), "actor": r.actor, "action": r.action,
                 "entity": r.entity, "entity_id": r.entity_id, "before": r.before, "after": r.after}
                for r in s.scalars(q)]


# Audit entries of who may log in (accounts, tokens, sessions) and of refusals: no page shows
# anything of the store's data that they change, so they leave the data version alone.
ACCOUNT_ENTITIES = ("user", "api_token", "web_session")


def data_version(store) -> tuple[int, int, int]:
    """Numbers that change whenever the store's data changes: the newest audit entry of a write
    to the data (every audited write but log-ins, log-outs, account and token changes and
    refusals; an ingest batch and a derive that changed values are audited too), and the newest
    document and observation ids (rows written outside the library, such as a bulk load, are
    seen as well). Callers cache results computed from the store under it (web/cache.py)."""
    from sqlalchemy import func, select

    from coopwatch.store.models import Document, Observation

    e = AuditEntry
    newest = (select(e.id).where(e.entity.not_in(ACCOUNT_ENTITIES), e.action != "refused")
              .order_by(e.id.desc()).limit(1).scalar_subquery())
    q = select(newest, select(func.max(Document.id)).scalar_subquery(),
               select(func.max(Observation.id)).scalar_subquery())
    with store.session() as s:
        return tuple(v or 0 for v in s.execute(q).one())


def _moment(value, name: str):
    """A datetime from a datetime, a date or ISO text (YYYY-MM-DD or YYYY-MM-DDTHH:MM)."""
    import datetime as dt

    from coopwatch.errors import InputError

    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"--{name}: {value!r} is not a date YYYY-MM-DD or time YYYY-MM-DDTHH:MM") from None
