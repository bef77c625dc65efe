"""Derived values: what can be computed from stored observations, flagged as derived and with
the inputs it came from.

- R&D intensity of a province where it is not published: rd_expenditure / gdp × 100.
- A region group (Chengdu-Chongqing = 500000 + 510000) or macro-region (east, central, west,
  northeast): levels are sums over the members; ratios are ratios of sums, never averages of
  ratios: rd_intensity = Σ rd_expenditure / Σ gdp × 100, and a "per 10,000 people" indicator
  = Σ (value × population) / Σ population. A group has a value for a year only when every member
  has the inputs for that year, so a sum never silently covers part of a group.
- A zone made of parts (the Western Science City = its four start-up areas, `parts` in the
  gazetteer's zones.yaml) follows the same rule over its parts: a value for a year only when
  every part has one; never the provinces the zone lies in.
- Published values always win over derived ones for the same region, indicator and year.
- Flags (`notes`): a derived value carries its inputs' flags; a sum with a lower-bound term is
  a lower bound, a ratio over a lower-bound denominator an upper bound.

`derived_series` computes on demand (targets and the index use it); `store_derived_values`
writes the derived values into the store (`coopwatch observations derive`), each with
`derived_from` naming its inputs and their sources.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import select, update

from coopwatch.indicators.catalogue import IndicatorCatalogue, aggregate_regions, indicator_catalogue, region_parts
from coopwatch.indicators.notes import combine_flags
from coopwatch.indicators.observations import ObservationSet, Value
from coopwatch.indicators.units import DENSITY, unit_info
from coopwatch.store import Store
from coopwatch.store.models import Observation

# indicator: (numerator, denominator, scale): the indicator is numerator / denominator × scale
RATIO_RULES: dict[str, tuple[str, str, float]] = {
    "rd_intensity": ("rd_expenditure", "gdp", 100.0),
}
POPULATION = "population"


def _sources(values: list[Value]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        for s in v.sources:
            if s not in out:
                out.append(s)
    return tuple(out)


def _input(region: str, indicator: str, v: Value) -> dict:
    return {"region": region, "indicator": indicator, "year": v.year, "value": v.value,
            "source": "; ".join(v.sources)}


@lru_cache(maxsize=256)
def _members(region: str) -> tuple[str, ...]:
    return tuple(region_parts(region))


def _is_density(indicator: str, catalogue: IndicatorCatalogue) -> bool:
    info = catalogue.get(indicator)
    unit = unit_info(info.unit) if info else None
    return bool(unit and unit[0] == DENSITY)


def derived_series(obs: ObservationSet, region: str, indicator: str,
                   catalogue: IndicatorCatalogue | None = None) -> dict[int, Value]:
    """The series of `indicator` for `region`: stored values, completed by derived ones."""
    catalogue = catalogue or indicator_catalogue()
    series = obs.series(region, indicator)
    members = _members(region)
    computed = _group_series(obs, members, indicator, catalogue) if members else _ratio_series(obs, region, indicator)
    for year, value in computed.items():
        series.setdefault(year, value)
    return dict(sorted(series.items()))


def _ratio_series(obs: ObservationSet, region: str, indicator: str) -> dict[int, Value]:
    rule = RATIO_RULES.get(indicator)
    if rule is None:
        return {}
    num_id, den_id, scale = rule
    num, den = obs.series(region, num_id), obs.series(region, den_id)
    out = {}
    for year in sorted(set(num) & set(den)):
        n, d = num[year], den[year]
        if d.value:
            out[year] = Value(year, n.value / d.value * scale, _sources([n, d]),
                              (_input(region, num_id, n), _input(region, den_id, d)),
                              combine_flags([n.flags], [d.flags]))
    return out


def _sum_over(obs: ObservationSet, members: tuple[str, ...], indicator: str,
              catalogue: IndicatorCatalogue) -> dict[int, tuple[float, list[Value], list[dict]]]:
    """Per year, the sum of the members' values, when every member has one."""
    per_member = [derived_series(obs, m, indicator, catalogue) for m in members]
    if not per_member or any(not s for s in per_member):
        return {}
    years = set.intersection(*(set(s) for s in per_member))
    out = {}
    for year in sorted(years):
        values = [s[year] for s in per_member]
        out[year] = (sum(v.value for v in values), values,
                     [_input(m, indicator, v) for m, v in zip(members, values)])
    return out


def _group_series(obs: ObservationSet, members: tuple[str, ...], indicator: str,
                  catalogue: IndicatorCatalogue) -> dict[int, Value]:
    info = catalogue.get(indicator)
    if info is None:
        return {}
    if indicator in RATIO_RULES:
        num_id, den_id, scale = RATIO_RULES[indicator]
        num, den = _sum_over(obs, members, num_id, catalogue), _sum_over(obs, members, den_id, catalogue)
        return {y: Value(y, num[y][0] / den[y][0] * scale, _sources(num[y][1] + den[y][1]),
                         tuple(num[y][2] + den[y][2]),
                         combine_flags([v.flags for v in num[y][1]], [v.flags for v in den[y][1]]))
                for y in sorted(set(num) & set(den)) if den[y][0]}
    if _is_density(indicator, catalogue):
        values = [derived_series(obs, m, indicator, catalogue) for m in members]
        pops = [derived_series(obs, m, POPULATION, catalogue) for m in members]
        years = set.intersection(*(set(v) & set(p) for v, p in zip(values, pops))) if members else set()
        out = {}
        for y in sorted(years):
            total_pop = sum(p[y].value for p in pops)
            if total_pop:
                used = [v[y] for v in values] + [p[y] for p in pops]
                inputs = tuple([_input(m, indicator, v[y]) for m, v in zip(members, values)]
                               + [_input(m, POPULATION, p[y]) for m, p in zip(members, pops)])
                # Σ value × population / Σ population: the populations enter above and below
                out[y] = Value(y, sum(v[y].value * p[y].value for v, p in zip(values, pops)) / total_pop,
                               _sources(used), inputs, combine_flags([v[y].flags for v in values]))
        return out
    if info.kind == "level":
        return {y: Value(y, total, _sources(values), tuple(inputs), combine_flags([v.flags for v in values]))
                for y, (total, values, inputs) in _sum_over(obs, members, indicator, catalogue).items()}
    return {}  # growth rates and other ratios have no rule to aggregate


def store_derived_values(store: Store, *, user: str | None = None) -> dict[str, int]:
    """Compute every derived value (province ratios, groups, macro-regions) and store those that
    are new or changed; published values are never overwritten. Idempotent."""
    from coopwatch.store.audit import record_audit
    from coopwatch.store.permissions import require

    user = require(store, user, "observations.derive", via="observations derive").name
    catalogue = indicator_catalogue()
    obs = ObservationSet.load(store, include_derived=False)
    regions = sorted(obs.regions() | set(aggregate_regions()))
    candidates: dict[tuple[str, str, int], Value] = {}
    for region in regions:
        for info in catalogue:
            for year, value in derived_series(obs, region, info.id, catalogue).items():
                if value.derived:
                    candidates[(region, info.id, year)] = value
    counts = {"stored": 0, "revised": 0, "unchanged": 0}
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with store.session() as s:
        current = {(o.region, o.indicator, o.year): o for o in s.scalars(
            select(Observation).where(Observation.is_current.is_(True), Observation.derived_from.is_not(None)))}
        for (region, indicator, year), value in candidates.items():
            old = current.get((region, indicator, year))
            if old is not None and abs(old.value - value.value) <= 1e-9 * max(1.0, abs(value.value)):
                counts["unchanged"] += 1
                continue
            revision = 1
            if old is not None:
                s.execute(update(Observation).where(Observation.id == old.id).values(is_current=False))
                revision = old.revision + 1
                counts["revised"] += 1
            else:
                counts["stored"] += 1
            s.add(Observation(region=region, indicator=indicator, year=year, value=value.value,
                              unit=catalogue.get(indicator).unit, source=f"derived by coopwatch ({user or 'system'})",
                              note=_rule_text(indicator, region, value.flags), revision=revision, is_current=True,
                              derived_from=list(value.derived_from), created_at=now))
        if counts["stored"] or counts["revised"]:  # a run that changed nothing is no write
            record_audit(s, actor=user, action="derive", entity="observation", after=dict(counts))
    return counts


def _rule_text(indicator: str, region: str, flags: tuple[str, ...] = ()) -> str:
    """The stored note of a derived value: its rule, and the flags it took from its inputs
    (read back by `notes.note_flags`)."""
    members = _members(region)
    if indicator in RATIO_RULES:
        num, den, scale = RATIO_RULES[indicator]
        rule = (f"Σ {num} / Σ {den} × {scale:g} over {', '.join(members)}" if members
                else f"{num} / {den} × {scale:g}")
    else:
        rule = f"sum over {', '.join(members)}" if members else "derived"
    return rule + (f"; flags from its inputs: {', '.join(flags)}" if flags else "")
