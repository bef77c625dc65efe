"""Evidence at scale: stored vectors and facts, the event neighbours of a later batch found by
an indexed query inside the date window (never re-embedded), the counting rule as SQL, and
Dask tasks that analyse the very chunks of a single process."""

from __future__ import annotations

import datetime as dt
import shutil
from contextlib import contextmanager

import numpy as np
import pytest
from sqlalchemy import select, text

from coopwatch.evidence import embeddings
from coopwatch.evidence.analyse import analyse_texts, event_input, group_batch
from coopwatch.evidence.counting import counted_clause, counts
from coopwatch.evidence.ingest import neighbour_queries, store_analysed
from coopwatch.plans import bundled_plans
from coopwatch.store.models import Document, DocumentAmount, Evidence

# n003 (zh), n030 and n041: one salt-lake event in three languages; n027 another Qinghai report
EVENT = ("n003", "n030", "n041")


def _analysed(news_dev, names, published):
    entries = [(f"{n}.txt", (news_dev / f"{n}.txt").read_text(encoding="utf-8"), None, [], published)
               for n in names]
    docs = analyse_texts(entries, bundled_plans())
    group_batch(docs, events=False)
    return docs


def _events(store):
    with store.session() as s:
        return {d.path[:-4]: d.event for d in s.scalars(select(Document))}


def test_vectors_and_facts_are_stored_once_and_a_later_batch_reads_them(store, news_dev, monkeypatch):
    plans = bundled_plans()
    first = _analysed(news_dev, ["n003", "n027"], "2024-05-03")
    later = _analysed(news_dev, ["n030", "n041"], "2024-05-20")
    store_analysed(store, first, [], plans)
    with store.session() as s:
        row = s.scalar(select(Document).where(Document.path == "n003.txt"))
        assert np.array_equal(embeddings.vectors_from_bytes([row.vector])[0], first[0].vector)
        assert row.event_date == dt.date(2024, 5, 3) and row.region_key == ",".join(sorted(first[0].facts["regions"]))
        assert row.linked_item == first[0].link["item"] == "eastwest-14fyp:3.2"
        amounts = sorted(a.value for a in s.scalars(select(DocumentAmount).where(DocumentAmount.document_id == row.id)))
        assert amounts == sorted({float(a["value"]) for a in first[0].facts["amounts"]})

    def no_embedding(texts, *args, **kwargs):
        raise AssertionError(f"re-embedded {len(texts)} stored texts")

    monkeypatch.setattr(embeddings, "embed", no_embedding)
    store_analysed(store, later, [], plans)
    events = _events(store)
    assert events["n003"] == events["n030"] == events["n041"] != events["n027"]



def test_stored_vectors_are_read_back_in_their_order_with_zeros_where_none_is_stored():
    vectors = np.random.default_rng(2).normal(size=(4, embeddings.DIMENSIONS)).astype(np.float32)
    blobs = [embeddings.to_bytes(vectors[0]), None, embeddings.to_bytes(vectors[2]), b"", embeddings.to_bytes(vectors[3])]
    got = embeddings.vectors_from_bytes(blobs)
    assert got.dtype == np.float32 and got.shape == (5, embeddings.DIMENSIONS)
    assert np.array_equal(got[[0, 2, 4]], vectors[[0, 2, 3]]) and not got[[1, 3]].any()
    every = embeddings.vectors_from_bytes([embeddings.to_bytes(v) for v in vectors])
    every[0] = 0  # writable: a missing vector is filled in place
    assert np.array_equal(every[1:], vectors[1:])

def test_a_neighbour_stored_without_a_vector_is_embedded_once_and_kept(store, news_dev):
    """A document stored before vectors were kept (here: n003's vector taken away) is embedded
    when a later batch reads it as a neighbour, its vector is stored, and the event is the one
    it would have had; the other neighbour keeps the vector it had."""
    plans = bundled_plans()
    first = _analysed(news_dev, ["n003", "n027"], "2024-05-03")
    store_analysed(store, first, [], plans)
    with store.session() as s:
        kept = s.scalar(select(Document.vector).where(Document.path == "n027.txt"))
        s.execute(Document.__table__.update().where(Document.path == "n003.txt").values(vector=None))
    store_analysed(store, _analysed(news_dev, ["n030", "n041"], "2024-05-20"), [], plans)
    with store.session() as s:
        vectors = dict(s.execute(select(Document.path, Document.vector)).all())
    assert np.allclose(embeddings.vectors_from_bytes([vectors["n003.txt"]])[0], first[0].vector, atol=1e-5)
    assert vectors["n027.txt"] == kept
    events = _events(store)
    assert events["n003"] == events["n030"] == events["n041"] != events["n027"]

def test_a_stored_report_outside_the_date_window_is_not_a_neighbour(store, news_dev):
    """Undated, n003 is placed on its ingestion day (today), years after the later batch: it is
    not read, though without a date the event model alone would have joined it."""
    plans = bundled_plans()
    store_analysed(store, _analysed(news_dev, ["n003"], None), [], plans)
    store_analysed(store, _analysed(news_dev, ["n030", "n041"], "2024-03-15"), [], plans)
    events = _events(store)
    assert events["n030"] == events["n041"] != events["n003"]


def test_news_stored_in_three_batches_get_the_event_ids_of_one_batch(store, news_dev, monkeypatch):
    """A later batch scores only the pairs that involve its own documents (stored reports were
    compared with each other when they came in), yet the store ends with the ids that one batch
    of all 48 items gives."""
    from coopwatch.evidence import events

    plans = bundled_plans()
    names = sorted(p.stem for p in news_dev.glob("n*.txt"))
    batches = [names[0::3], names[1::3], names[2::3]]
    one = _analysed(news_dev, names, "2024-05-03")
    expected = dict(zip(names, events.event_ids([event_input(d) for d in one])))
    assert len(set(expected.values())) < len(names) - 10  # the labelled set holds many multi-report events

    scored_rows = []
    block_scores = events._block_scores
    monkeypatch.setattr(events, "_block_scores", lambda docs, part, model, rows=None: (
        scored_rows.append([docs.content_hash[part[r]] for r in rows]), block_scores(docs, part, model, rows))[1])
    for k, batch in enumerate(batches):
        docs = _analysed(news_dev, batch, "2024-05-03")
        scored_rows.clear()
        store_analysed(store, docs, [], plans)
        own = {d.content_hash for d in docs}
        assert scored_rows and all(set(r) <= own for r in scored_rows), f"batch {k} scored stored pairs"
    assert _events(store) == expected


def _plan_rows(store, query) -> list[str]:
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
            return [r[-1] for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql))]
        conn.execute(text("SET enable_seqscan = off"))  # tiny tables: ask whether an index can answer
        compiled = query.compile(store.engine)  # the keys are array parameters: sent, not written out
        return [r[0] for r in conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)]


def test_the_neighbour_queries_are_answered_from_indexes(store, news_dev):
    docs = _analysed(news_dev, list(EVENT), "2024-05-03")
    store_analysed(store, docs, [], bundled_plans())
    queries = neighbour_queries(docs, dt.date(2024, 4, 1), dt.date(2024, 6, 1), 200, store.dialect)
    assert len(queries) >= 3  # amounts, region sets, linked items
    for q in queries:
        plan = " | ".join(_plan_rows(store, q))
        if store.dialect == "sqlite":
            assert "INDEX ix_document_" in plan, plan
            assert "SCAN document " not in plan + " " and "SCAN document_amount" not in plan, plan
        else:
            assert "Seq Scan on document" not in plan and "Index" in plan, plan


def test_the_latest_reports_per_key_are_those_of_a_plain_reading_of_the_store(store, news_dev):
    """Each key's subquery stops after `cap` rows (LATERAL on PostgreSQL, json_each on SQLite).
    With news-dev stored on eight days, a window that leaves out the first two and a cap of 1,
    so that most keys have more reports than the cap, the ids are those of reading every stored
    row and keeping, per key, the `cap` most recent inside the window (on one day: the larger
    ids); and the cap binds."""
    from coopwatch.evidence import ingest

    names = sorted(p.stem for p in news_dev.glob("n*.txt"))
    for day in range(8):
        store_analysed(store, _analysed(news_dev, names[day::8], f"2024-05-{day + 1:02d}"), [], bundled_plans())
    batch = _analysed(news_dev, names[:24], "2024-05-09")
    lo, hi = dt.date(2024, 5, 3), dt.date(2024, 6, 8)
    amounts, regions, items = ingest._block_keys(batch)
    with store.session() as s:
        documents = s.execute(select(Document.id, Document.event_date, Document.region_key, Document.linked_item)).all()
        amount_rows = s.execute(select(DocumentAmount.document_id, DocumentAmount.event_date,
                                       DocumentAmount.amount_key)).all()
        for cap in (1, 200):
            def latest(rows):
                return {i for i, day in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)[:cap]}

            expected = set()
            for key in amounts:
                expected |= latest([(i, day) for i, day, k in amount_rows if k == key and lo <= day <= hi])
            for key in regions:
                expected |= latest([(i, day) for i, day, r, _ in documents if r == key and lo <= day <= hi])
            for item, key in items:
                expected |= latest([(i, day) for i, day, r, linked in documents
                                    if (linked, r) == (item, key) and lo <= day <= hi])
            found = set()
            for q in ingest.neighbour_queries(batch, lo, hi, cap, store.dialect):
                found.update(s.scalars(q))
            assert found == expected
            if cap == 1:
                capped = found
            else:
                assert len(capped) < len(found) < len(documents)


@pytest.mark.parametrize("state, score, linked", [
    ("proposed", 0.9, True), ("proposed", 0.5, True), ("proposed", 0.49, True), ("proposed", 0.9, False),
    ("confirmed", 0.0, False), ("rejected", 0.99, True)])
def test_the_counting_rule_in_sql_is_the_rule_in_python(store, state, score, linked):
    with store.session() as s:
        doc = Document(content_hash="c" * 64, text="news")
        s.add(doc)
        s.flush()
        s.add(Evidence(document_id=doc.id, plan_id="eastwest-14fyp", item_ref="3.2", score=score, state=state,
                       facts={"linked": linked}))
    with store.session() as s:
        in_sql = s.scalar(select(Evidence.id).where(counted_clause())) is not None
    assert in_sql == counts(state, score, linked)


def test_dask_tasks_are_runs_of_the_single_process_chunks_that_shrink_towards_the_end():
    from coopwatch.evidence.scale import tasks_of

    for n_chunks in (1, 7, 100, 1563):  # 1563 chunks of 64: 100,000 files
        chunks = [[f"f{i}-{j}" for j in range(64)] for i in range(n_chunks)]
        tasks = tasks_of(chunks, workers=2)
        assert [c for t in tasks for c in t] == chunks  # the very chunks, in order
        sizes = [len(t) for t in tasks]
        assert sizes == sorted(sizes, reverse=True) and max(sizes) * 64 <= 4096
        # the last tasks are single chunks: two workers finish within one chunk of each other
        assert sizes[-min(n_chunks, 2 * 4):] == [1] * min(n_chunks, 2 * 4)
    assert tasks[0] == chunks[:64] and len(tasks) < 1563 // 20  # large first tasks, few tasks


def test_an_ingest_on_two_workers_stores_what_one_process_stores(store, tmp_path, news_dev, monkeypatch):
    from coopwatch.evidence import analyse
    from coopwatch.evidence.ingest import ingest_paths

    from .helpers import observe_dask

    folder = tmp_path / "news"
    folder.mkdir()
    for n in EVENT + ("n027",):
        shutil.copy(news_dev / f"{n}.txt", folder / f"{n}.txt")
    monkeypatch.setattr(analyse, "CHUNK", 2)  # two chunks of two files, a task each
    runs = observe_dask(monkeypatch)
    ingest_paths(store, [str(folder)], workers=2, actor="admin")
    assert len(runs) == 1 and [len(task) for task in runs[0]["sent"]] == [1, 1] and len(runs[0]["ran"]) == 2
    assert len(set(runs[0]["ran"])) == 2  # each worker analysed one chunk
    with store.session() as s:
        rows = {d.path.rsplit("/", 1)[-1][:-4]: d for d in s.scalars(select(Document))}
        vectors = dict(zip(rows, embeddings.vectors_from_bytes([r.vector for r in rows.values()])))
    # the very chunks in this process (vectors are embedded a chunk at a time: the same chunks,
    # the same vectors to the bit)
    single, _ = analyse.analyse_paths([str(folder)], bundled_plans(), events=False)
    assert sorted(vectors) == sorted(d.source.rsplit("/", 1)[-1][:-4] for d in single)
    for d in single:
        assert np.array_equal(vectors[d.source.rsplit("/", 1)[-1][:-4]], d.vector)
    assert rows["n003"].event == rows["n030"].event == rows["n041"].event != rows["n027"].event


def test_the_migration_fills_the_new_columns_of_documents_stored_before_it(database_url, migrate):
    import sqlalchemy as sa

    from coopwatch.store import open_store
    from coopwatch.store.database import make_engine

    migrate("0002")
    engine = make_engine(database_url)

    document = sa.table("document", sa.column("id"), sa.column("content_hash"), sa.column("text"),
                        sa.column("repairs", sa.JSON), sa.column("facts", sa.JSON), sa.column("ingested_at", sa.DateTime))
    evidence = sa.table("evidence", *(sa.column(c) for c in ("document_id", "plan_id", "item_ref", "score", "rank",
                                                              "state")), sa.column("facts", sa.JSON))
    with engine.begin() as conn:  # as a store at revision 0002 holds them
        conn.execute(document.insert().values(
            id=1, content_hash="d" * 64, text="news", repairs=[], ingested_at=dt.datetime(2024, 5, 3, 8, 0),
            facts={"regions": ["630000", "120000"], "amounts": [{"value": 1234567.0}],
                   "link": {"item": "eastwest-14fyp:3.2", "score": 0.8}}))
        conn.execute(evidence.insert().values(document_id=1, plan_id="eastwest-14fyp", item_ref="3.2", score=0.8,
                                              rank=1, state="proposed", facts={"linked": True}))
    engine.dispose()
    store = open_store(database_url)
    with store.session() as s:
        doc = s.get(Document, 1)
        assert (doc.event_date, doc.region_key, doc.linked_item, doc.vector) == (
            dt.date(2024, 5, 3), "120000,630000", "eastwest-14fyp:3.2", None)
        assert [(a.value, a.amount_key) for a in s.scalars(select(DocumentAmount))] == [(1234567.0, 1230000.0)]
        assert s.scalar(select(Evidence.linked)) is True
    store.dispose()


def _synthetic_reports(n: int, seed: int = 5) -> list:
    """`n` synthetic reports in tight and loose groups around 12 centres, with shared and
    differing sums, regions, items and dates."""
    from coopwatch.evidence import events

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(12, events.DIM))
    docs = []
    for k in range(n):
        g = int(rng.integers(12))
        v = centres[g] + rng.normal(scale=rng.choice([0.2, 0.6, 1.2]), size=events.DIM)
        docs.append(events.EventInput(
            content_hash=f"{k:064x}", vector=(v / np.linalg.norm(v)).astype(np.float32),
            regions=frozenset(rng.choice(["62", "63", "64", "65"], size=int(rng.integers(0, 3)), replace=False).tolist()),
            domains=frozenset(rng.choice(["energy", "water", "health"], size=int(rng.integers(0, 3)), replace=False).tolist()),
            amounts=tuple(float(x) for x in rng.choice([1.0e8, 1.004e8, 2.5e8, 3.0e7], size=int(rng.integers(0, 3)))),
            item=rng.choice([None, f"p:{g % 4}", "p:9"]), published=rng.choice([None, "2024-05-03", "2024-05-20", "2024-08-01"])))
    return docs


def _same_event_pairs_scored_one_by_one(docs) -> tuple[set, int, int]:
    """The reference: every candidate pair scored by `pair_features`, joined at the threshold,
    connected components; the pairs of documents in one component, and how many pairs were
    scored and joined."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from coopwatch.evidence import events

    model = events.event_model()
    pairs = sorted(events.candidate_pairs(docs))
    joined = [(a, b) for a, b in pairs if model.score(events.pair_features(docs[a], docs[b])) >= model.threshold]
    a, b = np.array([p[0] for p in joined]), np.array([p[1] for p in joined])
    _, labels = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(len(docs), len(docs))), directed=False)
    same = {(x, y) for x in range(len(docs)) for y in range(x + 1, len(docs)) if labels[x] == labels[y]}
    return same, len(pairs), len(joined)


def _same_event_pairs(ids: list[str]) -> set:
    return {(x, y) for x in range(len(ids)) for y in range(x + 1, len(ids)) if ids[x] == ids[y]}


def test_event_ids_are_the_components_of_the_joined_pairs_scored_one_by_one():
    """The block matrices (`_block_scores` over `scored_blocks`, a block's components handed on
    as one edge per member) against the reference: every pair sharing a block scored by
    `pair_features`, joined at the threshold, connected components. 300 synthetic reports."""
    from coopwatch.evidence import events

    docs = _synthetic_reports(300)
    same, scored, joined = _same_event_pairs_scored_one_by_one(docs)
    assert 50 < joined < scored and len(same) > 20  # joins and non-joins, real groups
    assert _same_event_pairs(events.event_ids(docs)) == same


def test_the_scored_blocks_hold_every_candidate_pair_in_fewer_blocks(monkeypatch):
    """An item's block inside one region set is left out when that region set's block is one
    slice, and kept when it is cut (here: blocks of at most 20); a block met twice (six reports
    of one sum in one region, which are also its only reports) is scored once. The pairs are the
    candidate pairs either way, and so are the events."""
    from coopwatch.evidence import events

    docs = _synthetic_reports(300, seed=11)
    docs += [events.EventInput(content_hash=f"{k:064x}", vector=docs[k - 300].vector, regions=frozenset({"61"}),
                               domains=frozenset(), amounts=(7.7e7,), item="p:7") for k in range(300, 306)]
    everything = events.blocks(docs)
    assert len({tuple(p) for p in everything}) < len(everything)  # some block is met twice
    for most in (events.MAX_BLOCK, 20):
        monkeypatch.setattr(events, "MAX_BLOCK", most)
        scored = events.scored_blocks(docs)
        pairs = {(min(a, b), max(a, b)) for part in scored for i, a in enumerate(part) for b in part[i + 1:]}
        assert pairs == events.candidate_pairs(docs)
        assert len({tuple(p) for p in scored}) == len(scored) < len(events.blocks(docs))
        keyed = events._keyed_members(docs)
        others = {tuple(p) for key, m in keyed.items() if key[0] != "item" for p in events._slices(m)}
        items = {tuple(p) for key, m in keyed.items() if key[0] == "item" and key[2] for p in events._slices(m)}
        kept = (items - others) & {tuple(p) for p in scored}
        assert bool(kept) == (most == 20)
        same, _, _ = _same_event_pairs_scored_one_by_one(docs)
        assert _same_event_pairs(events.event_ids(docs)) == same


def test_the_amount_feature_of_some_rows_of_a_block_is_those_rows_of_the_pairwise_rule():
    """`_amount_matrix` for rows of a block equals `_shared_amount` of each pair (off the
    diagonal: a report against itself is never scored)."""
    from coopwatch.evidence import events

    docs = _synthetic_reports(120, seed=3)
    batch = events.EventTable.of(docs)
    members = np.arange(0, 120, 2, dtype=np.int64)
    rows = np.array([0, 3, 4, 17, 59], dtype=np.int64)
    got = events._amount_matrix(batch, members, rows)
    assert got.shape == (len(rows), len(members))
    for x, r in enumerate(rows):
        for c in range(len(members)):
            if c != r:
                want = events._shared_amount(docs[members[r]].amounts, docs[members[c]].amounts)
                assert got[x, c] == want, (r, c)
    assert {-1.0, 0.0, 1.0} <= set(np.unique(got).tolist())


@contextmanager
def _statements_sent(store):
    """The SQL texts the store's engine sends while the block runs."""
    from sqlalchemy import event

    sent = []

    def record(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def test_rows_one_of_many_values_are_found_in_one_statement_on_postgresql_and_in_lists_on_sqlite(store):
    """`_one_of` (how ingest reads the rows of a batch and of its neighbours): 1,500 wanted of
    2,000 stored, with values that are stored nowhere among them; one `= ANY(array)` statement
    on PostgreSQL, IN lists of at most 900 parameters on SQLite."""
    from coopwatch.evidence.ingest import _IN_CHUNK, _one_of
    from coopwatch.store.models import IngestError

    with store.session() as s:
        s.execute(IngestError.__table__.insert(), [{"path": f"f{k:04d}.txt", "error": "unreadable"} for k in range(2000)])
    wanted = [f"f{k:04d}.txt" for k in range(0, 2000, 4)] + [f"f{k:04d}.txt" for k in range(1, 2000, 2)] + ["absent.txt"]
    with _statements_sent(store) as statements, store.session() as s:
        found = [p for clause in _one_of(s, IngestError.path, wanted)
                 for p in s.scalars(select(IngestError.path).where(clause))]
    assert sorted(found) == sorted(set(wanted) - {"absent.txt"}) and len(found) == 1500
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    if store.dialect == "postgresql":
        assert len(selects) == 1 and "ANY" in selects[0].upper()
    else:
        assert len(selects) == -(-len(wanted) // _IN_CHUNK) == 2


def test_a_batch_writes_its_new_documents_once(store, news_dev):
    """Their events are known before they are inserted, so no row of the batch is updated after
    its INSERT (that UPDATE was a tenth of a batch); stored neighbours that join a merged event
    are moved with one statement per event id."""
    import re

    plans = bundled_plans()
    store_analysed(store, _analysed(news_dev, ["n003", "n027"], "2024-05-03"), [], plans)
    with _statements_sent(store) as statements:
        store_analysed(store, _analysed(news_dev, ["n030", "n041", "n012"], "2024-05-20"), [], plans)
    per_row = [q for q in statements if re.match(r"\s*UPDATE document SET .*WHERE document\.id = (\?|%\()", q, re.S)]
    assert per_row == []
    inserted = [q for q in statements if q.lstrip().startswith("INSERT INTO document ")]
    assert inserted and all("event" in q for q in inserted)
    events = _events(store)
    assert events["n003"] == events["n030"] == events["n041"] != events["n027"]
