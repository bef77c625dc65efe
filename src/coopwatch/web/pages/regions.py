"""Region pages: the 31 provinces on the tile map, and one region's indicator trajectories with
their targets, projections and bands, the data checks' flags, every value with its provenance,
and the region's tasks and evidence."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from coopwatch.charts.common import indicator_name, status_label
from coopwatch.charts.tilemap import province_map
from coopwatch.errors import NotFound
from coopwatch.indicators.observations import list_observations
from coopwatch.reference import gazetteer
from coopwatch.web.auth import reader
from coopwatch.web.pages import lookups
from coopwatch.web.pages.common import chart, lang_of, page, store_of, shows_errors

router = APIRouter(include_in_schema=False)


@router.get("/regions")
@shows_errors
def region_list(request: Request, account=Depends(reader)):
    lang = lang_of(request)
    g = gazetteer()
    macro = {code: (g.get(code).macro_region or "") for code in lookups.province_codes()}
    words = {"zh": {"west": "西部", "east": "东部", "central": "中部", "northeast": "东北"},
             "en": {"west": "west", "east": "east", "central": "central", "northeast": "northeast"}}[lang]
    c = province_map({code: None for code in macro}, "各省" if lang == "zh" else "The provinces", lang)
    for tile in c.spec["data"]["values"]:
        tile["href"] = f"/regions/{tile['code']}"
    groups: dict[str, list[str]] = {}
    for code, m in macro.items():
        groups.setdefault(words.get(m, m), []).append(code)
    return page(request, "regions.html", "regions", map=chart(c, dom_id="map", link_rows=[f"/regions/{r[1]}" for r in c.rows]),
                groups=groups)


def series_table(request: Request, code: str, lang: str) -> list[dict]:
    """Per indicator: its years with value and provenance (`list_observations`), oldest first;
    a derived value names its inputs."""
    by_indicator: dict[str, list[dict]] = {}
    for row in list_observations(store_of(request), region=code):
        inputs = ", ".join(f"{d.get('indicator')} {d.get('year')}" for d in (row["derived_from"] or []))
        by_indicator.setdefault(row["indicator"], []).append(row | {"derived_inputs": inputs})
    return [{"indicator": i, "name": indicator_name(i, lang), "values": rows} for i, rows in sorted(by_indicator.items())]


@router.get("/regions/{code}")
@shows_errors
def region_page(request: Request, code: str, account=Depends(reader)):
    lang = lang_of(request)
    info = gazetteer().get(code) or gazetteer().resolve(code)
    if info is None:
        raise NotFound(f"no region {code!r}")
    code = info.code
    province = gazetteer().province_of(code) or code
    figures = [{"assessment": a, "status_label": status_label(a.status, lang), "chart": chart(c, dom_id=f"target-{i}")}
               for i, (a, c) in enumerate(lookups.target_figures(request, (code,), lang))]
    flags = [f for f in lookups.checks(request) if f.region == code]
    tasks = []
    for p in lookups.plans(request):
        for item in p.walk():
            if item.kind in ("task", "measure", "programme") and any(
                    (gazetteer().province_of(r) or r) == province for r in item.regions):
                tasks.append((p, item, lookups.scorecard_entry(request, p.key(item))))
    evidence = []
    for p, item, _ in tasks:
        found = lookups.evidence(request, p.id).get(item.short_ref)
        for d in (found.counted if found else []):
            evidence.append(d | {"item": p.key(item)})
    evidence.sort(key=lambda d: (d["published"] or "", d["document"]), reverse=True)
    from coopwatch.indicators.checks import CHECK_LABELS

    return page(request, "region.html", "regions", info=info, figures=figures, flags=flags,
                check_labels=CHECK_LABELS, tasks=tasks,
                evidence=evidence, series=series_table(request, code, lang))
