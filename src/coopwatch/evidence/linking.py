"""Linking a document to the plan items it reports on (tasks and measures of every plan).

Each (document, item) pair is described by language-independent features and one multilingual
similarity, and scored by a conditional logit model whose coefficients were fitted on news-dev and ship
in `coopwatch/data/evidence/link_model.json` (refit with `python -m coopwatch.evidence.calibration`):

    z_i = b + Σ_k w_k · x_ik          P(item i) = exp(z_i) / (1 + Σ_j exp(z_j))

x (all in 0..1 except the similarities):

* ``region``     the item's own region(s) (the western province of its programme; Chengdu and
                 Chongqing for a Western Science City measure) are named in the document;
* ``partner``    a partner province of the item is named (besides its own region);
* ``place``      a place of the item (prefecture, county, zone or landform; a county counts for
                 its prefecture) is named;
* ``domain``     share of shared domains, min(|D_doc ∩ D_item|, 2) / 2;
* ``agency``     an agency of the item is named;
* ``other_west`` the document names a western province and none of the item's own regions:
                 it is about another western region's programme;
* ``sim``        cosine similarity of USE vectors: the document against each sentence of the
                 item (title and text, the Chinese official and the English wording), the best
                 sentence counting — news reports one action of a task, not the whole task;
* ``sim_gap``    sim minus the best sim among the items whose region the document names (among
                 all items when it names none): 0 for the closest of the plausible items;
* ``region_x_evidence`` region × max(domain, min(1, 5·(sim − 0.3))): a region alone (weather,
                 sports, tourism in that region) is not evidence.
* ``science``    the document speaks of science, technology, research or its implementation
                 (a laboratory, a pilot base, experts, patents: `framing`), the same for every
                 item: it moves the choice between "some item" and "no item";
* ``market``     the document is framed as a market event (tourism, prices, trade and exports,
                 shares, company results): min(number of such words, 2) / 2. A western region
                 and one product word of a task (wine, yak, cotton, lithium) in a tourism,
                 price or share-price story are not a report on that task.

The model is a conditional logit (see `LinkModel`): a document's items compete with each other
and with "no item", so the scores of one document are probabilities that sum to at most 1 and
the item is null when "no item" is the most probable choice.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "evidence" / "link_model.json"
LINK_KINDS = ("task", "measure")
FEATURES = ("region", "partner", "place", "domain", "agency", "other_west", "sim", "sim_gap",
            "region_x_evidence", "science", "market")
FRAMING_FILE = Path(__file__).resolve().parent.parent / "data" / "evidence" / "framing.yaml"
TOP = 5


@dataclass
class ItemProfile:
    """What a plan item is compared on; made once per process for each task and measure."""

    key: str
    plan_id: str
    short_ref: str
    kind: str
    regions: frozenset
    partners: frozenset
    places: frozenset
    domains: frozenset
    agencies: frozenset
    texts: tuple[str, ...] = ()  # title and sentences, zh then en
    vectors: np.ndarray | None = field(default=None, repr=False)


@dataclass
class LinkModel:
    """A conditional logit over the items of a plan set plus "no item".

    Each item i of a document has the utility z_i = b + w·x_i, "no item" has utility 0, and
    P(i) = exp(z_i) / (1 + Σ_j exp(z_j)). The scores are these probabilities: the chance that
    the document reports on item i, and 1 − Σ P(i) that it reports on none. Fitted by maximum
    likelihood with an L2 penalty (`calibration.fit_link`)."""

    weights: dict
    intercept: float

    def logit(self, x: np.ndarray) -> np.ndarray:
        w = np.array([self.weights.get(f, 0.0) for f in FEATURES], dtype=np.float64)
        return x @ w + self.intercept

    def probabilities(self, x: np.ndarray) -> tuple[np.ndarray, float]:
        """(P(item) for each row of x, P(no item))."""
        z = self.logit(x)
        top = max(0.0, float(z.max())) if len(z) else 0.0
        e = np.exp(z - top)
        none = math.exp(-top)
        total = none + float(e.sum())
        return e / total, none / total


@lru_cache(maxsize=1)
def link_model() -> LinkModel:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return LinkModel(dict(data["weights"]), float(data["intercept"]))


@lru_cache(maxsize=1)
def _framing_patterns() -> dict:
    import yaml

    data = yaml.safe_load(FRAMING_FILE.read_text(encoding="utf-8"))
    out = {}
    for kind, by_lang in data.items():
        zh = [w for w in by_lang.get("zh", [])]
        west = sorted({w for lang, words in by_lang.items() if lang != "zh" for w in words}, key=len, reverse=True)
        start = "" if kind == "market" else r"(?<![^\W\d_])"  # market stems also inside compounds
        alternatives = [re.escape(w) for w in zh] + [start + "(?:" + "|".join(re.escape(w) for w in west) + ")"]
        out[kind] = re.compile("|".join(alternatives), re.IGNORECASE)
    return out


def framing(text: str) -> dict:
    """{"science": 0|1, "market": 0..1} of a document (see the module docstring): word stems of
    `data/evidence/framing.yaml`, in simplified and traditional Chinese, English, French, German."""
    from coopwatch.text.variants import fold_traditional

    t = fold_traditional(text or "")
    pats = _framing_patterns()
    science = 1.0 if pats["science"].search(t) else 0.0
    market = min(len(pats["market"].findall(t)), 2) / 2
    return {"science": science, "market": market}


# --- items -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _west_provinces() -> frozenset:
    """Province codes of the western macro-region, from the gazetteer."""
    from coopwatch.reference import gazetteer

    gaz = gazetteer()
    # GB/T 2260 province codes are NN0000 for NN in 11..82; the gazetteer says which exist.
    infos = (gaz.get(f"{n}0000") for n in range(11, 83))
    return frozenset(i.code for i in infos if i is not None and getattr(i, "macro_region", None) == "west")


def item_profiles(plans) -> list[ItemProfile]:
    """Profiles of every task and measure of the plans, with their vectors (cached per process
    on the plans' identity and items)."""
    signature = tuple((p.id, p.version, tuple((it.short_ref, it.kind, (it.text or {}).get("zh", "")[:40])
                                            for it in p.walk())) for p in plans)
    return _profiles_cached(signature, _PlansBox(plans))


class _PlansBox:
    """Carries the plans into the cache without making them part of its key."""

    def __init__(self, plans):
        self.plans = plans

    def __hash__(self):
        return 0

    def __eq__(self, other):
        return isinstance(other, _PlansBox)


@lru_cache(maxsize=4)
def _profiles_cached(signature, box) -> list[ItemProfile]:
    from coopwatch.evidence.embeddings import embed_cached
    from coopwatch.evidence.facts import named_facts

    profiles = []
    for plan in box.plans:
        for item in plan.walk():
            if item.kind not in LINK_KINDS:
                continue
            zh = " ".join(x for x in ((item.title or {}).get("zh"), (item.text or {}).get("zh")) if x)
            en = " ".join(x for x in ((item.title or {}).get("en"), (item.text or {}).get("en")) if x)
            found = named_facts(zh + "\n" + en)
            places = set(found.place_keys)
            for p in item.places or []:
                if isinstance(p, dict):
                    if p.get("code"):
                        places.add(str(p["code"]))
                    elif p.get("name"):
                        places.update(named_facts(str(p["name"])).place_keys)
            sentences = item_sentences(item)
            profiles.append(ItemProfile(
                key=plan.key(item), plan_id=plan.id, short_ref=item.short_ref, kind=item.kind,
                regions=frozenset(str(r) for r in item.regions or []),
                partners=frozenset(str(r) for r in item.partners or []) - frozenset(str(r) for r in item.regions or []),
                places=frozenset(places),
                domains=frozenset(item.domains or []) | frozenset(found.domains),
                agencies=frozenset(item.agencies or []) | frozenset(found.agencies),
                texts=tuple(sentences)))
    vectors = embed_cached([t for p in profiles for t in p.texts])
    start = 0
    for p in profiles:
        p.vectors = vectors[start:start + len(p.texts)]
        start += len(p.texts)
    return profiles


def item_sentences(item) -> list[str]:
    """The item's titles and the sentences of its texts (zh split on 。；, en on . ;)."""
    out = []
    for lang, pattern, shortest in (("zh", r"(?<=[。；;！？])", 5), ("en", r"(?<=[.;!?])\s+", 12)):
        title = (item.title or {}).get(lang)
        if title:
            out.append(title)
        for sentence in re.split(pattern, (item.text or {}).get(lang) or ""):
            if len(sentence.strip()) >= shortest:
                out.append(sentence.strip())
    return out


# --- features and scores ---------------------------------------------------------------------

_MATRICES: dict[int, tuple] = {}


def _sentence_matrix(profiles: list[ItemProfile]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All items' sentence vectors stacked, each item's first row, and the items without any
    (kept per profiles list: one product per document instead of one per item)."""
    key = id(profiles)
    cached = _MATRICES.get(key)
    if cached is None or cached[0] is not profiles:
        blocks = [p.vectors if p.vectors is not None and len(p.vectors) else np.zeros((1, 512), np.float32)
                  for p in profiles]
        starts = np.cumsum([0] + [len(b) for b in blocks[:-1]])
        empty = np.array([p.vectors is None or len(p.vectors) == 0 for p in profiles])
        cached = (profiles, (np.vstack(blocks), starts, empty))
        _MATRICES[key] = cached
    return cached[1]


def pair_features(facts: dict, vector: np.ndarray, profiles: list[ItemProfile]) -> np.ndarray:
    """The feature matrix (items × FEATURES) of one document against every item."""
    regions = set(facts.get("regions", []))
    places = set(facts.get("place_keys", []))
    domains = set(facts.get("domains", []))
    agencies = set(facts.get("agencies", []))
    west_named = regions & _west_provinces()
    frame = facts.get("framing") or {}
    science, market = float(frame.get("science", 0.0)), float(frame.get("market", 0.0))
    x = np.zeros((len(profiles), len(FEATURES)), dtype=np.float64)
    if len(profiles) == 0:
        return x
    sims = np.zeros(len(profiles))
    if vector is not None and np.any(vector):
        matrix, starts, empty = _sentence_matrix(profiles)
        # einsum, not BLAS: the same sums in every process whatever its BLAS threads, so a Dask
        # run gives the very scores of a one-process run
        sims = np.maximum.reduceat(np.einsum("ij,j->i", matrix, vector), starts).astype(np.float64)
        sims[empty] = 0.0
    plausible = [i for i, p in enumerate(profiles) if p.regions & regions] or range(len(profiles))
    best = max(float(sims[i]) for i in plausible)
    for i, p in enumerate(profiles):
        region = 1.0 if p.regions & regions else 0.0
        partner = 1.0 if p.partners & regions else 0.0
        place = 1.0 if p.places & places else 0.0
        domain = min(len(p.domains & domains), 2) / 2
        agency = 1.0 if p.agencies & agencies else 0.0
        other_west = 1.0 if (west_named and not region) else 0.0
        sim = float(sims[i])
        x[i] = (region, partner, place, domain, agency, other_west, sim, sim - best,
                region * max(domain, min(1.0, max(0.0, sim - 0.3) * 5)), science, market)
    return x


def rank_items(facts: dict, vector: np.ndarray, profiles: list[ItemProfile], model: LinkModel | None = None,
               top: int = TOP) -> dict:
    """{"item", "score", "candidates"} of one document, as in the link contract: the item is the
    most probable of the items and "no item"; its score is that probability."""
    model = model or link_model()
    if not profiles:
        return {"item": None, "score": 1.0, "candidates": []}
    p_items, p_none = model.probabilities(pair_features(facts, vector, profiles))
    order = sorted(range(len(profiles)), key=lambda i: (-p_items[i], profiles[i].key))[:top]
    candidates = [{"item": profiles[i].key, "score": round(float(p_items[i]), 4)} for i in order]
    if p_items[order[0]] > p_none:
        return {"item": candidates[0]["item"], "score": candidates[0]["score"], "candidates": candidates}
    return {"item": None, "score": round(p_none, 4), "candidates": candidates}
