"""Every text of the report, in Chinese and English (Chinese first: the report is written for
the ministries and the provincial departments)."""

from __future__ import annotations

import datetime as dt

WORDS = {
    "zh": {
        "report": "科技合作规划实施情况评估报告", "period": "评估期", "as_of": "评估截止日期", "plans": "评估对象",
        "generated": "生成时间", "toc": "目录", "page": "第{n}页",
        "summary": "一、评估期概况", "targets": "二、目标完成情况", "map": "三、地区分布与结对网络",
        "scorecards": "四、重点任务评分", "index": "五、区域科技合作综合指数", "digest": "六、动态摘要与典型案例",
        "quality": "七、数据质量", "methods": "附录一 方法说明", "sources": "附录二 资料来源",
        "status_counts": "目标状态统计", "status": "状态", "count": "数量", "best": "得分最高的任务",
        "worst": "得分最低的任务", "changes": "与上期（{since}）相比的变化", "no_changes": "与上期相比没有变化。",
        "changed_status": "目标状态变化", "changed_score": "任务得分变化", "before": "上期", "now": "本期",
        "change": "变化", "new_documents": "新增计入证据的文档：{n}篇（上期{m}篇）。",
        "summary_text": "截至{as_of}，{plans}共有量化目标{n}项：{counts}。已评分任务{scored}项，平均得分{mean}。",
        "plan": "方案", "item": "任务", "indicator": "指标", "target": "目标值", "region": "地区", "baseline": "基期值",
        "latest": "最新值", "projected": "预测值（区间）", "year": "年份", "value": "数值", "unit": "单位",
        "targets_none": "所选方案没有量化目标。", "chart_of": "图{n}", "table_alt": "图表数据",
        "map_title": "各省计入证据的结对文档数", "network_title": "西部与东部地区任务结对网络（线宽为证据文档数）",
        "map_text": "地图为方格地图（每省一格，位置近似地理方位），颜色表示该省在计入证据的文档中作为结对一方出现的文档数。"
                    "网络中节点为省份，连线为任务结对，实线表示有计入的证据，虚线表示方案所列但尚无证据。",
        "scorecard_of": "{plan}：重点任务得分", "rank": "排名", "grade": "等级", "score": "得分",
        "evidence": "证据", "progress": "进展", "outcomes": "成效", "interval": "排名区间（5%–95%）", "why": "依据",
        "title": "名称", "not_scored": "未评分任务{n}项（无证据、进展、指标或目标数据）。",
        "rank_chart": "{plan}：任务排名及其区间",
        "index_title": "{name}（{year}年）", "index_text": "{n}个省份，{runs}次蒙特卡洛模拟给出排名区间（5%–95%）。",
        "index_chart": "各省综合指数排名及其区间", "sensitivity": "敏感性分析（Sobol指数，平均排名变动）",
        "input": "输入", "si": "一阶指数 Si", "sti": "总效应指数 STi", "ci": "95%置信区间",
        "topics": "热点主题", "events": "事件数", "reports": "报道数", "amount": "金额", "documents": "文档",
        "pairings": "结对（西部地区—合作方）", "cases": "典型案例（证据最充分的事件）", "library": "案例库",
        "lessons": "经验", "digest_text": "评估期内文档{docs}篇，关联到方案任务{linked}篇，事件{events}个。",
        "no_cases": "案例库中暂无案例。", "none": "（无）",
        "checks": "数据检查发现的问题", "check": "检查", "message": "说明", "check_counts": "检查结果统计",
        "not_judged": "无法判断的目标及原因", "reason": "原因", "missing_series": "缺失的数据序列",
        "not_monitored": "截至评估日期，数据库中没有任何文档，证据维度未被监测。",
        "checks_shown": "（仅列出前{n}项，共{total}项；完整列表见 coopwatch check）",
        "updates": "本期审核通过的进展报告", "updates_none": "本期没有审核通过的进展报告。", "narrative": "说明",
        "vintage": "数据版本", "file": "文件", "imported": "导入时间", "rows": "行数", "latest_year": "最新年份",
        "ref": "编号", "source": "来源", "kind": "类别",
        "kinds": {"observation": "统计数据", "document": "文档", "computation": "计算"},
        "check_kinds": {"outlier": "异常值", "break": "序列断点", "missing": "缺失", "range": "超出合理范围"},
        "yuan": "{v}亿元", "yuan_small": "{v}万元",
    },
    "en": {
        "report": "Evaluation report on the implementation of S&T cooperation plans", "period": "Period",
        "as_of": "As of", "plans": "Plans evaluated", "generated": "Generated", "toc": "Contents", "page": "page {n}",
        "summary": "1 Summary of the period", "targets": "2 Target attainment", "map": "3 Regions and the pairing network",
        "scorecards": "4 Key-task scorecards", "index": "5 Composite S&T cooperation index",
        "digest": "6 Digest of the period and good practices", "quality": "7 Data quality",
        "methods": "Appendix A Methods", "sources": "Appendix B Sources",
        "status_counts": "Targets by status", "status": "status", "count": "count", "best": "Best-scoring tasks",
        "worst": "Lowest-scoring tasks", "changes": "Changes since the previous report ({since})",
        "no_changes": "Nothing changed since the previous report.", "changed_status": "Targets whose status changed",
        "changed_score": "Task scores that changed", "before": "before", "now": "now", "change": "change",
        "new_documents": "Documents counted as evidence: {n} (previous report: {m}).",
        "summary_text": "As of {as_of}, {plans} have {n} quantified targets: {counts}. {scored} tasks are scored, "
                        "with a mean score of {mean}.",
        "plan": "plan", "item": "item", "indicator": "indicator", "target": "target", "region": "region",
        "baseline": "baseline", "latest": "latest", "projected": "projected (band)", "year": "year", "value": "value",
        "unit": "unit", "targets_none": "The selected plans have no quantified target.", "chart_of": "Figure {n}",
        "table_alt": "Chart data",
        "map_title": "Counted evidence documents showing a pairing, by province",
        "network_title": "West-east task partnerships (line width: evidence documents)",
        "map_text": "The map is a tile grid (one square per province, placed roughly by geography); the colour is the "
                    "number of counted evidence documents that show the province in a pairing. In the network, nodes "
                    "are provinces and lines task partnerships: solid with counted evidence, dashed when the plan names "
                    "the partnership but no evidence counts yet.",
        "scorecard_of": "{plan}: key-task scores", "rank": "rank", "grade": "grade", "score": "score",
        "evidence": "evidence", "progress": "progress", "outcomes": "outcomes", "interval": "rank 5-95%",
        "why": "why", "title": "title",
        "not_scored": "{n} items are not scored (no evidence, progress, indicator or target data).",
        "rank_chart": "{plan}: task ranks and their intervals",
        "index_title": "{name} ({year})", "index_text": "{n} provinces; rank intervals (5-95%) over {runs} Monte Carlo runs.",
        "index_chart": "Index ranks of the provinces with their intervals",
        "sensitivity": "Sensitivity (Sobol indices of the mean absolute rank shift)",
        "input": "input", "si": "first-order Si", "sti": "total STi", "ci": "95% CI",
        "topics": "Hot topics", "events": "events", "reports": "reports", "amount": "amount", "documents": "documents",
        "pairings": "Pairings (western region - partner)", "cases": "Typical cases (best-evidenced events)",
        "library": "Case library", "lessons": "lessons",
        "digest_text": "{docs} documents in the period, {linked} linked to plan items, {events} events.",
        "no_cases": "The case library holds no case yet.", "none": "(none)",
        "checks": "Findings of the data checks", "check": "check", "message": "message",
        "check_counts": "Findings by check", "not_judged": "Targets that could not be judged, and why",
        "reason": "reason", "missing_series": "Missing series",
        "not_monitored": "No document was stored by the as-of date: the evidence pillar is not monitored.",
        "checks_shown": "(the first {n} of {total}; `coopwatch check` lists all)",
        "updates": "Progress updates approved for the period", "updates_none": "No approved progress update for the period.",
        "narrative": "narrative",
        "vintage": "Data vintage", "file": "file", "imported": "imported", "rows": "rows", "latest_year": "latest year",
        "ref": "ref", "source": "source", "kind": "kind",
        "kinds": {"observation": "statistics", "document": "document", "computation": "computation"},
        "check_kinds": {"outlier": "outlier", "break": "break in series", "missing": "missing", "range": "out of range"},
        "yuan": "{v} billion yuan", "yuan_small": "{v} million yuan",
    },
}


def words(lang: str) -> dict:
    return WORDS[lang]


def date_text(d: dt.date, lang: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {d.strftime('%B')} {d.year}"


def money(yuan: float | None, lang: str) -> str:
    """Yuan as 亿元 / 万元 in Chinese, billion / million yuan in English."""
    if not yuan:
        return "-"
    w = WORDS[lang]
    big, small = (1e8, 1e4) if lang == "zh" else (1e9, 1e6)
    if yuan >= big:
        return w["yuan"].format(v=f"{yuan / big:,.2f}")
    return w["yuan_small"].format(v=f"{yuan / small:,.0f}" if lang == "zh" else f"{yuan / small:,.1f}")


def num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "-"
    return f"{x:,.{digits}f}"
