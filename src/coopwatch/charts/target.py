"""Chart of one target: observed values, the projection to the target year with its low-high
band, and the target line. Vega-Lite (through Altair), the same spec for the web and reports."""

from __future__ import annotations

import altair as alt
import pandas as pd

from coopwatch.charts.common import Chart, finish, indicator_name, region_name, status_label

WORDS = {"zh": {"year": "年份", "target": "目标", "by": "{year}年", "observed": "实际值", "projected": "预测",
                "low": "下限", "high": "上限", "data": "数据：{proxy}", "kind": "类别"},
         "en": {"year": "year", "target": "target", "by": "by {year}", "observed": "observed",
                "projected": "projected", "low": "low", "high": "high", "data": "data: {proxy}", "kind": "kind"}}


def target_title(a, lang: str = "en") -> str:
    w = WORDS[lang]
    where = region_name(a.region, lang) if lang == "zh" else (a.region or "")
    if a.proxy:
        where += f" ({w['data'].format(proxy=region_name(a.proxy, lang) if lang == 'zh' else a.proxy)})"
    sep = "，" if lang == "zh" else ", "
    return (f"{indicator_name(a.indicator, lang)} {a.comparator} {a.value:g} {a.unit} {w['by'].format(year=a.year)}"
            f"{sep}{where} — {status_label(a.status, lang)}")


def target_chart(assessment, lang: str = "en") -> dict:
    """Vega-Lite JSON spec for an `indicators.attainment.Assessment`."""
    return target_figure(assessment, lang).spec


def target_figure(assessment, lang: str = "en") -> Chart:
    """The chart and its table: observed years, then the projection with its band."""
    a = assessment
    w = WORDS[lang]
    label = indicator_name(a.series_indicator or a.indicator, lang) or "value"
    observed = pd.DataFrame({"year": [v.year for v in a.series], "value": [v.value for v in a.series]})
    x = alt.X("year:Q", title=w["year"], axis=alt.Axis(format="d", tickMinStep=1))
    layers = [alt.Chart(observed).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=label, scale=alt.Scale(zero=False)), tooltip=["year:Q", "value:Q"])]
    rows = [[v.year, w["observed"], round(v.value, 4), "", ""] for v in a.series]
    if a.projection is not None and a.series:
        last = a.series[-1]
        p = a.projection
        band = pd.DataFrame({"year": [last.year, p.year], "low": [last.value, p.low], "high": [last.value, p.high],
                             "value": [last.value, p.value]})
        layers.append(alt.Chart(band).mark_area(opacity=0.2).encode(x=x, y="low:Q", y2="high:Q"))
        layers.append(alt.Chart(band).mark_line(strokeDash=[4, 3]).encode(x=x, y="value:Q",
                                                                          tooltip=["year:Q", "value:Q", "low:Q", "high:Q"]))
        rows.append([p.year, w["projected"], round(p.value, 4), round(p.low, 4), round(p.high, 4)])
    growth = a.series_indicator is not None and a.series_indicator != a.indicator
    if not growth:  # a growth target's value is a rate, not a level on this axis
        rule = pd.DataFrame({"target": [float(a.value)],
                             "label": [f"{w['target']} {a.comparator} {a.value:g} {w['by'].format(year=a.year)}"]})
        layers.append(alt.Chart(rule).mark_rule(color="firebrick", strokeDash=[6, 3]).encode(
            y="target:Q", tooltip=["label:N"]))
        rows.append([a.year, w["target"], float(a.value), "", ""])
    title = target_title(a, lang)
    spec = finish(alt.layer(*layers).properties(width=480, height=260).to_dict(), title)
    return Chart("target", title, spec, [w["year"], w["kind"], label, w["low"], w["high"]], rows)
