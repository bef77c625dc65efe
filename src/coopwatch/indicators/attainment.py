"""Target attainment: every quantified target of the plans, judged on the stored observations
(`coopwatch targets`, contract `targets-output.md`), and a back-test of the method.

For one target:
- the region is the target's own (`region`, else its single region); when that region has no
  data of its own (a science city, a pilot zone) the declared `proxy` stands in, its values
  computed by `derived` (Chengdu-Chongqing = Σ Chongqing + Sichuan) and named in `proxy`;
- a growth indicator (kind "growth") is judged on its level series (technology_contract_turnover
  for technology_contract_turnover_growth);
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

from coopwatch.indicators.catalogue import IndicatorCatalogue, IndicatorInfo, indicator_catalogue
from coopwatch.indicators.derived import POPULATION, RATIO_RULES, derived_series
from coopwatch.indicators.observations import ObservationSet, Value
from coopwatch.indicators.progress import Progress, cagr, growth_progress, level_progress
from coopwatch.indicators.projection import Projection, project
from coopwatch.indicators.units import conversion_factor
from coopwatch.store import Store

GOOD = ("achieved", "on_track")


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

    @property
    def status(self) -> str:
        return self.progress.status

    def as_contract(self) -> dict:
        """The target's entry of `coopwatch targets --json` (targets-output.md)."""
        def point(v: Value | None):
            return None if v is None else {"year": v.year, "value": _round(v.value)}

        return {
            "plan": self.plan, "item": self.item, "indicator": self.indicator, "comparator": self.comparator,
            "value": self.value, "unit": self.unit, "year": self.year, "region": self.region, "proxy": self.proxy,
            "baseline": point(self.baseline), "latest": point(self.latest),
            "projected": self.projected_value,
            "required_annual_growth": _round(self.progress.required_growth),
            "observed_annual_growth": _round(self.progress.observed_growth),
            "ratio": _round(self.progress.ratio), "status": self.status, "method": self.method,
            "sources": self.sources,
        }


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


def assess_target(plan, target, obs: ObservationSet, *, region: str | None = None, as_of: int | None = None,
                  baseline_year: int | None = None, catalogue: IndicatorCatalogue | None = None) -> Assessment:
    """Judge one target of `plan` (for `region`, default the target's own) with data up to `as_of`.
    `baseline_year` forces the baseline to the first value from that year (the back-test)."""
    catalogue = catalogue or indicator_catalogue()
    info = catalogue.get(target.indicator) if target.indicator else None
    if region is None:
        region = target.region or (target.regions[0] if len(target.regions) == 1 else None)
    item = f"{plan.id}:{target.item_ref}" if target.item_ref else None
    base = dict(plan=plan.id, item=item, indicator=target.indicator, comparator=target.comparator,
                value=target.value, unit=target.unit, year=target.year, region=region)
    if info is None:
        return Assessment(**base, proxy=None, baseline=None, latest=None, projection=None,
                          progress=Progress("insufficient_data"), sources=[],
                          method=f"no indicator in the vocabulary for {target.indicator!r}")
    growth = info.kind == "growth"
    series_id = info.level_indicator if growth else info.id
    proxy = None
    series = derived_series(obs, region, series_id, catalogue) if region else {}
    if not series and target.proxy and target.proxy != region and region in (None, target.region):
        proxy = target.proxy
        series = derived_series(obs, proxy, series_id, catalogue)
    if as_of is not None:
        series = {y: v for y, v in series.items() if y <= as_of}
    values = [series[y] for y in sorted(series)]
    latest = values[-1] if values else None
    stated = None
    if target.baseline and target.baseline.get("year") is not None:
        year = int(target.baseline["year"])
        # A growth target's stated baseline is a rate, not a level: only its year is used.
        if not growth and target.baseline.get("value") is not None:
            stated = Value(year, _in_indicator_unit(target.baseline["value"], target, info), ("baseline stated in the plan",))
        elif year in series:
            stated = series[year]
    baseline = _pick_baseline(series, latest.year, issue_year(plan), stated, baseline_year) if latest else None
    # The projection fits every value up to as-of (as ESCAP fits the whole series), so every one is a source.
    sources = list(dict.fromkeys(s for v in ([baseline] if baseline else []) + values for s in v.sources))
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
    elif len(values) >= 2:
        projection = project([(v.year, v.value) for v in values], target.year, progress.observed_growth)
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
    return Assessment(**base, proxy=proxy, baseline=baseline, latest=latest, projection=projection,
                      progress=progress, method=method, sources=sources, series=values,
                      series_indicator=series_id, projected_value=projected)


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


def evaluate_targets(store: Store, *, plan_id: str | None = None, regions: Iterable[str] | None = None,
                     as_of: int | None = None) -> list[Assessment]:
    """Every quantified target of the plans (or of one plan), each judged for its own region, or
    for each of `regions` when given (all plans × 31 provinces is one call)."""
    catalogue = indicator_catalogue()
    plans = _plans(store, plan_id)
    obs = ObservationSet.load(store, indicators=needed_indicators(plans, catalogue))
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
    catalogue = indicator_catalogue()
    plans = _plans(store, plan_id)
    obs = ObservationSet.load(store, indicators=needed_indicators(plans, catalogue))
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
