"""Reading stored observations: the current values with their provenance (`list`), every
revision of one series (`history`), and `ObservationSet`, the current values of many series
held in memory for the derived values, the checks and the targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import or_, select

from coopwatch.store import Store
from coopwatch.store.models import ImportBatch, Observation


@dataclass(frozen=True)
class Value:
    """One value of a series, with where it came from. `derived_from` lists the inputs
    ({region, indicator, year}) when the value was computed rather than published."""

    year: int
    value: float
    sources: tuple[str, ...]
    derived_from: tuple[dict, ...] | None = None

    @property
    def derived(self) -> bool:
        return self.derived_from is not None


def _provenance(obs: Observation, batch: ImportBatch | None) -> dict:
    return {
        "region": obs.region, "indicator": obs.indicator, "year": obs.year, "value": obs.value, "unit": obs.unit,
        "source": obs.source, "note": obs.note, "revision": obs.revision, "current": obs.is_current,
        "derived_from": obs.derived_from,
        "file": batch.file_name if batch else None, "sha256": batch.sha256 if batch else None,
        "row": obs.row, "imported_by": batch.imported_by if batch else None,
        "imported_at": (batch.imported_at if batch else obs.created_at).isoformat(timespec="seconds"),
        "batch": batch.id if batch else None, "review_state": batch.state if batch else "approved",
    }


def list_observations(store: Store, *, region: str | None = None, indicator: str | None = None,
                      year: int | None = None, limit: int | None = None, offset: int = 0,
                      year_from: int | None = None, year_to: int | None = None) -> list[dict]:
    """Current values with their provenance, ordered by indicator, region and year."""
    o = Observation
    query = (select(o, ImportBatch).outerjoin(ImportBatch, ImportBatch.id == o.batch_id)
             .where(o.is_current.is_(True)).order_by(o.indicator, o.region, o.year))
    if region:
        query = query.where(o.region == region)
    if indicator:
        query = query.where(o.indicator == indicator)
    if year:
        query = query.where(o.year == year)
    if year_from:
        query = query.where(o.year >= year_from)
    if year_to:
        query = query.where(o.year <= year_to)
    if offset:
        query = query.offset(offset)
    if limit:
        query = query.limit(limit)
    with store.session() as s:
        return [_provenance(obs, batch) for obs, batch in s.execute(query).all()]


def observation_history(store: Store, region: str, indicator: str, year: int | None = None) -> list[dict]:
    """Every revision of a series (or of one year of it), oldest first within each year."""
    o = Observation
    query = (select(o, ImportBatch).outerjoin(ImportBatch, ImportBatch.id == o.batch_id)
             .where(o.region == region, o.indicator == indicator).order_by(o.year, o.revision))
    if year:
        query = query.where(o.year == year)
    with store.session() as s:
        return [_provenance(obs, batch) for obs, batch in s.execute(query).all()]


class ObservationSet:
    """Current values of many series in memory: `series(region, indicator) -> {year: Value}`."""

    def __init__(self, values: dict[tuple[str, str], dict[int, Value]] | None = None):
        self._series = values or {}

    @classmethod
    def load(cls, store: Store, *, indicators: Iterable[str] | None = None,
             regions: Iterable[str] | None = None, include_derived: bool = True,
             approved_only: bool = True) -> "ObservationSet":
        """Current values (of these indicators and regions); stored derived values carry the
        sources of their inputs. Without `include_derived`, published values only. Values of a
        reporter's upload that is not approved (submitted or returned) count only when asked
        (`approved_only=False`)."""
        o = Observation
        query = select(o.region, o.indicator, o.year, o.value, o.source, o.derived_from).where(o.is_current.is_(True))
        if approved_only:
            waiting = select(ImportBatch.id).where(ImportBatch.state != "approved")
            query = query.where(or_(o.batch_id.is_(None), o.batch_id.not_in(waiting)))
        if indicators is not None:
            query = query.where(o.indicator.in_(sorted(set(indicators))))
        if regions is not None:
            query = query.where(o.region.in_(sorted(set(regions))))
        if not include_derived:
            query = query.where(o.derived_from.is_(None))
        series: dict[tuple[str, str], dict[int, Value]] = {}
        with store.session() as s:
            for region, indicator, year, value, source, derived_from in s.execute(query):
                derived = tuple(derived_from) if derived_from is not None else None
                sources = ((source,) if source else ()) if derived is None else tuple(dict.fromkeys(
                    d.get("source") for d in derived if isinstance(d, dict) and d.get("source")))
                series.setdefault((region, indicator), {})[year] = Value(year, value, sources, derived)
        return cls(series)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> "ObservationSet":
        """From (region, indicator, year, value, source) tuples (tests, what-if runs)."""
        series: dict[tuple[str, str], dict[int, Value]] = {}
        for region, indicator, year, value, source in rows:
            series.setdefault((region, indicator), {})[int(year)] = Value(int(year), float(value), (source,))
        return cls(series)

    def series(self, region: str, indicator: str) -> dict[int, Value]:
        return dict(self._series.get((region, indicator), {}))

    def keys(self) -> list[tuple[str, str]]:
        return list(self._series)

    def regions(self) -> set[str]:
        return {r for r, _ in self._series}

    def indicators(self) -> set[str]:
        return {i for _, i in self._series}
