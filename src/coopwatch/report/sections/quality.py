"""Data quality: the data checks' findings (`indicators.checks`), the targets that could not be
judged and why, the items without a score, and whether evidence was monitored at all."""

from __future__ import annotations

from collections import Counter

from coopwatch.charts.common import indicator_name, region_name
from coopwatch.report.blocks import heading, para, section, table

SHOWN = 30
MESSAGE = 160  # a finding's message is cut here (the sources it quotes can be long); `coopwatch check` has all


def build(ctx) -> dict:
    from coopwatch.indicators.checks import check_observations

    w = ctx.w
    from coopwatch.report.references import cell
    from coopwatch.report.sections.methods import CHECK_Z, calc

    findings = check_observations(ctx.store, z=CHECK_Z)
    counts = Counter(f.check for f in findings)
    method = calc(ctx, "checks")
    blocks = [table([w["check"], w["count"]], [[w["check_kinds"].get(k, k), cell(n, ref=method)] for k, n in counts.items()],
                    caption=w["check_counts"])]
    rows = [[w["check_kinds"].get(f.check, f.check), region_name(f.region, ctx.lang),
             indicator_name(f.indicator, ctx.lang), str(f.year),
             f.message if len(f.message) <= MESSAGE else f.message[:MESSAGE] + "…"] for f in findings[:SHOWN]]
    note = w["checks_shown"].format(n=SHOWN, total=len(findings)) if len(findings) > SHOWN else None
    blocks.append(table([w["check"], w["region"], w["indicator"], w["year"], w["message"]], rows,
                        caption=w["checks"], note=note))
    not_judged = [a for a in ctx.assessments if a.status == "insufficient_data"]
    blocks.append(heading(w["not_judged"]))
    if not_judged:
        blocks.append(table([w["item"], w["indicator"], w["region"], w["reason"]],
                            [[a.item or a.plan, indicator_name(a.indicator, ctx.lang),
                              region_name(a.proxy or a.region, ctx.lang), reason(a, ctx.lang)] for a in not_judged]))
    else:
        blocks.append(para(w["none"]))
    missing = sorted({(a.proxy or a.region or "", a.series_indicator or a.indicator or "") for a in not_judged if not a.series})
    if missing:
        blocks.append(table([w["region"], w["indicator"]],
                            [[region_name(r, ctx.lang), indicator_name(i, ctx.lang)] for r, i in missing],
                            caption=w["missing_series"]))
    for card in ctx.scorecards:
        n = sum(e["score"] is None for e in card["items"])
        if n:
            blocks.append(para(f"{card['plan']}: " + w["not_scored"].format(n=n)))
    if not any(monitored for _, monitored in ctx.evidence.values()):
        blocks.append(para(w["not_monitored"]))
    if getattr(ctx, "index_problem", None):
        blocks.append(para(ctx.index_problem))
    return section("quality", w["quality"], blocks)


def reason(a, lang: str) -> str:
    """Why a target could not be judged, in words."""
    if not a.series:
        where = a.proxy or a.region or "-"
        series = a.series_indicator or a.indicator
        return (f"数据库中没有{region_name(where, lang)}的“{indicator_name(series, lang)}”数据" if lang == "zh"
                else f"no stored values of {series} for {where}")
    if len(a.series) < 2:
        return "只有一个数值，无法计算进展" if lang == "zh" else "a single value: no progress can be measured"
    return a.method
