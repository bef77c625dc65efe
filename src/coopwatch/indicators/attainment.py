"""Target attainment: every quantified target of the plans, judged on the stored observations
(`coopwatch targets`, contract `targets-output.md`), and a back-test of the method.

For one target:
- whose data: the target's own region (`region`, else its single region). A region made of
  parts (a group, or a zone such as the Western Science City with its four start-up areas) has
  the sum or ratio of its parts for a year when every part has data (`derived`); `judged_on`
  says "region" (its own values) or "parts". A wider area that stands in for a zone (`proxy`,
  Chengdu-Chongqing for the Science City) is never judged in its place unless the plan file
  declares it the target's measure (`proxy_is_measure: true`, `judged_on` "proxy"). Without data
  of its own the target is `insufficient_data` with a `reason` (zh and en) naming the series to
  import, and the proxy's figures are shown under `proxy_context`, for orientation only;
- a growth indicator (kind "growth") is judged on its level series (technology_contract_turnover
  for technology_contract_turnover_growth);
- bounds (`notes`): a value whose note makes it a lower bound ("exceeded", 突破, 超过) or an upper
  bound is not an exact value, so the progress measure and the projection leave it out, with one
  exception: when it is the newest value and already meets the target in its own direction (a
  lower bound meeting a > or >= level target, an upper bound meeting a < or <=), the target is
  achieved, since the true value is at least (at most) as far. So a bound can prove a target
  achieved but never a shortfall: it never makes a status of deterioration, limited_progress or
  anything short of achieved alone. The values left out are named in `method`; when fewer than
  two exact values remain, the status is insufficient_data with a reason asking for exact figures;
- baseline: the one stated with the target (its year's observed value when there is one, so it
  keeps its provenance; else the stated value in the indicator's unit), else the latest value
  before the plan's issue year, else the earliest value; latest: the newest value up to `as_of`;
- status by the progress measure (`progress`), projection and band by `projection`;
- sources: the source of every value used (baseline, latest and the values the projection fits:
  the whole series up to `as_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from coopwatch.indicators.catalogue import (IndicatorCatalogue, IndicatorInfo, indicator_catalogue, region_name,
                                            region_parts, with_parts)
from coopwatch.indicators.derived import POPULATION, RATIO_RULES, derived_series
from coopwatch.indicators.observations import ObservationSet, Value
from coopwatch.indicators.progress import Progress, cagr, growth_progress, level_progress, meets, wants_more
from coopwatch.indicators.projection import Projection, project
from coopwatch.indicators.units import DENSITY, conversion_factor, unit_info
from coopwatch.store import Store

GOOD = ("achieved", "on_track")
LANGS = ("en", "zh")
# The statuses as people read them, after Open SDG's progress statuses: the name (dashboard,
# report) and a short form for a terminal table column. The one vocabulary of every layer.
STATUS_LABELS = {
    "achieved": {"en": "achieved", "zh": "已实现"},
    "on_track": {"en": "on track", "zh": "进展顺利"},
    "acceleration_needed": {"en": "acceleration needed", "zh": "需加快"},
    "limited_progress": {"en": "limited progress", "zh": "进展有限"},
    "deterioration": {"en": "deterioration", "zh": "出现倒退"},
    "insufficient_data": {"en": "insufficient data", "zh": "数据不足"},
}
SHORT_STATUS_LABELS = {"acceleration_needed": {"en": "accelerate"}, "limited_progress": {"en": "limited"},
                       "insufficient_data": {"en": "insufficient"}}


def status_label(status: str, lang: str = "en", short: bool = False) -> str:
    """A status as people read it in `lang` (zh or en); `short` for a terminal table column."""
    if short and lang in SHORT_STATUS_LABELS.get(status, {}):
        return SHORT_STATUS_LABELS[status][lang]
    return STATUS_LABELS.get(status, {}).get(lang, status)


JUDGED_ON_LABELS = {"region": {"en": "its own data", "zh": "本地区数据"},
                    "parts": {"en": "its parts' data", "zh": "各组成部分数据"},
                    "proxy": {"en": "the declared proxy", "zh": "计划指定的代理地区"}}


@dataclass
class Assessment:
    plan: str
    item: str | None
    indicator: str | None
    comparator: str
    value: float
    unit: str
    year: int
    region: str | None
    proxy: str | None
    baseline: Value | None
    latest: Value | None
    projection: Projection | None
    progress: Progress
    method: str
    sources: list[str]
    series: list[Value] = field(default_factory=list)  # the values judged (level series for growth targets)
    series_indicator: str | None = None
    projected_value: dict | None = None
    reason: dict[str, str] | None = None  # {"en": ..., "zh": ...} why insufficient_data, what would settle it
    judged_on: str | None = None  # "region" | "parts" | "proxy": whose data the status rests on
    proxy_context: dict | None = None  # the proxy's figures, shown, not judged

    @property
    def status(self) -> str:
        return self.progress.status

    def target_words(self, lang: str = "en") -> str:
        """What the target asks, in `lang`: "研究与试验发展经费投入强度 > 5%" or
        "R&D intensity > 5 % of GDP"; a unit the indicator's name already says is not repeated."""
        from coopwatch.indicators.catalogue import indicator_name
        from coopwatch.indicators.units import unit_label

        name = indicator_name(self.indicator, lang)
        unit = unit_label(self.unit, lang)
        if lang == "zh" and unit.startswith("/") and "每" in name:  # 每万人口…拥有量 > 80
            unit = ""
        if lang != "zh" and unit and name.lower().endswith(unit.lower()):  # … per 10,000 people > 80
            unit = ""
        return f"{name} {self.threshold_words(lang, unit)}"

    def threshold_words(self, lang: str = "en", unit: str | None = None) -> str:
        """The comparator, value and unit in `lang`: "> 5%", ">= 7000家", "> 5 % of GDP"
        (`unit` as given instead of the target's own, in the language)."""
        from coopwatch.indicators.units import unit_label

        unit = unit_label(self.unit, lang) if unit is None else unit
        gap = "" if lang == "zh" else " "
        return f"{self.comparator} {self.value:g}{gap}{unit}".rstrip()

    def reason_text(self, lang: str = "en") -> str | None:
        return None if self.reason is None else self.reason.get(lang) or self.reason["en"]

    def as_contract(self, lang: str = "en") -> dict:
        """The target's entry of `coopwatch targets --json` (targets-output.md); `reason` in `lang`."""
        return {
            "plan": self.plan, "item": self.item, "indicator": self.indicator, "comparator": self.comparator,
            "value": self.value, "unit": self.unit, "year": self.year, "region": self.region, "proxy": self.proxy,
            "baseline": _point(self.baseline), "latest": _point(self.latest),
            "projected": self.projected_value,
            "required_annual_growth": _round(self.progress.required_growth),
            "observed_annual_growth": _round(self.progress.observed_growth),
            "ratio": _round(self.progress.ratio), "status": self.status, "reason": self.reason_text(lang),
            "judged_on": self.judged_on, "proxy_context": self.proxy_context, "method": self.method,
            "sources": self.sources,
        }


def _point(v: Value | None) -> dict | None:
    return None if v is None else {"year": v.year, "value": _round(v.value)}


def _round(x: float | None, digits: int = 6) -> float | None:
    return None if x is None else round(float(x), digits)


def issue_year(plan) -> int | None:
    """The plan's issue year, or None when its date is not recorded (the baseline is then the
    earliest value)."""
    issued = getattr(plan, "issued", None)
    return issued.year if issued else None


def _in_indicator_unit(value: float, target, info: IndicatorInfo) -> float:
    """A value stated with the target, in the indicator's unit (plans may state 亿元 where data are 万元)."""
    factor = conversion_factor(target.unit, info.unit) if target.unit and info.unit else None
    return float(value) * (factor if factor is not None else 1.0)


def _pick_baseline(series: dict[int, Value], latest_year: int, issued: int | None, stated: Value | None,
                   baseline_year: int | None) -> Value | None:
    if stated is not None:
        return series.get(stated.year) or stated  # an observed value of that year keeps its provenance
    years = [y for y in series if y < latest_year]
    if baseline_year is not None:
        years = [y for y in years if y >= baseline_year]
        return series[min(years)] if years else None
    before = [y for y in years if issued is not None and y < issued]
    if before:
        return series[max(before)]
    return series[min(years)] if years else None


@dataclass
class _Judgement:
    """The progress measure and projection on one region's series."""

    baseline: Value | None
    latest: Value | None
    progress: Progress
    projection: Projection | None
    projected: dict | None
    method: str
    sources: list[str]
    values: list[Value]
    left_out: list[Value]  # bounds the measure could not use


def _proving_bound(v: Value, target, info: IndicatorInfo, growth: bool) -> bool:
    """Whether a bound proves the level target met whatever the true value is."""
    if growth or v.bound not in ("lower", "upper"):
        return False
    target_value = _in_indicator_unit(target.value, target, info)
    more = wants_more(target.comparator, info.direction)
    return (v.bound == "lower") == more and meets(v.value, target.comparator, target_value, info.direction)


def _judge(plan, target, info: IndicatorInfo, series: dict[int, Value], *, growth: bool, series_id: str,
           baseline_year: int | None) -> _Judgement:
    values = [series[y] for y in sorted(series)]
    usable = [v for v in values if v.bound is None]
    if values and values[-1].bound is not None and _proving_bound(values[-1], target, info, growth):
        usable.append(values[-1])
    left_out = [v for v in values if v not in usable]
    usable_series = {v.year: v for v in usable}
    latest = usable[-1] if usable else None
    stated = None
    if target.baseline and target.baseline.get("year") is not None:
        year = int(target.baseline["year"])
        # A growth target's stated baseline is a rate, not a level: only its year is used.
        if not growth and target.baseline.get("value") is not None:
            stated = Value(year, _in_indicator_unit(target.baseline["value"], target, info), ("baseline stated in the plan",))
        elif year in usable_series:
            stated = usable_series[year]
    baseline = _pick_baseline(usable_series, latest.year, issue_year(plan), stated, baseline_year) if latest else None
    # The projection fits every value up to as-of (as ESCAP fits the whole series), so every one is a source.
    sources = list(dict.fromkeys(s for v in ([baseline] if baseline else []) + usable for s in v.sources))
    base_point = (baseline.year, baseline.value) if baseline else None
    latest_point = (latest.year, latest.value) if latest else None
    if growth:
        progress = growth_progress(base_point, latest_point, target_rate=_in_indicator_unit(target.value, target, info) / 100.0,
                                   target_year=target.year, comparator=target.comparator, direction=info.direction)
    else:
        progress = level_progress(base_point, latest_point, target=_in_indicator_unit(target.value, target, info),
                                  target_year=target.year, comparator=target.comparator, direction=info.direction)
    projection = None
    projected = None
    method = "no projection: fewer than two values"
    if latest is not None and latest.year >= target.year:
        method = f"no projection: the {target.year} value is observed"
    elif len(usable) >= 2:
        projection = project([(v.year, v.value) for v in usable], target.year, progress.observed_growth)
        method = projection.method
        projected = projection.as_dict()
        if growth and baseline is not None:
            span = target.year - baseline.year

            def implied_rate(x: float) -> float | None:
                rate = cagr(baseline.value, x, span)
                return None if rate is None else rate * 100

            projected = {"year": target.year, "value": implied_rate(projection.value),
                         "low": implied_rate(projection.low), "high": implied_rate(projection.high)}
            method = (f"{series_id} projected to {target.year} by {method}; value = its implied compound growth "
                      f"{baseline.year}–{target.year} in % per year")
        projected = {k: (_round(v) if k != "year" else v) for k, v in projected.items()}
    if growth:
        method = f"growth target judged on the level series {series_id}; " + method
    if left_out:
        method += ("; left out as bounds, not exact values: "
                   + ", ".join(f"{v.year} ({v.bound} bound {v.value:g})" for v in left_out))
    return _Judgement(baseline, latest, progress, projection, projected, method, sources, usable, left_out)


def assess_target(plan, target, obs: ObservationSet, *, region: str | None = None, as_of: int | None = None,
                  baseline_year: int | None = None, catalogue: IndicatorCatalogue | None = None) -> Assessment:
    """Judge one target of `plan` (for `region`, default the target's own) with data up to `as_of`.
    `baseline_year` forces the baseline to the first value from that year (the back-test).

    Stages: the indicator and whose data (region, parts or declared proxy) → the judgement on
    that series → why it could not be judged, or whose data it rests on."""
    catalogue = catalogue or indicator_catalogue()
    info = catalogue.get(target.indicator) if target.indicator else None
    if region is None:
        region = target.region or (target.regions[0] if len(target.regions) == 1 else None)
    item = f"{plan.id}:{target.item_ref}" if target.item_ref else None
    base = dict(plan=plan.id, item=item, indicator=target.indicator, comparator=target.comparator,
                value=target.value, unit=target.unit, year=target.year, region=region)
    if info is None:
        return _not_in_vocabulary(base, target)
    growth = info.kind == "growth"
    series_id = info.level_indicator if growth else info.id
    proxy, on_proxy, judged_region = _whose_data(target, region)

    def judge(code: str | None) -> _Judgement:
        series = derived_series(obs, code, series_id, catalogue) if code else {}
        series = {y: v for y, v in series.items() if as_of is None or y <= as_of}
        return _judge(plan, target, info, series, growth=growth, series_id=series_id, baseline_year=baseline_year)

    j = judge(judged_region)
    reason = judged_on = proxy_context = None
    if j.progress.status == "insufficient_data":
        context = None if on_proxy or proxy is None else judge(proxy)
        proxy_context = _proxy_context(context)
        reason = _reason(judged_region, series_id, j, obs, catalogue, as_of=as_of,
                         proxy=None if on_proxy else proxy, proxy_shown=proxy_context is not None)
        if proxy_context is None and not on_proxy:
            proxy = None  # nothing of the proxy's to show
    else:
        judged_on = _judged_on(j, judged_region, on_proxy)
        if not on_proxy:
            proxy = None  # the region's own data settle it; no proxy stands in
    if on_proxy:
        j.method = f"judged on {proxy}, declared the target's measure in the plan file; " + j.method
    return Assessment(**base, proxy=proxy, baseline=j.baseline, latest=j.latest, projection=j.projection,
                      progress=j.progress, method=j.method, sources=j.sources, series=j.values,
                      series_indicator=series_id, projected_value=j.projected, reason=reason,
                      judged_on=judged_on, proxy_context=proxy_context)


def _not_in_vocabulary(base: dict, target) -> Assessment:
    """A target whose indicator is not in the vocabulary: insufficient_data, with the fix."""
    return Assessment(**base, proxy=None, baseline=None, latest=None, projection=None,
                      progress=Progress("insufficient_data"), sources=[],
                      method=f"no indicator in the vocabulary for {target.indicator!r}",
                      reason={"en": f"{target.indicator!r} is not an indicator of the vocabulary: correct the "
                                    "plan file's indicator id",
                              "zh": f"指标词表中没有 {target.indicator!r}：请更正计划文件中的指标编号"})


def _whose_data(target, region: str | None) -> tuple[str | None, bool, str | None]:
    """(proxy, judged on the proxy, the region whose series is judged). The proxy only stands in
    for the target's own region, not when judging for another one, and is judged in its place
    only when the plan file declares it the target's measure."""
    proxy = target.proxy if target.proxy and target.proxy != region and region in (None, target.region) else None
    on_proxy = bool(proxy and getattr(target, "proxy_is_measure", False))
    return proxy, on_proxy, proxy if on_proxy else region


def _proxy_context(context: _Judgement | None) -> dict | None:
    """The proxy's figures shown with a target not judged (None when it has none)."""
    if context is None or context.latest is None:
        return None
    return {"baseline": _point(context.baseline), "latest": _point(context.latest),
            "projected": context.projected, "observed_annual_growth": _round(context.progress.observed_growth)}


def _judged_on(j: _Judgement, region: str | None, on_proxy: bool) -> str:
    """Whose data a judged target rests on: "proxy", "parts" or "region"."""
    if on_proxy:
        return "proxy"
    used = [v for v in (j.baseline, j.latest) if v is not None]
    return "parts" if any(_from_parts(v, region) for v in used) else "region"


def _from_parts(v: Value, region: str | None) -> bool:
    """Whether a value was computed from other regions' values (a group's members, a zone's parts)."""
    return bool(v.derived_from) and any(isinstance(d, dict) and d.get("region") not in (None, region)
                                        for d in v.derived_from)


def _inputs_needed(indicator: str, catalogue: IndicatorCatalogue) -> list[str]:
    """The series whose values give `indicator` for a region made of parts."""
    if indicator in RATIO_RULES:
        return list(RATIO_RULES[indicator][:2])
    info = catalogue.get(indicator)
    unit = unit_info(info.unit) if info else None
    return [indicator, POPULATION] if unit and unit[0] == DENSITY else [indicator]


def _reason(region: str | None, indicator: str, j: _Judgement, obs: ObservationSet, catalogue: IndicatorCatalogue,
            *, as_of: int | None, proxy: str | None, proxy_shown: bool = False) -> dict[str, str]:
    """Why a target is insufficient_data and which series would settle it, in en and zh."""
    info = catalogue.get(indicator)
    label = {lang: info.label(lang) if info else indicator for lang in LANGS}
    name = {lang: region_name(region, lang) if region else "" for lang in LANGS}
    if region is None:
        return {"en": "the target names no single region: give its `region` in the plan file",
                "zh": "目标未指明单一地区：请在计划文件中填写 `region`"}
    if j.left_out and len(j.values) < 2:
        years = ", ".join(str(v.year) for v in j.left_out)
        return {"en": f"the {label['en']} values of {name['en']} for {years} are bounds (e.g. \"exceeded\"), which "
                      f"cannot show a shortfall: import exact figures to judge it",
                "zh": f"{name['zh']}{years}年的{label['zh']}只是界限值（如“突破”“超过”），不能说明未达标：请导入确切数值"}
    if len(j.values) == 1:
        v = j.values[-1]
        return {"en": f"only one usable {label['en']} value for {name['en']} ({v.year}): import a value of another "
                      f"year to measure progress",
                "zh": f"{name['zh']}的{label['zh']}只有一个可用数值（{v.year}年）：请导入其他年份的数值以衡量进展"}
    if j.values:
        return {"en": f"the {label['en']} values of {name['en']} cannot measure progress (a value at or below zero): "
                      f"check them with `coopwatch observations history`",
                "zh": f"{name['zh']}的{label['zh']}数值无法衡量进展（有零或负值）：请用 `coopwatch observations history` 核查"}
    parts = region_parts(region)
    needed = _inputs_needed(indicator, catalogue)
    inputs = {lang: (" and " if lang == "en" else "和").join(
        catalogue.get(i).label(lang) if catalogue.get(i) else i for i in needed) for lang in LANGS}
    en = f"no {label['en']} data for {name['en']} ({region})"
    zh = f"没有{name['zh']}（{region}）的{label['zh']}数据"
    missing = [p for p in parts if not all(derived_series(obs, p, i, catalogue) for i in needed)]
    if parts and missing and len(missing) < len(parts):
        en += f", and only some of its parts have it (missing: {', '.join(region_name(p, 'en') for p in missing)})"
        zh += f"，其组成部分数据不全（缺：{'、'.join(region_name(p, 'zh') for p in missing)}）"
    elif parts and not missing:
        en += ": its parts have data, but no year in common"
        zh += "：其组成部分有数据，但没有共同年份"
    if proxy:
        pname = {lang: region_name(proxy, lang) for lang in LANGS}
        pparts = region_parts(proxy)
        if pparts:
            pname["en"] += " (" + " + ".join(region_name(p, "en") for p in pparts) + ")"
            pname["zh"] += "（" + "+".join(region_name(p, "zh") for p in pparts) + "）"
        if proxy_shown:
            en += f"; shown: {pname['en']}, a wider area, not judged"
            zh += f"；所示为{pname['zh']}的数据，范围更大，仅供参考，不作评判"
        else:
            en += f"; the wider area {pname['en']} has no figures to show either"
            zh += f"；范围更大的{pname['zh']}也没有可供参考的数据"
    en += f"; to judge it, import {name['en']}'s {label['en']} series"
    zh += f"；如需评判，请导入{name['zh']}的{label['zh']}序列"
    if parts:
        en += f", or {inputs['en']} for each of its {len(parts)} parts"
        zh += f"，或其{len(parts)}个组成部分各自的{inputs['zh']}"
    elif needed != [indicator]:
        en += f" (or its {inputs['en']})"
        zh += f"（或其{inputs['zh']}）"
    if as_of is not None:
        en += f" (data up to {as_of})"
        zh += f"（截至{as_of}年的数据）"
    return {"en": en, "zh": zh}


def _plans(store: Store, plan_id: str | None = None) -> list:
    from coopwatch.plans.registry import current_plans

    plans = current_plans(store)
    if plan_id:
        from coopwatch.errors import NotFound

        plans = [p for p in plans if p.id == plan_id]
        if not plans:
            raise NotFound(f"no plan {plan_id!r} (see `coopwatch plan list`)")
    return plans


def needed_indicators(plans, catalogue: IndicatorCatalogue) -> set[str]:
    """The indicators whose observations judging these plans' targets may read."""
    needed = {POPULATION}
    for plan in plans:
        for t in plan.targets:
            info = catalogue.get(t.indicator) if t.indicator else None
            if info is None:
                continue
            sid = info.level_indicator if info.kind == "growth" else info.id
            needed.add(sid)
            needed.update(RATIO_RULES.get(sid, ())[:2])
    return needed


def _plans_and_observations(store: Store, plan_id: str | None, regions: Iterable[str] | None = None
                             ) -> tuple[IndicatorCatalogue, list, ObservationSet]:
    """The indicator catalogue, the current plans (or one) and the observations their targets read
    (of the indicators and regions they name: a store of a million county values reads a few)."""
    catalogue = indicator_catalogue()
    plans = _plans(store, plan_id)
    return catalogue, plans, ObservationSet.load(store, indicators=needed_indicators(plans, catalogue),
                                                 regions=needed_regions(plans, regions))


def needed_regions(plans, regions: Iterable[str] | None = None) -> set[str] | None:
    """The regions whose series the targets are judged on: each target's region (or `regions`
    when given), its proxy, and their parts down to the last level; None (all) when a target
    names no region to judge."""
    wanted = set(regions or ())
    for plan in plans:
        for target in plan.targets:
            own = [target.region] if target.region else list(target.regions)
            if regions is None and not own:
                return None
            wanted.update(own)
            if target.proxy:
                wanted.add(target.proxy)
    return with_parts(wanted)


def evaluate_targets(store: Store, *, plan_id: str | None = None, regions: Iterable[str] | None = None,
                     as_of: int | None = None) -> list[Assessment]:
    """Every quantified target of the plans (or of one plan), each judged for its own region, or
    for each of `regions` when given (all plans × 31 provinces is one call)."""
    regions = None if regions is None else list(regions)
    catalogue, plans, obs = _plans_and_observations(store, plan_id, regions)
    out = []
    for plan in plans:
        for target in plan.targets:
            if regions is not None:
                judged_for = list(regions)
            else:
                judged_for = [target.region] if target.region else (list(target.regions) or [None])
            for region in judged_for:
                out.append(assess_target(plan, target, obs, region=region, as_of=as_of, catalogue=catalogue))
    return out


def backtest(store: Store, *, plan_id: str | None = None, regions: list[str] | None = None) -> dict:
    """Run the method from earlier as-of years and compare with the outcome on all the data.

    For each target (for its own region or proxy, or for each of `regions`) the baseline is the
    first value of the series; for every as-of year between the second and the next-to-last
    value, the status with data up to that year is a prediction: "will make it" when achieved or
    on_track. The outcome is the status with all the data. A run is right when prediction and
    outcome agree. Returns the share of right runs overall and per predicted status."""
    catalogue, plans, obs = _plans_and_observations(store, plan_id, regions)
    runs = []
    for plan in plans:
        for target in plan.targets:
            for region in (regions or [None]):
                final = assess_target(plan, target, obs, region=region, baseline_year=0, catalogue=catalogue)
                if final.status == "insufficient_data" or len(final.series) < 3:
                    continue
                years = [v.year for v in final.series]
                for as_of in years[1:-1]:
                    early = assess_target(plan, target, obs, region=region, as_of=as_of, baseline_year=0,
                                          catalogue=catalogue)
                    if early.status == "insufficient_data":
                        continue
                    runs.append({"plan": plan.id, "indicator": target.indicator, "region": final.region,
                                 "proxy": final.proxy, "as_of": as_of, "status": early.status,
                                 "outcome_year": final.latest.year, "outcome": final.status,
                                 "right": (early.status in GOOD) == (final.status in GOOD)})
    by_status: dict[str, dict] = {}
    for r in runs:
        s = by_status.setdefault(r["status"], {"runs": 0, "right": 0})
        s["runs"] += 1
        s["right"] += int(r["right"])
    right = sum(r["right"] for r in runs)
    return {"runs": len(runs), "right": right, "share_right": (right / len(runs)) if runs else None,
            "by_status": by_status, "cases": runs}
