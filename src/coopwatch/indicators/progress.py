"""The progress measure: how fast a series moves towards its target compared with how fast it
would have to move.

Method of Open SDG (github.com/open-sdg/sdg-build, `sdg/ProgressMeasure.py`, "methodology 2",
for indicators with a quantitative target), developed with Statistics Canada for Canada's SDG
data hub ("Progress Measurement for Canada's Sustainable Development Goals",
https://sdgcif-data-canada-oddcic-donnee.github.io/methodology):

    observed growth   CAGR_o = (x_latest / x_baseline) ^ (1 / (t_latest − t_baseline)) − 1
    required growth   CAGR_r = (x_target / x_baseline) ^ (1 / (t_target − t_baseline)) − 1
    ratio             r = d · CAGR_o / |CAGR_r|

where d = +1 when the target asks for more (comparator > or >=) and −1 when it asks for less
(< or <=); for "=" the indicator's direction decides ("down" indicators are inverted). Status:

    achieved             the latest value meets the target (comparator-aware)
    on_track             r ≥ 0.95
    acceleration_needed  0.6 ≤ r < 0.95
    limited_progress     0 ≤ r < 0.6
    deterioration        r < 0
    insufficient_data    fewer than two values (baseline and a later one), or values ≤ 0

Open SDG names the middle classes substantial / moderate / limited progress; the thresholds
0.95, 0.6 and 0 are theirs. When the baseline already met the target and the latest value no
longer does, the status is deterioration.

Growth targets ("technology-contract turnover growing by more than 5 % a year") are judged on
the level series: CAGR_r is the target rate itself (5 % → 0.05), CAGR_o the compound growth of
the level from the baseline to the latest value, and the target counts as achieved only once
the target year is reached with the observed rate meeting it.

Growth rates are fractions per year (0.05 = 5 % a year).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

ON_TRACK, ACCELERATION = 0.95, 0.6
COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


@dataclass(frozen=True)
class Progress:
    status: str
    ratio: float | None = None
    observed_growth: float | None = None
    required_growth: float | None = None


def cagr(start: float, end: float, years: float) -> float | None:
    """Compound annual growth rate; None when it is not defined (non-positive values, no time)."""
    if years <= 0 or start <= 0 or end <= 0:
        return None
    return (end / start) ** (1.0 / years) - 1.0


def wants_more(comparator: str, direction: str = "up") -> bool:
    if comparator in (">", ">="):
        return True
    if comparator in ("<", "<="):
        return False
    return direction != "down"


def meets(value: float, comparator: str, target: float, direction: str = "up") -> bool:
    """Whether a value meets the target; "=" is read as "at least" (or "at most" for a "down"
    indicator), because plans state the level to reach."""
    if comparator in COMPARE:
        return COMPARE[comparator](value, target)
    return value >= target if direction != "down" else value <= target


def status_from_ratio(ratio: float) -> str:
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= ACCELERATION:
        return "acceleration_needed"
    if ratio >= 0:
        return "limited_progress"
    return "deterioration"


def level_progress(baseline: tuple[int, float] | None, latest: tuple[int, float] | None, *, target: float,
                   target_year: int, comparator: str, direction: str = "up") -> Progress:
    """Progress of a level target (reach `target` by `target_year`)."""
    if baseline is None or latest is None or latest[0] <= baseline[0]:
        if latest is not None and meets(latest[1], comparator, target, direction):
            return Progress("achieved")
        return Progress("insufficient_data")
    (t0, x0), (t1, x1) = baseline, latest
    observed = cagr(x0, x1, t1 - t0)
    required = cagr(x0, target, target_year - t0)
    sign = 1.0 if wants_more(comparator, direction) else -1.0
    if meets(x1, comparator, target, direction):
        ratio = None if observed is None or not required else sign * observed / abs(required)
        return Progress("achieved", ratio, observed, required)
    if observed is None:
        return Progress("insufficient_data")
    if meets(x0, comparator, target, direction) or required is None or required == 0:
        # The baseline met the target and the latest value no longer does.
        return Progress("deterioration", None, observed, required)
    ratio = sign * observed / abs(required)
    return Progress(status_from_ratio(ratio), ratio, observed, required)


def growth_progress(baseline: tuple[int, float] | None, latest: tuple[int, float] | None, *, target_rate: float,
                    target_year: int, comparator: str, direction: str = "up") -> Progress:
    """Progress of a growth target: `target_rate` is a fraction per year (0.05 for 5 %)."""
    if baseline is None or latest is None or latest[0] <= baseline[0]:
        return Progress("insufficient_data")
    (t0, x0), (t1, x1) = baseline, latest
    observed = cagr(x0, x1, t1 - t0)
    if observed is None:
        return Progress("insufficient_data")
    required = target_rate
    if t1 >= target_year and meets(observed, comparator, required, direction):
        return Progress("achieved", observed / required if required else None, observed, required)
    sign = 1.0 if wants_more(comparator, direction) else -1.0
    if required == 0:
        ok = meets(observed, comparator, 0.0, direction)
        return Progress("on_track" if ok else "deterioration", None, observed, required)
    ratio = sign * observed / abs(required)
    return Progress(status_from_ratio(ratio), ratio, observed, required)
