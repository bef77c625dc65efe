"""Target attainment: one table of every quantified target, and a chart per judged target with
its projection and band (the shared `charts.target` spec)."""

from __future__ import annotations

from coopwatch.charts.common import indicator_name, region_name, status_label
from coopwatch.charts.target import target_figure
from coopwatch.plans import ItemRef
from coopwatch.report.sections.methods import calc
from coopwatch.report.blocks import chart, para, section, table
from coopwatch.report.references import cell
from coopwatch.report.words import num


def value_cell(ctx, a, v, context_point: dict | None = None) -> dict | str:
    """A stored (or derived) value of the target's series, citing its sources. A target with no
    data of its own shows its proxy's figure (`proxy_context`) in brackets: context, not judged."""
    where = a.proxy if a.judged_on == "proxy" else a.region
    if v is None and context_point and a.proxy:
        from coopwatch.indicators import derived_series

        v = derived_series(ctx.observations, a.proxy, a.series_indicator).get(context_point["year"])
        if v is None:
            return "-"
        refs = [ctx.refs.source(s) for s in v.sources]
        return cell(f"[{num(v.value)} ({v.year})]", ref=refs, obs=f"{a.proxy}|{a.series_indicator}|{v.year}",
                    value=v.value)
    if v is None:
        return "-"
    refs = [ctx.refs.source(s) for s in v.sources]
    return cell(f"{num(v.value)} ({v.year})", ref=refs, obs=f"{where}|{a.series_indicator}|{v.year}", value=v.value)


def build(ctx) -> dict:
    w = ctx.w
    method = calc(ctx, "targets")
    proj = calc(ctx, "projection")
    if not ctx.assessments:
        return section("targets", w["targets"], [para(w["targets_none"])])
    by_plan: dict[str, list] = {}
    for a in ctx.assessments:
        rows = by_plan.setdefault(a.plan, [])
        where = region_name(a.region, ctx.lang)
        if a.proxy:
            where += f" ({region_name(a.proxy, ctx.lang)})"
        p = a.projected_value
        projected = "-" if not p or p.get("value") is None else cell(
            f"{num(p['value'])} [{num(p['low'])}, {num(p['high'])}]", ref=[proj], value=p["value"])
        context = a.proxy_context or {}
        rows.append([ItemRef.parse(a.item).item if a.item else "-", indicator_name(a.indicator, ctx.lang),
                     f"{a.threshold_words(ctx.lang)} ({a.year})", where,
                     value_cell(ctx, a, a.baseline, context.get("baseline")),
                     value_cell(ctx, a, a.latest, context.get("latest")), projected,
                     cell(status_label(a.status, ctx.lang), ref=method)])
    titles = {p.id: ctx.plan_title(p) for p in ctx.plans}
    blocks = [table([w["item"], w["indicator"], w["target"], w["region"], w["baseline"], w["latest"], w["projected"],
                     w["status"]], rows, caption=titles[plan]) for plan, rows in by_plan.items()]
    unjudged = [a for a in ctx.assessments if a.reason_text(ctx.lang)]
    if unjudged:
        blocks.append(para(w["targets_context"]))
        blocks += [para(f"{indicator_name(a.indicator, ctx.lang)}: {a.reason_text(ctx.lang)}") for a in unjudged]
    for a in ctx.assessments:
        if a.series:
            refs = sorted({ctx.refs.source(s) for v in a.series for s in v.sources}, key=lambda r: int(r[1:]))
            blocks.append(chart(ctx, target_figure(a, ctx.lang), refs + [proj]))
    return section("targets", w["targets"], blocks)
