"""Reports of the same event, in any language and from any outlet, share an event id.

Method. Candidate pairs come from blocks (documents sharing a money amount, or the same linked
item and region set, or the same region set), never from all pairs, so the cost grows with the
block sizes, not with n². Each candidate pair is scored by a logistic model fitted on news-dev
(coefficients in `coopwatch/data/evidence/event_model.json`):

* ``sim``      cosine of the documents' USE vectors (multilingual);
* ``amount``   +1 when they state a common money amount (within 0.5 %), −1 when both state
               amounts and none is common, 0 otherwise;
* ``regions``  Jaccard overlap of their province sets;
* ``item``     +1 when both are linked to the same item, −1 to different items, 0 otherwise;
* ``domains``  Jaccard overlap of their domain sets;
* ``far``      1 when both have publication dates more than `WINDOW_DAYS` apart.

Pairs scoring at least the model's threshold are joined (union-find); every cluster, including
a lone document, gets the id ``ev-`` + the first 12 hex digits of SHA-1 of the content hash of
its earliest member (earliest publication date, then smallest content hash), so the id does not
depend on file order or on how the work was split between processes.
"""

from __future__ import annotations

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
MAX_BLOCK = 400


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


def _days_apart(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    import datetime as dt

    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def pair_features(a: EventInput, b: EventInput) -> np.ndarray:
    sim = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else 0.0
    if a.item and b.item:
        item = 1.0 if a.item == b.item else -1.0
    else:
        item = 0.0
    days = _days_apart(a.published, b.published)
    far = 1.0 if days is not None and days > WINDOW_DAYS else 0.0
    return np.array([sim, _shared_amount(a.amounts, b.amounts), _jaccard(a.regions, b.regions), item,
                     _jaccard(a.domains, b.domains), far])


def candidate_pairs(docs: list[EventInput]) -> set[tuple[int, int]]:
    """Pairs of indices that share a block; big blocks are cut into MAX_BLOCK slices."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for value in d.amounts:
            blocks[("amount", round(float(value), -max(0, len(str(int(value))) - 3)))].append(i)
        regions = tuple(sorted(d.regions))
        if d.item:
            blocks[("item", d.item, regions)].append(i)
        if regions:
            blocks[("regions", regions)].append(i)
    pairs = set()
    for members in blocks.values():
        for start in range(0, len(members), MAX_BLOCK):
            part = members[start:start + MAX_BLOCK]
            for x in range(len(part)):
                for y in range(x + 1, len(part)):
                    pairs.add((part[x], part[y]) if part[x] < part[y] else (part[y], part[x]))
    return pairs


def _scores(docs: list[EventInput], pairs: list[tuple[int, int]], model: EventModel) -> np.ndarray:
    if not pairs:
        return np.zeros(0)
    x = np.stack([pair_features(docs[i], docs[j]) for i, j in pairs])
    return model.score(x)


def event_ids(docs: list[EventInput], model: EventModel | None = None) -> list[str]:
    """One event id per document (see the module's docstring)."""
    model = model or event_model()
    parent = list(range(len(docs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted(candidate_pairs(docs))
    for (i, j), s in zip(pairs, _scores(docs, pairs, model)):
        if s >= model.threshold:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(docs)):
        clusters[find(i)].append(i)
    ids = [""] * len(docs)
    for members in clusters.values():
        first = min(members, key=lambda i: (docs[i].published or "9999", docs[i].content_hash))
        eid = "ev-" + hashlib.sha1(docs[first].content_hash.encode("ascii")).hexdigest()[:12]
        for i in members:
            ids[i] = eid
    return ids
