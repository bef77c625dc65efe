"""The China index page: ranks with their rank intervals (dot + interval per province), the
sensitivity indices of the spec's uncertain choices, and a re-run with changed choices
(normaliser, aggregation, weights) that shows what moved (`Index.rebuild`, `evaluate.index.compare`)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Request

from coopwatch.charts.ranks import rank_intervals
from coopwatch.web.auth import reader
from coopwatch.web.i18n import MESSAGES, region, translate
from coopwatch.web.pages import lookups
from coopwatch.web.pages.common import chart, lang_of, page, shows_errors

router = APIRouter(include_in_schema=False)

# The choices offered, each one `Index.rebuild` change (the spec's own are the defaults).
NORMALISERS = {"minmax": {"method": "minmax", "range": [0, 100]}, "zscore": {"method": "zscore", "mean": 10, "sd": 2},
               "rank": {"method": "rank"}}
AGGREGATIONS = {"amean": {"method": "amean"}, "gmean": {"method": "gmean"}}
WEIGHTS = ("original", "equal")


def _number(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def rerun(request: Request, ci, normalise: str, aggregate: str, weights: str) -> list[dict] | None:
    """The provinces whose rank changes when the index is rebuilt with these choices."""
    spec = ci.index.spec
    changes = {}
    if normalise in NORMALISERS and NORMALISERS[normalise]["method"] != spec.steps["normalise"]["method"]:
        changes["normalise"] = NORMALISERS[normalise]
    if aggregate in AGGREGATIONS and aggregate != spec.steps["aggregate"]["method"]:
        changes["aggregate"] = AGGREGATIONS[aggregate]
    if weights in WEIGHTS and weights != spec.weights:
        changes["weights"] = weights
    if not changes:
        return None
    table = lookups.china_rerun(request, changes)
    names = ci.index.results()["uName"]
    return [{"code": code, "name": names.get(code, code), "rank_a": _number(r["rank_a"]), "rank_b": _number(r["rank_b"]),
             "score_a": _number(r["score_a"]), "score_b": _number(r["score_b"]), "change": _number(r["rank_change"])}
            for code, r in table.sort_values("rank_b").iterrows()]


def sensitivity_rows(request: Request, lang: str) -> list[dict]:
    """The Sobol indices of the spec's uncertain choices, each named in the language."""
    return [s | {"label": translate(f"sens.{s['input']}", lang) if f"sens.{s['input']}" in MESSAGES else s["input"]}
            for s in lookups.china_sensitivity(request)]


@router.get("/index")
@shows_errors
def index_page(request: Request, normalise: str = "minmax", aggregate: str = "amean", weights: str = "original",
               account=Depends(reader)):
    lang = lang_of(request)
    ci = lookups.china_index(request)
    table = lookups.china_table(request)
    units = [{"code": code, "name": region(code, lang), "rank": int(r["rank"]), "low": float(r["p5_rank"]),
              "high": float(r["p95_rank"]), "score": float(r["score"])} for code, r in table.iterrows()]
    title = "各省排名及 5%–95% 排名区间" if lang == "zh" else "Ranks of the provinces with 5–95 % rank intervals"
    c = rank_intervals(units, title, lang)
    by_name = {u["name"]: u["code"] for u in units}
    for d in c.spec["data"]["values"]:
        d["href"] = f"/regions/{by_name[d['name']]}"
    moved = rerun(request, ci, normalise, aggregate, weights)
    return page(request, "index.html", "index", ranks=chart(c, dom_id="ranks", link_rows=[f"/regions/{by_name[r[1]]}" for r in c.rows]),
                year=ci.index.inputs.year, runs=lookups.INDEX_RUNS, sensitivity=sensitivity_rows(request, lang),
                moved=moved, changed=[r for r in (moved or []) if r["change"]], chosen={"normalise": normalise,
                "aggregate": aggregate, "weights": weights}, normalisers=list(NORMALISERS),
                aggregations=list(AGGREGATIONS), weight_sets=WEIGHTS)
