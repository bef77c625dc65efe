"""Chart of one target: observed values, the projection to the target year with its low-high
band, and the target line. Vega-Lite (through Altair), the same spec for the web and reports."""

from __future__ import annotations

import altair as alt
import pandas as pd


def target_chart(assessment) -> dict:
    """Vega-Lite JSON spec for an `indicators.attainment.Assessment`."""
    a = assessment
    label = a.series_indicator or a.indicator or "value"
    observed = pd.DataFrame({"year": [v.year for v in a.series], "value": [v.value for v in a.series],
                             "kind": "observed"})
    x = alt.X("year:Q", title="year", axis=alt.Axis(format="d"))
    layers = [alt.Chart(observed).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=f"{label}"), tooltip=["year:Q", "value:Q"])]
    if a.projection is not None and a.series:
        last = a.series[-1]
        p = a.projection
        band = pd.DataFrame({"year": [last.year, p.year], "low": [last.value, p.low], "high": [last.value, p.high],
                             "value": [last.value, p.value]})
        layers.append(alt.Chart(band).mark_area(opacity=0.2).encode(x=x, y="low:Q", y2="high:Q"))
        layers.append(alt.Chart(band).mark_line(strokeDash=[4, 3]).encode(x=x, y="value:Q",
                                                                          tooltip=["year:Q", "value:Q", "low:Q", "high:Q"]))
    growth = a.series_indicator is not None and a.series_indicator != a.indicator
    if not growth:  # a growth target's value is a rate, not a level on this axis
        rule = pd.DataFrame({"target": [float(a.value)], "label": [f"target {a.comparator} {a.value:g} by {a.year}"]})
        layers.append(alt.Chart(rule).mark_rule(color="firebrick", strokeDash=[6, 3]).encode(
            y="target:Q", tooltip=["label:N"]))
    where = a.region or ""
    if a.proxy and getattr(a, "judged_on", None) == "proxy":  # a proxy only shown as context is not charted
        where += f" (data: {a.proxy})"
    title = f"{a.plan}: {a.indicator} {a.comparator} {a.value:g} {a.unit} by {a.year}, {where} - {a.status}"
    return alt.layer(*layers).properties(title=title, width=480, height=280).to_dict()
