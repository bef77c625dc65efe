"""The building blocks of a report section, as plain data the templates render: a paragraph,
a sub-heading, a table (cells may carry references, see `references.cell`), a chart (its
Vega-Lite spec and its table alternative)."""

from __future__ import annotations


def section(sid: str, title: str, blocks: list[dict]) -> dict:
    return {"id": sid, "title": title, "blocks": blocks}


def para(text: str, refs: list[str] | None = None) -> dict:
    return {"type": "p", "text": text, "refs": list(refs or [])}


def heading(text: str) -> dict:
    return {"type": "h", "text": text}


def table(columns: list[str], rows: list[list], caption: str | None = None, note: str | None = None) -> dict:
    return {"type": "table", "caption": caption, "columns": columns, "rows": rows, "note": note}


def chart(ctx, figure, refs: list[str] | None = None) -> dict:
    """A numbered figure; its title gets the figure number, its table the same rows."""
    n = ctx.figure()
    return {"type": "chart", "number": n, "label": ctx.w["chart_of"].format(n=n), "chart": figure,
            "refs": list(refs or [])}
