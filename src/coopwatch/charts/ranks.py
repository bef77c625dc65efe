"""Ranks with their rank intervals: one dot (the nominal rank) and a line from the 5th to the
95th percentile of the rank over the uncertainty runs, per unit (provinces of an index, tasks
of a scorecard). Best rank at the top."""

from __future__ import annotations

from coopwatch.charts.common import Chart, finish

WORDS = {"zh": {"unit": "单位", "rank": "排名", "low": "5%分位排名", "high": "95%分位排名", "score": "得分"},
         "en": {"unit": "unit", "rank": "rank", "low": "rank p5", "high": "rank p95", "score": "score"}}


def rank_intervals(units: list[dict], title: str, lang: str = "en") -> Chart:
    """`units`: dicts with name, rank, low, high (and score), in rank order."""
    w = WORDS[lang]
    data = [{"name": u["name"], "rank": u["rank"], "low": u["low"], "high": u["high"],
             "score": None if u.get("score") is None else round(float(u["score"]), 2)} for u in units]
    order = [d["name"] for d in sorted(data, key=lambda d: d["rank"])]
    y = {"field": "name", "type": "nominal", "sort": order, "title": None}
    n = max(len(data), 1)
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": data},
        "width": 360, "height": 14 * n + 10,
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 2, "color": "#90a4ae"},
             "encoding": {"y": y, "x": {"field": "low", "type": "quantitative", "title": w["rank"],
                                        "scale": {"domain": [0.5, n + 0.5], "nice": False}},
                          "x2": {"field": "high"}}},
            {"mark": {"type": "point", "filled": True, "size": 50, "color": "#1565c0"},
             "encoding": {"y": y, "x": {"field": "rank", "type": "quantitative"},
                          "tooltip": [{"field": "name"}, {"field": "rank"}, {"field": "low"}, {"field": "high"},
                                      {"field": "score"}]}},
        ],
    }
    rows = [[d["rank"], d["name"], d["score"], d["low"], d["high"]] for d in sorted(data, key=lambda d: d["rank"])]
    return Chart("ranks", title, finish(spec, title), [w["rank"], w["unit"], w["score"], w["low"], w["high"]], rows)
