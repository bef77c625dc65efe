"""Which documents count as evidence for a plan item: the one rule, used by the digest, the
scorecards and everything that shows evidence (web pages, reports).

The rule.
1. A link an evaluator **rejected** never counts.
2. A link an evaluator **confirmed** counts.
3. A link nobody reviewed (**proposed**) counts when the linker chose it for its document
   (`linked`: its item was more probable than any other item and than "no item") and its
   calibrated link probability is at least `min_score` (`COUNT_FROM`, 0.5, unless a caller's
   settings give another). Because the probabilities of a document's candidates and of "no
   item" sum to one, at most one proposed link per document can count.
4. A document counts for an item once, however many copies of it are stored: a duplicate
   (`duplicate_of`) adds nothing when its original counts.
5. A document's date is its publication date, else the day it was ingested.
6. Amounts: the amount of an event (reports of the same event in any language or outlet) is
   the largest amount any of its counted reports states, counted once; a report in no event is
   an event of its own.
7. Pairings: a document shows the pairs (western region of the item, partner) between the
   item's regions it names (all of them when it names none) and the other regions it names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

COUNT_FROM = 0.5


def counts(state: str, score: float, linked: bool, min_score: float = COUNT_FROM) -> bool:
    """Rules 1–3 for one link."""
    if state == "rejected":
        return False
    if state == "confirmed":
        return True
    return bool(linked) and float(score) >= min_score


def counted_clause(min_score: float = COUNT_FROM):
    """Rules 1–3 as a SQL condition on `evidence` rows (the same rule as `counts`), so that the
    digest and the scorecards select what counts in the database."""
    from sqlalchemy import and_, or_

    from coopwatch.store.models import Evidence

    return or_(Evidence.state == "confirmed",
               and_(Evidence.state != "rejected", Evidence.linked.is_(True), Evidence.score >= min_score))


def document_date_column():
    """Rule 5 as a SQL expression: the publication date, else the day the document was stored
    (`document.event_date`, which is the publication date or the ingestion day)."""
    from sqlalchemy import func

    from coopwatch.store.models import Document

    return func.coalesce(Document.published, Document.event_date)


def why_not_counted(state: str, score: float, linked: bool, min_score: float = COUNT_FROM) -> str | None:
    """None when the link counts, else the reason in words (for the reasons of a score)."""
    if counts(state, score, linked, min_score):
        return None
    if state == "rejected":
        return "rejected by an evaluator"
    if not linked:
        return "a candidate the linker did not choose"
    return f"a proposed link with a link score below {min_score}"


def is_linked(facts: dict | None) -> bool:
    """Whether the linker chose this link for its document (stored with the link at ingest)."""
    return bool((facts or {}).get("linked"))


def document_date(published: dt.date | None, ingested_at: dt.datetime | None) -> dt.date | None:
    """Rule 5."""
    if published is not None:
        return published
    return ingested_at.date() if ingested_at is not None else None


def event_key(event: str | None, document_id: int) -> str:
    """The event a report belongs to; a report in no event is its own (rule 6)."""
    return event or f"doc-{document_id}"


def event_amounts(reports: Iterable[tuple[str, float | None]]) -> dict[str, float]:
    """Rule 6: the amount of each event from its reports' (event key, largest amount) pairs."""
    out: dict[str, float] = {}
    for key, amount in reports:
        if amount:
            out[key] = max(out.get(key, 0.0), float(amount))
    return out


def largest_amount(facts: dict | None) -> float | None:
    """The largest amount in yuan a document states (its facts' `amounts`), or None."""
    values = [float(a["value"]) for a in (facts or {}).get("amounts", []) if a.get("value")]
    return max(values) if values else None


def item_pairs(item_regions: Iterable[str], doc_regions: Iterable[str]) -> list[list[str]]:
    """Rule 7, sorted."""
    item_regions, doc_regions = list(item_regions), list(doc_regions)
    own = [r for r in item_regions if r in doc_regions] or item_regions
    others = [r for r in doc_regions if r not in item_regions]
    return [list(pair) for pair in sorted({(w, p) for w in own for p in others})]


# --- the evidence of a plan's items, as of a date ---------------------------------------------

@dataclass
class ItemEvidence:
    """The documents that count for one item as of a date (`counted`, one reason each: path,
    title, date, state, link score, amount, event, pairs), the ones that do not and why
    (`not_counted`), and how many low-probability candidates were passed over (`weak`)."""

    counted: list[dict] = field(default_factory=list)
    not_counted: list[dict] = field(default_factory=list)
    weak: int = 0

    def summary(self) -> dict:
        """Documents, confirmed, recent, summed event amounts (rule 6) and distinct pairings."""
        events = event_amounts((event_key(d["event"], d["document"]), d["amount"]) for d in self.counted)
        return {"documents": len(self.counted),
                "confirmed": sum(d["state"] == "confirmed" for d in self.counted),
                "recent": sum(d["recent"] for d in self.counted),
                "amount_yuan": sum(events.values()), "events_with_amounts": len(events),
                "pairings": len({tuple(p) for d in self.counted for p in d["pairs"]})}


def plan_evidence(store, plan, as_of: dt.date, *, min_score: float = COUNT_FROM,
                  recent_days: int = 365) -> tuple[dict[str, ItemEvidence], bool]:
    """The evidence of every item of `plan` (a PlanFramework) as of `as_of`, by short ref; and
    whether any document was monitored by then at all (no documents means "not monitored",
    which is not the same as "no evidence").

    The database selects the links that count or were rejected (the ones listed) and counts
    the passed-over candidates per item (`weak`); only the listed links are read, with the
    columns they show (never a document's text)."""
    from sqlalchemy import and_, exists, func, not_, or_, select

    from coopwatch.store.models import Document, Evidence

    items = {it.short_ref: it for it in plan.walk()}
    out = {ref: ItemEvidence() for ref in items}
    recent_from = as_of - dt.timedelta(days=recent_days)
    listed = or_(Evidence.state == "rejected", counted_clause(min_score))
    with store.session() as s:
        rows = s.execute(select(Evidence.item_ref, Evidence.state, Evidence.score, Evidence.linked, Document.id,
                                Document.path, Document.title, Document.published, Document.ingested_at,
                                Document.duplicate_of, Document.event, Document.facts)
                         .join(Document, Document.id == Evidence.document_id)
                         .where(Evidence.plan_id == plan.id, listed).order_by(Evidence.document_id)).all()
        weak = dict(s.execute(select(Evidence.item_ref, func.count()).where(Evidence.plan_id == plan.id, not_(listed))
                              .group_by(Evidence.item_ref)).all())
        day_after = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
        monitored = bool(s.scalar(select(exists().where(or_(
            Document.published <= as_of, and_(Document.published.is_(None), Document.ingested_at < day_after))))))
    for ref, n in weak.items():
        if ref in out:
            out[ref].weak = n  # candidates the linker passed over: summed up, not listed
    roots: dict[str, set[int]] = {ref: set() for ref in items}
    for r in rows:
        if r.item_ref not in items:
            continue
        found, item = out[r.item_ref], items[r.item_ref]
        date = document_date(r.published, r.ingested_at)
        base = {"kind": "document", "document": r.id, "path": r.path, "title": r.title,
                "published": date.isoformat() if date else None, "state": r.state,
                "link_score": round(float(r.score), 4)}
        why = why_not_counted(r.state, r.score, r.linked, min_score)
        if why is None and date is not None and date > as_of:
            why = f"dated after {as_of.isoformat()}"
        root = r.duplicate_of or r.id
        if why is None and root in roots[r.item_ref]:
            why = f"a copy of document {root}, counted once"
        if why is not None:
            found.not_counted.append(base | {"counted": False, "why": why})
            continue
        roots[r.item_ref].add(root)
        found.counted.append(base | {
            "counted": True, "recent": date is not None and date > recent_from,
            "amount": largest_amount(r.facts), "event": r.event,
            "pairs": item_pairs(item.regions, (r.facts or {}).get("regions", []))})
    return out, monitored
