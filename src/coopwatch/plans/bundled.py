"""The curated plans shipped in `coopwatch/data/plans/*.yaml`; no database needed."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from coopwatch.plans.model import PlanFramework
from coopwatch.plans.planfile import read_plan_file
from coopwatch.plans.terms import resolve_region

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "data" / "plans"


def bundled_plans() -> list[PlanFramework]:
    """The bundled plans, in file-name order; each call returns fresh copies to change freely."""
    return copy.deepcopy(_load())


@lru_cache(maxsize=1)
def _load() -> tuple[PlanFramework, ...]:
    return tuple(resolve_target_regions(read_plan_file(p)) for p in sorted(BUNDLED_DIR.glob("*.yaml")))


def resolve_target_regions(fw: PlanFramework) -> PlanFramework:
    """Targets may name their zone and proxy ("西部(成都)科学城", "成渝"); make them codes."""
    for t in fw.targets:
        t.region = resolve_region(t.region)
        t.proxy = resolve_region(t.proxy)
    return fw
