"""Linking a document to the plan items it reports on (tasks and measures of every plan).

Each (document, item) pair is described by language-independent features and one multilingual
similarity, and scored by a logistic model whose coefficients were fitted on news-dev and ship
in `coopwatch/data/evidence/link_model.json` (refit with `python -m coopwatch.text.calibration`):

    score = 1 / (1 + exp(-(b + Σ w_k · x_k)))

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
* ``sim``        cosine similarity of USE vectors, document vs. the item's title + text (best of
                 the Chinese official and the English wording);
* ``sim_gap``    sim minus the document's best sim over all items (0 for the closest item);
* ``region_x_evidence`` region × max(domain, place, sim above 0.3): a region alone (weather,
                 sports, tourism in that region) is not evidence.

The item of a document is its best candidate when that score is at least `threshold` (also in
the model file), else null. Scores are probabilities on news-dev (calibrated by the logistic
fit), so 0.5 means as likely right as wrong.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "evidence" / "link_model.json"
LINK_KINDS = ("task", "measure")
FEATURES = ("region", "partner", "place", "domain", "agency", "other_west", "sim", "sim_gap",
            "region_x_evidence")
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
    texts: tuple[str, str] = ("", "")
    vectors: np.ndarray | None = field(default=None, repr=False)


@dataclass
class LinkModel:
    weights: dict
    intercept: float
    threshold: float

    def score(self, x: np.ndarray) -> np.ndarray:
        w = np.array([self.weights[f] for f in FEATURES], dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-(x @ w + self.intercept)))


@lru_cache(maxsize=1)
def link_model() -> LinkModel:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return LinkModel(dict(data["weights"]), float(data["intercept"]), float(data["threshold"]))


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
    from coopwatch.text.embeddings import embed
    from coopwatch.text.facts import named_facts

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
            profiles.append(ItemProfile(
                key=plan.key(item), plan_id=plan.id, short_ref=item.short_ref, kind=item.kind,
                regions=frozenset(str(r) for r in item.regions or []),
                partners=frozenset(str(r) for r in item.partners or []) - frozenset(str(r) for r in item.regions or []),
                places=frozenset(places),
                domains=frozenset(item.domains or []) | frozenset(found.domains),
                agencies=frozenset(item.agencies or []) | frozenset(found.agencies),
                texts=(zh, en)))
    vectors = embed([t for p in profiles for t in p.texts])
    for i, p in enumerate(profiles):
        p.vectors = vectors[2 * i:2 * i + 2]
    return profiles


# --- features and scores ---------------------------------------------------------------------

def pair_features(facts: dict, vector: np.ndarray, profiles: list[ItemProfile]) -> np.ndarray:
    """The feature matrix (items × FEATURES) of one document against every item."""
    regions = set(facts.get("regions", []))
    places = set(facts.get("place_keys", []))
    domains = set(facts.get("domains", []))
    agencies = set(facts.get("agencies", []))
    west_named = regions & _west_provinces()
    x = np.zeros((len(profiles), len(FEATURES)), dtype=np.float64)
    if len(profiles) == 0:
        return x
    sims = np.max(np.stack([p.vectors for p in profiles]) @ vector, axis=1) if vector is not None and np.any(vector) \
        else np.zeros(len(profiles))
    best = float(sims.max())
    for i, p in enumerate(profiles):
        region = 1.0 if p.regions & regions else 0.0
        partner = 1.0 if p.partners & regions else 0.0
        place = 1.0 if p.places & places else 0.0
        domain = min(len(p.domains & domains), 2) / 2
        agency = 1.0 if p.agencies & agencies else 0.0
        other_west = 1.0 if (west_named and not region) else 0.0
        sim = float(sims[i])
        x[i] = (region, partner, place, domain, agency, other_west, sim, sim - best,
                region * max(domain, place, max(0.0, sim - 0.3) * 5))
    return x


def rank_items(facts: dict, vector: np.ndarray, profiles: list[ItemProfile], model: LinkModel | None = None,
               top: int = TOP) -> dict:
    """{"item", "score", "candidates"} of one document, as in the link contract."""
    model = model or link_model()
    if not profiles:
        return {"item": None, "score": 0.0, "candidates": []}
    scores = model.score(pair_features(facts, vector, profiles))
    order = sorted(range(len(profiles)), key=lambda i: (-scores[i], profiles[i].key))[:top]
    candidates = [{"item": profiles[i].key, "score": round(float(scores[i]), 4)} for i in order]
    best = candidates[0]
    if best["score"] >= model.threshold:
        return {"item": best["item"], "score": best["score"], "candidates": candidates}
    # no item: the score says how sure we are that none fits
    return {"item": None, "score": round(1.0 - best["score"], 4), "candidates": candidates}
