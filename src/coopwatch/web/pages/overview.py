"""The overview: targets by status, the province map coloured by an indicator (a year) or by a
target judged for each province, the west-east pairing network, the latest evidence and what
waits for review."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends, Request

from coopwatch.charts.common import STATUS_COLOURS, indicator_name, status_label
from coopwatch.charts.network import pairing_network
from coopwatch.charts import tilemap
from coopwatch.web.auth import reader
from coopwatch.web.pages import lookups
from coopwatch.web.pages.common import cached, chart, lang_of, page, shows_errors

router = APIRouter(include_in_schema=False)
DEFAULT_INDICATOR = "rd_intensity"


def map_choices(request: Request) -> dict:
    """Indicators with provincial values, and the years of each (newest first)."""
    def choices():
        provinces = set(lookups.province_codes())
        obs = lookups.observations(request)
        years: dict[str, set[int]] = {}
        for region, indicator in obs.keys():
            if region in provinces:
                years.setdefault(indicator, set()).update(obs.series(region, indicator))
        return {i: sorted(ys, reverse=True) for i, ys in sorted(years.items())}

    return cached(request, ("map-choices",), choices)


def indicator_map(request: Request, indicator: str, year: int | None, lang: str):
    choices = map_choices(request)
    if indicator not in choices:
        indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in choices else next(iter(choices), None)
    if indicator is None:
        return None, None, None
    obs = lookups.observations(request)
    if year not in choices[indicator]:
        # the newest year most provinces have
        counts = Counter(y for code in lookups.province_codes() for y in obs.series(code, indicator))
        year = max((y for y, n in counts.items() if n >= 25), default=choices[indicator][0])
    values = {}
    for code in lookups.province_codes():
        v = obs.series(code, indicator).get(year)
        values[code] = None if v is None else v.value
    name = indicator_name(indicator, lang)
    title = f"{name}，{year}年" if lang == "zh" else f"{name}, {year}"
    return tilemap.province_map(values, title, lang, legend=name), indicator, year


def per_province_targets(request: Request) -> list[list]:
    """Every plan target judged for each of the 31 provinces: one list of assessments per target
    (`evaluate_targets` with regions yields them target by target, province by province)."""
    judged = lookups.targets(request, tuple(lookups.province_codes()))
    n = len(lookups.province_codes())
    return [judged[i:i + n] for i in range(0, len(judged), n)]


def target_words(a, lang: str) -> str:
    if lang == "zh":
        return f"{a.item}：{a.target_words(lang)}（{a.year}年）"
    return f"{a.item}: {a.target_words(lang)} by {a.year}"


def status_map(request: Request, target_no: int, lang: str):
    groups = per_province_targets(request)
    if not 0 <= target_no < len(groups):
        return None
    group = groups[target_no]
    title = target_words(group[0], lang) + ("，按省评估" if lang == "zh" else ", judged per province")
    return tilemap.province_map({a.region: a.status for a in group}, title, lang, statuses=True)


def target_options(request: Request, lang: str) -> list[tuple[int, str]]:
    return [(i, target_words(g[0], lang)) for i, g in enumerate(per_province_targets(request))]


def latest_evidence(request: Request, n: int = 8) -> list[dict]:
    docs = []
    for p in lookups.plans(request):
        for short, found in lookups.evidence(request, p.id).items():
            for d in found.counted:
                docs.append(d | {"item": f"{p.id}:{short}"})
    docs.sort(key=lambda d: (d["published"] or "", d["document"]), reverse=True)
    seen, out = set(), []
    for d in docs:
        if d["document"] not in seen:
            seen.add(d["document"])
            out.append(d)
    return out[:n]


def network_chart(request: Request, lang: str) -> dict:
    edges = lookups.pairing_edges(request)
    title = "东西部结对网络" if lang == "zh" else "West–east pairing network"
    c = pairing_network(edges, title, lang)
    hrefs = [f"/items/{sorted(e.tasks)[0]}" if e.tasks else None for e in edges]
    for link, href in zip(c.spec["layer"][0]["data"]["values"], hrefs):
        link["href"] = href  # a click on a line opens its (first) task
    return chart(c, dom_id="network", link_rows=hrefs)


@router.get("/")
@shows_errors
def overview(request: Request, by: str = "indicator", indicator: str = DEFAULT_INDICATOR, year: int | None = None,
             target: int = 0, account=Depends(reader)):
    lang = lang_of(request)
    assessed = lookups.targets(request)
    counts = Counter(a.status for a in assessed)
    statuses = [(s, status_label(s, lang), counts.get(s, 0)) for s in STATUS_COLOURS]
    if by == "target":
        c = status_map(request, target, lang)
        if c is None:
            by = "indicator"
    if by != "target":
        c, indicator, year = indicator_map(request, indicator, year, lang)
    province_map = None
    if c is not None:
        for tile in c.spec["data"]["values"]:
            tile["href"] = f"/regions/{tile['code']}"  # a click on a tile opens the region
        province_map = chart(c, dom_id="map", link_rows=[f"/regions/{row[1]}" for row in c.rows])
    return page(request, "overview.html", "overview", statuses=statuses, assessed=assessed,
                labels={s: label for s, label, _ in statuses},
                map=province_map, by=by, chosen_indicator=indicator, year=year, target=target,
                choices=map_choices(request), target_options=target_options(request, lang),
                network=network_chart(request, lang), latest=latest_evidence(request),
                item_labels=lookups.item_labels(request, lang),
                queue=lookups.review_counts(request))
