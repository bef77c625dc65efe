"""The west ↔ east pairing network: nodes are provinces, placed at their tiles of the tile-grid
map (so the network reads like the map), edges are task partnerships weighted by the documents
that count as their evidence (`evidence.counting`, the one rule).

An edge (western region, partner) of a task exists when the plan names the partner for the task
(`planned`) or when a counted document of the task shows the pair (rule 7 of the counting
rule); its weight is the number of distinct counted documents showing it, over all tasks. A
planned partnership without evidence (weight 0) is drawn dashed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coopwatch.charts.common import Chart, finish, region_name
from coopwatch.charts.tilemap import TILES, tile_name

WORDS = {"zh": {"west": "西部地区", "partner": "合作方", "weight": "证据文档数", "tasks": "任务", "planned": "方案所列", "evidenced": "有证据",
                "yes": "是", "no": "否", "macro": "区域", "documents": "文档",
                "macros": {"west": "西部", "east": "东部", "central": "中部", "northeast": "东北"}},
         "en": {"west": "western region", "partner": "partner", "weight": "documents", "tasks": "tasks",
                "planned": "in the plan", "evidenced": "evidenced", "yes": "yes", "no": "no", "macro": "macro-region", "documents": "documents",
                "macros": {"west": "west", "east": "east", "central": "central", "northeast": "northeast"}}}


MACRO_COLOURS = {"west": "#d84315", "central": "#f9a825", "east": "#1565c0", "northeast": "#00897b"}


@dataclass
class Edge:
    west: str
    partner: str
    planned: bool = False
    tasks: set = field(default_factory=set)
    documents: set = field(default_factory=set)

    @property
    def weight(self) -> int:
        return len(self.documents)


def pairing_edges(store, plans, as_of: dt.date) -> list[Edge]:
    """Every (western region, partner province) edge of the plans' tasks as of `as_of`."""
    from coopwatch.evidence.counting import plan_evidence
    from coopwatch.reference import gazetteer

    g = gazetteer()
    edges: dict[tuple[str, str], Edge] = {}

    def edge(a: str, b: str) -> Edge | None:
        a, b = g.province_of(a), g.province_of(b)
        if not a or not b or a == b or a not in TILES or b not in TILES:
            return None
        return edges.setdefault((a, b), Edge(a, b))

    for plan in plans:
        found, _ = plan_evidence(store, plan, as_of)
        for item in plan.walk():
            if item.kind not in ("task", "measure"):
                continue
            key = plan.key(item)
            for region in item.regions:
                for partner in item.partners:
                    e = edge(region, partner)
                    if e is not None:
                        e.planned = True
                        e.tasks.add(key)
            for doc in found[item.short_ref].counted:
                for west, partner in doc["pairs"]:
                    e = edge(west, partner)
                    if e is not None:
                        e.tasks.add(key)
                        e.documents.add(doc["document"])
    return sorted(edges.values(), key=lambda e: (-e.weight, e.west, e.partner))


def pairing_network(edges: list[Edge], title: str, lang: str = "en") -> Chart:
    """Nodes at their map tiles, coloured by macro-region; edges as lines, width by weight."""
    from coopwatch.reference import gazetteer

    w = WORDS[lang]
    g = gazetteer()
    used = sorted({c for e in edges for c in (e.west, e.partner)})
    nodes = []
    for code in used:
        col, row, _ = TILES[code]
        macro = g.get(code).macro_region if g.get(code) else None
        nodes.append({"code": code, "name": tile_name(code, lang), "x": col, "y": row,
                      "macro": w["macros"].get(macro, macro or "")})
    links = []
    for e in edges:
        (x, y, _), (x2, y2, _) = TILES[e.west], TILES[e.partner]
        links.append({"x": x, "y": y, "x2": x2, "y2": y2, "weight": e.weight, "evidenced": w["yes"] if e.weight else w["no"],
                      "label": f"{tile_name(e.west, lang)} – {tile_name(e.partner, lang)}: {e.weight}"})
    x = {"field": "x", "type": "quantitative", "axis": None, "scale": {"domain": [-0.5, 7.5]}}
    y = {"field": "y", "type": "quantitative", "axis": None, "scale": {"domain": [7.5, -0.5]}}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 448, "height": 448,
        "layer": [
            {"data": {"values": links}, "mark": {"type": "rule", "opacity": 0.7, "color": "#1565c0"},
             "encoding": {"x": x, "y": y, "x2": {"field": "x2"}, "y2": {"field": "y2"},
                          "strokeWidth": {"field": "weight", "type": "quantitative", "title": w["weight"],
                                          "scale": {"range": [1, 8], "zero": True},
                                          "legend": {"format": "d", "tickMinStep": 1}},
                          "strokeDash": {"field": "evidenced", "type": "nominal", "title": w["evidenced"],
                                         "scale": {"domain": [w["yes"], w["no"]], "range": [[1, 0], [4, 3]]}},
                          "tooltip": [{"field": "label", "title": w["weight"]}]}},
            {"data": {"values": nodes}, "mark": {"type": "circle", "size": 360, "opacity": 1, "stroke": "white"},
             "encoding": {"x": x, "y": y, "color": {"field": "macro", "type": "nominal", "title": w["macro"],
                                    "scale": {"domain": [w["macros"][m] for m in MACRO_COLOURS],
                                              "range": list(MACRO_COLOURS.values())}}}},
            {"data": {"values": nodes}, "mark": {"type": "text", "dy": -15, "fontSize": 10},
             "encoding": {"x": x, "y": y, "text": {"field": "name"}}},
        ],
    }
    rows = [[region_name(e.west, lang), region_name(e.partner, lang), e.weight, w["yes"] if e.planned else w["no"],
             ", ".join(sorted(e.tasks)), ", ".join(str(d) for d in sorted(e.documents))] for e in edges]
    return Chart("network", title, finish(spec, title),
                 [w["west"], w["partner"], w["weight"], w["planned"], w["tasks"], w["documents"]], rows)
