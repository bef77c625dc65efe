"""Denominate: divide indicators by a size variable (population, GDP, area, …).

    x'_ui = x_ui / d_u       for every indicator i whose iMeta `Denominator` is d

As COINr `Denominate()`: indicators without a denominator pass unchanged. `params["by"]`
({iCode: denominator or null}) overrides iMeta. A zero denominator gives a missing value.
"""

from __future__ import annotations

import numpy as np

from coopwatch.errors import InputError
from coopwatch.evaluate.steps import BuildContext, StepResult


def apply(stage, ctx: BuildContext, params: dict) -> StepResult:
    fw = ctx.framework
    by = {i: fw.nodes[i].denominator for i in fw.indicators}
    overrides = params.get("by") or {}
    fw.check_codes(overrides, "denominate.by")
    by.update(overrides)
    by = {i: d for i, d in by.items() if d}
    if not by:
        return StepResult(stage.copy(), {"denominated": {}})
    table = ctx.denominators
    missing = sorted({d for d in by.values() if table is None or d not in table.columns})
    if missing:
        raise InputError(f"denominate: denominator(s) {', '.join(missing)} not found in the unit table "
                         "or the denominators file")
    out = stage.copy()
    for ind, den in by.items():
        d = table[den].reindex(out.index).astype(float)
        out[ind] = out[ind] / d.where(d != 0, np.nan)
    return StepResult(out, {"denominated": by})
