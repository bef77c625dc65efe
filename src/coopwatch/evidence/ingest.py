"""Storing analysed documents and their links as evidence (`coopwatch ingest`).

* A document is keyed by the content hash of its normalised text: re-ingesting the same text
  updates its facts and links, never makes a second row. Near duplicates point at the stored
  original (`duplicate_of`).
* Links are the top candidates of the linker, one `evidence` row each (rank 1 = best).
  Proposed rows are replaced on every re-link; rows an evaluator confirmed or rejected keep their
  state, reviewer and note, only their score and rank follow the new run.
* Events are grouped over the batch together with the stored documents that share a block
  with it (same amount, same item and regions, same regions): their texts are re-embedded, the
  clusters recomputed, and every stored member of a changed cluster moved to its new id.
* Unreadable files are listed in `ingest_error` and in the summary; the batch goes on.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

import time

from sqlalchemy import select, true
from sqlalchemy.exc import IntegrityError, OperationalError

from coopwatch.errors import WriteConflict

from coopwatch.store.models import Document, Evidence, IngestError
from coopwatch.evidence.analyse import Analysed, analyse_paths, event_input
from coopwatch.evidence.counting import item_pairs
from coopwatch.plans import ItemRef

REVIEWED = ("confirmed", "rejected")
ATTEMPTS = 3


def _split_key(key: str) -> tuple[str, str]:
    ref = ItemRef.parse(key)
    return ref.plan, ref.item


def _item_pairs(doc: Analysed, plans_by_id: dict) -> list[list[str]]:
    """(western region, partner) pairs the document shows for its linked item."""
    key = doc.link.get("item")
    if not key:
        return []
    plan_id, ref = _split_key(key)
    plan = plans_by_id.get(plan_id)
    if plan is None:
        return []
    try:
        item = plan.item(ref)
    except Exception:  # an item removed from a plan since the link was made
        return []
    return item_pairs(item.regions, doc.facts["regions"])


def _stored_facts(doc: Analysed, pairs) -> dict:
    f = dict(doc.facts)
    f["pairs"] = pairs
    f["link"] = {"item": doc.link["item"], "score": doc.link["score"]}
    return f


def ingest_paths(store, paths: Iterable[str], *, source: str | None = None, workers: int | None = None,
                 scheduler: str | None = None, progress: Callable[[int, int], None] | None = None,
                 actor=None) -> dict:
    """Read, analyse and store every file under `paths`; a summary of what was stored.

    Two ingests of the same documents at once: the one that commits second finds its new rows
    taken (a unique content hash) and is rolled back whole; it then stores again, now updating
    the rows the other stored, up to `ATTEMPTS` times before it reports the conflict."""
    from coopwatch.plans.registry import current_plans
    from coopwatch.store.permissions import require

    actor = require(store, actor, "evidence.ingest", via="ingest").name
    plans = current_plans(store)
    plans_by_id = {p.id: p for p in plans}
    docs, errors = analyse_paths(paths, plans, workers=workers, scheduler=scheduler, progress=progress)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with store.session() as s:
                return _store_batch(s, docs, errors, source, plans_by_id)
        except (IntegrityError, OperationalError) as exc:
            if attempt == ATTEMPTS:
                raise WriteConflict(f"ingest: another run stored the same documents at the same time; "
                                    f"gave up after {ATTEMPTS} attempts, nothing stored "
                                    f"({type(exc.orig).__name__ if getattr(exc, 'orig', None) else exc}): "
                                    "run it again") from None
            time.sleep(0.2 * attempt)


def _store_batch(s, docs: list[Analysed], errors: list[dict], source: str | None, plans_by_id: dict) -> dict:
    summary = {"documents": 0, "new": 0, "updated": 0, "duplicates": 0, "links": 0, "errors": errors}
    for e in errors:
        s.add(IngestError(path=e["source"], error=e["error"]))
    rows: dict[int, Document] = {}
    for i, d in enumerate(docs):
        row = s.scalar(select(Document).where(Document.content_hash == d.content_hash))
        if row is None:
            row = Document(content_hash=d.content_hash, text=d.text)
            s.add(row)
            summary["new"] += 1
        else:
            summary["updated"] += 1
        row.source = source or row.source
        row.path = d.source
        row.language = d.language
        row.title = d.title
        if d.published:
            row.published = dt.date.fromisoformat(d.published)
        row.repairs = d.repairs
        row.facts = _stored_facts(d, _item_pairs(d, plans_by_id))
        rows[i] = row
    s.flush()
    by_source = {d.source: rows[i] for i, d in enumerate(docs)}
    for i, d in enumerate(docs):
        original = by_source.get(d.duplicate_of) if d.duplicate_of else None
        rows[i].duplicate_of = original.id if original is not None and original.id != rows[i].id else None
        summary["duplicates"] += rows[i].duplicate_of is not None
    _group_events(s, docs, rows)
    for i, d in enumerate(docs):
        summary["links"] += _store_links(s, rows[i], d)
    s.flush()
    summary["documents"] = len(docs)
    return summary


def _store_links(s, row: Document, doc: Analysed) -> int:
    """Evidence rows for the document's candidates; reviewed rows keep their state."""
    existing = {(e.plan_id, e.item_ref): e for e in s.scalars(select(Evidence).where(Evidence.document_id == row.id))}
    wanted = {}
    for rank, cand in enumerate(doc.link["candidates"], start=1):
        wanted[_split_key(cand["item"])] = (rank, cand["score"])
    facts = {"regions": row.facts.get("regions", []), "pairs": row.facts.get("pairs", []),
             "domains": row.facts.get("domains", []), "amounts": row.facts.get("amounts", []),
             "dates": row.facts.get("dates", [])}
    linked = _split_key(doc.link["item"]) if doc.link.get("item") else None
    for key, ev in existing.items():
        if key not in wanted and ev.state not in REVIEWED:
            s.delete(ev)
    count = 0
    for key, (rank, score) in wanted.items():
        ev = existing.get(key)
        if ev is None:
            ev = Evidence(document_id=row.id, plan_id=key[0], item_ref=key[1], state="proposed")
            s.add(ev)
        ev.score = float(score)
        ev.rank = rank
        note = (ev.facts or {}).get("note")
        ev.facts = dict(facts, linked=key == linked, **({"note": note} if note else {}))
        count += 1
    return count


def _group_events(s, docs: list[Analysed], rows: dict[int, Document]) -> None:
    """Event ids over the batch and the stored documents that share a block with it."""
    from coopwatch.evidence.embeddings import embed
    from coopwatch.evidence.events import EventInput, event_ids

    batch_ids = {rows[i].id for i in rows}
    amounts = {float(a["value"]) for d in docs for a in d.facts["amounts"]}
    region_sets = {tuple(sorted(d.facts["regions"])) for d in docs}
    neighbours = []
    if amounts or region_sets:
        for row in s.scalars(select(Document).where(Document.id.not_in(batch_ids) if batch_ids else true())):
            f = row.facts or {}
            if ({float(a["value"]) for a in f.get("amounts", [])} & amounts
                    or tuple(sorted(f.get("regions", []))) in region_sets):
                neighbours.append(row)
    vectors = embed([r.text for r in neighbours]) if neighbours else []
    inputs = [event_input(d) for d in docs]
    for row, v in zip(neighbours, vectors):
        f = row.facts or {}
        inputs.append(EventInput(content_hash=row.content_hash, vector=v, regions=frozenset(f.get("regions", [])),
                                 domains=frozenset(f.get("domains", [])),
                                 amounts=tuple(float(a["value"]) for a in f.get("amounts", [])),
                                 item=(f.get("link") or {}).get("item"),
                                 published=row.published.isoformat() if row.published else None))
    ids = event_ids(inputs)
    all_rows = [rows[i] for i in range(len(docs))] + neighbours
    renamed = {}
    for row, eid in zip(all_rows, ids):
        if row.event and row.event != eid:
            renamed[row.event] = eid
        row.event = eid
    for old, new in renamed.items():
        for row in s.scalars(select(Document).where(Document.event == old)):
            row.event = new
    for i, d in enumerate(docs):
        d.event = rows[i].event
