"""Reports of the same event, in any language and from any outlet, share an event id.

Method. Candidate pairs come from blocks (documents sharing a money amount, or the same linked
item and region set, or the same region set), never from all pairs, so the cost grows with the
block sizes, not with n²; a block's pairs are scored at once, as matrices. Each pair is scored
by a logistic model fitted on news-dev (coefficients in
`coopwatch/data/evidence/event_model.json`, refit with `python -m coopwatch.evidence.calibration`):

* ``sim``      cosine of the documents' USE vectors (multilingual);
* ``amount``   +1 when they state a common money amount (within 0.5 %), −1 when both state
               amounts and none is common, 0 otherwise;
* ``regions``  Jaccard overlap of their province sets;
* ``item``     +1 when both are linked to the same item, −1 to different items or when only
               one of them is linked to an item (a report on a plan task and a report on none
               are not one event, even with the same sum in the same province), 0 when neither is;
* ``domains``  Jaccard overlap of their domain sets;
* ``far``      1 when both have publication dates more than `WINDOW_DAYS` apart (a fixed veto,
               not fitted: news-dev has no dates).

Pairs scoring at least the model's threshold are joined (the connected components of the graph
of those pairs); every cluster, including a lone document, gets the id ``ev-`` + the first 12 hex digits of SHA-1 of the content hash of
its earliest member (earliest publication date, then smallest content hash), so the id does not
depend on file order or on how the work was split between processes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "evidence" / "event_model.json"
FEATURES = ("sim", "amount", "regions", "item", "domains", "far")
WINDOW_DAYS = 30
MAX_BLOCK = 1000
DIM = 512


@dataclass
class EventInput:
    """What event grouping needs to know of a document."""

    content_hash: str
    vector: np.ndarray
    regions: frozenset
    domains: frozenset
    amounts: tuple
    item: str | None
    published: str | None = None  # ISO date


@dataclass
class EventModel:
    weights: dict
    intercept: float
    threshold: float

    def score(self, x: np.ndarray) -> np.ndarray:
        w = np.array([self.weights[f] for f in FEATURES], dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-(x @ w + self.intercept)))


@lru_cache(maxsize=1)
def event_model() -> EventModel:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return EventModel(dict(data["weights"]), float(data["intercept"]), float(data["threshold"]))


# --- one pair ---------------------------------------------------------------------------------

def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _shared_amount(a: tuple, b: tuple) -> float:
    if not a or not b:
        return 0.0
    for x in a:
        for y in b:
            if abs(x - y) <= 0.005 * max(abs(x), abs(y)):
                return 1.0
    return -1.0


def _ordinal(date: str | None) -> int | None:
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def pair_features(a: EventInput, b: EventInput) -> np.ndarray:
    """The features of one pair (the reference form of `_block_scores`)."""
    sim = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else 0.0
    item = (1.0 if a.item == b.item else -1.0) if (a.item or b.item) else 0.0
    da, db = _ordinal(a.published), _ordinal(b.published)
    far = 1.0 if da is not None and db is not None and abs(da - db) > WINDOW_DAYS else 0.0
    return np.array([sim, _shared_amount(a.amounts, b.amounts), _jaccard(a.regions, b.regions), item,
                     _jaccard(a.domains, b.domains), far])


# --- blocks -----------------------------------------------------------------------------------

def amount_key(value: float) -> float:
    """Amounts equal to three significant digits share a block."""
    value = float(value)
    if value <= 0:
        return 0.0
    return round(value, -max(0, len(str(int(value))) - 3))


def _keyed_members(docs: EventTable | list[EventInput]) -> dict[tuple, list[int]]:
    """Document indices by block key, in document order: ("amount", key), ("item", item,
    regions), ("regions", regions)."""
    table = EventTable.of(docs)
    keyed: dict[tuple, list[int]] = defaultdict(list)
    sorted_regions = functools.cache(lambda regions: tuple(sorted(regions)))  # a few dozen distinct sets
    for i, (amounts, regions, item) in enumerate(zip(table.amounts, table.regions, table.items)):
        for value in sorted({amount_key(v) for v in amounts}):
            keyed[("amount", value)].append(i)
        regions = sorted_regions(regions)
        if item:
            keyed[("item", item, regions)].append(i)
        if regions:
            keyed[("regions", regions)].append(i)
    return dict(keyed)  # a plain dict: a look-up of a missing key must not add it


def _slices(members: list[int]) -> list[list[int]]:
    parts = (members[start:start + MAX_BLOCK] for start in range(0, len(members), MAX_BLOCK))
    return [part for part in parts if len(part) > 1]


def blocks(docs: EventTable | list[EventInput]) -> list[list[int]]:
    """Groups of document indices that may hold reports of one event; blocks larger than
    MAX_BLOCK are cut into slices in document order."""
    return [part for members in _keyed_members(docs).values() for part in _slices(members)]


def scored_blocks(docs: EventTable | list[EventInput]) -> list[list[int]]:
    """The blocks `event_ids` scores: their pairs are exactly the pairs of `blocks`, with fewer
    blocks. An item's block within one region set lies inside the block of that region set, so
    it is left out when that block is one slice; a block met twice (all reports of a region
    set linked to one item) is scored once. Scores are of pairs, not of blocks, so the events
    are the same."""
    keyed = _keyed_members(docs)
    out, seen = [], set()
    for key, members in keyed.items():
        if key[0] == "item" and key[2] and len(keyed[("regions", key[2])]) <= MAX_BLOCK:
            continue
        for part in _slices(members):
            if (token := tuple(part)) not in seen:
                seen.add(token)
                out.append(part)
    return out


def candidate_pairs(docs: EventTable | list[EventInput]) -> set[tuple[int, int]]:
    """Pairs of indices that share a block."""
    pairs = set()
    for part in blocks(docs):
        for x in range(len(part)):
            for y in range(x + 1, len(part)):
                a, b = part[x], part[y]
                pairs.add((a, b) if a < b else (b, a))
    return pairs


class EventTable:
    """What `event_ids` reads of its documents, by column, and the arrays its blocks read of
    them (vectors, item codes, days, region and domain sets as 0/1 matrices, the amounts as one
    flat array), made once for all blocks. A batch's documents come as `EventInput`s
    (`EventTable.of`); ingest makes its stored neighbours' table straight from their columns
    (`EventTable(...)`), with no object per document: a full date window is about 12,500
    neighbours a batch, and an object and an array each took about 0.1 s of a 0.7 s batch."""

    def __init__(self, content_hash: list[str], vectors: np.ndarray, regions: list[frozenset],
                 domains: list[frozenset], amounts: list[tuple], items: list[str | None],
                 published: list[str | None]):
        self.content_hash, self.regions, self.domains = content_hash, regions, domains
        self.amounts, self.items, self.published = amounts, items, published
        self.vectors = np.asarray(vectors, dtype=np.float32).reshape(len(content_hash), DIM)

    @classmethod
    def of(cls, docs: EventTable | list[EventInput]) -> EventTable:
        if isinstance(docs, EventTable):
            return docs
        vectors = np.zeros((len(docs), DIM), dtype=np.float32)  # a document without a vector: zeros
        for i, d in enumerate(docs):
            if d.vector is not None:
                vectors[i] = d.vector
        return cls([d.content_hash for d in docs], vectors, [d.regions for d in docs], [d.domains for d in docs],
                   [d.amounts for d in docs], [d.item for d in docs], [d.published for d in docs])

    def __len__(self) -> int:
        return len(self.content_hash)

    def __add__(self, other: EventTable) -> EventTable:
        """The documents of both, these first."""
        return EventTable(self.content_hash + other.content_hash, np.concatenate([self.vectors, other.vectors]),
                          self.regions + other.regions, self.domains + other.domains,
                          self.amounts + other.amounts, self.items + other.items, self.published + other.published)

    # the arrays the blocks read, each made on first use, once for all blocks
    @functools.cached_property
    def item_codes(self) -> np.ndarray:
        codes: dict = {}
        return np.array([codes.setdefault(i, len(codes)) if i else -1 for i in self.items], dtype=np.int64)

    @functools.cached_property
    def days(self) -> np.ndarray:
        ordinal = functools.cache(_ordinal)  # a batch and its window span a few dozen days
        return np.array([ordinal(p) if p else np.nan for p in self.published], dtype=np.float64)

    @functools.cached_property
    def region_matrix(self) -> np.ndarray:
        return _indicator(self.regions)

    @functools.cached_property
    def domain_matrix(self) -> np.ndarray:
        return _indicator(self.domains)

    @functools.cached_property
    def amount_count(self) -> np.ndarray:
        return np.array([len(a) for a in self.amounts], dtype=np.int64)

    @functools.cached_property
    def amount_start(self) -> np.ndarray:
        return np.cumsum(self.amount_count) - self.amount_count

    @functools.cached_property
    def amount_values(self) -> np.ndarray:
        return np.array([abs(float(v)) for a in self.amounts for v in a], dtype=np.float64)


def _indicator(sets: list[frozenset]) -> np.ndarray:
    """Rows of 0/1: which of the batch's elements each set holds. Thousands of documents share
    a few dozen distinct sets, so each distinct set is made into a row once."""
    distinct: dict[frozenset, int] = {}
    row_of = np.array([distinct.setdefault(s, len(distinct)) for s in sets], dtype=np.int64)
    universe: dict = {}
    for s in distinct:
        for x in s:
            universe.setdefault(x, len(universe))
    M = np.zeros((len(distinct), len(universe)))
    for r, s in enumerate(distinct):
        for x in s:
            M[r, universe[x]] = 1.0
    return M[row_of]


def _set_jaccard(M: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Jaccard overlaps of the sets of rows r of indicator rows M against all of them (0 for two
    empty sets). The counts are small whole numbers, exact in float64 whatever the order of sums."""
    inter = M[r] @ M.T
    size = M.sum(axis=1)
    union = size[r, None] + size[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def _amount_matrix(batch: EventTable, members: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The `amount` feature of the pairs of a block's members at positions `rows` against all
    its members (as `_shared_amount`, in numpy): −1 where both state amounts, +1 where some
    amount of one is within 0.5 % of some amount of the other. The amounts are sorted, so the
    close pairs are found in one pass, not by trying all pairs."""
    m = len(members)
    counts = batch.amount_count[members]
    has = counts > 0
    amount = np.zeros((len(rows), m))
    amount[has[rows, None] & has[None, :]] = -1.0
    total = int(counts.sum())
    if total < 2:
        return amount
    owners = np.repeat(np.arange(m, dtype=np.int64), counts)
    at = np.repeat(batch.amount_start[members], counts) + (np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts))
    values = batch.amount_values[at]
    order = np.argsort(values, kind="stable")
    owners, values = owners[order], values[order]
    # y >= x is within 0.5 % of x when y <= x / 0.995; the bound is widened a hair and checked exactly
    hi = np.searchsorted(values, values / 0.995 * (1 + 1e-9), side="right")
    counts = hi - np.arange(len(values)) - 1
    i = np.repeat(np.arange(len(values)), counts)
    j = i + 1 + (np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts))
    close = np.abs(values[i] - values[j]) <= 0.005 * np.maximum(values[i], values[j])
    a, b = owners[i[close]], owners[j[close]]
    other = a != b
    a, b = a[other], b[other]
    row_of = np.full(m, -1, dtype=np.int64)  # a member's line in the result, -1 if not asked for
    row_of[rows] = np.arange(len(rows))
    for x, y in ((a, b), (b, a)):
        asked = row_of[x] >= 0
        amount[row_of[x[asked]], y[asked]] = 1.0
    return amount


ROWS_AT_ONCE = 64  # rows of a block's pair features made at once: they stay in the cache


def _block_scores(docs: EventTable | list[EventInput], part: list[int], model: EventModel,
                  rows: list[int] | None = None) -> np.ndarray:
    """Scores of the pairs of one block, as a matrix: of every member (rows) against every
    member (columns), or only of the members at positions `rows` of `part` against all.

    The similarities are one matrix product over the block; the other features and the logistic
    are then made `ROWS_AT_ONCE` rows at a time. Each element is the same arithmetic, in the same
    order, whatever the rows taken at once, so the scores are the same to the last bit."""
    batch = EventTable.of(docs)
    members = np.asarray(part, dtype=np.int64)
    r = np.arange(len(members)) if rows is None else np.asarray(rows, dtype=np.int64)
    V = batch.vectors[members].astype(np.float64)
    sim = V[r] @ V.T
    amount = _amount_matrix(batch, members, r)
    ids = batch.item_codes[members]
    linked = ids >= 0
    days = batch.days[members]
    regions, domains = batch.region_matrix[members], batch.domain_matrix[members]
    out = np.empty_like(sim)
    for lo in range(0, len(r), ROWS_AT_ONCE):
        rr = r[lo:lo + ROWS_AT_ONCE]
        item = np.where(ids[rr, None] == ids[None, :], 1.0, -1.0) * (linked[rr, None] | linked[None, :])
        with np.errstate(invalid="ignore"):
            far = (np.abs(days[rr, None] - days[None, :]) > WINDOW_DAYS).astype(np.float64)
        feats = {"sim": sim[lo:lo + ROWS_AT_ONCE], "amount": amount[lo:lo + ROWS_AT_ONCE], "regions": _set_jaccard(regions, rr),
                 "item": item, "domains": _set_jaccard(domains, rr), "far": far}
        z = model.intercept + sum(model.weights[f] * feats[f] for f in FEATURES)
        out[lo:lo + ROWS_AT_ONCE] = 1.0 / (1.0 + np.exp(-z))
    return out


def _joined(part: np.ndarray, rows: np.ndarray, joined: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edges with the connected components of a block's joined pairs (`joined`: rows × members):
    each member to the first member of its component. A block of reports of one event joins
    nearly all its pairs; this hands on at most one edge per member instead of every pair.
    Components by breadth-first search on the dense matrix: each row is read once."""
    m = len(part)
    square = np.zeros((m, m), dtype=bool)
    square[rows] = joined
    np.fill_diagonal(square, False)
    square |= square.T
    root = np.arange(m)
    linked = square.any(axis=1)
    seen = ~linked  # a member joined to no other is its own component
    for u in np.flatnonzero(linked).tolist():
        if seen[u]:
            continue
        seen[u] = True
        component, frontier = [u], np.array([u])
        while len(frontier):
            reach = square[frontier].any(axis=0) & ~seen
            frontier = np.flatnonzero(reach)
            seen[frontier] = True
            component.append(frontier)
        root[np.concatenate([np.atleast_1d(c) for c in component])] = u
    keep = root != np.arange(m)
    return part[keep], part[root[keep]]


def _event_id(content_hash: str) -> str:
    return "ev-" + hashlib.sha1(content_hash.encode("ascii")).hexdigest()[:12]


def _earliest(table: EventTable, members) -> int:
    return min(members, key=lambda i: (table.published[i] or "9999", table.content_hash[i]))


def event_ids(docs: EventTable | list[EventInput], model: EventModel | None = None, *,
              stored: list[str | None] | None = None, new: int | None = None) -> list[str]:
    """One event id per document (see the module's docstring).

    Against a store, the first `new` documents are a batch and the others its stored
    neighbours; `stored` holds each document's stored event id (None if it has none). Stored
    documents of one stored event start as one cluster, and only the pairs that involve a batch
    document are scored: pairs of stored documents were decided when they were stored, so a
    batch costs the same however many reports of an event are stored, and an event only ever
    grows or merges. A merged cluster keeps the id of its earliest stored event (by its earliest
    member here) unless a batch document is earlier still; a batch of documents against an empty
    store gets exactly the ids of `event_ids(docs)`."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    model = model or event_model()
    n = len(docs)
    if not n:
        return []
    new = n if new is None else new
    stored = stored or [None] * n
    # edges of the graph whose connected components are the events: each stored document to the
    # first of its stored event, and every scored pair at or above the threshold
    first_of: dict[str, int] = {}
    seeded = [(first_of.setdefault(eid, i), i) for i, eid in enumerate(stored) if eid]
    heads = [np.array([a for a, _ in seeded], dtype=np.int64)]
    tails = [np.array([b for _, b in seeded], dtype=np.int64)]
    fresh = np.array([i < new or not stored[i] for i in range(n)], dtype=bool)  # whose pairs are to be scored
    batch = EventTable.of(docs)
    for part in scored_blocks(batch):
        members = np.asarray(part, dtype=np.int64)
        rows = np.flatnonzero(fresh[members])
        if not len(rows):
            continue
        a, b = _joined(members, rows, _block_scores(batch, part, model, rows.tolist()) >= model.threshold)
        heads.append(a)
        tails.append(b)
    a, b = np.concatenate(heads), np.concatenate(tails)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        clusters[label].append(i)
    ids = [""] * n
    for members in clusters.values():
        first = _earliest(batch, members)
        eid = stored[first] or _event_id(batch.content_hash[first])
        for i in members:
            ids[i] = eid
    return ids
