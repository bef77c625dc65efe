"""The dashboard's words in zh and en, and how numbers, dates and region names are written in
each. Which language a request wants is decided once, by `web.templating.language`
(?lang=, else the remembered cookie, else Chinese).

Chart words live with the charts (`coopwatch.charts`), scorecard reasons with the scorecard; this
catalogue holds only what the pages themselves say."""

from __future__ import annotations

import datetime as dt

from coopwatch.records.updates import STATUS_LABELS as UPDATE_STATUS_LABELS

LANGS = ("zh", "en")
DEFAULT = "zh"

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "site": ("东西部科技合作监测评估", "coopwatch: S&T cooperation monitoring"),
    "skip": ("跳到正文", "Skip to content"),
    "nav.overview": ("总览", "Overview"),
    "nav.plans": ("方案", "Plans"),
    "nav.regions": ("地区", "Regions"),
    "nav.index": ("指数", "Index"),
    "nav.digest": ("动态摘要", "Digest"),
    "nav.cases": ("案例库", "Cases"),
    "nav.data": ("数据", "Data"),
    "nav.review": ("审核", "Review"),
    "nav.login": ("登录", "Log in"),
    "nav.logout": ("退出", "Log out"),
    "lang.switch": ("English", "中文"),
    "lang.label": ("语言", "Language"),
    "signed_in": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "role.admin": ("管理员", "admin"), "role.evaluator": ("评估员", "evaluator"),
    "role.reporter": ("填报员", "reporter"), "role.viewer": ("查看者", "viewer"),
    # overview
    "overview.title": ("总览", "Overview"),
    "overview.targets": ("目标进展", "Targets by status"),
    "overview.targets_none": ("暂无可评估的量化目标。", "No quantified target can be judged yet."),
    "overview.map": ("各省地图", "Map of the provinces"),
    "overview.map_by": ("着色依据", "Colour by"),
    "overview.indicator": ("指标", "Indicator"),
    "overview.year": ("年份", "Year"),
    "overview.target": ("目标（按省评估）", "Target (judged per province)"),
    "overview.show": ("显示", "Show"),
    "overview.map_help": ("点击省份查看该地区页面。", "Click a province to open its page."),
    "overview.network": ("东西部结对网络", "West–east pairing network"),
    "overview.network_help": ("连线宽度为计入的证据文档数；虚线为方案所列但尚无证据。点击连线打开任务。",
                              "Line width is the number of counted documents; dashed lines are planned "
                              "pairings without evidence yet. Click a line to open its task."),
    "overview.latest": ("最新证据", "Latest evidence"),
    "overview.queue": ("待审核", "Waiting for review"),
    "overview.queue_updates": ("进展报告 {n} 份", "{n} progress updates"),
    "overview.queue_evidence": ("待确认的证据链接 {n} 条", "{n} evidence links to confirm"),
    "overview.queue_data": ("观测数据批次 {n} 批", "{n} observation batches"),
    "overview.open_queue": ("打开审核页", "Open the review page"),
    # tables and charts
    "table.show": ("以表格显示图表数据", "Chart data as a table"),
    "chart.loading": ("正在绘制图表…", "Drawing the chart…"),
    "col.status": ("状态", "Status"), "col.count": ("数量", "Count"),
    "col.target": ("目标", "Target"), "col.region": ("地区", "Region"),
    "col.date": ("日期", "Date"), "col.document": ("文档", "Document"),
    "col.item": ("任务", "Task"), "col.state": ("审核状态", "Review state"),
    "col.score": ("关联度", "Link score"), "col.amount": ("金额（元）", "Amount (yuan)"),
    "col.counted": ("是否计入", "Counted"), "col.why": ("原因", "Why"),
    "col.period": ("期间", "Period"), "col.author": ("提交人", "Submitted by"),
    "col.narrative": ("说明", "Narrative"), "col.progress": ("进展状态", "Progress"),
    "col.action": ("操作", "Action"), "col.value": ("数值", "Value"),
    "col.year": ("年份", "Year"), "col.indicator": ("指标", "Indicator"),
    "col.source": ("来源", "Source"), "col.flag": ("检查结果", "Finding"),
    "col.rank": ("排名", "Rank"), "col.interval": ("排名区间（5%–95%）", "Rank interval (5–95 %)"),
    "col.grade": ("等级", "Grade"), "col.pillar": ("维度", "Pillar"),
    "col.title": ("名称", "Title"), "col.domains": ("领域", "Domains"),
    "region.no_values": ("本地区尚无该指标的数值，无从绘制。", "no values of this indicator for this region yet: nothing to chart."),
    "digest.n_reports": ("报道{n}篇", "{n} reports"), "unit.yuan": ("元", "yuan"),
    "col.kind": ("类型", "Kind"), "col.reports": ("报道数", "Reports"),
    "col.events": ("事件数", "Events"), "col.documents": ("文档", "Documents"),
    "col.moved": ("名次变化", "Rank change"), "col.input": ("不确定性来源", "Uncertain choice"),
    "col.si": ("一阶指数", "First-order index"), "col.sti": ("总效应指数", "Total-effect index"),
    "sep": ("、", ", "),
    "pillar.evidence": ("证据", "evidence"), "pillar.progress": ("进展", "progress"), "pillar.outcomes": ("成效", "outcomes"),
    "yes": ("是", "yes"), "no": ("否", "no"), "none": ("无", "none"),
    # evidence states and progress statuses
    "state.proposed": ("待确认", "proposed"), "state.confirmed": ("已确认", "confirmed"),
    "state.rejected": ("已否定", "rejected"), "state.draft": ("草稿", "draft"),
    "state.submitted": ("已提交", "submitted"), "state.approved": ("已批准", "approved"),
    "state.accepted": ("已批准", "approved"), "state.returned": ("已退回", "returned"),
    **{f"progress.{s}": (w["zh"], w["en"]) for s, w in UPDATE_STATUS_LABELS.items()},
    "confirm": ("确认", "Confirm"), "reject": ("否定", "Reject"),
    "approve": ("批准", "Approve"), "return": ("退回", "Return"),
    "note": ("意见", "Comment"),
    # plans and items
    "plans.title": ("方案", "Plans"),
    "plan.items": ("条目", "Items"),
    "plan.scorecard": ("重点任务评分", "Key-task scorecard"),
    "item.text": ("原文", "Text"),
    "item.regions": ("地区", "Regions"), "item.partners": ("合作方", "Partners"),
    "item.agencies": ("部门", "Agencies"), "item.domains": ("领域", "Domains"),
    "item.places": ("地点", "Places"), "item.children": ("下级条目", "Sub-items"),
    "item.scorecard": ("评分", "Scorecard"),
    "item.score_line": ("得分 {score}，等级 {grade}，排名 {rank}", "Score {score}, grade {grade}, rank {rank}"),
    "item.no_score": ("暂无数据，无法评分。", "No data yet: not scored."),
    "item.interval": ("排名区间（5%–95%，{runs} 次模拟）：{low}–{high}",
                      "Rank interval (5–95 %, {runs} runs): {low}–{high}"),
    "item.reasons": ("评分依据", "What the score rests on"),
    "item.evidence": ("证据时间线", "Evidence timeline"),
    "item.evidence_none": ("暂无与该任务关联的文档。", "No document is linked to this task yet."),
    "item.updates": ("进展报告", "Progress updates"),
    "item.updates_none": ("暂无进展报告。", "No progress update yet."),
    "item.submit": ("提交进展报告", "Submit a progress update"),
    "item.submit_button": ("提交", "Submit"),
    "item.cases": ("案例", "Cases"),
    "item.targets": ("目标", "Targets"),
    "kind.section": ("部分", "section"), "kind.programme": ("专项行动", "programme"),
    "kind.task": ("任务", "task"), "kind.measure": ("措施", "measure"),
    "kind.safeguard": ("保障措施", "safeguard"), "kind.goal": ("目标", "goal"),
    # regions
    "regions.title": ("地区", "Regions"),
    "region.targets": ("指标轨迹与目标", "Indicator trajectories and targets"),
    "region.series": ("观测数据与来源", "Observations and their sources"),
    "region.series_help": ("点击数值查看来源、导入批次和修订。", "Click a value for its source, import batch and revisions."),
    "region.checks": ("数据检查", "Data checks"),
    "region.checks_none": ("数据检查未发现问题。", "The data checks found nothing."),
    "region.tasks": ("该地区的任务", "The region's tasks"),
    "region.evidence": ("该地区的证据", "The region's evidence"),
    "region.provenance": ("来源", "Provenance"),
    "region.revision": ("修订 {n}", "revision {n}"),
    "region.imported": ("{file} 第 {row} 行，{who} 于 {at} 导入", "{file}, row {row}, imported by {who} on {at}"),
    "region.derived": ("由 {inputs} 计算", "computed from {inputs}"),
    # index
    "index.title": ("中国区域科技合作指数", "China regional S&T cooperation index"),
    "index.year": ("{year} 年，{runs} 次不确定性模拟", "{year}, {runs} uncertainty runs"),
    "index.ranks": ("排名及排名区间", "Ranks with rank intervals"),
    "index.sensitivity": ("敏感性指数", "Sensitivity indices"),
    "index.sensitivity_help": ("各项方法选择对名次的影响（Sobol 指数）。", "How much each method choice moves the ranks (Sobol indices)."),
    "index.rerun": ("改变方法重新计算", "Re-run with changed choices"),
    "index.normalise": ("标准化方法", "Normaliser"), "index.aggregate": ("加总方法", "Aggregation"),
    "index.weights": ("权重", "Weights"), "index.run": ("重新计算", "Re-run"),
    "index.moved": ("与原方法相比名次变化", "What moved against the spec's choices"),
    "index.nothing_moved": ("没有地区名次变化。", "No region changed rank."),
    "sens.treat.winmax": ("异常值处理（缩尾上限）", "outlier treatment (winsorising limit)"),
    "sens.normalise": ("标准化方法", "normaliser"), "sens.weights": ("权重扰动", "weights (noise)"),
    "sens.aggregate": ("加总方法", "aggregation"),
    "norm.minmax": ("最小-最大（0–100）", "min-max (0–100)"), "norm.zscore": ("Z 分数", "z-score"),
    "norm.rank": ("排序", "rank"),
    "agg.amean": ("算术平均", "arithmetic mean"), "agg.gmean": ("几何平均", "geometric mean"),
    "weights.original": ("原始权重", "original"), "weights.equal": ("等权", "equal"),
    # digest
    "digest.title": ("动态摘要", "Digest"),
    "digest.since": ("起始日期", "From"), "digest.until": ("截止日期", "Until"),
    "digest.linked": ("关联到任务的文档", "Documents linked to tasks"),
    "digest.topics": ("热点任务", "Hot topics"), "digest.figures": ("关键数字", "Key figures"),
    "digest.pairings": ("结对", "Pairings"), "digest.cases": ("典型报道", "Stories"),
    # cases
    "cases.title": ("案例库", "Case library"),
    "cases.search": ("搜索", "Search"), "cases.filter": ("筛选", "Filter"),
    "cases.any": ("全部", "any"), "cases.none": ("没有符合条件的案例。", "No case matches."),
    "cases.summary": ("概要", "Summary"), "cases.lessons": ("经验", "Lessons"),
    # data
    "data.title": ("数据上传", "Upload data"),
    "data.upload_help": ("上传观测数据（CSV 或 XLSX，列为 region,indicator,year,value,unit,source）。全部通过检查才会导入。",
                         "Upload observations (CSV or XLSX with columns region,indicator,year,value,unit,source). "
                         "Nothing is imported unless every row passes."),
    "data.file": ("文件", "File"), "data.upload": ("上传", "Upload"),
    "data.done": ("已导入 {n} 条观测数据。", "{n} observations imported."),
    "data.batches": ("我上传的数据批次", "My uploads"), "data.rows": ("已存/行数", "stored / rows"),
    "data.own": ("我负责地区的完成情况", "Completeness of my regions"),
    "data.missing": ("本期尚无进展报告的任务", "Tasks with no update for the current period"),
    "exports.title": ("数据下载", "Downloads"),
    "exports.help": ("与 coopwatch export 相同的文件；观测数据、进展报告和案例的列与导入格式一致，可直接再导入。",
                     "The same files as the command coopwatch export writes; observations, progress updates and cases come in the "
                     "columns their importers read, so they can be imported again."),
    "exports.table": ("数据表", "Table"), "exports.formats": ("格式", "Formats"),
    "exports.observations": ("观测数据（含来源）", "observations (with sources)"),
    "exports.targets": ("目标评估", "targets as judged"), "exports.scorecards": ("任务评分", "task scorecards"),
    "exports.evidence": ("计入的证据", "evidence that counts"), "exports.progress": ("进展报告", "progress updates"),
    "exports.cases": ("案例", "cases"),
    "review.title": ("审核", "Review"),
    "review.updates": ("待审核的进展报告", "Progress updates waiting for review"),
    "review.evidence": ("待确认的证据链接", "Evidence links waiting for confirmation"),
    "review.batches": ("待审核的数据批次", "Observation batches waiting for review"),
    "review.empty": ("没有待审核的内容。", "Nothing waits for review."),
    # errors and messages
    "error.title": ("出错了", "Something is wrong"),
    "error.refused": ("无权执行此操作：{why}", "Not allowed: {why}"),
    "error.input": ("输入有误：{why}", "Wrong input: {why}"),
    "error.not_found": ("未找到：{what}", "Not found: {what}"),
    "done.saved": ("已保存。", "Saved."),
    "login.needed": ("请先登录。", "Please log in first."),
    "evidence.document": ("文档 {id}", "document {id}"),
    "doc.links": ("与方案任务的关联", "Links to plan items"), "doc.copy_of": ("重复于", "Copy of"),
    "generated": ("截至 {date}", "as of {date}"),
}


def pick(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT


def translate(key: str, lang: str, **values) -> str:
    """The message `key` in `lang`, with `{name}` fields filled; an unknown key shows itself."""
    pair = MESSAGES.get(key)
    text = key if pair is None else pair[LANGS.index(pick(lang))]
    return text.format(**values) if values else text


def number(x, digits: int = 1, *, lang: str = DEFAULT) -> str:
    """A number with thousands separators (both languages write 1,234.5)."""
    if x is None:
        return "–"
    if isinstance(x, int) or float(x).is_integer() and digits == 0:
        return f"{int(x):,}"
    return f"{float(x):,.{digits}f}"


def date(value, lang: str) -> str:
    """2024年3月5日 / 5 Mar 2024; an ISO string or date or datetime."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if pick(lang) == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%-d %b %Y")


def region(code: str | None, lang: str) -> str:
    from coopwatch.charts.common import region_name

    return region_name(code, pick(lang))


def text_in(texts, lang: str) -> str:
    """A {zh, en} text in the language, else the other one marked with its language."""
    from coopwatch.plans.render import in_language

    if isinstance(texts, str):
        return texts
    return in_language(texts or {}, pick(lang))


def term(kind: str, id: str, lang: str) -> str:
    """An agency's or domain's name in the language (its id when the vocabulary lacks it)."""
    from coopwatch.reference.vocabulary import term as find

    found = find(kind, id)
    if found is None:
        return id
    return (found.name_zh if pick(lang) == "zh" else found.name_en) or found.name_zh or id


def indicator(id: str | None, lang: str) -> str:
    from coopwatch.charts.common import indicator_name

    return indicator_name(id, pick(lang))
