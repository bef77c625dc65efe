"""Chart of one target: observed values, the projection to the target year with its low-high
band, and the target line. A plain Vega-Lite spec (like every chart kind here), the same for the
web and reports."""

from __future__ import annotations

import math

from coopwatch.charts.common import Chart, finish, indicator_name, region_name, status_label

WORDS = {"zh": {"year": "年份", "target": "目标", "by": "{year}年", "observed": "实际值", "projected": "预测",
                "low": "下限", "high": "上限", "data": "数据：{proxy}", "kind": "类别"},
         "en": {"year": "year", "target": "target", "by": "by {year}", "observed": "observed",
                "projected": "projected", "low": "low", "high": "high", "data": "data: {proxy}", "kind": "kind"}}


def target_title(a, lang: str = "en") -> str:
    w = WORDS[lang]
    where = region_name(a.region, lang)
    if a.proxy and getattr(a, "judged_on", None) == "proxy":  # a proxy only shown as context is not charted
        where += f" ({w['data'].format(proxy=region_name(a.proxy, lang))})"
    sep = "，" if lang == "zh" else ", "
    return f"{a.target_words(lang)} {w['by'].format(year=a.year)}{sep}{where} — {status_label(a.status, lang)}"


def target_chart(assessment, lang: str = "en") -> dict:
    """Vega-Lite JSON spec for an `indicators.attainment.Assessment`."""
    return target_figure(assessment, lang).spec


def target_figure(assessment, lang: str = "en") -> Chart:
    """The chart and its table: observed years, then the projection with its band."""
    a = assessment
    w = WORDS[lang]
    label = indicator_name(a.series_indicator or a.indicator, lang) or "value"
    x = {"field": "year", "type": "quantitative", "title": w["year"], "axis": {"format": "d", "tickMinStep": 1}}
    datasets = {"observed": [{"year": v.year, "value": _num(v.value)} for v in a.series]}
    layers = [{"data": {"name": "observed"}, "mark": {"type": "line", "point": True},
               "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": label,
                                          "scale": {"zero": False}},
                            "tooltip": _fields("year", "value")}}]
    rows = [[v.year, w["observed"], round(v.value, 4), "", ""] for v in a.series]
    if a.projection is not None and a.series:
        last = a.series[-1]
        p = a.projection
        datasets["projection"] = [{"year": last.year, "low": _num(last.value), "high": _num(last.value),
                                   "value": _num(last.value)},
                                  {"year": p.year, "low": _num(p.low), "high": _num(p.high), "value": _num(p.value)}]
        layers.append({"data": {"name": "projection"}, "mark": {"type": "area", "opacity": 0.2},
                       "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}}})
        layers.append({"data": {"name": "projection"}, "mark": {"type": "line", "strokeDash": [4, 3]},
                       "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                                    "tooltip": _fields("year", "value", "low", "high")}})
        rows.append([p.year, w["projected"], round(p.value, 4), round(p.low, 4), round(p.high, 4)])
    growth = a.series_indicator is not None and a.series_indicator != a.indicator
    if not growth:  # a growth target's value is a rate, not a level on this axis
        datasets["target"] = [{"target": float(a.value),
                               "label": f"{w['target']} {a.comparator} {a.value:g} {w['by'].format(year=a.year)}"}]
        layers.append({"data": {"name": "target"}, "mark": {"type": "rule", "color": "firebrick", "strokeDash": [6, 3]},
                       "encoding": {"y": {"field": "target", "type": "quantitative"},
                                    "tooltip": [{"field": "label", "type": "nominal"}]}})
        rows.append([a.year, w["target"], float(a.value), "", ""])
    title = target_title(a, lang)
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 480, "height": 260,
            "datasets": datasets, "layer": layers,
            "config": {"view": {"stroke": "#ddd"}}}  # the plot's frame (Vega-Lite's default, kept)
    return Chart("target", title, finish(spec, title), [w["year"], w["kind"], label, w["low"], w["high"]], rows)


def _fields(*names: str) -> list[dict]:
    return [{"field": n, "type": "quantitative"} for n in names]


def _num(x) -> float | None:
    """A number for the spec's data; a missing one (NaN, infinite) as null, which JSON allows."""
    x = float(x)
    return x if math.isfinite(x) else None
