"""Vega-Lite chart specs, one function per chart kind, shared by the web app and the reports.
Each returns a `Chart`: the spec and the same numbers as a text table (the accessible
alternative).

    target.target_figure      a target: observed values, projection and band, target line
    tilemap.province_map      the 31 provinces as a tile-grid map
    network.pairing_network   west ↔ east task partnerships weighted by counted evidence
    ranks.rank_intervals      ranks with their 5-95 % rank intervals (dot + interval)
    scorecard.scorecard_bars  task scores as bars with grades
    render                    static SVG/PNG through vl-convert (reports)
"""

from coopwatch.charts.common import Chart, FONT

__all__ = ["Chart", "FONT"]
