"""Static rendering of the chart specs for reports: SVG (text kept as text) and PNG, through
vl-convert, with the system's Noto CJK fonts (the spec's `config.font`, see `common.finish`)."""

from __future__ import annotations


def chart_svg(spec: dict) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)


def chart_png(spec: dict, scale: float = 1.5) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=scale)
