"""Storing analysed documents and their links as evidence (`coopwatch ingest`).

* A document is keyed by the content hash of its normalised text: re-ingesting the same text
  updates its facts and links, never makes a second row. Near duplicates point at the stored
  original (`duplicate_of`).
* What event grouping compares is stored with the document once, at ingest: its sentence
  vector (512 float32 bytes), its event date (publication date, else the ingestion day), its
  region set as a key, its linked item, and one `document_amount` row per amount.
* Links are the top candidates of the linker, one `evidence` row each (rank 1 = best).
  Proposed rows are replaced on every re-link; rows an evaluator confirmed or rejected keep their
  state, reviewer and note, only their score and rank follow the new run.
* Events are grouped over the batch together with its stored neighbours: the stored documents
  that share a block key with a batch document (amount to three significant digits, region set,
  linked item and region set) and whose event date lies within `WINDOW_DAYS` of the batch's dates,
  at most `NEIGHBOURS_PER_KEY` per key, the most recent first. That is three indexed queries and
  a read of the neighbours' stored vectors, never a scan of the store and never a re-embedding,
  so a batch costs the same whether 10,000 or a million documents are stored. Only the pairs
  that involve a batch document are scored; stored documents of one stored event start as one
  cluster (`events.event_ids`), so events grow and merge but never split, and every stored
  member of a merged event is moved to the merged id.
* Unreadable files are listed in `ingest_error` and in the summary; the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from typing import Callable, Iterable

import time

from sqlalchemy import Float, String, bindparam, delete, func, select, true, update
from sqlalchemy.exc import IntegrityError, OperationalError

from coopwatch.errors import WriteConflict
from coopwatch.evidence.analyse import Analysed, analyse_paths, event_input
from coopwatch.evidence.counting import item_pairs
from coopwatch.evidence.events import WINDOW_DAYS, amount_key
from coopwatch.gcpause import gc_paused
from coopwatch.plans import ItemRef
from coopwatch.store.audit import record_audit
from coopwatch.store.models import Document, DocumentAmount, Evidence, IngestError, region_key

REVIEWED = ("confirmed", "rejected")
ATTEMPTS = 3
# A block key shared by more stored reports than this within the window (a province named in
# every story) does not single out an event: its most recent reports are compared, not all.
NEIGHBOURS_PER_KEY = 200
_IN_CHUNK = 900  # bound parameters per IN (...) list, under SQLite's limit


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


def _chunks(values: list, size: int = _IN_CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _one_of(s, column, values: list) -> list:
    """Conditions that together select the rows whose `column` is one of `values`, one statement
    each. PostgreSQL: one condition, `= ANY` of one array parameter, so the statement text is
    the same for every batch (an IN list of 900 parameters is a new text for the driver to
    build, and the neighbours of a full window took 0.1–0.2 s of client time a batch that way).
    SQLite has no arrays: IN lists of at most `_IN_CHUNK` parameters, under its limit."""
    if not values:
        return []
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy import any_
        from sqlalchemy.dialects.postgresql import ARRAY

        return [column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))]
    return [column.in_(part) for part in _chunks(values)]


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
    docs, errors = analyse_paths(paths, plans, workers=workers, scheduler=scheduler, progress=progress,
                                 events=False)  # grouped below, with the stored neighbours
    return store_analysed(store, docs, errors, plans, source=source, actor=actor)


def store_analysed(store, docs: list[Analysed], errors: list[dict], plans, *, source: str | None = None,
                   today: dt.date | None = None, actor: str | None = None) -> dict:
    """Store a batch of analysed documents (their duplicates found by `analyse.group_batch`),
    their events (with the stored neighbours), their links and the batch's errors, in one
    transaction, with one audit entry of what the batch stored (by `actor`)."""
    plans_by_id = {p.id: p for p in plans}
    today = today or dt.datetime.now(dt.timezone.utc).date()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            # a batch makes hundreds of thousands of small objects (rows, inputs, links) that live
            # until it is stored; the cyclic collector would walk them again and again
            with store.session() as s, gc_paused():
                summary = _store_batch(s, docs, errors, source, plans_by_id, today)
                record_audit(s, actor=actor, action="ingest", entity="document",
                             after={k: len(v) if k == "errors" else v for k, v in summary.items()}
                             | ({"source": source} if source else {}))
                return summary
        except (IntegrityError, OperationalError) as exc:
            if attempt == ATTEMPTS:
                raise WriteConflict(f"ingest: another run stored the same documents at the same time; "
                                    f"gave up after {ATTEMPTS} attempts, nothing stored "
                                    f"({type(exc.orig).__name__ if getattr(exc, 'orig', None) else exc}): "
                                    "run it again") from None
            time.sleep(0.2 * attempt)


def _store_batch(s, docs: list[Analysed], errors: list[dict], source: str | None, plans_by_id: dict,
                 today: dt.date) -> dict:
    from coopwatch.evidence.embeddings import to_bytes

    summary = {"documents": 0, "new": 0, "updated": 0, "duplicates": 0, "links": 0, "errors": errors}
    for e in errors:
        s.add(IngestError(path=e["source"], error=e["error"]))
    stored: dict[str, Document] = {}
    for wanted in _one_of(s, Document.content_hash, sorted({d.content_hash for d in docs})):
        stored.update((r.content_hash, r) for r in s.scalars(select(Document).where(wanted)))
    before = {r.id for r in stored.values()}
    rows: dict[int, Document] = {}
    for i, d in enumerate(docs):
        row = stored.get(d.content_hash)
        if row is None:
            row = Document(content_hash=d.content_hash, text=d.text)
            s.add(row)
            stored[d.content_hash] = row
            summary["new"] += 1
        else:
            summary["updated"] += 1
        row.source = source or row.source
        row.path = d.source
        row.language = d.language
        row.title = d.title
        if d.published:
            row.published = dt.date.fromisoformat(d.published)
        row.event_date = row.published or (row.ingested_at.date() if row.ingested_at else today)
        row.repairs = d.repairs
        row.facts = _stored_facts(d, _item_pairs(d, plans_by_id))
        row.vector = to_bytes(d.vector)  # facts set region_key and linked_item (models.Document)
        rows[i] = row
    # the batch's events, with its neighbours among the documents stored before it, are set
    # before the new rows are written, so that each row is written once (an INSERT and then an
    # UPDATE of 1,000 rows was a tenth of a batch)
    with s.no_autoflush:
        _group_events(s, docs, rows, neighbour_ids(s, docs, [r.event_date for r in rows.values()], exclude=before))
    s.flush()
    new_ids = {r.id for r in stored.values() if r.id not in before}
    _store_amounts(s, docs, rows)
    by_source = {d.source: rows[i] for i, d in enumerate(docs)}
    for i, d in enumerate(docs):
        original = by_source.get(d.duplicate_of) if d.duplicate_of else None
        duplicate_of = original.id if original is not None and original.id != rows[i].id else None
        if rows[i].duplicate_of != duplicate_of:  # only a change is written
            rows[i].duplicate_of = duplicate_of
        summary["duplicates"] += duplicate_of is not None
    existing: dict[int, list[Evidence]] = {}
    for wanted in _one_of(s, Evidence.document_id, sorted(r.id for r in rows.values() if r.id not in new_ids)):
        for ev in s.scalars(select(Evidence).where(wanted)):
            existing.setdefault(ev.document_id, []).append(ev)
    fresh = []  # links of new documents: inserted in bulk, nothing to keep
    done: set[int] = set()
    for i, d in enumerate(docs):
        if rows[i].id in done:
            continue  # the same text twice in one batch: stored once
        done.add(rows[i].id)
        if rows[i].id in new_ids:
            fresh += _link_rows(rows[i], d)
        else:
            summary["links"] += _store_links(s, rows[i], d, existing.get(rows[i].id, []))
    if fresh:
        s.execute(Evidence.__table__.insert(), fresh)
    summary["links"] += len(fresh)
    summary["documents"] = len(docs)
    return summary


def _store_amounts(s, docs: list[Analysed], rows: dict[int, Document]) -> None:
    """One `document_amount` row per distinct amount of each document (replacing earlier ones)."""
    ids = sorted({r.id for r in rows.values()})
    for wanted in _one_of(s, DocumentAmount.document_id, ids):
        s.execute(delete(DocumentAmount).where(wanted))
    seen = set()
    values = []
    for i, d in enumerate(docs):
        row = rows[i]
        if row.id in seen:
            continue
        seen.add(row.id)
        for v in sorted({float(a["value"]) for a in d.facts["amounts"] if a.get("value")}):
            values.append({"document_id": row.id, "value": v, "amount_key": amount_key(v), "event_date": row.event_date})
    if values:
        s.execute(DocumentAmount.__table__.insert(), values)


def _link_facts(row: Document) -> dict:
    f = row.facts
    return {"regions": f.get("regions", []), "pairs": f.get("pairs", []), "domains": f.get("domains", []),
            "amounts": f.get("amounts", []), "dates": f.get("dates", [])}


def _wanted_links(doc: Analysed) -> tuple[dict, tuple | None]:
    """{(plan, ref): (rank, score)} of the document's candidates, and the linked (plan, ref)."""
    wanted = {}
    for rank, cand in enumerate(doc.link["candidates"], start=1):
        wanted[_split_key(cand["item"])] = (rank, cand["score"])
    return wanted, (_split_key(doc.link["item"]) if doc.link.get("item") else None)


def _link_rows(row: Document, doc: Analysed) -> list[dict]:
    """The evidence rows of a new document, as `_store_links` would make them."""
    wanted, linked = _wanted_links(doc)
    facts = _link_facts(row)
    return [{"document_id": row.id, "plan_id": key[0], "item_ref": key[1], "state": "proposed", "score": float(score),
             "rank": rank, "linked": key == linked, "facts": dict(facts, linked=key == linked)}
            for key, (rank, score) in wanted.items()]


def _store_links(s, row: Document, doc: Analysed, existing_rows: list[Evidence]) -> int:
    """Evidence rows for the document's candidates; reviewed rows keep their state."""
    existing = {(e.plan_id, e.item_ref): e for e in existing_rows}
    wanted, linked = _wanted_links(doc)
    facts = _link_facts(row)
    for key, ev in existing.items():
        if key not in wanted and ev.state not in REVIEWED:
            s.delete(ev)
    count = 0
    for key, (rank, score) in wanted.items():
        ev = existing.get(key)
        if ev is None:
            ev = Evidence(document_id=row.id, plan_id=key[0], item_ref=key[1], state="proposed")
            s.add(ev)
            existing[key] = ev
        ev.score = float(score)
        ev.rank = rank
        note = (ev.facts or {}).get("note")
        ev.facts = dict(facts, linked=key == linked, **({"note": note} if note else {}))
        count += 1
    return count


# --- events against the store ------------------------------------------------------------------

def _block_keys(docs: list[Analysed]) -> tuple[list[float], list[str], list[tuple[str, str]]]:
    """The batch's block keys: amount keys, region keys, (linked item, region key)."""
    amounts = sorted({amount_key(float(a["value"])) for d in docs for a in d.facts["amounts"] if a.get("value")})
    regions = sorted({region_key(d.facts["regions"]) for d in docs if d.facts["regions"]})
    items = sorted({(d.link["item"], region_key(d.facts["regions"])) for d in docs if d.link.get("item")})
    return amounts, regions, items


def neighbour_queries(docs: list[Analysed], lo: dt.date, hi: dt.date, cap: int, dialect: str) -> list:
    """The SELECTs of the ids of stored documents sharing a block key with a batch document and
    dated from `lo` to `hi`, at most `cap` per key, most recent first: one query per key kind,
    in which each key's subquery reads the (key, date) index backwards and stops after `cap`
    rows, whatever the number of reports in the window. The keys go as one parameter, so the
    statement text is the same for every batch.

    PostgreSQL: the keys as arrays (`unnest`), a LATERAL subquery per key. SQLite has neither
    arrays nor LATERAL: the keys are one JSON array (`json_each`), and each key's ids come out
    of a correlated scalar subquery as a JSON array (`json_group_array`), read back with
    `json_each`, which may take the columns of the tables to its left. A ROW_NUMBER() over the
    keys instead ranks every report of the window: with a full window of a daily feed it took
    0.43 s a batch against 0.07 on PostgreSQL, and 0.02–0.03 s for the region keys alone against
    0.004 on SQLite."""
    amounts, regions, items = _block_keys(docs)
    per_key = _lateral_per_key if dialect == "postgresql" else _json_per_key
    out = []
    if amounts:
        out.append(per_key({"amount": (amounts, Float)}, DocumentAmount.document_id, DocumentAmount.event_date,
                           lambda k: DocumentAmount.amount_key == k["amount"], lo, hi, cap))
    if regions:
        out.append(per_key({"region": (regions, String)}, Document.id, Document.event_date,
                           lambda k: Document.region_key == k["region"], lo, hi, cap))
    if items:
        out.append(per_key({"item": ([i for i, _ in items], String), "region": ([r for _, r in items], String)},
                           Document.id, Document.event_date,
                           lambda k: (Document.linked_item == k["item"]) & (Document.region_key == k["region"]),
                           lo, hi, cap))
    return out


def _latest(id_col, date_col, where, lo, hi, cap):
    """The ids of one key's reports in the window, most recent first, at most `cap`."""
    return (select(id_col.label("id")).where(where, date_col.between(lo, hi))
            .order_by(date_col.desc(), id_col.desc()).limit(cap))


def _lateral_per_key(arrays: dict, id_col, date_col, match, lo, hi, cap):
    from sqlalchemy.dialects.postgresql import ARRAY

    params = [bindparam(name, values, type_=ARRAY(kind)) for name, (values, kind) in arrays.items()]
    keys = func.unnest(*params).table_valued(*arrays).render_derived()
    latest = _latest(id_col, date_col, match(keys.c), lo, hi, cap).lateral()
    return select(latest.c.id).select_from(keys).join(latest, true())


def _json_per_key(arrays: dict, id_col, date_col, match, lo, hi, cap):
    rows = [list(key) for key in zip(*(values for values, _ in arrays.values()))]
    keys = func.json_each(bindparam("keys", json.dumps(rows))).table_valued("value").alias("k")
    columns = {name: func.json_extract(keys.c.value, f"$[{i}]") for i, name in enumerate(arrays)}
    latest = _latest(id_col, date_col, match(columns), lo, hi, cap).correlate(keys).subquery()
    found = (func.json_each(select(func.json_group_array(latest.c.id)).correlate(keys).scalar_subquery())
             .table_valued("value").alias("found"))
    return select(found.c.value.label("id")).select_from(keys).join(found, true())


def neighbour_ids(s, docs: list[Analysed], dates: list[dt.date | None], exclude: set[int]) -> list[int]:
    """Ids of the stored documents, other than `exclude` (the batch's own), that share a block
    key with a batch document within the date window of the batch's `dates`, at most
    NEIGHBOURS_PER_KEY per key (see the module docstring)."""
    dates = [d for d in dates if d is not None]
    if not dates:
        return []
    lo, hi = min(dates) - dt.timedelta(days=WINDOW_DAYS), max(dates) + dt.timedelta(days=WINDOW_DAYS)
    found: set[int] = set()
    # over-fetch by the excluded rows only, so that leaving them out still leaves the cap
    for query in neighbour_queries(docs, lo, hi, NEIGHBOURS_PER_KEY + len(exclude), s.get_bind().dialect.name):
        found.update(s.scalars(query))
    return sorted(found - exclude)


def _group_events(s, docs: list[Analysed], rows: dict[int, Document], ids: list[int]) -> None:
    """Event ids over the batch and its stored neighbours (see the module docstring)."""
    from coopwatch.evidence.embeddings import blas_limit, embed, to_bytes, vectors_from_bytes
    from coopwatch.evidence.events import EventTable, event_ids

    # what the event model compares, from the columns and the amount table kept for it: only the
    # domains are read out of the stored facts, as text (a whole facts document is ten times the
    # parse). Ten thousand neighbours share a few dozen region keys, domain lists and dates, so
    # each is parsed once.
    neighbours, amounts = [], defaultdict(list)
    for wanted, wanted_amounts in zip(_one_of(s, Document.id, ids), _one_of(s, DocumentAmount.document_id, ids)):
        neighbours += s.execute(select(Document.id, Document.content_hash, Document.vector, Document.published,
                                       Document.event, Document.region_key, Document.linked_item,
                                       Document.facts["domains"].as_string().label("domains"))
                                .where(wanted)).all()
        for doc_id, value in s.execute(select(DocumentAmount.document_id, DocumentAmount.value).where(wanted_amounts)):
            amounts[doc_id].append(value)
    neighbours.sort(key=lambda r: r.id)
    columns = [list(column) for column in zip(*neighbours)] or [[] for _ in range(8)]
    stored_ids, hashes, blobs, published, stored_events, region_keys, items, domains = columns
    vectors = vectors_from_bytes(blobs)
    missing = [k for k, blob in enumerate(blobs) if not blob]
    if missing:  # stored before vectors were kept: embedded once now, and kept
        texts = {}
        for wanted in _one_of(s, Document.id, [stored_ids[k] for k in missing]):
            texts.update(s.execute(select(Document.id, Document.text).where(wanted)).all())
        for k, v in zip(missing, embed([texts[stored_ids[k]] for k in missing])):
            vectors[k] = v
            s.execute(update(Document).where(Document.id == stored_ids[k]).values(vector=to_bytes(v)))
    region_set = functools.cache(lambda key: frozenset(key.split(",")) if key else frozenset())
    domain_set = functools.cache(lambda text: frozenset(json.loads(text)) if text else frozenset())
    iso_day = functools.cache(lambda day: day.isoformat() if day else None)
    table = EventTable.of([event_input(d) for d in docs]) + EventTable(
        hashes, vectors, [region_set(k) for k in region_keys], [domain_set(t) for t in domains],
        [tuple(sorted(amounts[i])) if i in amounts else () for i in stored_ids], items, [iso_day(p) for p in published])
    stored = [rows[i].event for i in range(len(docs))] + stored_events
    with blas_limit():
        new_ids = event_ids(table, stored=stored, new=len(docs))
    renamed = {}
    for i in range(len(docs)):
        row, eid = rows[i], new_ids[i]
        if row.event and row.event != eid:
            renamed[row.event] = eid
        row.event = eid
    moved: dict[str, list[int]] = {}  # new id: the stored neighbours that take it
    for doc_id, old, eid in zip(stored_ids, stored_events, new_ids[len(docs):]):
        if old != eid:
            if old:
                renamed[old] = eid
            moved.setdefault(eid, []).append(doc_id)
    s.flush()  # the batch's new rows are inserted here, with their events
    # stored rows only (the batch's own rows are set above): the session need not follow
    quiet = {"synchronize_session": False}
    for eid, ids in moved.items():
        for wanted in _one_of(s, Document.id, ids):
            s.execute(update(Document).where(wanted).values(event=eid).execution_options(**quiet))
    for old, new in renamed.items():
        s.execute(update(Document).where(Document.event == old).values(event=new).execution_options(**quiet))
    for i, d in enumerate(docs):
        d.event = rows[i].event
