"""What every chart shares: the `Chart` it returns (a Vega-Lite spec and the same data as a
text table, the accessible alternative), the CJK font, the target-status palette and the labels
of regions and indicators in zh and en."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FONT = "Noto Sans CJK SC"  # Debian fonts-noto-cjk; vl-convert and browsers both find it
LANGS = ("zh", "en")

# Open SDG's progress-status colours, always shown with their label (never colour alone).
STATUS_COLOURS = {"achieved": "#2e7d32", "on_track": "#66bb6a", "acceleration_needed": "#fbc02d",
                  "limited_progress": "#fb8c00", "deterioration": "#c62828", "insufficient_data": "#9e9e9e"}
STATUS_LABELS = {
    "zh": {"achieved": "已实现", "on_track": "进展顺利", "acceleration_needed": "需加快", "limited_progress": "进展有限",
           "deterioration": "出现倒退", "insufficient_data": "数据不足"},
    "en": {"achieved": "achieved", "on_track": "on track", "acceleration_needed": "acceleration needed",
           "limited_progress": "limited progress", "deterioration": "deterioration",
           "insufficient_data": "insufficient data"},
}


@dataclass
class Chart:
    """One chart: its kind, the Vega-Lite spec, and a text table of the same numbers."""

    kind: str
    title: str
    spec: dict
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "spec": self.spec,
                "table": {"columns": self.columns, "rows": self.rows}}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from coopwatch.errors import InputError

        raise InputError(f"--lang: {lang!r} is not one of {', '.join(LANGS)}")
    return lang


def finish(spec: dict, title: str) -> dict:
    """The spec with its title and the CJK font set for every text mark, axis and legend."""
    spec = dict(spec)
    spec["title"] = title
    config = dict(spec.get("config") or {})
    config["font"] = FONT
    config.setdefault("view", {"stroke": None})
    spec["config"] = config
    return spec


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS[lang].get(status, status)


def region_name(code: str | None, lang: str) -> str:
    """A region's name in zh or en, else its code."""
    if not code:
        return ""
    from coopwatch.reference import gazetteer

    info = gazetteer().get(code)
    if info is None:
        return code
    if lang == "zh":
        return info.name_zh or code
    return info.name_en or info.name_zh or code


_CJK = re.compile(r"[\u4e00-\u9fff]")


def indicator_name(indicator: str | None, lang: str) -> str:
    """The indicator's first name in the language (the catalogue lists zh names, then others)."""
    if not indicator:
        return ""
    from coopwatch.indicators.catalogue import indicator_catalogue

    info = indicator_catalogue().get(indicator)
    if info is None:
        return indicator
    for name in info.names:
        if bool(_CJK.search(name)) == (lang == "zh") and (lang == "zh" or name.isascii()):
            return name
    return indicator
