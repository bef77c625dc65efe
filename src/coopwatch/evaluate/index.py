"""The Index object (COINr's "coin"): data, framework, the ordered steps, every stage's data and
a log of each step with its arguments.

    index = Index.from_spec("asem.yaml")
    index.data["Normalised"]            # any stage: Raw, Denominated, Imputed, Screened, Treated,
                                        # Normalised, Aggregated
    index.results()                     # scores and ranks of every aggregate, best first
    zscored = index.rebuild({"normalise": {"method": "zscore"}})   # a NEW index
    compare(index, zscored)             # unit by unit: scores, ranks, rank change

Steps run in the order of `spec.STEP_ORDER`; the weights are resolved just before aggregation
(PCA weights need the normalised data). An index without an `aggregate` step is aggregated with
the arithmetic mean (there is no index otherwise).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.spec import IndexSpec, load_spec
from coopwatch.evaluate.sources import IndexInputs, inputs_for_year, load_inputs
from coopwatch.evaluate.stats import rank_desc
from coopwatch.evaluate.steps import BuildContext, aggregate, denominate, impute, normalise, screen, treat, weights

STEPS = {"denominate": denominate, "impute": impute, "screen": screen, "treat": treat,
         "normalise": normalise, "aggregate": aggregate}
STAGES = {"denominate": "Denominated", "impute": "Imputed", "screen": "Screened", "treat": "Treated",
          "normalise": "Normalised", "aggregate": "Aggregated"}


class Index:
    """A built composite index. Build with `Index.from_spec(path)` or `Index(spec, inputs)`."""

    def __init__(self, spec: IndexSpec, inputs: IndexInputs, reuse: "Index | None" = None,
                 reference: pd.DataFrame | None = None):
        self.spec = spec
        self.inputs = inputs
        self.framework = inputs.framework
        self.data: dict[str, pd.DataFrame] = {"Raw": inputs.raw}
        self.details: dict[str, dict[str, Any]] = {}
        self.log: list[dict[str, Any]] = []
        self.weights: dict[str, float] = {}
        self.aggregation_input: pd.DataFrame | None = None  # the stage aggregated (normally Normalised)
        self._trail: list[tuple[str, Any]] = []  # (step, arguments) as applied, for reuse
        self._reference = reference  # panel normalisation: the reference values, if given
        self._build(reuse)

    @classmethod
    def from_spec(cls, spec: IndexSpec | str | Path, store=None) -> "Index":
        spec = spec if isinstance(spec, IndexSpec) else load_spec(spec)
        return cls(spec, load_inputs(spec, store))

    def _build(self, reuse: "Index | None") -> None:
        """Apply the steps in order. With `reuse`, an index over the same inputs, the stages of
        the leading steps whose arguments are unchanged are taken from it rather than recomputed
        (they would come out identical)."""
        fw = self.framework
        ctx = BuildContext(fw, self.inputs.units, self.inputs.denominators, self.inputs.history, self.inputs.year)
        stage = self.inputs.raw
        steps = dict(self.spec.steps)
        steps.setdefault("aggregate", {"method": "amean"})
        plan = []
        for name, params in steps.items():
            if name == "aggregate":
                plan.append(("weights", self.spec.weights))
            plan.append((name, params))
        same = reuse is not None and reuse.inputs is self.inputs
        for position, (name, params) in enumerate(plan):
            same = same and position < len(reuse._trail) and reuse._trail[position] == (name, params)
            self._trail.append((name, params))
            if name == "weights":
                self.aggregation_input = stage
                details = reuse.details["weights"] if same else weights.apply(stage, ctx, params).details
                ctx.weights = self.weights = details["weights"]
                self.details["weights"] = details
                self.log.append({"step": "weights", "args": params, "effective": details["effective"]})
                continue
            if same:
                stage, details = reuse.data[STAGES[name]], reuse.details[name]
            else:
                if name == "normalise" and params.get("panel") is not None:
                    ctx.reference = (self._reference if self._reference is not None
                                     else self._panel_reference(params, stage))
                try:
                    result = STEPS[name].apply(stage, ctx, params)
                except (TypeError, ValueError) as exc:  # a parameter of the wrong kind ("winmax: abc")
                    raise InputError(f"steps.{name}: parameters {params!r} cannot be used ({exc})") from None
                stage, details = result.data, result.details
            self.data[STAGES[name]] = stage
            self.details[name] = details
            self.log.append({"step": name, "args": params} | _summary(name, details))

    def _panel_reference(self, params: dict, stage: pd.DataFrame) -> pd.DataFrame:
        """The values of the panel's reference year(s) at the stage before normalisation, each
        year taken from the observations through this index's earlier steps. In pooled mode a
        year whose data cannot pass those steps (too few units left) is left out."""
        history = self.inputs.history
        if history is None:
            raise InputError("normalise.panel needs observations over several years (data.observations)")
        years = normalise.panel_years(params, sorted(int(y) for y in history["year"].unique()))
        earlier = {k: v for k, v in self.spec.steps.items() if k in ("denominate", "impute", "screen", "treat")}
        frames, used = [], []
        for year in years:
            try:
                frames.append(stage if year == self.inputs.year else
                              apply_steps(inputs_for_year(self.inputs, year), earlier))
                used.append(year)
            except InputError:
                if len(years) == 1:
                    raise
        self.details["panel_years"] = used
        return pd.concat(frames)

    # --- results ---------------------------------------------------------------------------

    @property
    def scores(self) -> pd.DataFrame:
        """Scores of every aggregate, the index first and then level by level down, rows = units."""
        fw = self.framework
        return self.data["Aggregated"][[c for level in range(fw.n_levels, 1, -1) for c in fw.codes_at(level)]]

    @property
    def ranks(self) -> pd.DataFrame:
        return self.scores.apply(rank_desc)

    def results(self) -> pd.DataFrame:
        """One row per unit, best index score first: name, index score and rank, then every
        aggregate's score (COINr `get_results`)."""
        code = self.framework.index_code
        table = pd.DataFrame({"uName": self.inputs.units["uName"].reindex(self.scores.index)
                              if "uName" in self.inputs.units else self.scores.index,
                              "Rank": self.ranks[code]}, index=self.scores.index)
        table = table.join(self.scores)
        return table.sort_values(["Rank", code], ascending=[True, False])

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `coopwatch index run --json` (contracts/index-spec.md)."""
        scores, ranks = self.scores, self.ranks
        order = self.results().index
        units = [{"code": str(u),
                  "scores": {c: _num(scores.at[u, c]) for c in scores.columns},
                  "ranks": {c: _int(ranks.at[u, c]) for c in ranks.columns}} for u in order]
        return {"units": units, "treated": self.details.get("treat", {}).get("treated", []),
                "log": _jsonable(self.log)}

    def rebuild(self, changes: dict, reuse: bool = True) -> "Index":
        """A new index with changed choices (COINr `Regen` after editing the log). The inputs
        are shared; the stages before the first changed step are shared too unless
        `reuse=False` (then every step is replayed, as COINr does)."""
        return Index(self.spec.with_changes(changes), self.inputs, reuse=self if reuse else None)


def apply_steps(inputs: IndexInputs, steps: dict) -> pd.DataFrame:
    """The stage reached by applying `steps` (none of them aggregate) to `inputs`."""
    ctx = BuildContext(inputs.framework, inputs.units, inputs.denominators, inputs.history, inputs.year)
    stage = inputs.raw
    for name, params in steps.items():
        stage = STEPS[name].apply(stage, ctx, params).data
    return stage


def compare(a: Index, b: Index, code: str | None = None) -> pd.DataFrame:
    """Unit by unit: score and rank of `code` (default the index) in a and b, and the rank
    change b - a (positive = the unit falls in b). Units in only one index have gaps."""
    code = code or a.framework.index_code
    a.framework.check_codes([code], "compare")
    table = pd.DataFrame({"score_a": a.scores[code], "rank_a": a.ranks[code]}).join(
        pd.DataFrame({"score_b": b.scores[code], "rank_b": b.ranks[code]}), how="outer")
    table["rank_change"] = table["rank_b"] - table["rank_a"]
    table["abs_rank_change"] = table["rank_change"].abs()
    return table.sort_values(["rank_a", "rank_b"])


def _summary(step: str, details: dict) -> dict:
    if step == "screen":
        return {"removed_units": details.get("removed_units", [])}
    if step == "impute":
        return {"imputed": details.get("imputed"), "still_missing": details.get("still_missing")}
    if step == "treat":
        return {"treated": len(details.get("treated", []))}
    return {}


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _int(x) -> int | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else int(x)


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "item"):
        return obj.item()
    return obj
