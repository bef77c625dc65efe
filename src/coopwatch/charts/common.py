"""What every chart shares: the `Chart` it returns (a Vega-Lite spec and the same data as a
text table, the accessible alternative), the CJK font, the target-status palette and the labels
of regions and indicators in zh and en."""

from __future__ import annotations

from dataclasses import dataclass, field

from coopwatch.indicators.catalogue import indicator_name, region_name  # noqa: F401 (the charts' vocabulary)

FONT = "Noto Sans CJK SC"  # Debian fonts-noto-cjk; vl-convert and browsers both find it
LANGS = ("zh", "en")

# Open SDG's progress-status colours, always shown with their label (never colour alone).
STATUS_COLOURS = {"achieved": "#2e7d32", "on_track": "#66bb6a", "acceleration_needed": "#fbc02d",
                  "limited_progress": "#fb8c00", "deterioration": "#c62828", "insufficient_data": "#9e9e9e"}
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
    from coopwatch.indicators.attainment import status_label as label

    return label(status, lang)
