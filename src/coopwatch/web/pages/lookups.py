"""The library results several pages show, each fetched once per data version
(`web.cache`): plans, target assessments, scorecards with rank intervals, the evidence of
each plan, the China index and its re-runs, the review queue. Nothing here computes; it only
calls the library and keeps the answer.

The library modules are imported when the app is made, not at a page's first request."""

from __future__ import annotations

import datetime as dt

from fastapi import Request

from coopwatch.charts.network import pairing_edges as edges
from coopwatch.charts.target import target_figure
from coopwatch.charts.tilemap import TILES
from coopwatch.errors import NotFound
from coopwatch.evaluate.china import build_china_index
from coopwatch.evaluate.index import compare
from coopwatch.evaluate.scorecard import build_scorecard
from coopwatch.evidence.counting import plan_evidence
from coopwatch.evidence.review import list_evidence
from coopwatch.indicators.attainment import evaluate_targets
from coopwatch.indicators.checks import check_observations
from coopwatch.indicators.observations import ObservationSet
from coopwatch.plans import ItemRef, resolve_ref
from coopwatch.plans.registry import current_plans
from coopwatch.records.batches import list_batches
from coopwatch.records.updates import review_queue as updates_to_review
from coopwatch.web.pages.common import cached, store_of

SCORECARD_RUNS = 200  # uncertainty runs behind a scorecard's rank intervals
INDEX_RUNS = 200  # ... and behind the China index's


def plans(request: Request):
    return cached(request, ("plans",), lambda: current_plans(store_of(request)))


def plan(request: Request, plan_id: str):
    for p in plans(request):
        if p.id == plan_id:
            return p
    raise NotFound(f"no plan {plan_id!r}")


def item_labels(request: Request, lang: str) -> dict[str, str]:
    """"plan:ref" → the item's title in the language, for every item of the current plans."""
    return cached(request, ("item-labels", lang),
                  lambda: {p.key(it): it.label(lang) for p in plans(request) for it in p.walk()})


def find_item(request: Request, ref: str):
    """(plan, item) of a reference such as eastwest-14fyp:3.2."""
    found = resolve_ref(ref, plans(request))
    p = plan(request, found.plan)
    return p, p.item(found.item)


def targets(request: Request, regions: tuple[str, ...] | None = None):
    """Every target judged for its own region, or for each of `regions`."""
    return cached(request, ("targets", regions),
                  lambda: evaluate_targets(store_of(request), regions=list(regions) if regions else None))


def scorecard(request: Request, plan_id: str) -> dict:
    return cached(request, ("scorecard", plan_id),
                  lambda: build_scorecard(store_of(request), plan_id, uncertainty=SCORECARD_RUNS))


def scorecard_entry(request: Request, key: str) -> dict | None:
    card = scorecard(request, ItemRef.parse(key).plan)
    return next((e for e in card["items"] if e["item"] == key), None)


def evidence(request: Request, plan_id: str):
    """The plan's evidence by short ref as of today (`evidence.counting.plan_evidence`)."""
    p = plan(request, plan_id)
    return cached(request, ("evidence", plan_id),
                  lambda: plan_evidence(store_of(request), p, dt.date.today())[0])


def pairing_edges(request: Request):
    return cached(request, ("edges",), lambda: edges(store_of(request), plans(request), dt.date.today()))


def observations(request: Request):
    return cached(request, ("observations",), lambda: ObservationSet.load(store_of(request)))


def checks(request: Request):
    return cached(request, ("checks",), lambda: check_observations(store_of(request)))


def china_index(request: Request):
    """The China index of the latest complete year, its rank intervals and the sensitivity of
    its uncertain choices (one Monte Carlo design for both)."""
    def build():
        return build_china_index(store_of(request), None, runs=INDEX_RUNS, sensitivity=True)  # the latest complete year

    return cached(request, ("china",), build)


def china_table(request: Request):
    """`ChinaIndex.table()`: the provinces best first with score, rank and rank interval."""
    return cached(request, ("china-table",), lambda: china_index(request).table())


def china_sensitivity(request: Request) -> list[dict]:
    return china_index(request).uncertainty.sensitivity


def china_rerun(request: Request, changes: dict):
    """`evaluate.index.compare` of the China index and its rebuild with `changes`."""
    ci = china_index(request)
    key = tuple(sorted((k, repr(v)) for k, v in changes.items()))
    return cached(request, ("china-rerun", key), lambda: compare(ci.index, ci.index.rebuild(changes)))


def review_counts(request: Request) -> dict:
    """How many progress updates, observation batches and evidence links wait for review."""
    def count():
        store = store_of(request)
        return {"updates": len(updates_to_review(store)), "batches": len(list_batches(store, state="submitted")),
                "evidence": len(list_evidence(store, state="proposed", best_only=True))}

    return cached(request, ("review-counts",), count)


def province_codes() -> list[str]:
    """The 31 provinces the map and the index cover, in the map's order."""
    return list(TILES)


def target_figures(request: Request, regions: tuple[str, ...] | None, lang: str, item: str | None = None) -> list:
    """(assessment, `charts.target.target_figure`) of every target (of `item`, when given) judged
    for `regions` (or for its own region)."""
    return cached(request, ("target-figures", regions, lang, item),
                  lambda: [(a, target_figure(a, lang)) for a in targets(request, regions) if item in (None, a.item)])
