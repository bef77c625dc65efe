"""The map of the provinces and the pairing network: both from the task partnerships and the
documents that count as their evidence (`charts.network.pairing_edges`)."""

from __future__ import annotations

from collections import defaultdict

from coopwatch.charts.network import pairing_network
from coopwatch.charts.tilemap import province_map
from coopwatch.report.sections.methods import calc
from coopwatch.report.blocks import chart, para, section


def documents_by_province(edges) -> dict[str, int]:
    docs: dict[str, set] = defaultdict(set)
    for e in edges:
        docs[e.west] |= e.documents
        docs[e.partner] |= e.documents
    return {code: len(d) for code, d in docs.items() if d}


def build(ctx) -> dict:
    w = ctx.w
    counting = calc(ctx, "counting")
    edges = ctx.edges
    blocks = [para(w["map_text"], [counting])]
    blocks.append(chart(ctx, province_map(documents_by_province(edges), w["map_title"], ctx.lang,
                                          legend=w["documents"], digits=0), [counting]))
    blocks.append(chart(ctx, pairing_network(edges, w["network_title"], ctx.lang), [counting]))
    return section("regions", w["map"], blocks)
