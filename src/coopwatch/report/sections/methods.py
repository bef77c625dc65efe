"""The methods appendix: formulas and thresholds of every computation the report cites (the
`C…` references), with the values the library uses, and the data vintage."""

from __future__ import annotations

from coopwatch.report.blocks import heading, para, section, table

CHECK_Z = 3.0  # the z threshold of the outlier check in the report (the default of `coopwatch check`)

METHODS = {
    "targets": {
        "zh": "目标进展评价采用Open SDG/加拿大统计局的进展测度：基期值x₀、最新值x_t、目标值x*，"
              "所需年均增长率 r* = (x*/x₀)^(1/(T−t₀)) − 1，实际年均增长率 r = (x_t/x₀)^(1/(t−t₀)) − 1，"
              "比值 r/r* ≥ 0.95 为进展顺利，0.5–0.95 为需加快，0–0.5 为进展有限，低于0为出现倒退；"
              "最新值已达到目标为已实现；少于两个数值为数据不足。",
        "en": "Target progress follows the Open SDG / Statistics Canada measure: with baseline x₀, latest x_t and "
              "target x*, the required growth r* = (x*/x₀)^(1/(T−t₀)) − 1 and the observed growth "
              "r = (x_t/x₀)^(1/(t−t₀)) − 1; r/r* ≥ 0.95 on track, 0.5–0.95 acceleration needed, 0–0.5 limited "
              "progress, below 0 deterioration; a latest value meeting the target is achieved; fewer than two "
              "values is insufficient data."},
    "projection": {
        "zh": "预测采用联合国亚太经社会的时间加权线性回归（权重 w_t = 1 + t − t_first），区间为目标年份的{level:.0%}预测区间"
              "与按实际年均增长率外推值的包络；只有两个数值时，区间为直线趋势与复合增长两种外推之间的范围。",
        "en": "Projection: UN ESCAP's time-weighted linear regression (weights w_t = 1 + t − t_first); the band spans "
              "the {level:.0%} prediction interval at the target year and the value carried forward at the observed "
              "compound growth; with two values only, the band is the spread of a straight line and compound growth."},
    "counting": {
        "zh": "计入证据的规则：评估人员驳回的关联不计入；确认的关联计入；未审核的关联在链接器将其选为该文档的最佳任务且校准后的"
              "关联概率不低于{count_from}时计入；同一文档的副本只计一次；同一事件的金额取各报道中的最大值，只计一次。",
        "en": "Which evidence counts: a link an evaluator rejected never counts; a confirmed link counts; an unreviewed "
              "link counts when the linker chose it for its document and its calibrated probability is at least "
              "{count_from}; copies of a document count once; an event's amount is the largest any report states, once."},
    "scorecard": {
        "zh": "重点任务评分：证据（权重4）、进展（3）、成效（3）三个维度，各指标按目标区间归一化到0–100，加权算术平均"
              "（缺失值的权重按比例重新分配）；等级 A ≥ 80，B ≥ 65，C ≥ 50，D ≥ 35，其余为E；排名区间为权重扰动"
              "（×U(0.75, 1.25)）与聚合方法（算术/幂平均）不确定性下{runs}次模拟的5%–95%分位排名。",
        "en": "Key-task scorecard: pillars evidence (weight 4), progress (3) and outcomes (3); each indicator normalised "
              "to 0–100 by goalposts, weighted arithmetic mean with weights renormalised over the values present; "
              "grades A ≥ 80, B ≥ 65, C ≥ 50, D ≥ 35, else E; rank interval = 5–95% of the rank over {runs} runs "
              "with weights × U(0.75, 1.25) and arithmetic or power mean."},
    "index": {
        "zh": "区域科技合作综合指数按JRC/OECD综合指数方法（与COINr一致）：插补、筛选、异常值处理、min-max归一化到0–100、"
              "算术平均聚合；不确定性分析对异常值处理、归一化方法、权重（±25%）和聚合方法随机抽样{runs}次，"
              "给出排名的5%–95%区间；敏感性分析为平均排名变动的Sobol一阶与总效应指数。",
        "en": "The China S&T cooperation index follows the JRC/OECD method (parity with COINr): impute, screen, treat "
              "outliers, min-max normalise to 0–100, arithmetic mean; the uncertainty analysis samples the outlier "
              "treatment, normaliser, weights (±25%) and aggregation {runs} times for 5–95% rank intervals; the "
              "sensitivity analysis gives Sobol first-order and total indices of the mean absolute rank shift."},
    "checks": {
        "zh": "数据检查：异常值为相邻年份对数变化的z值绝对值大于{z:g}；序列断点为单位变化，或来源变化且变化的z值绝对值大于{break_z:g}；"
              "缺失为半数以上地区有值的年份本地区无值；超出合理范围为数值不在该指标的合理区间内。",
        "en": "Data checks: an outlier is a year-on-year log change with |z| above {z:g}; a break is a change of unit, or "
              "of source with |z| above {break_z:g}; missing is a year that at least half of the regions report; out "
              "of range is a value outside the indicator's plausible range."},
}


NAMES = {"targets": {"zh": "目标进展测度", "en": "target progress measure"},
         "projection": {"zh": "目标年份预测及其区间", "en": "projection to the target year and its band"},
         "counting": {"zh": "证据计入规则", "en": "the rule for which evidence counts"},
         "scorecard": {"zh": "重点任务评分", "en": "key-task scorecard"},
         "index": {"zh": "区域科技合作综合指数", "en": "composite S&T cooperation index"},
         "checks": {"zh": "数据检查", "en": "data checks"}}


def calc(ctx, key: str) -> str:
    """The reference of a computation, described in this appendix."""
    return ctx.refs.computation(key, NAMES[key][ctx.lang])


def method_text(key: str, lang: str) -> str:
    from coopwatch.evidence.counting import COUNT_FROM
    from coopwatch.indicators.projection import LEVEL
    from coopwatch.report.context import INDEX_RUNS, SCORECARD_RUNS

    from coopwatch.indicators.checks import BREAK_Z

    runs = INDEX_RUNS if key == "index" else SCORECARD_RUNS
    return METHODS[key][lang].format(level=LEVEL, count_from=COUNT_FROM, runs=runs, z=CHECK_Z, break_z=BREAK_Z)


def build(ctx) -> dict:
    from coopwatch.indicators.observations import list_observations

    w = ctx.w
    blocks = []
    for (kind, key), ref in ctx.refs.entries.items():
        if kind == "computation" and key in METHODS:
            blocks.append(heading(f"[{ref.id}] {ref.text}"))
            blocks.append(para(method_text(key, ctx.lang)))
    batches: dict[tuple, dict] = {}
    latest: dict[str, int] = {}
    for o in list_observations(ctx.store):
        b = batches.setdefault((o["file"], o["sha256"]), {"rows": 0, "imported": o["imported_at"]})
        b["rows"] += 1
        latest[o["indicator"]] = max(latest.get(o["indicator"], 0), o["year"])
    blocks.append(heading(w["vintage"]))
    blocks.append(table([w["file"], "sha256", w["imported"], w["rows"]],
                        [[f or "-", (h or "")[:12], b["imported"], b["rows"]] for (f, h), b in batches.items()]))
    from coopwatch.charts.common import indicator_name

    blocks.append(table([w["indicator"], w["latest_year"]],
                        [[indicator_name(i, ctx.lang), y] for i, y in sorted(latest.items())]))
    return section("methods", w["methods"], blocks)
