"""Observations (region × indicator × year) with provenance: imports with validation
(`importer`, `readers`, `layout`, `validation`, `units`), stored values (`observations`),
derived values (`derived`), data checks (`checks`), and target attainment (`progress`,
`projection`, `attainment`)."""

from coopwatch.indicators.attainment import Assessment, assess_target, backtest, evaluate_targets
from coopwatch.indicators.checks import Finding, check_observations
from coopwatch.indicators.derived import derived_series, store_derived_values
from coopwatch.indicators.importer import ImportRejected, ImportReport, import_observations
from coopwatch.indicators.observations import ObservationSet, Value, list_observations, observation_history
from coopwatch.indicators.shipped import import_shipped_observations

__all__ = [
    "Assessment", "Finding", "ImportRejected", "ImportReport", "ObservationSet", "Value", "assess_target",
    "backtest", "check_observations", "derived_series", "evaluate_targets", "import_observations",
    "import_shipped_observations", "list_observations", "observation_history", "store_derived_values",
]
