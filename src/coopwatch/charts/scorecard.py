"""Scorecard bars: each task's score 0-100 as a bar, coloured by its grade and labelled with
the grade letter (never colour alone), best first."""

from __future__ import annotations

from coopwatch.charts.common import Chart, finish

GRADE_COLOURS = {"A": "#2e7d32", "B": "#66bb6a", "C": "#fbc02d", "D": "#fb8c00", "E": "#c62828"}
WORDS = {"zh": {"item": "任务", "score": "得分", "grade": "等级", "title": "名称"},
         "en": {"item": "item", "score": "score", "grade": "grade", "title": "title"}}


def scorecard_bars(items: list[dict], title: str, lang: str = "en") -> Chart:
    """`items`: dicts with ref, label, score, grade (items without a score are left out)."""
    w = WORDS[lang]
    data = [{"ref": i["ref"], "label": f"{i['ref']} {i['label']}"[:28], "score": round(float(i["score"]), 1),
             "grade": i["grade"]} for i in items if i.get("score") is not None]
    order = [d["label"] for d in sorted(data, key=lambda d: -d["score"])]
    present = [g for g in GRADE_COLOURS if any(d["grade"] == g for d in data)]
    y = {"field": "label", "type": "nominal", "sort": order, "title": None}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": data},
        "width": 300, "height": 16 * max(len(data), 1) + 10,
        "encoding": {"y": y},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"x": {"field": "score", "type": "quantitative", "title": w["score"],
                                "scale": {"domain": [0, 100]}},
                          "color": {"field": "grade", "type": "nominal", "title": w["grade"],
                                    "scale": {"domain": present, "range": [GRADE_COLOURS[g] for g in present]}},
                          "tooltip": [{"field": "label"}, {"field": "score"}, {"field": "grade"}]}},
            {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
             "encoding": {"x": {"field": "score", "type": "quantitative"},
                          "text": {"field": "grade"}}},
        ],
    }
    rows = [[d["ref"], d["label"], d["score"], d["grade"]] for d in sorted(data, key=lambda d: -d["score"])]
    return Chart("scorecard", title, finish(spec, title), [w["item"], w["title"], w["score"], w["grade"]], rows)
