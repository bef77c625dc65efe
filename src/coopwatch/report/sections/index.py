"""The composite China index: scores and ranks of the 31 provinces with their rank intervals
(`evaluate.china`), the dot-and-interval chart, and the Sobol sensitivity of the ranks to the
index's uncertain choices (`evaluate.uncertainty`)."""

from __future__ import annotations

from coopwatch.charts.common import region_name
from coopwatch.charts.ranks import rank_intervals
from coopwatch.errors import InputError
from coopwatch.report.sections.methods import calc
from coopwatch.report.blocks import chart, para, section, table
from coopwatch.report.context import INDEX_RUNS
from coopwatch.report.references import cell
from coopwatch.report.words import num


def china_index(ctx):
    """(year, ChinaIndex, sensitivity) for the latest complete year up to the as-of year, or
    (None, None, reason) when the stored observations cannot build it."""
    from coopwatch.evaluate.china import build_china_index, latest_complete_year
    from coopwatch.evaluate.uncertainty import run_uncertainty

    try:
        year = min(latest_complete_year(ctx.store), ctx.as_of.year)
        china = build_china_index(ctx.store, year, runs=INDEX_RUNS, seed=ctx.seed)
    except InputError as exc:
        return None, None, str(exc)
    sensitivity = run_uncertainty(china.index, INDEX_RUNS, ctx.seed, sensitivity=True).sensitivity
    return year, china, sensitivity


def build(ctx) -> dict:
    w = ctx.w
    method = calc(ctx, "index")
    year, china, sensitivity = china_index(ctx)
    ctx.index_problem = None if china else sensitivity
    if china is None:
        return section("index", w["index"], [para(sensitivity)])
    fw = china.index.framework
    name = fw.nodes[fw.index_code].name
    if ctx.lang == "zh":
        name = "区域科技合作综合指数"
    t = china.table()
    units, rows = [], []
    for code, r in t.iterrows():
        label = region_name(code, ctx.lang)
        units.append({"name": label, "rank": int(r["rank"]), "low": float(r["p5_rank"]), "high": float(r["p95_rank"]),
                      "score": float(r["score"])})
        rows.append([str(int(r["rank"])), label, cell(num(r["score"], 1), ref=method, value=float(r["score"])),
                     f"{r['p5_rank']:.0f}–{r['p95_rank']:.0f}", f"{r['median_rank']:g}"])
    blocks = [para(w["index_text"].format(n=len(t), runs=INDEX_RUNS), [method])]
    blocks.append(chart(ctx, rank_intervals(units, w["index_chart"], ctx.lang), [method]))
    blocks.append(table([w["rank"], w["region"], w["score"], w["interval"], "median" if ctx.lang == "en" else "中位排名"],
                        rows, caption=w["index_title"].format(name=name, year=year)))
    if sensitivity:
        blocks.append(table([w["input"], w["si"], w["ci"], w["sti"], w["ci"]],
                            [[s["input"], cell(num(s["Si"], 3), ref=method, value=s["Si"]), "[{:.3f}, {:.3f}]".format(*s["Si_ci"]),
                              cell(num(s["STi"], 3), ref=method, value=s["STi"]),
                              "[{:.3f}, {:.3f}]".format(*s["STi_ci"])] for s in sensitivity],
                            caption=w["sensitivity"]))
    return section("index", w["index"], blocks)
