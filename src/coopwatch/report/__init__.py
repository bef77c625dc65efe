"""The periodic evaluation report (HTML and PDF, zh and en) and the exports.

    model.build_report   the report as plain data, from library calls only (sections/)
    render               HTML (charts inline as SVG) and PDF (WeasyPrint, charts as PNG)
    snapshot             what changed since the previous report
    exports              tables as CSV/XLSX/JSON, a Frictionless data package, COINr iData/iMeta
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("html", "pdf")


def write_report(store, out: Path, *, fmt: str = "html", lang: str = "zh", plan: str | None = None,
                 period: int | None = None, as_of=None, since=None, previous: Path | None = None,
                 progress=None) -> dict:
    """Build the report, write it to `out` as HTML or PDF and its snapshot to
    `out.snapshot.json` (the next report compares with it); returns the report model."""
    from coopwatch.errors import InputError
    from coopwatch.report.model import build_report
    from coopwatch.report.render import render_html, render_pdf
    from coopwatch.report.snapshot import read_snapshot, write_snapshot

    if fmt not in FORMATS:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    before = read_snapshot(previous) if previous else None
    report = build_report(store, plan=plan, period=period, as_of=as_of, since=since, previous=before, lang=lang,
                          progress=progress)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(render_html(report), encoding="utf-8")
    else:
        out.write_bytes(render_pdf(report))
    write_snapshot(report["snapshot"], snapshot_path(out))
    return report


def snapshot_path(out: Path) -> Path:
    return Path(out).with_name(Path(out).name + ".snapshot.json")
