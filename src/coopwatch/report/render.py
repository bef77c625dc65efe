"""The report model rendered: one self-contained HTML file (charts inline as SVG, styles
inline) or a PDF through WeasyPrint (charts as PNG, since WeasyPrint's SVG text does not
shape CJK; page numbers, table of contents and running headers from CSS paged media)."""

from __future__ import annotations

import base64
from pathlib import Path

from coopwatch.charts.render import chart_png, chart_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def _images(report: dict, for_pdf: bool) -> dict[int, str]:
    """Figure number → inline SVG markup (HTML) or PNG data URI (PDF)."""
    out = {}
    for s in report["sections"]:
        for b in s["blocks"]:
            if b["type"] != "chart":
                continue
            spec = b["chart"].spec
            if for_pdf:
                out[b["number"]] = "data:image/png;base64," + base64.b64encode(chart_png(spec)).decode()
            else:
                out[b["number"]] = chart_svg(spec)
    return out


def render_html(report: dict, for_pdf: bool = False) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(r=report, w=report["words"], images=_images(report, for_pdf), for_pdf=for_pdf,
                           css=(TEMPLATES / "report.css").read_text(encoding="utf-8"))


def render_pdf(report: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report, for_pdf=True), base_url=str(TEMPLATES)).write_pdf()
