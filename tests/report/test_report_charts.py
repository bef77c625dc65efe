"""The shared charts on the demo database: CJK glyph coverage of the Chinese charts and the
pairing network's edges and weights (the one counting rule)."""

from __future__ import annotations

NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def test_every_character_of_the_chinese_charts_is_covered_by_the_font(demo_store):
    import datetime as dt
    import json

    from fontTools.ttLib import TTCollection

    from coopwatch.charts.network import pairing_edges, pairing_network
    from coopwatch.charts.tilemap import province_map
    from coopwatch.plans.registry import current_plans

    cmap = set()
    for font in TTCollection(NOTO_SANS_CJK).fonts:
        cmap |= set(font.getBestCmap())
    plans = current_plans(demo_store)
    charts = [pairing_network(pairing_edges(demo_store, plans, dt.date(2026, 12, 31)), "西部与东部结对网络", "zh"),
              province_map({}, "各省", "zh")]
    text = "".join(json.dumps(c.spec, ensure_ascii=False) for c in charts)
    missing = {ch for ch in text if ord(ch) > 127 and ord(ch) not in cmap}
    assert not missing


def test_the_network_has_the_planned_partnerships_and_weights_from_counted_evidence(demo_store):
    import datetime as dt

    from coopwatch.charts.network import pairing_edges
    from coopwatch.evidence.counting import plan_evidence
    from coopwatch.plans.registry import current_plans

    plans = current_plans(demo_store)
    as_of = dt.date(2026, 12, 31)
    edges = {(e.west, e.partner): e for e in pairing_edges(demo_store, plans, as_of)}
    assert edges[("640000", "350000")].planned  # 5.3 pairs Ningxia with Fujian
    assert "eastwest-14fyp:5.3" in edges[("640000", "350000")].tasks
    # The weight of Qinghai - Shanghai is the number of counted documents of any task showing the pair
    expected = set()
    for plan in plans:
        found, _ = plan_evidence(demo_store, plan, as_of)
        for ev in found.values():
            expected |= {d["document"] for d in ev.counted if ["630000", "310000"] in d["pairs"]}
    pair = edges.get(("630000", "310000"))
    assert (pair.weight if pair else 0) == len(expected)
    assert all(e.weight >= 0 and e.west != e.partner for e in edges.values())
