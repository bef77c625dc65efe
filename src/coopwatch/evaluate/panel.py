"""Panel indices: one index per year over unit × year observations, on one scale (COINr's
"purse", the method of the European Innovation Scoreboard).

    panel = PanelIndex.from_spec("china-st.yaml", years=[2021, 2022, 2023])
    panel.scores            # rows (year, unit), one column per aggregate
    panel.ranks             # ranks within each year
    panel.table()           # long: unit, year, score, rank, change since the first year
    run_panel_uncertainty(panel, runs=10_000, seed=1)   # every year in one pass

Each year goes through the spec's steps on its own cross-section (impute — `series: latest |
linear` fills from the unit's own series first —, screen, treat). Normalisation then takes its
parameters (min, max, mean, sd, ranks) from the values of the reference year
(`normalise: {panel: {reference_year: Y}}`) or of all the panel's years together (`panel:
pooled`, the default when the spec names none), so that a unit's score moves only when its own
values move and scores compare across years. Ranks are taken within each year.

The uncertainty analysis stacks the years: the (year, unit) rows of every year are aggregated
together for all runs at once (`uncertainty.Analysis` on the stacked data; Copeland, which
compares units with each other, runs year by year) and ranked within each year. A run's
choices apply to every year, so the rank intervals of different years are comparable.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.index import Index, apply_steps
from coopwatch.evaluate.sources import IndexInputs, inputs_for_year, load_inputs
from coopwatch.evaluate.spec import IndexSpec, load_spec
from coopwatch.evaluate.stats import rank_desc_rows
from coopwatch.evaluate.steps.normalise import panel_years
from coopwatch.evaluate.uncertainty import CHUNK, Analysis, UncertaintyResult

EARLIER = ("denominate", "impute", "screen", "treat")


class PanelIndex:
    """The index of every year of `years`, normalised on one reference."""

    def __init__(self, spec: IndexSpec, inputs: IndexInputs, years: list[int],
                 by_year: dict[int, IndexInputs] | None = None, mode: Any = None,
                 reuse: "PanelIndex | None" = None):
        if inputs.history is None:
            raise InputError(f"{spec.source}: a panel index needs observations over several years (data.observations)")
        if not years:
            raise InputError(f"{spec.source}: no years for the panel index")
        self.spec, self.inputs, self.framework = spec, inputs, inputs.framework
        self.years = sorted(int(y) for y in years)
        available = sorted(int(y) for y in inputs.history["year"].unique())
        missing = [y for y in self.years if y not in available]
        if missing:
            raise InputError(f"{spec.source}: no observations for year(s) {', '.join(map(str, missing))}")
        self.by_year = by_year or {y: inputs_for_year(inputs, y) for y in self.years}
        normalise = dict(spec.steps.get("normalise", {}))
        self.mode = normalise.get("panel", mode if mode is not None else "pooled")
        normalise["panel"] = self.mode
        steps = dict(spec.steps) | {"normalise": normalise}
        self.year_spec = copy.copy(spec)
        self.year_spec.steps = steps
        reference_years = self.years if self.mode == "pooled" else panel_years({"panel": self.mode}, available)
        earlier = {k: v for k, v in steps.items() if k in EARLIER}
        self.reference = pd.concat([apply_steps(self._inputs(y), earlier) for y in reference_years])
        self.reference_years = reference_years
        same = reuse is not None and reuse.inputs is self.inputs
        self.indices = {y: Index(self._year_spec(y), self.by_year[y], reference=self.reference,
                                 reuse=reuse.indices.get(y) if same else None)
                        for y in self.years}

    @classmethod
    def from_spec(cls, spec: IndexSpec | str | Path, years: list[int], store=None) -> "PanelIndex":
        spec = spec if isinstance(spec, IndexSpec) else load_spec(spec)
        spec = copy.deepcopy(spec)
        spec.data["year"] = max(years)
        return cls(spec, load_inputs(spec, store), years)

    def _inputs(self, year: int) -> IndexInputs:
        if year not in self.by_year:
            self.by_year[year] = inputs_for_year(self.inputs, year)
        return self.by_year[year]

    def _year_spec(self, year: int) -> IndexSpec:
        spec = copy.copy(self.year_spec)
        spec.data = dict(spec.data) | {"year": year}
        return spec

    def rebuild(self, changes: dict, reuse: bool = True) -> "PanelIndex":
        """A new panel with changed choices (see `Index.rebuild`); the nominal reference
        (year or pooled) is kept unless the changes name another."""
        return PanelIndex(self.spec.with_changes(changes), self.inputs, self.years, self.by_year, self.mode,
                          reuse=self if reuse else None)

    # --- results ---------------------------------------------------------------------------

    def _stack(self, frames: dict[int, pd.DataFrame]) -> pd.DataFrame:
        return pd.concat(frames, names=["year", "uCode"])

    @property
    def scores(self) -> pd.DataFrame:
        return self._stack({y: ix.scores for y, ix in self.indices.items()})

    @property
    def ranks(self) -> pd.DataFrame:
        return self._stack({y: ix.ranks for y, ix in self.indices.items()})

    @property
    def aggregation_input(self) -> pd.DataFrame:
        return self._stack({y: ix.aggregation_input for y, ix in self.indices.items()})

    @property
    def weights(self) -> dict[str, float]:
        return self.indices[self.years[0]].weights

    def table(self, code: str | None = None, uncertainty: UncertaintyResult | None = None) -> pd.DataFrame:
        """One row per unit and year: name, score and rank of `code` (default the index), the
        change of score and rank since the unit's first year in the panel (rank change > 0 =
        the unit moved up), and with `uncertainty` the median and 5–95 % rank interval."""
        code = code or self.framework.index_code
        self.framework.check_codes([code], "panel table")
        names = self.inputs.units["uName"] if "uName" in self.inputs.units else None
        rows = self.scores[[code]].rename(columns={code: "score"}).join(
            self.ranks[[code]].rename(columns={code: "rank"})).reset_index()
        rows = rows.dropna(subset=["score"]).sort_values(["uCode", "year"])
        first = rows.groupby("uCode")[["score", "rank"]].transform("first")
        rows["score_change"] = rows["score"] - first["score"]
        rows["rank_change"] = first["rank"] - rows["rank"]
        rows.insert(1, "uName", rows["uCode"].map(names) if names is not None else rows["uCode"])
        if uncertainty is not None:
            summary = uncertainty.summary()[["median_rank", "p5_rank", "p95_rank"]]
            rows = rows.join(summary, on=["year", "uCode"])
        return rows.sort_values(["year", "rank", "uCode"]).reset_index(drop=True)

    def to_dict(self, uncertainty: UncertaintyResult | None = None) -> dict[str, Any]:
        """Plain data for the CLI, API, dashboard and report."""
        table = self.table(uncertainty=uncertainty)
        records = []
        for row in table.to_dict(orient="records"):
            records.append({k: (int(v) if k in ("year", "rank") else _num(v)) if not isinstance(v, str) else v
                            for k, v in row.items()})
        out = {"years": self.years, "normalisation": {"panel": self.mode, "reference_years": self.reference_years},
               "code": self.framework.index_code, "rows": records}
        if uncertainty is not None:
            out |= {"runs": uncertainty.runs, "seed": uncertainty.seed}
        return out


class PanelAnalysis(Analysis):
    """`Analysis` over the stacked (year, unit) rows of a panel, ranked within each year."""

    def __init__(self, panel: PanelIndex, spec: dict | None = None):
        super().__init__(panel, spec)
        units = sorted({u for _, u in self._ranked})
        self.years = panel.years
        self.grid_units = units
        self._ranked = [(y, u) for y in self.years for u in units]
        self._unit_pos = {key: i for i, key in enumerate(self._ranked)}

    def ranks(self, design) -> np.ndarray:
        scores = self.scores(design)                       # runs × (years · units)
        runs, n_years, n_units = len(scores), len(self.years), len(self.grid_units)
        per_year = scores.reshape(runs * n_years, n_units)  # one row per run and year
        step = max(1, CHUNK // n_years) * n_years
        ranks = np.vstack([rank_desc_rows(per_year[i:i + step]) for i in range(0, len(per_year), step)])
        ranks = ranks.reshape(runs, n_years * n_units)
        return ranks[:, [self._unit_pos[key] for key in self.units]]

    def _aggregate(self, stage: pd.DataFrame, w: np.ndarray, methods: list[dict]) -> np.ndarray:
        if not any(m["method"] == "copeland" for m in methods):
            return super()._aggregate(stage, w, methods)
        years = stage.index.get_level_values(0)
        out = np.empty((len(w), len(stage)))
        for year in years.unique():
            rows = np.asarray(years == year)
            out[:, rows] = super()._aggregate(stage[rows], w, methods)
        return out


def run_panel_uncertainty(panel: PanelIndex, runs: int, seed: int | None = None,
                          spec: dict | None = None) -> UncertaintyResult:
    """`runs` Monte Carlo runs over the spec's uncertainty inputs, every year at once; the
    result's units are (year, unit) pairs."""
    if runs < 1:
        raise InputError(f"uncertainty: --runs must be at least 1, not {runs}")
    analysis = PanelAnalysis(panel, spec)
    design = analysis.random_design(runs, seed)
    return UncertaintyResult(runs, seed, analysis.units, analysis.nominal_ranks, analysis.ranks(design),
                             unit_names=("year", "uCode"))


def parse_years(text: str) -> list[int]:
    """`2018-2023`, `2019,2021,2023` or `2023` as a list of years."""
    try:
        years: set[int] = set()
        for part in str(text).split(","):
            lo, _, hi = part.strip().partition("-")
            years |= set(range(int(lo), int(hi or lo) + 1))
    except ValueError:
        raise InputError(f"--years: {text!r} is not a year, a range like 2018-2023 or a list like 2019,2021") from None
    if not years:
        raise InputError(f"--years: {text!r} names no year")
    return sorted(years)


def _num(x):
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)
