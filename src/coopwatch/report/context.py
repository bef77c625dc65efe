"""What every section of a report is built from: the store, the plans, the period and as-of
date, the language, the references, and the library results the sections share (computed once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from coopwatch.report.references import References
from coopwatch.report.words import words

INDEX_RUNS = 500  # Monte Carlo runs of the China index's rank intervals and sensitivity
SCORECARD_RUNS = 200


@dataclass
class Context:
    store: object
    plans: list
    period: int
    as_of: dt.date
    since: dt.date
    lang: str
    seed: int = 0
    previous: dict | None = None  # a stored snapshot to compare with, else one computed as of `since`
    refs: References = field(default_factory=References)
    figures: int = 0
    snapshot: dict | None = None  # this report's judgements, set by the summary
    index_problem: str | None = None  # why the index could not be built, set by its section

    @property
    def w(self) -> dict:
        return words(self.lang)

    def figure(self) -> int:
        self.figures += 1
        return self.figures

    def plan_title(self, plan) -> str:
        from coopwatch.plans.render import in_language

        return in_language(plan.title, self.lang) or plan.id

    @cached_property
    def assessments(self) -> list:
        from coopwatch.indicators import evaluate_targets

        return [a for p in self.plans for a in evaluate_targets(self.store, plan_id=p.id, as_of=self.as_of.year)]

    @cached_property
    def scorecards(self) -> list[dict]:
        from coopwatch.evaluate.scorecard import build_scorecard

        return [build_scorecard(self.store, p.id, self.as_of, uncertainty=SCORECARD_RUNS, seed=self.seed, lang=self.lang)
                for p in self.plans]

    @cached_property
    def evidence(self) -> dict[str, tuple[dict, bool]]:
        """Per plan id: the counted evidence of its items and whether evidence was monitored."""
        from coopwatch.evidence.counting import plan_evidence

        return {p.id: plan_evidence(self.store, p, self.as_of) for p in self.plans}

    @cached_property
    def edges(self) -> list:
        from coopwatch.charts.network import pairing_edges

        return pairing_edges(self.store, self.plans, self.as_of)

    @cached_property
    def observations(self):
        from coopwatch.indicators import ObservationSet

        return ObservationSet.load(self.store)
