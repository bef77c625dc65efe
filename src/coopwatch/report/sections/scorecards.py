"""Key-task scorecards: per plan, the scores as bars, the ranks with their intervals, and the
table with grades, pillars and reasons (`evaluate.scorecard`)."""

from __future__ import annotations

from coopwatch.charts.ranks import rank_intervals
from coopwatch.charts.scorecard import scorecard_bars
from coopwatch.evaluate.scorecard import summary as reasons_summary
from coopwatch.plans import ItemRef
from coopwatch.plans.render import in_language
from coopwatch.report.sections.methods import calc
from coopwatch.report.blocks import chart, heading, para, section, table
from coopwatch.report.references import cell
from coopwatch.report.words import num


def document_refs(ctx, entry: dict) -> list[str]:
    return [ctx.refs.document(r["document"], r.get("path"), r.get("title"))
            for r in entry["reasons"] if r.get("kind") == "document" and r.get("counted")]


def build(ctx) -> dict:
    w = ctx.w
    method = calc(ctx, "scorecard")
    blocks = []
    plans = {p.id: p for p in ctx.plans}
    for card in ctx.scorecards:
        title = ctx.plan_title(plans[card["plan"]])
        blocks.append(heading(w["scorecard_of"].format(plan=title)))
        scored = [e for e in card["items"] if e["score"] is not None]
        short = [{"ref": ItemRef.parse(e["item"]).item, "label": in_language(e["title"], ctx.lang),
                  "score": e["score"], "grade": e["grade"]} for e in scored]
        if scored:
            # the plan's id in chart titles: a long title would shrink the chart to its width
            blocks.append(chart(ctx, scorecard_bars(short, w["scorecard_of"].format(plan=card["plan"]), ctx.lang),
                                [method]))
            with_iv = [e for e in scored if e.get("rank_interval")]
            if with_iv:
                units = [{"name": ItemRef.parse(e["item"]).item, "rank": e["rank"], "low": e["rank_interval"][0],
                          "high": e["rank_interval"][1], "score": e["score"]} for e in with_iv]
                blocks.append(chart(ctx, rank_intervals(units, w["rank_chart"].format(plan=card["plan"]), ctx.lang), [method]))
        rows = []
        for e in scored:
            iv = e.get("rank_interval")
            rows.append([str(e["rank"]), ItemRef.parse(e["item"]).item, in_language(e["title"], ctx.lang), e["grade"],
                         cell(num(e["score"], 1), ref=method, value=e["score"]),
                         *(num(e["pillars"][p], 1) for p in ("evidence", "progress", "outcomes")),
                         "-" if not iv else f"{iv[0]:g}–{iv[1]:g}",
                         cell(reasons_summary(e, ctx.lang), ref=document_refs(ctx, e))])
        if rows:
            blocks.append(table([w["rank"], w["item"], w["title"], w["grade"], w["score"], w["evidence"], w["progress"],
                                 w["outcomes"], w["interval"], w["why"]], rows))
        missing = len(card["items"]) - len(scored)
        if missing:
            blocks.append(para(w["not_scored"].format(n=missing), [method]))
    blocks += updates(ctx)
    return section("scorecards", w["scorecards"], blocks)


def updates(ctx) -> list[dict]:
    """The accepted progress updates of the period (the review workflow's approved data)."""
    from coopwatch.charts.common import region_name
    from coopwatch.records.updates import latest_accepted

    w = ctx.w
    rows = []
    for p in ctx.plans:
        for item, u in sorted(latest_accepted(ctx.store, p.id).items()):
            if u.period[:4] == str(ctx.period):
                rows.append([item, region_name(u.region, ctx.lang), u.period, u.status, u.narrative or ""])
    if not rows:
        return [para(w["updates_none"])]
    return [heading(w["updates"]), table([w["item"], w["region"], w["period"], w["status"], w["narrative"]], rows)]
