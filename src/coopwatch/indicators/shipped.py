"""The real observations shipped with coopwatch (`coopwatch/data/observations/`, see its
SOURCES.md and SOURCES-wsc-indicators.md): the provincial file and the Science City supplement
(high-tech enterprises, patents, high-tech revenue of Chongqing and Sichuan, with notes that flag
lower bounds, snapshots, inferred years and mirror copies). Imported by `make demo` and usable by
any installation."""

from __future__ import annotations

from pathlib import Path

from coopwatch.indicators.importer import ImportReport, import_observations
from coopwatch.store import Store

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "observations"
SHIPPED_FILES = ("china-provinces-2018-2024.csv", "wsc-indicators-2018-2024.csv")


def shipped_observation_files() -> list[Path]:
    return [SHIPPED / name for name in SHIPPED_FILES]


def import_shipped_observations(store: Store, *, user) -> ImportReport:
    """Import the shipped files; importing them again changes nothing."""
    return import_observations(store, shipped_observation_files(), user=user)
