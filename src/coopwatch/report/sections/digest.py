"""The digest of the period (hot topics, pairings, key figures: `evidence.digest`) and the good
practices: the best-evidenced events and the case library (`records.cases`)."""

from __future__ import annotations

from coopwatch.charts.common import region_name
from coopwatch.report.sections.methods import calc
from coopwatch.report.blocks import heading, para, section, table
from coopwatch.report.references import cell
from coopwatch.report.words import money


def build(ctx) -> dict:
    from coopwatch.evidence.digest import build_digest
    from coopwatch.records.cases import list_cases

    w = ctx.w
    since = f"{ctx.period}-01-01"
    d = build_digest(ctx.store, since=since, until=ctx.as_of.isoformat(), lang=ctx.lang)
    counting = calc(ctx, "counting")

    def docs(ids):
        return [ctx.refs.document(i, None) for i in ids]

    blocks = [para(w["digest_text"].format(docs=d["documents"], linked=d["linked"], events=d["events"]), [counting])]
    blocks.append(table([w["item"], w["title"], w["events"], w["reports"], w["amount"]],
                        [[t["item"], t["label"], cell(t["events"], ref=docs(t["documents"])), cell(t["reports"], ref=docs(t["documents"])),
                          cell(money(t["amount"], ctx.lang), ref=docs(t["documents"]), value=t["amount"])]
                         for t in d["topics"][:12]], caption=w["topics"]))
    blocks.append(table([w["pairings"], w["events"]],
                        [[f"{p['west_name']} – {p['partner_name']}", cell(p["events"], ref=docs(p["documents"]))]
                         for p in d["pairings"][:12]], caption=w["pairings"]))
    blocks.append(table([w["title"], w["item"], w["reports"], w["region"], w["amount"]],
                        [[c["label"], c["item"], cell(c["reports"], ref=docs(c["documents"])),
                          "、".join(region_name(r, ctx.lang) for r in c["regions"]) if ctx.lang == "zh"
                          else ", ".join(region_name(r, ctx.lang) for r in c["regions"]),
                          cell(money(c["amount"], ctx.lang), ref=docs(c["documents"]), value=c["amount"])]
                         for c in d["cases"]], caption=w["cases"]))
    keys = {p.id for p in ctx.plans}
    cases = [c for c in list_cases(ctx.store) if not c.items or any(i.split(":")[0] in keys for i in c.items)]
    blocks.append(heading(w["library"]))
    if not cases:
        blocks.append(para(w["no_cases"]))
    for c in cases:
        refs = [ctx.refs.document(i, None) for i in c.documents]
        regions = ("、" if ctx.lang == "zh" else ", ").join(region_name(r, ctx.lang) for r in c.regions)
        text = f"{c.title}（{regions}；{' '.join(c.items)}）" if ctx.lang == "zh" else f"{c.title} ({regions}; {' '.join(c.items)})"
        blocks.append(para(text, refs))
        if c.summary:
            blocks.append(para(c.summary))
        if c.lessons:
            blocks.append(para(f"{w['lessons']}{'：' if ctx.lang == 'zh' else ': '}{c.lessons}"))
    return section("digest", w["digest"], blocks)
