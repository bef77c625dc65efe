"""Screen units by data availability (COINr `Screen(unit_screen = "byNA")`).

A unit's availability is the share of indicators for which it has a value; units below
`min_availability` are dropped. With `min_nonzero`, units whose share of non-zero values is
below it are dropped too (COINr "byNZ"). Dropped units are reported.
"""

from __future__ import annotations

from coopwatch.errors import InputError
from coopwatch.evaluate.steps import BuildContext, StepResult


def apply(stage, ctx: BuildContext, params: dict) -> StepResult:
    inds = ctx.framework.indicators
    threshold = float(params.get("min_availability", 0.0))
    nonzero = params.get("min_nonzero")
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"screen.min_availability must be between 0 and 1, not {threshold}")
    avail = stage[inds].notna().mean(axis=1)
    keep = avail >= threshold
    if nonzero is not None:
        keep &= (stage[inds].fillna(0) != 0).mean(axis=1) >= float(nonzero)
    dropped = [str(u) for u in stage.index[~keep]]
    if keep.sum() < 2:
        raise InputError(f"screen: fewer than two units keep at least {threshold:.0%} of the indicators")
    return StepResult(stage.loc[keep].copy(), {"removed_units": dropped})
