"""Data checks over the stored current values, each finding naming the region, indicator and
year it is about:

- outlier: the year-on-year change of a value is far from the indicator's usual change. The
  change is the log ratio ln(v_t / v_{t-1}) of consecutive years; its z-score is computed over
  every region's changes of that indicator, and |z| above the user's threshold (default 3) is
  reported.
- break: a series changes unit between two consecutive values, or changes source where its
  year-on-year change is also unusual (|z| above BREAK_Z): a new publication or method that is
  not comparable with the old one. (A yearly bulletin changes its title every year; that alone
  is no break.)
- missing: a year is absent from a region's series while at least half of the regions that
  report the indicator have it (interior gaps and lagging latest years alike).
- range: a value outside the indicator's plausible range (PLAUSIBLE_RANGES; by unit otherwise:
  shares between 0 and 100 %, levels not negative).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import select

from coopwatch.indicators.catalogue import indicator_catalogue
from coopwatch.indicators.units import GROWTH, SHARE, unit_info
from coopwatch.store import Store
from coopwatch.store.models import Observation

# indicator id: (lowest, highest) value that can be true
PLAUSIBLE_RANGES: dict[str, tuple[float, float]] = {
    "rd_intensity": (0.0, 10.0),
    "technology_contract_turnover_growth": (-100.0, 1000.0),
    "high_tech_industry_revenue_growth": (-100.0, 1000.0),
    "population": (0.0, 20_000.0),  # 10 thousand persons: no province has 200 million people
    "invention_patents_owned_per_10k": (0.0, 10_000.0),
    "high_value_invention_patents_per_10k": (0.0, 10_000.0),
}
BREAK_Z = 2.0
BY_DIMENSION = {SHARE: (0.0, 100.0), GROWTH: (-100.0, math.inf)}


# The checks as people read them (tables), in en and zh.
CHECK_LABELS = {"outlier": {"en": "outlier", "zh": "异常值"}, "break": {"en": "break", "zh": "断点"},
                "missing": {"en": "missing", "zh": "缺年份"}, "range": {"en": "range", "zh": "超出范围"}}


@dataclass(frozen=True)
class Finding:
    check: str  # outlier | break | missing | range
    region: str
    indicator: str
    year: int
    value: float | None
    message: str
    message_zh: str = ""  # the same in Chinese

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" and self.message_zh else self.message


def plausible_range(indicator: str) -> tuple[float, float]:
    if indicator in PLAUSIBLE_RANGES:
        return PLAUSIBLE_RANGES[indicator]
    info = indicator_catalogue().get(indicator)
    unit = unit_info(info.unit) if info else None
    if unit and unit[0] in BY_DIMENSION:
        return BY_DIMENSION[unit[0]]
    return (0.0, math.inf)


def _load(store: Store) -> dict[tuple[str, str], list[tuple[int, float, str | None, str | None]]]:
    o = Observation
    series: dict[tuple[str, str], list] = defaultdict(list)
    with store.session() as s:
        for region, indicator, year, value, source, unit in s.execute(
                select(o.region, o.indicator, o.year, o.value, o.source, o.unit)
                .where(o.is_current.is_(True), o.derived_from.is_(None)).order_by(o.year)):
            series[(region, indicator)].append((year, value, source, unit))
    return series


def check_observations(store: Store, *, z: float = 3.0) -> list[Finding]:
    """Every finding of the four checks, ordered by check, indicator, region and year."""
    series = _load(store)
    stats = _change_stats(series)
    findings = _outliers(series, stats, z) + _breaks(series, stats) + _missing(series) + _ranges(series)
    order = {"range": 0, "outlier": 1, "break": 2, "missing": 3}
    return sorted(findings, key=lambda f: (order[f.check], f.indicator, f.region, f.year))


def _log_change(v0: float, v1: float) -> float | None:
    return math.log(v1 / v0) if v0 > 0 and v1 > 0 else None


def _change_stats(series) -> dict[str, tuple[float, float]]:
    """Per indicator, mean and standard deviation of the log year-on-year changes of all regions."""
    changes: dict[str, list[float]] = defaultdict(list)
    for (_, indicator), points in series.items():
        for (y0, v0, *_), (y1, v1, *_) in zip(points, points[1:]):
            change = _log_change(v0, v1) if y1 == y0 + 1 else None
            if change is not None:
                changes[indicator].append(change)
    stats = {}
    for indicator, logs in changes.items():
        if len(logs) >= 3:
            mean = sum(logs) / len(logs)
            sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / (len(logs) - 1))
            if sd > 0:
                stats[indicator] = (mean, sd)
    return stats


def _z(stats, indicator: str, y0: int, v0: float, y1: int, v1: float) -> float | None:
    change = _log_change(v0, v1) if y1 == y0 + 1 else None
    if change is None or indicator not in stats:
        return None
    mean, sd = stats[indicator]
    return (change - mean) / sd


def _outliers(series, stats, threshold: float) -> list[Finding]:
    findings = []
    for (region, indicator), points in series.items():
        for (y0, v0, *_), (y1, v1, *_) in zip(points, points[1:]):
            score = _z(stats, indicator, y0, v0, y1, v1)
            if score is not None and abs(score) > threshold:
                mean = stats[indicator][0]
                findings.append(Finding("outlier", region, indicator, y1, v1,
                                        f"change from {y0} ({v0:g}) to {y1} ({v1:g}) is {v1 / v0 - 1:+.1%}, "
                                        f"z = {score:+.1f} against this indicator's year-on-year changes "
                                        f"(mean {math.expm1(mean):+.1%})",
                                        f"{y0}年（{v0:g}）至{y1}年（{v1:g}）变化{v1 / v0 - 1:+.1%}，相对该指标的"
                                        f"逐年变化 z = {score:+.1f}（平均 {math.expm1(mean):+.1%}）"))
    return findings


def _breaks(series, stats) -> list[Finding]:
    findings = []
    for (region, indicator), points in series.items():
        for (y0, v0, s0, u0), (y1, v1, s1, u1) in zip(points, points[1:]):
            if (u0 or "") != (u1 or ""):
                findings.append(Finding("break", region, indicator, y1, v1,
                                        f"unit changes between {y0} ({u0}) and {y1} ({u1})",
                                        f"单位在{y0}年（{u0}）与{y1}年（{u1}）之间改变"))
                continue
            score = _z(stats, indicator, y0, v0, y1, v1)
            if (s0 or "") != (s1 or "") and score is not None and abs(score) > BREAK_Z:
                findings.append(Finding("break", region, indicator, y1, v1,
                                        f"source changes between {y0} and {y1} with an unusual change "
                                        f"({v0:g} → {v1:g}, z = {score:+.1f}): {s0!r} → {s1!r}",
                                        f"来源在{y0}年与{y1}年之间改变，且变化异常（{v0:g} → {v1:g}，"
                                        f"z = {score:+.1f}）：{s0!r} → {s1!r}"))
    return findings


def _missing(series) -> list[Finding]:
    by_indicator: dict[str, dict[str, set[int]]] = defaultdict(dict)
    for (region, indicator), points in series.items():
        by_indicator[indicator][region] = {p[0] for p in points}
    findings = []
    for indicator, regions in by_indicator.items():
        counts: dict[int, int] = defaultdict(int)
        for years in regions.values():
            for y in years:
                counts[y] += 1
        expected = {y for y, c in counts.items() if c * 2 >= len(regions)}
        if len(regions) < 2:
            expected = set(range(min(counts), max(counts) + 1)) if counts else set()
        for region, years in regions.items():
            interior = set(range(min(years), max(years) + 1)) if years else set()
            for y in sorted((expected | interior) - years):
                findings.append(Finding("missing", region, indicator, y, None,
                                        f"no value for {y} ({counts.get(y, 0)} of {len(regions)} regions have one)",
                                        f"缺{y}年数值（{len(regions)}个地区中有{counts.get(y, 0)}个有）"))
    return findings


def _ranges(series) -> list[Finding]:
    findings = []
    for (region, indicator), points in series.items():
        low, high = plausible_range(indicator)
        for year, value, *_ in points:
            if not (low <= value <= high):
                findings.append(Finding("range", region, indicator, year, value,
                                        f"{value:g} is outside the plausible range {low:g} to {high:g}",
                                        f"{value:g} 超出合理范围 {low:g} 至 {high:g}"))
    return findings
