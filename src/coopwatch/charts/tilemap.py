"""A tile-grid map of China's 31 provincial-level divisions of the mainland: one square per
province at a fixed (column, row) that keeps neighbours near each other. It needs no boundary
data, so no map review number (审图号) and no boundary licence apply; Hong Kong, Macao and
Taiwan are not drawn because the observations cover the 31 (data/SOURCES.md, "Tile-grid map").
Coloured by a target status, an indicator value or any category; every tile carries its name and
value as text, so colour is never the only cue."""

from __future__ import annotations

from coopwatch.charts.common import STATUS_COLOURS, Chart, finish, region_name, status_label

# code: (column, row, short Chinese name), west to east and north to south; written for coopwatch (see module doc).
TILES = {
    "230000": (7, 0, "黑龙江"),
    "150000": (4, 1, "内蒙古"), "110000": (5, 1, "北京"), "210000": (6, 1, "辽宁"), "220000": (7, 1, "吉林"),
    "650000": (1, 2, "新疆"), "620000": (2, 2, "甘肃"), "640000": (3, 2, "宁夏"), "140000": (4, 2, "山西"),
    "130000": (5, 2, "河北"), "120000": (6, 2, "天津"),
    "540000": (0, 3, "西藏"), "630000": (1, 3, "青海"), "510000": (2, 3, "四川"), "610000": (3, 3, "陕西"),
    "410000": (4, 3, "河南"), "370000": (5, 3, "山东"),
    "530000": (2, 4, "云南"), "500000": (3, 4, "重庆"), "420000": (4, 4, "湖北"), "340000": (5, 4, "安徽"),
    "320000": (6, 4, "江苏"), "310000": (7, 4, "上海"),
    "520000": (3, 5, "贵州"), "430000": (4, 5, "湖南"), "360000": (5, 5, "江西"), "330000": (6, 5, "浙江"),
    "450000": (3, 6, "广西"), "440000": (4, 6, "广东"), "350000": (5, 6, "福建"),
    "460000": (4, 7, "海南"),
}


def tile_name(code: str, lang: str) -> str:
    """A province's short name on its tile: 青海 / Qinghai."""
    return TILES[code][2] if lang == "zh" else region_name(code, "en")


WORDS = {"zh": {"region": "地区", "value": "数值", "status": "状态", "none": "无数据"},
         "en": {"region": "region", "value": "value", "status": "status", "none": "no data"}}


def tile_rows(lang: str) -> list[dict]:
    """One record per province: code, short name, column and row."""
    # a long English name (Inner Mongolia, Heilongjiang) gets a smaller font, to stay on its tile
    return [{"code": code, "name": (name := tile_name(code, lang)), "col": c, "row": r, "fs": 11 if len(name) <= 9 else 8}
            for code, (c, r, _) in TILES.items()]


def province_map(values: dict[str, float | str | None], title: str, lang: str = "en", *,
                 legend: str | None = None, statuses: bool = False, digits: int = 1) -> Chart:
    """The tile map coloured by `values` (province code → number, or status when `statuses`);
    provinces without a value are grey and say so."""
    w = WORDS[lang]
    data = []
    for tile in tile_rows(lang):
        v = values.get(tile["code"])
        if statuses:
            text = status_label(v, lang) if v else w["none"]
        else:
            text = w["none"] if v is None else f"{v:.{digits}f}"
        data.append(tile | {"value": v, "text": text})
    if statuses:
        present = [s for s in STATUS_COLOURS if s in values.values()]
        colour = {"field": "label", "type": "nominal", "title": legend or w["status"],
                  "scale": {"domain": [status_label(s, lang) for s in present],
                            "range": [STATUS_COLOURS[s] for s in present]}}
        for d in data:
            d["label"] = status_label(d["value"], lang) if d["value"] else None
    else:
        colour = {"field": "value", "type": "quantitative", "title": legend or w["value"],
                  "scale": {"scheme": "blues"}}
    numbers = [v for v in values.values() if isinstance(v, (int, float))]
    dark = 0.6 * max(numbers) if numbers and not statuses else None  # tiles dark enough for white text
    ink = {"condition": {"test": f"datum.value != null && datum.value > {dark}", "value": "white"},
           "value": "black"} if dark is not None else {"value": "black"}
    size = 56
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": data}, "width": size * 8, "height": size * 8,
        "encoding": {"x": {"field": "col", "type": "ordinal", "axis": None},
                     "y": {"field": "row", "type": "ordinal", "axis": None}},
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2, "color": "#e0e0e0"},
             "encoding": {"color": {"condition": {"test": "datum.value != null", **colour}, "value": "#e0e0e0"},
                          "tooltip": [{"field": "name", "title": w["region"]}, {"field": "text", "title": w["value"]}]}},
            {"mark": {"type": "text", "baseline": "bottom", "dy": -1},
             "encoding": {"text": {"field": "name"}, "color": ink,
                          "size": {"field": "fs", "type": "quantitative", "scale": None, "legend": None}}},
            {"mark": {"type": "text", "baseline": "top", "dy": 3, "fontSize": 9},
             "encoding": {"text": {"field": "text"}, "color": ink}},
        ],
    }
    rows = [[d["name"], d["code"], d["text"]] for d in sorted(data, key=lambda d: d["code"])]
    return Chart("map", title, finish(spec, title), [w["region"], "code", legend or w["value"]], rows)
