"""The sources list: every reference the report's numbers carry, numbered (`references`)."""

from __future__ import annotations

from coopwatch.report.blocks import section


def build(ctx) -> dict:
    from sqlalchemy import select

    from coopwatch.store.models import Document

    w = ctx.w
    listing = ctx.refs.listing()
    ids = [int(k) for (kind, k) in ctx.refs.entries if kind == "document"]
    if ids:
        with ctx.store.session() as s:  # documents cited by id only get their path and title here
            docs = {d.id: (d.title, d.path, d.published) for d in s.scalars(select(Document).where(Document.id.in_(ids)))}
        for (kind, k), ref in ctx.refs.entries.items():
            if kind == "document" and int(k) in docs:
                title, path, published = docs[int(k)]
                ref.text = title or path or ref.text
                ref.detail = k + (f", {published}" if published else "") + (f": {path}" if path else "")
    entries = [{"id": r.id, "kind": w["kinds"][r.kind],
                "text": r.detail if r.kind == "document" and r.detail else r.text} for r in listing]
    return section("sources", w["sources"], [{"type": "sources", "entries": entries}])
