"""The library results several pages show, each fetched once per data version
(`web.cache`): plans, target assessments, scorecards with rank intervals, the evidence of
each plan, the China index. Nothing here computes; it only calls the library and keeps the
answer."""

from __future__ import annotations

import datetime as dt

from fastapi import Request

from coopwatch.web.pages.common import cached, store_of

SCORECARD_RUNS = 200  # uncertainty runs behind a scorecard's rank intervals
INDEX_RUNS = 200  # ... and behind the China index's


def plans(request: Request):
    from coopwatch.plans.registry import current_plans

    return cached(request, ("plans",), lambda: current_plans(store_of(request)))


def plan(request: Request, plan_id: str):
    from coopwatch.errors import NotFound

    for p in plans(request):
        if p.id == plan_id:
            return p
    raise NotFound(f"no plan {plan_id!r}")


def item_labels(request: Request, lang: str) -> dict[str, str]:
    """"plan:ref" → the item's title in the language, for every item of the current plans."""
    return {p.key(it): it.label(lang) for p in plans(request) for it in p.walk()}


def find_item(request: Request, ref: str):
    """(plan, item) of a reference such as eastwest-14fyp:3.2."""
    from coopwatch.plans import resolve_ref

    found = resolve_ref(ref, plans(request))
    p = plan(request, found.plan)
    return p, p.item(found.item)


def targets(request: Request, regions: tuple[str, ...] | None = None):
    from coopwatch.indicators.attainment import evaluate_targets

    return cached(request, ("targets", regions),
                  lambda: evaluate_targets(store_of(request), regions=list(regions) if regions else None))


def scorecard(request: Request, plan_id: str) -> dict:
    from coopwatch.evaluate.scorecard import build_scorecard

    return cached(request, ("scorecard", plan_id),
                  lambda: build_scorecard(store_of(request), plan_id, uncertainty=SCORECARD_RUNS))


def scorecard_entry(request: Request, key: str) -> dict | None:
    from coopwatch.plans import ItemRef

    card = scorecard(request, ItemRef.parse(key).plan)
    return next((e for e in card["items"] if e["item"] == key), None)


def evidence(request: Request, plan_id: str):
    """The plan's evidence by short ref as of today (`evidence.counting.plan_evidence`)."""
    from coopwatch.evidence.counting import plan_evidence

    p = plan(request, plan_id)
    return cached(request, ("evidence", plan_id),
                  lambda: plan_evidence(store_of(request), p, dt.date.today())[0])


def pairing_edges(request: Request):
    from coopwatch.charts.network import pairing_edges as edges

    return cached(request, ("edges",), lambda: edges(store_of(request), plans(request), dt.date.today()))


def observations(request: Request):
    from coopwatch.indicators.observations import ObservationSet

    return cached(request, ("observations",), lambda: ObservationSet.load(store_of(request)))


def checks(request: Request):
    from coopwatch.indicators.checks import check_observations

    return cached(request, ("checks",), lambda: check_observations(store_of(request)))


def china_index(request: Request):
    from coopwatch.evaluate.china import build_china_index, latest_complete_year

    def build():
        store = store_of(request)
        return build_china_index(store, latest_complete_year(store), runs=INDEX_RUNS)

    return cached(request, ("china",), build)


def china_sensitivity(request: Request) -> list[dict]:
    from coopwatch.evaluate.uncertainty import run_uncertainty

    return cached(request, ("china-sensitivity",),
                  lambda: run_uncertainty(china_index(request).index, INDEX_RUNS, 0, sensitivity=True).sensitivity)


def province_codes() -> list[str]:
    """The 31 provinces the map and the index cover, in the map's order."""
    from coopwatch.charts.tilemap import TILES

    return list(TILES)


def target_figures(request: Request, regions: tuple[str, ...] | None, lang: str, item: str | None = None) -> list:
    """(assessment, `charts.target.target_figure`) of every target (of `item`, when given) judged
    for `regions` (or for its own region); the figures are kept too, since building them
    through Altair takes ~0.2 s each."""
    from coopwatch.charts.target import target_figure

    return cached(request, ("target-figures", regions, lang, item),
                  lambda: [(a, target_figure(a, lang)) for a in targets(request, regions) if item in (None, a.item)])
