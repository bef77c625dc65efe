"""Uncertainty and sensitivity analysis of an index's ranks, vectorised.

Inputs (spec key `uncertainty`, see contracts/index-spec.md):
- a discrete choice of step parameters: `STEP: [params, …]` (e.g. `normalise: [{method: minmax,
  range: [1, 100]}, {method: zscore, mean: 10, sd: 2}]`, `aggregate: [amean, gmean]`) or
  `STEP.PARAM: [value, …]` (e.g. `treat.winmax: [1, 2, 3, 4, 5]`); each alternative is a change
  to the nominal spec as in `Index.rebuild`;
- `weights: [original, equal, …]`, a discrete choice of weight sets; or
- `weights: {noise: f, levels: [l, …]}`: every weight w of a node at those levels becomes
  w · u with u ~ U(1 - f, 1 + f), independently per node and run (COINr `get_sensitivity`
  weight noise); `weights: {noise: {level: f, …}}` gives each level its own f.

Uncertainty analysis (`run_uncertainty`): N runs, each drawing every discrete input uniformly
among its alternatives and the weight noise, from `numpy.random.default_rng(seed)`. Per unit:
the nominal rank and the median, mean, 5th and 95th percentile (linear interpolation, R type 7)
of its index rank over the runs.

Sensitivity analysis (`sensitivity=True`): Sobol first-order S_i and total S_Ti indices of
Y = mean over units of |rank - nominal rank|, estimated by SALib (Saltelli/Sobol design without
second order, N_b (D + 2) runs for D inputs, N_b the largest power of 2 with N_b (D + 2) <= N,
at least 16) with bootstrap 95 % confidence intervals (S ± conf). Each input is one uniform
u in [0, 1): a discrete input with k alternatives takes alternative floor(u k); the weight-noise
input takes draw floor(u M) of a bank of M = N_b noise vectors drawn with the seed (as COINr).

Fast path: each distinct combination of the discrete choices that act before aggregation is
built once (`Index.rebuild`) and its normalised data cached; every run sharing it is then
aggregated at once — values (runs × units × children), weights (runs × children), the 0/1 child
→ parent matrix per level, `steps.aggregate.aggregate_level` (geometric mean through logs) — and
all runs are ranked in one array operation. `rebuild_run` computes one run the slow way (a full
rebuild of the index with the run's choices, as COINr does); tests check both agree.

Before any run every combination of alternatives is built once with the nominal weights; an
impossible one (a geometric or harmonic mean over values <= 0, an unknown iCode or step) is
refused with an InputError that names it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coopwatch.errors import InputError
from coopwatch.evaluate.index import Index
from coopwatch.evaluate.spec import STEP_ORDER, STEP_PARAMS, merge_step_params, step_params
from coopwatch.store.keys import suggestion
from coopwatch.evaluate.stats import rank_desc_rows
from coopwatch.evaluate.steps import aggregate as aggregate_step
from coopwatch.evaluate.steps import weights as weights_step

PRE_AGGREGATION = STEP_ORDER[:-1]
CHUNK = 2000


@dataclass
class Input:
    """One uncertain input: discrete alternatives (each a change dict for `Index.rebuild`) or
    weight noise."""

    name: str
    alternatives: list[dict] = field(default_factory=list)
    noise: dict[int, float] = field(default_factory=dict)  # level -> noise factor f

    @property
    def is_noise(self) -> bool:
        return not self.alternatives

    @property
    def stage(self) -> str:
        """`pre` when the input changes a step before aggregation, else `agg`/`weights`."""
        if self.is_noise:
            return "noise"
        key = next(iter(self.alternatives[0]))
        return "pre" if key in PRE_AGGREGATION else key


def parse_inputs(index: Index, spec: dict) -> list[Input]:
    if not spec:
        raise InputError(f"{index.spec.source}: no `uncertainty` inputs to sample")
    inputs = []
    for name, value in spec.items():
        step, _, param = str(name).partition(".")
        if step == "weights" and isinstance(value, dict):
            inputs.append(_noise_input(index, value))
            continue
        if step not in STEP_ORDER and step != "weights":
            raise InputError(f"uncertainty.{name}: {step!r} is not a step ({', '.join(STEP_ORDER)}) or weights")
        if not isinstance(value, list) or not value:
            raise InputError(f"uncertainty.{name}: give a list of alternatives")
        alts = []
        for alt in value:
            if step == "weights":
                alts.append({"weights": alt})
            elif param:
                if param not in STEP_PARAMS[step]:
                    raise InputError(f"uncertainty.{name}: unknown parameter of step {step}"
                                     f"{suggestion(param, STEP_PARAMS[step])}")
                alts.append({step: {param: alt}})
            else:  # aggregate alternatives may be a method name or one method per level
                alts.append({step: step_params(step, alt, f"uncertainty.{name}: alternative {alt!r}")})
        inputs.append(Input(str(name), alternatives=alts))
    return inputs


def _noise_input(index: Index, value: dict) -> Input:
    noise = value.get("noise", 0.25)
    levels = value.get("levels", [1])
    try:
        if isinstance(noise, dict):
            by_level = {int(level): float(f) for level, f in noise.items()}
        elif isinstance(levels, list):
            by_level = {int(level): float(noise) for level in levels}
        else:
            raise TypeError(levels)
    except (TypeError, ValueError):
        raise InputError("uncertainty.weights: give {noise: f, levels: [L, ...]} or {noise: {L: f, ...}} with "
                         f"numbers f and whole levels L, not {value!r}") from None
    top = index.framework.n_levels
    bad = [lv for lv in by_level if not 1 <= lv < top]
    if bad:
        raise InputError(f"uncertainty.weights.levels: level(s) {bad} have no weights to vary (levels 1..{top - 1})")
    for level, f in by_level.items():
        if not 0.0 <= f < 1.0:
            raise InputError(f"uncertainty.weights.noise must be in [0, 1) so weights stay positive, not {f} (level {level})")
    return Input("weights", noise=by_level)


@dataclass
class Design:
    """The runs: per input, the alternative chosen in each run; the weight multipliers."""

    choices: np.ndarray           # runs × inputs (discrete alternative index; -1 for the noise input)
    multipliers: np.ndarray       # runs × nodes (1 where no noise)


class Analysis:
    """The nominal index, its uncertain inputs and the machinery to evaluate a design."""

    def __init__(self, index: Index, spec: dict | None = None):
        self.index = index
        self.inputs = parse_inputs(index, spec if spec is not None else index.spec.uncertainty)
        fw = index.framework
        self.nodes = [c for c in fw.nodes if fw.nodes[c].level < fw.n_levels]
        self.code = fw.index_code
        self.units = list(index.scores.index)
        self.nominal_ranks = index.ranks[self.code].to_numpy(dtype=float)
        noise = next((i.noise for i in self.inputs if i.is_noise), {})
        self.noise = np.array([noise.get(fw.nodes[c].level, 0.0) for c in self.nodes])  # f per node
        self._pre_cache: dict[tuple, Index] = {}
        self._base_weights: dict[tuple, np.ndarray] = {}
        self._check_all_combinations()
        # units ranked in a run: the nominal ones plus any that another choice (say, a laxer
        # screen) keeps; results are reported for the nominal units
        extra = {u for built in self._pre_cache.values() for u in built.aggregation_input.index} - set(self.units)
        self._ranked = self.units + sorted(extra)
        self._unit_pos = {u: i for i, u in enumerate(self._ranked)}

    # --- choices ------------------------------------------------------------------------

    def _changes(self, row: np.ndarray, which: str | None = None) -> dict:
        changes: dict[str, Any] = {}
        for inp, choice in zip(self.inputs, row):
            if inp.is_noise or (which is not None and inp.stage != which):
                continue
            for key, val in inp.alternatives[int(choice)].items():
                if isinstance(val, dict) and isinstance(changes.get(key), dict):
                    changes[key] = merge_step_params(changes[key], val)
                else:
                    changes[key] = val
        return changes

    def _key(self, row: np.ndarray, which: str) -> tuple:
        return tuple(int(c) if inp.stage == which else -1 for inp, c in zip(self.inputs, row))

    def _pre(self, row: np.ndarray) -> Index:
        key = self._key(row, "pre")
        if key not in self._pre_cache:
            self._pre_cache[key] = self.index.rebuild(self._changes(row, "pre"))
        return self._pre_cache[key]

    def _weights(self, row: np.ndarray) -> np.ndarray:
        key = self._key(row, "pre") + self._key(row, "weights")
        if key not in self._base_weights:
            spec = self._changes(row, "weights").get("weights", self.index.spec.weights)
            built = self._pre(row)
            w = weights_step.resolve(spec, _ctx(built), built.aggregation_input)
            self._base_weights[key] = np.array([w[c] for c in self.nodes], dtype=float)
        return self._base_weights[key]

    def _methods(self, row: np.ndarray) -> list[dict]:
        nominal = self.index.spec.steps.get("aggregate", {})
        change = self._changes(row, "aggregate").get("aggregate", {})
        return aggregate_step.level_methods(merge_step_params(nominal, change), self.index.framework.n_levels)

    def _check_all_combinations(self) -> None:
        """Build every combination of alternatives once, with the nominal weights (the stages
        before aggregation are cached for the runs), and refuse an impossible one by name."""
        discrete = [range(len(i.alternatives)) if not i.is_noise else [-1] for i in self.inputs]
        for row in itertools.product(*discrete):
            row = np.array(row)
            try:
                built = self._pre(row)
                ctx = _ctx(built)
                ctx.weights = dict(zip(self.nodes, self._weights(row)))
                aggregate_step.apply(built.aggregation_input, ctx, {"method": self._methods(row)})
            except InputError as exc:
                label = ", ".join(f"{inp.name}={_label(inp.alternatives[c])}" for inp, c in zip(self.inputs, row)
                                  if not inp.is_noise)
                raise InputError(f"uncertainty: impossible combination ({label}): {exc}") from None

    # --- designs ------------------------------------------------------------------------

    def random_design(self, n: int, seed: int | None) -> Design:
        rng = np.random.default_rng(seed)
        choices = np.column_stack([np.full(n, -1) if i.is_noise else rng.integers(len(i.alternatives), size=n)
                                   for i in self.inputs])
        mult = np.ones((n, len(self.nodes)))
        noisy = self.noise > 0
        if noisy.any():
            f = self.noise[noisy]
            mult[:, noisy] = rng.uniform(1 - f, 1 + f, size=(n, int(noisy.sum())))
        return Design(choices, mult)

    def design_from_uniform(self, u: np.ndarray, bank: np.ndarray) -> Design:
        """Map a (runs × inputs) sample of U[0, 1) to choices; the noise input picks a row of `bank`."""
        cols, mult = [], np.ones((len(u), len(self.nodes)))
        for j, inp in enumerate(self.inputs):
            if inp.is_noise:
                pick = np.minimum((u[:, j] * len(bank)).astype(int), len(bank) - 1)
                mult = bank[pick]
                cols.append(np.full(len(u), -1))
            else:
                k = len(inp.alternatives)
                cols.append(np.minimum((u[:, j] * k).astype(int), k - 1))
        return Design(np.column_stack(cols), mult)

    # --- evaluation ---------------------------------------------------------------------

    def ranks(self, design: Design) -> np.ndarray:
        """Index ranks (runs × units, nominal unit order) for every run of the design."""
        scores = self.scores(design)
        ranks = np.vstack([rank_desc_rows(scores[i:i + CHUNK]) for i in range(0, len(scores), CHUNK)])
        return ranks[:, :len(self.units)]

    def scores(self, design: Design) -> np.ndarray:
        """Index scores (runs × ranked units; NaN where a run's choices drop the unit)."""
        n = len(design.choices)
        out = np.full((n, len(self._ranked)), np.nan)
        groups: dict[tuple, list[int]] = {}
        for r, row in enumerate(design.choices):
            groups.setdefault(tuple(row.tolist()), []).append(r)
        for row, runs in groups.items():
            row = np.array(row)
            runs = np.array(runs)
            built = self._pre(row)
            base = self._weights(row)
            methods = self._methods(row)
            values = built.aggregation_input
            cols = [self._unit_pos[u] for u in values.index]
            chunk = 200 if any(m["method"] == "copeland" for m in methods) else CHUNK
            for i in range(0, len(runs), chunk):
                part = runs[i:i + chunk]
                w = base[None, :] * design.multipliers[part]
                out[np.ix_(part, cols)] = self._aggregate(values, w, methods)
        return out

    def _aggregate(self, stage: pd.DataFrame, w: np.ndarray, methods: list[dict]) -> np.ndarray:
        """Index scores (runs × units) for a batch of weight vectors (runs × nodes)."""
        fw = self.index.framework
        node_pos = {c: j for j, c in enumerate(self.nodes)}
        values = stage[fw.indicators].to_numpy(dtype=float)[None]   # 1 × units × indicators
        for level, m in zip(range(1, fw.n_levels), methods):
            kids, _, member = fw.membership(level)
            wl = w[:, [node_pos[k] for k in kids]]
            values = aggregate_step.aggregate_level(values, wl, member, m)
        return values[:, :, 0]

    def rebuild_run(self, design: Design, r: int) -> np.ndarray:
        """Ranks of run r computed the slow way: a full rebuild with the run's choices and its
        weights given explicitly (the reference the fast path is tested against)."""
        row = design.choices[r]
        w = self._weights(row) * design.multipliers[r]
        changes = self._changes(row)
        changes["weights"] = {c: float(v) for c, v in zip(self.nodes, w)}
        built = self.index.rebuild(changes, reuse=False)
        return built.ranks[self.code].reindex(self.units).to_numpy(dtype=float)


@dataclass
class UncertaintyResult:
    runs: int
    seed: int | None
    units: list[str]
    nominal_ranks: np.ndarray
    ranks: np.ndarray                    # runs × units
    sensitivity: list[dict] | None = None
    unit_names: tuple[str, ...] = ("code",)  # ("year", "uCode") for a panel's (year, unit) pairs

    def summary(self) -> pd.DataFrame:
        r = self.ranks
        return pd.DataFrame({"nominal_rank": self.nominal_ranks,
                             "median_rank": np.nanmedian(r, axis=0),
                             "mean_rank": np.nanmean(r, axis=0),
                             "p5_rank": np.nanpercentile(r, 5, axis=0),
                             "p95_rank": np.nanpercentile(r, 95, axis=0)},
                            index=pd.Index(self.units).set_names(list(self.unit_names))).sort_values(["nominal_rank", "median_rank"])

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `coopwatch index uncertainty --json` (contracts/index-spec.md)."""
        table = self.summary()
        units = [{"code": str(u)} | {k: _num(v) for k, v in row.items()} for u, row in table.iterrows()]
        return {"runs": self.runs, "seed": self.seed, "units": units, "sensitivity": self.sensitivity or []}


def run_uncertainty(index: Index, runs: int, seed: int | None = None, sensitivity: bool = False,
                    spec: dict | None = None, workers: int | None = None,
                    scheduler: str | None = None) -> UncertaintyResult:
    """`runs` Monte Carlo runs (and, with `sensitivity`, the Sobol design) over the spec's
    uncertainty inputs (or `spec`); with `workers`/`scheduler` the runs are evaluated on Dask."""
    if runs < 1:
        raise InputError(f"uncertainty: --runs must be at least 1, not {runs}")
    analysis = Analysis(index, spec)
    evaluate = analysis.ranks
    if workers or scheduler:
        from functools import partial

        from coopwatch.evaluate.distributed import distributed_ranks

        evaluate = partial(distributed_ranks, analysis, workers=workers, scheduler=scheduler)
    design = analysis.random_design(runs, seed)
    result = UncertaintyResult(runs, seed, analysis.units, analysis.nominal_ranks, evaluate(design))
    if sensitivity:
        result.sensitivity = sobol_indices(analysis, runs, seed, evaluate)
    return result


def sobol_indices(analysis: Analysis, runs: int, seed: int | None, evaluate=None) -> list[dict]:
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    d = len(analysis.inputs)
    base = max(16, 2 ** int(math.floor(math.log2(max(runs // (d + 2), 1)))))
    problem = {"num_vars": d, "names": [i.name for i in analysis.inputs], "bounds": [[0.0, 1.0]] * d}
    u = sobol_sample.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
    bank = analysis.random_design(base, seed).multipliers
    evaluate = evaluate or analysis.ranks
    ranks = evaluate(analysis.design_from_uniform(np.clip(u, 0.0, np.nextafter(1.0, 0.0)), bank))
    y = np.nanmean(np.abs(ranks - analysis.nominal_ranks[None, :]), axis=1)
    res = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=500, conf_level=0.95,
                                seed=seed, print_to_console=False)
    out = []
    for j, inp in enumerate(analysis.inputs):
        s1, c1, st, ct = (float(res["S1"][j]), float(res["S1_conf"][j]), float(res["ST"][j]), float(res["ST_conf"][j]))
        out.append({"input": inp.name, "Si": s1, "Si_ci": [s1 - c1, s1 + c1], "STi": st, "STi_ci": [st - ct, st + ct]})
    return out


def _label(change: dict) -> str:
    (key, val), = change.items()
    if isinstance(val, dict) and len(val) == 1:
        return str(next(iter(val.values())))
    return str(val)


def _ctx(index: Index):
    from coopwatch.evaluate.steps import BuildContext

    i = index.inputs
    return BuildContext(index.framework, i.units, i.denominators, i.history, i.year)


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)
