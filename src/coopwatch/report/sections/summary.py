"""Summary of the period: targets by status, best and worst tasks, what changed since the
previous report."""

from __future__ import annotations

from collections import Counter

from coopwatch.charts.common import STATUS_COLOURS, status_label
from coopwatch.report.sections.methods import calc
from coopwatch.report.blocks import heading, para, section, table
from coopwatch.report.references import cell
from coopwatch.report.words import date_text, num


def scored_items(ctx) -> list[dict]:
    """Every scored item of the plans, best first, with its plan's id."""
    items = [e | {"plan": card["plan"]} for card in ctx.scorecards for e in card["items"] if e["score"] is not None]
    return sorted(items, key=lambda e: -e["score"])


def item_label(ctx, entry: dict) -> str:
    from coopwatch.plans.render import in_language

    return f"{entry['item']} {in_language(entry['title'], ctx.lang)}"


def build(ctx) -> dict:
    w = ctx.w
    calc_targets = calc(ctx, "targets")
    calc_score = calc(ctx, "scorecard")
    counts = Counter(a.status for a in ctx.assessments)
    sep = "，" if ctx.lang == "zh" else ", "
    count_text = sep.join(f"{status_label(s, ctx.lang)} {counts[s]}" for s in STATUS_COLOURS if counts[s]) or w["none"]
    scored = scored_items(ctx)
    mean = sum(e["score"] for e in scored) / len(scored) if scored else None
    plans = ("、" if ctx.lang == "zh" else "; ").join(ctx.plan_title(p) for p in ctx.plans)
    blocks = [para(w["summary_text"].format(as_of=date_text(ctx.as_of, ctx.lang), plans=plans,
                                            n=len(ctx.assessments), counts=count_text, scored=len(scored),
                                            mean=num(mean, 1)), [calc_targets, calc_score])]
    blocks.append(table([w["status"], w["count"]],
                        [[status_label(s, ctx.lang), cell(counts[s], ref=calc_targets)]
                         for s in STATUS_COLOURS if counts[s]], caption=w["status_counts"]))

    def rows(entries):
        return [[item_label(ctx, e), e["grade"], cell(num(e["score"], 1), ref=calc_score, value=e["score"])]
                for e in entries]

    if scored:
        blocks.append(table([w["item"], w["grade"], w["score"]], rows(scored[:3]), caption=w["best"]))
        blocks.append(table([w["item"], w["grade"], w["score"]], rows(scored[-3:][::-1]), caption=w["worst"]))
    blocks += changes(ctx)
    return section("summary", w["summary"], blocks)


def changes(ctx) -> list[dict]:
    from coopwatch.report.snapshot import differences, snapshot_at, take_snapshot

    w = ctx.w
    before = ctx.previous if getattr(ctx, "previous", None) else snapshot_at(ctx.store, ctx.plans, ctx.since)
    ctx.snapshot = take_snapshot(ctx.assessments, ctx.scorecards, ctx.evidence, ctx.as_of)
    diff = differences(before, ctx.snapshot)
    import datetime as dt

    since = date_text(dt.date.fromisoformat(diff["since"]), ctx.lang)
    out = [heading(w["changes"].format(since=since))]
    m, n = diff["documents"]
    out.append(para(w["new_documents"].format(n=n, m=m), [calc(ctx, "counting")]))
    if diff["statuses"]:
        out.append(table([w["target"], w["before"], w["now"]],
                         [[k.replace("|", " "), status_label(a, ctx.lang) if a else "-", status_label(b, ctx.lang)]
                          for k, a, b in diff["statuses"]], caption=w["changed_status"]))
    if diff["scores"]:
        out.append(table([w["item"], w["before"], w["now"], w["change"]],
                         [[k, num(a, 1), num(b, 1), num((b or 0) - (a or 0), 1) if a is not None and b is not None else "-"]
                          for k, a, b in diff["scores"][:10]], caption=w["changed_score"]))
    if not diff["statuses"] and not diff["scores"] and m == n:
        out.append(para(w["no_changes"]))
    return out
