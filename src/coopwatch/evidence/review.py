"""An evaluator's review of links: list, confirm, reject (`coopwatch evidence ...`); the stored
documents, listed and read one by one.

Lists of documents and of links filter on the same things: the plan item a document is linked
to (any state), a region (a code or any name `reference.gazetteer().resolve` accepts: a
document counts for it when it names the region or a place inside it; for a group or
macro-region, any member), and a date range on the document's date (`counting`, rule 5: the
publication date, else the day it was stored), both ends included.

A decision sets the evidence row's state, reviewer and time, keeps the note in its facts, and
writes an audit entry with the state before and after. Confirming a link the linker did not
propose adds it (rank 0: set by hand). Reviewed rows survive re-linking (see `ingest`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, literal, or_, select

from coopwatch.errors import InputError, NotFound
from coopwatch.plans import ItemRef
from coopwatch.store import record_audit
from coopwatch.store.models import Document, Evidence

STATES = ("proposed", "confirmed", "rejected")


def _row_dict(ev: Evidence, doc: Document | None) -> dict:
    return {
        "id": ev.id, "document": ev.document_id, "path": doc.path if doc else None,
        "item": str(ItemRef(ev.plan_id, ev.item_ref)), "score": ev.score, "rank": ev.rank, "state": ev.state,
        "reviewed_by": ev.reviewed_by,
        "reviewed_at": ev.reviewed_at.isoformat(timespec="seconds") if ev.reviewed_at else None,
        "note": (ev.facts or {}).get("note"),
    }


def _region_codes(region: str) -> list[str]:
    """The code prefixes a document's regions are matched against: "64" for Ningxia (the
    province and every place in it), "6401" for Yinchuan; a zone by its own code; a group or
    macro-region by its members'."""
    from coopwatch.reference import gazetteer

    found = gazetteer().resolve(region)
    if found is None:
        raise InputError(f"region: unknown region {region!r}")
    codes = [found.code] + [m for m in found.members if m != found.code]
    out = []
    for code in codes:
        prefix = code
        while len(prefix) > 2 and prefix.isdigit() and prefix.endswith("00"):
            prefix = prefix[:-2]
        out.append(prefix)
    return out


def _document_filters(store, *, item: str | None, region: str | None, date_from: dt.date | None,
                      date_to: dt.date | None) -> list:
    """SQL conditions on `document` for the filters of the module docstring."""
    from coopwatch.evidence.counting import document_date_column

    if date_from and date_to and date_from > date_to:
        raise InputError(f"from: {date_from} is after to: {date_to}")
    where = []
    if item:
        plan_id, ref = _resolve(store, item)
        where.append(exists().where(Evidence.document_id == Document.id, Evidence.plan_id == plan_id,
                                    Evidence.item_ref == ref))
    if region:
        # region_key: the document's region codes, sorted and comma-joined
        key = literal(",").concat(func.coalesce(Document.region_key, ""))
        where.append(or_(*(key.like("%," + prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
                                    escape="\\") for prefix in _region_codes(region))))
    date = document_date_column()
    if date_from:
        where.append(date >= date_from)
    if date_to:
        where.append(date <= date_to)
    return where


def list_documents(store, *, item: str | None = None, region: str | None = None, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Stored documents, newest first (then by number), without their text (`get_document`
    reads one whole); filtered as the module docstring says."""
    from coopwatch.evidence.counting import document_date_column

    date = document_date_column()
    q = (select(Document.id, Document.title, Document.source, Document.path, Document.language, date.label("date"),
                Document.facts, Document.event, Document.duplicate_of)
         .where(*_document_filters(store, item=item, region=region, date_from=date_from, date_to=date_to))
         .order_by(date.desc(), Document.id.desc()).offset(offset))
    if limit:
        q = q.limit(limit)
    with store.session() as s:
        rows = s.execute(q).all()
        links = {}
        if rows:
            ids = [r.id for r in rows]
            for doc_id, plan_id, ref in s.execute(select(Evidence.document_id, Evidence.plan_id, Evidence.item_ref)
                                                  .where(Evidence.document_id.in_(ids)).order_by(Evidence.rank, Evidence.id)):
                links.setdefault(doc_id, []).append(str(ItemRef(plan_id, ref)))
    return [{"id": r.id, "title": r.title, "source": r.source, "path": r.path, "language": r.language,
             "published": r.date.isoformat() if r.date else None, "regions": list((r.facts or {}).get("regions", [])),
             "items": links.get(r.id, []), "event": r.event, "duplicate_of": r.duplicate_of} for r in rows]


def list_evidence(store, *, state: str | None = None, item: str | None = None, document: int | None = None,
                  best_only: bool = False, limit: int | None = None, region: str | None = None,
                  date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[dict]:
    """Evidence rows, by document then rank; filtered by state, item ("plan:ref"), document,
    and the region and dates of the document (the module docstring)."""
    if state and state not in STATES:
        raise InputError(f"state {state!r}: expected one of {', '.join(STATES)}")
    q = select(Evidence, Document).join(Document, Document.id == Evidence.document_id)
    for condition in _document_filters(store, item=None, region=region, date_from=date_from, date_to=date_to):
        q = q.where(condition)
    if state:
        q = q.where(Evidence.state == state)
    if item:
        plan_id, ref = _resolve(store, item)
        q = q.where(Evidence.plan_id == plan_id, Evidence.item_ref == ref)
    if document is not None:
        q = q.where(Evidence.document_id == document)
    if best_only:
        q = q.where(Evidence.rank <= 1)
    q = q.order_by(Evidence.document_id, Evidence.rank, Evidence.id)
    if limit:
        q = q.limit(limit)
    with store.session() as s:
        return [_row_dict(ev, doc) for ev, doc in s.execute(q)]


def _resolve(store, item: str) -> tuple[str, str]:
    from coopwatch.plans import resolve_ref
    from coopwatch.plans.registry import current_plans

    found = resolve_ref(item, current_plans(store))
    return found.plan, found.item


def review(store, document: int, item: str, decision: str, *, by: str | None = None,
           note: str | None = None) -> dict:
    """Confirm or reject the link of `document` to `item`; audited."""
    if decision not in ("confirmed", "rejected"):
        raise InputError(f"decision {decision!r}: expected confirmed or rejected")
    from coopwatch.store.permissions import Target, require

    by = require(store, by, "evidence.review", Target(what=f"document {document}"), via="evidence review").name
    plan_id, ref = _resolve(store, item)
    with store.session() as s:
        doc = s.get(Document, document)
        if doc is None:
            raise NotFound(f"no document {document}")
        ev = s.scalar(select(Evidence).where(Evidence.document_id == document, Evidence.plan_id == plan_id,
                                             Evidence.item_ref == ref))
        before = None
        if ev is None:
            ev = Evidence(document_id=document, plan_id=plan_id, item_ref=ref, score=0.0, rank=0,
                          facts={"regions": (doc.facts or {}).get("regions", []), "linked": False})
            s.add(ev)
        else:
            before = {"state": ev.state, "reviewed_by": ev.reviewed_by, "note": (ev.facts or {}).get("note")}
        ev.state = decision
        ev.reviewed_by = by
        ev.reviewed_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        facts = dict(ev.facts or {})
        if note is not None:
            facts["note"] = note
        ev.facts = facts
        s.flush()
        record_audit(s, actor=by, action=f"evidence.{decision[:-2] if decision.endswith('ed') else decision}",
                     entity="evidence", entity_id=ev.id, before=before,
                     after={"document": document, "item": str(ItemRef(plan_id, ref)), "state": decision, "note": note})
        return _row_dict(ev, doc)


def get_document(store, document: int) -> dict:
    """One stored document as a reviewer reads it: text, source, dates, extracted facts, the
    event it belongs to and the document it copies, and its links (`list_evidence`)."""
    from coopwatch.evidence.counting import document_date

    with store.session() as s:
        doc = s.get(Document, document)
        if doc is None:
            raise NotFound(f"no document {document}")
        date = document_date(doc.published, doc.ingested_at)
        out = {"id": doc.id, "title": doc.title, "source": doc.source, "path": doc.path, "language": doc.language,
               "published": date.isoformat() if date else None, "text": doc.text, "facts": doc.facts or {},
               "event": doc.event, "duplicate_of": doc.duplicate_of, "repairs": doc.repairs or []}
    return out | {"links": list_evidence(store, document=document)}
