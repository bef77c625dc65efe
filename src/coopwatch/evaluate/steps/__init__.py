"""The build steps of an index, one module each and all of the same shape:

    apply(stage: DataFrame, ctx: BuildContext, params: dict) -> StepResult

`stage` is the previous stage (rows = units, columns = iCodes); the result carries the new stage
and the step's details (what was treated, which units were screened out, …) for the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from coopwatch.evaluate.framework import Framework


@dataclass
class BuildContext:
    """What every step may read besides the stage: the framework, the unit table (names and
    group columns), denominators, the panel history (for latest/linear imputation), the
    resolved weights (set by the weights step, used by aggregate) and, for panel
    normalisation, the reference years' values at the stage before normalisation."""

    framework: Framework
    units: pd.DataFrame
    denominators: pd.DataFrame | None = None
    history: pd.DataFrame | None = None
    year: int | None = None
    weights: dict[str, float] = field(default_factory=dict)
    reference: pd.DataFrame | None = None  # panel normalisation: the reference years' values


@dataclass
class StepResult:
    data: pd.DataFrame
    details: dict[str, Any] = field(default_factory=dict)
