"""The shared chart specs: the tile-grid map, the pairing network, rank intervals, scorecard
bars and target charts, rendered by vl-convert with CJK glyphs (no tofu)."""

from __future__ import annotations

import io

from coopwatch.charts.common import FONT
from coopwatch.charts.ranks import rank_intervals
from coopwatch.charts.scorecard import scorecard_bars
from coopwatch.charts.tilemap import TILES, province_map

def test_the_tile_map_places_the_31_mainland_provinces_on_distinct_tiles():
    from coopwatch.reference import gazetteer

    provinces = {p.code for p in gazetteer().provinces()} - {"710000", "810000", "820000"}
    assert set(TILES) == provinces and len(TILES) == 31
    assert len({(c, r) for c, r, _ in TILES.values()}) == 31
    # neighbours stay near: Beijing next to Hebei, Shanghai next to Jiangsu, Qinghai next to Tibet
    for a, b in (("110000", "130000"), ("310000", "320000"), ("630000", "540000")):
        (ca, ra, _), (cb, rb, _) = TILES[a], TILES[b]
        assert max(abs(ca - cb), abs(ra - rb)) == 1


def test_a_status_map_labels_every_tile_and_says_where_there_is_no_data():
    chart = province_map({"630000": "on_track", "650000": "limited_progress"}, "目标状态", "zh", statuses=True)
    assert len(chart.rows) == 31
    by_code = {code: text for _, code, text in chart.rows}
    assert by_code["630000"] == "进展顺利" and by_code["110000"] == "无数据"
    colour = chart.spec["layer"][0]["encoding"]["color"]["condition"]
    assert colour["scale"]["domain"] == ["进展顺利", "进展有限"]  # the legend shows labels, not colour alone
    assert chart.spec["config"]["font"] == FONT


def test_rank_intervals_and_scorecard_bars_keep_rank_order_and_leave_out_unscored_items():
    units = [{"name": "上海", "rank": 2, "low": 1, "high": 4, "score": 60.0},
             {"name": "北京", "rank": 1, "low": 1, "high": 2, "score": 70.0}]
    chart = rank_intervals(units, "排名", "zh")
    assert [r[1] for r in chart.rows] == ["北京", "上海"]
    bars = scorecard_bars([{"ref": "3.2", "label": "盐湖", "score": 64.0, "grade": "C"},
                           {"ref": "1.3", "label": "无数据", "score": None, "grade": "n/a"}], "评分", "zh")
    assert [r[0] for r in bars.rows] == ["3.2"]


def _png(text: str, font: str) -> bytes:
    from coopwatch.charts.render import chart_png

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": [{"t": text}]},
            "mark": {"type": "text", "fontSize": 40, "font": font}, "encoding": {"text": {"field": "t"}},
            "width": 120, "height": 60, "config": {"font": font, "view": {"stroke": None}}}
    return chart_png(spec, scale=1)


def test_cjk_labels_render_as_distinct_glyphs_not_tofu():
    """Tofu draws every missing character as the same box: with the chart font each character
    of a label is inked and differs from the others. (vl-convert falls back to a CJK font even
    for a font without CJK glyphs, so a known-bad font draws no tofu to compare with; glyph
    coverage of the real charts is checked in tests/report/test_report_charts.py.)"""
    from PIL import Image, ImageChops

    images = {ch: Image.open(io.BytesIO(_png(ch, FONT))).convert("L") for ch in "青海宁夏疆"}
    for ch, im in images.items():
        assert im.getextrema()[0] < 128, f"{ch} draws nothing"
    chars = list(images)
    for i, a in enumerate(chars):
        for b in chars[i + 1:]:
            assert ImageChops.difference(images[a], images[b]).getbbox() is not None, f"{a} and {b} look the same"


def _assessment(**changes):
    from types import SimpleNamespace

    from coopwatch.indicators.projection import Projection

    series = [SimpleNamespace(year=y, value=v) for y, v in ((2020, 2.1), (2021, 2.3), (2022, 2.4))]
    a = dict(plan="p", item="p:1", indicator="rd_intensity", series_indicator="rd_intensity", comparator=">=",
             value=3.0, unit="%", year=2025, region="630000", proxy=None, judged_on="region",
             status="acceleration_needed", series=series,
             projection=Projection(2025, 2.8, 2.5, 3.1, "time-weighted linear regression"))
    from coopwatch.indicators.attainment import Assessment

    out = SimpleNamespace(**(a | changes))
    out.target_words = lambda lang: Assessment.target_words(out, lang)  # the words of a real assessment
    out.threshold_words = lambda lang, unit=None: Assessment.threshold_words(out, lang, unit)
    return out


def test_a_target_chart_draws_the_series_the_band_from_the_last_value_and_the_target_line():
    import json

    from coopwatch.charts.target import target_figure

    chart = target_figure(_assessment(), "zh")
    marks = [(layer["mark"]["type"], layer["data"]["name"]) for layer in chart.spec["layer"]]
    assert marks == [("line", "observed"), ("area", "projection"), ("line", "projection"), ("rule", "target")]
    data = chart.spec["datasets"]
    assert [d["year"] for d in data["observed"]] == [2020, 2021, 2022]
    assert data["projection"][0] == {"year": 2022, "low": 2.4, "high": 2.4, "value": 2.4}  # the band opens at 2022
    assert data["projection"][1] == {"year": 2025, "low": 2.5, "high": 3.1, "value": 2.8}
    assert data["target"][0]["target"] == 3.0
    assert chart.title.startswith("研究与试验发展经费投入强度 >= 3% 2025年，青海省")
    assert [r[1] for r in chart.rows] == ["实际值"] * 3 + ["预测", "目标"]  # the same numbers as a table
    assert chart.spec["config"]["font"] == FONT
    json.dumps(chart.spec, allow_nan=False)


def test_a_growth_target_has_no_target_line_and_a_missing_bound_is_null():
    import json

    from coopwatch.charts.target import target_figure
    from coopwatch.indicators.projection import Projection

    chart = target_figure(_assessment(indicator="rd_expenditure_growth", series_indicator="rd_expenditure",
                                      projection=Projection(2025, 2.8, float("nan"), 3.1, "compound growth")), "en")
    assert [layer["mark"]["type"] for layer in chart.spec["layer"]] == ["line", "area", "line"]
    assert "target" not in chart.spec["datasets"] and all(r[1] != "target" for r in chart.rows)
    assert chart.spec["datasets"]["projection"][1]["low"] is None
    json.dumps(chart.spec, allow_nan=False)
