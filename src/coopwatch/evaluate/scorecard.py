"""Key-task scorecards: every task, measure and goal of a plan scored 0-100 with a grade, and the
reasons for each score (`coopwatch scorecard`; docs/methods/scorecard.md).

The method is an index spec, `data/index/scorecard.yaml` with `scorecard-meta.csv`, built by the
`Index` object with the plan's items as units, so the uncertainty analysis of any index applies
(`scorecard_index(store, plan_id, as_of)` returns the Index; `run_uncertainty` gives the rank
intervals). Raw values of an item, as of a date D:

Evidence (pillar weight 4) — the documents linked to the item: evidence rows in state
`confirmed`, or `proposed` with a link score >= `min_score` (0.5); `rejected` rows never count;
documents dated after D are left out (date = published, else ingested); a reprint
(`duplicate_of`) counts with its original, once.
- `ev_documents` (weight 3): number of such documents; goalposts [0, 5]
- `ev_confirmed_share` (1.5): confirmed / counted; [0, 1]; missing when nothing is counted
- `ev_recent` (2): counted documents dated in the `recent_days` (365) up to D; [0, 3]
- `ev_amount` (1.5): log10 of the summed yuan, each event (`document.event`) counted once at the
  largest amount any of its reports states, 0 when none; [6, 10] (1 million .. 10 billion yuan)
- `ev_pairings` (2): distinct (item region, partner region) pairs over the documents (the item's
  regions the document names, else all of them, × the other regions it names); [0, 3]
When the store holds no document dated up to D at all, evidence is not monitored: the pillar is
missing for every item. Otherwise an item without linked documents scores 0 on the counts
(nothing reported) and has no confirmed share.

Progress (weight 3) — `progress_status`: for each region reporting on the item, its newest
approved update whose period starts by D (by period, then submission), scored completed 100,
in_progress 60, delayed 25, not_started 0, suspended 0; the mean over regions. No update:
missing. Goalposts [0, 100].

Outcomes (weight 3) — movement of the item's regions and its targets:
- `rd_intensity_growth`, `rd_expenditure_growth`, `technology_contract_turnover_growth` (1 each):
  for each region of the item, g = 100 · ((x_t / x_(t-3))^(1/3) − 1) with t the newest year <= D's
  year having a value for t and t − 3 (current observations of the store; zones and groups by
  their derived series); the mean over the regions. Goalposts [-2, 8], [0, 20], [-10, 60] % a year.
- `target_status` (3): the item's quantified targets judged on the data up to D's year
  (`coopwatch targets`): achieved 100, on_track 80, acceleration_needed 50, limited_progress 25,
  deterioration 0; insufficient_data not scored; the mean. Goalposts [0, 100].

Normalisation by goalposts, y = 100 · (x − lo) / (hi − lo) truncated to [0, 100]; aggregation by
the weighted arithmetic mean, indicators into pillars and pillars into the score, the weights
renormalised over the values present (a missing pillar leaves the others' weights in
proportion). An item with no linked document, no approved update, no indicator value and no
scored target gets no score (null, grade "n/a"), not a 0.

Grades: A >= 80, B >= 65, C >= 50, D >= 35, E below 35.

Uncertainty (`scorecard.yaml` `uncertainty`): weights of indicators and pillars times U(0.75,
1.25), arithmetic mean or power mean p = 0.5; `rank_interval` = [p5, p95] of the item's rank.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coopwatch.errors import InputError, NotFound
from coopwatch.evaluate.framework import Framework
from coopwatch.evaluate.index import Index
from coopwatch.evaluate.sources import IndexInputs
from coopwatch.evaluate.spec import IndexSpec, load_spec
from coopwatch.indicators.attainment import status_label
from coopwatch.indicators.catalogue import indicator_catalogue
from coopwatch.plans import ItemRef
from coopwatch.records.updates import STATUS_LABELS as UPDATE_STATUS_LABELS

SCORECARD_SPEC = Path(__file__).resolve().parent.parent / "data" / "index" / "scorecard.yaml"
SCORED_KINDS = ("task", "measure", "goal")  # goals carry a plan's targets (WSC goal 2: the five 2025 targets)
GRADES = ((80.0, "A"), (65.0, "B"), (50.0, "C"), (35.0, "D"))
NO_DATA = "no evidence, progress, indicator or target data"
PILLARS = ("Evidence", "Progress", "Outcomes")
LANGS = ("zh", "en")


def grade(score: float | None) -> str:
    """A >= 80, B >= 65, C >= 50, D >= 35, E below; "n/a" without a score."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "n/a"
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "E"


def parse_as_of(value: str | dt.date | None) -> dt.date:
    """The as-of date: a date, "YYYY-MM-DD", "YYYY" (its 31 December) or None (today)."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of: {value!r} is not a date (YYYY-MM-DD or YYYY)") from None


# --- raw values -------------------------------------------------------------------------------

@dataclass
class ItemFacts:
    """What the raw values of one item rest on: its values and the reasons behind them."""

    key: str
    kind: str
    title: dict[str, str]
    values: dict[str, float] = field(default_factory=dict)
    reasons: list[dict] = field(default_factory=list)
    has_data: bool = False


def _settings(spec: IndexSpec) -> dict:
    data = spec.data
    ev, pr, out = data.get("evidence") or {}, data.get("progress") or {}, data.get("outcomes") or {}
    return {"min_score": float(ev.get("min_score", 0.5)), "recent_days": int(ev.get("recent_days", 365)),
            "status_scores": dict(pr.get("status_scores") or {}),
            "indicators": list(out.get("indicators") or []), "growth_years": int(out.get("growth_years", 3)),
            "target_scores": dict(out.get("target_scores") or {})}


def _plan(store, plan_id: str | None):
    from coopwatch.plans.registry import current_plans

    plans = current_plans(store)
    if plan_id is None:
        return plans
    found = [p for p in plans if p.id == plan_id]
    if not found:
        known = ", ".join(p.id for p in plans) or "none"
        raise NotFound(f"--plan: no plan {plan_id!r} (plans: {known})")
    return found


def _evidence(store, fw, items: dict[str, Any], facts: dict[str, ItemFacts], as_of: dt.date, cfg: dict) -> None:
    """The evidence pillar's raw values from the documents that count (`evidence.counting`)."""
    from coopwatch.evidence.counting import plan_evidence

    found, monitored = plan_evidence(store, fw, as_of, min_score=cfg["min_score"], recent_days=cfg["recent_days"])
    for ref in items:
        f, ev = facts[ref], found[ref]
        docs = ev.counted
        f.reasons[:0] = docs + ev.not_counted
        if ev.weak:
            f.reasons.append({"kind": "document", "counted": False, "documents": ev.weak,
                              "why": f"proposed links with a link score below {cfg['min_score']}"})
        if docs:
            f.has_data = True
        if not monitored:
            continue
        summary = ev.summary()
        total = summary["amount_yuan"]
        f.values["ev_documents"] = float(len(docs))
        f.values["ev_confirmed_share"] = summary["confirmed"] / len(docs) if docs else np.nan
        f.values["ev_recent"] = float(summary["recent"])
        f.values["ev_amount"] = math.log10(total) if total >= 1 else 0.0
        f.values["ev_pairings"] = float(summary["pairings"])
        if docs:
            f.reasons.insert(len(docs), {"kind": "evidence", **summary})


def _period_start(period: str) -> dt.date:
    year = int(period[:4])
    rest = period[4:]
    month = {"": 1, "H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}.get(rest, 1)
    return dt.date(year, month, 1)


def _progress(store, fw, items, facts, as_of: dt.date, cfg: dict) -> None:
    from coopwatch.records.updates import list_updates

    latest: dict[tuple[str, str | None], Any] = {}
    for u in list_updates(store, plan=fw.id, state="approved"):
        ref = ItemRef.parse(u.item).item
        if ref not in items or _period_start(u.period) > as_of:
            continue
        key = (ref, u.region)
        cur = latest.get(key)
        if cur is None or (u.period, u.id) >= (cur.period, cur.id):
            latest[key] = u
    scores = cfg["status_scores"]
    per_item: dict[str, list[float]] = defaultdict(list)
    for (ref, region), u in sorted(latest.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        score = scores.get(u.status)
        facts[ref].reasons.append({"kind": "progress", "update": u.id, "period": u.period, "status": u.status,
                                   "region": u.region, "author": u.author, "score": score})
        if score is not None:
            per_item[ref].append(float(score))
    for ref, values in per_item.items():
        facts[ref].values["progress_status"] = float(np.mean(values))
        facts[ref].has_data = True


def _outcomes(store, fw, items, facts, as_of: dt.date, cfg: dict) -> None:
    from coopwatch.indicators import ObservationSet, derived_series, evaluate_targets
    from coopwatch.indicators.catalogue import with_parts
    from coopwatch.indicators.progress import cagr

    # the items' regions and their parts only: a store of a million county values reads a few
    obs = ObservationSet.load(store, regions=with_parts(r for item in items.values() for r in item.regions))
    n = cfg["growth_years"]
    for ref, item in items.items():
        f = facts[ref]
        for ind in cfg["indicators"]:
            growths = []
            for region in item.regions:
                series = {y: v for y, v in derived_series(obs, region, ind).items() if y <= as_of.year}
                years = [y for y in sorted(series, reverse=True) if y - n in series]
                if not years:
                    continue
                t = years[0]
                x0, x1 = series[t - n].value, series[t].value
                rate = cagr(x0, x1, n)
                if rate is None:
                    continue
                g = 100.0 * rate
                growths.append(g)
                f.reasons.append({"kind": "indicator", "indicator": ind, "region": region,
                                  "from": {"year": t - n, "value": x0}, "to": {"year": t, "value": x1},
                                  "growth": round(g, 3),
                                  "sources": sorted(set(series[t - n].sources) | set(series[t].sources))})
            if growths:
                f.values[f"{ind}_growth"] = float(np.mean(growths))
                f.has_data = True
    target_scores = cfg["target_scores"]
    per_item: dict[str, list[float]] = defaultdict(list)
    if any(t.item_ref in items for t in fw.targets):
        for a in evaluate_targets(store, plan_id=fw.id, as_of=as_of.year):
            ref = ItemRef.parse(a.item).item if a.item else None
            if ref not in items:
                continue
            score = target_scores.get(a.status)
            facts[ref].reasons.append({"kind": "target", "indicator": a.indicator, "comparator": a.comparator,
                                       "value": a.value, "unit": a.unit, "year": a.year, "region": a.region,
                                       "proxy": a.proxy, "status": a.status, "score": score})
            if score is not None:
                per_item[ref].append(float(score))
    for ref, values in per_item.items():
        facts[ref].values["target_status"] = float(np.mean(values))
        facts[ref].has_data = True


def collect(store, fw, as_of: dt.date, spec: IndexSpec) -> dict[str, ItemFacts]:
    """Raw values and reasons of every task and measure of plan `fw` as of `as_of`, by short ref."""
    cfg = _settings(spec)
    items = {it.short_ref: it for it in fw.walk() if it.kind in SCORED_KINDS}
    facts = {ref: ItemFacts(fw.key(it), it.kind, dict(it.title)) for ref, it in items.items()}
    _evidence(store, fw, items, facts, as_of, cfg)
    _progress(store, fw, items, facts, as_of, cfg)
    _outcomes(store, fw, items, facts, as_of, cfg)
    return facts


# --- the index --------------------------------------------------------------------------------

def _inputs(spec: IndexSpec, facts: dict[str, ItemFacts]) -> IndexInputs:
    fw = Framework.read(spec.meta)
    keys = [f.key for f in facts.values()]
    raw = pd.DataFrame(np.nan, index=pd.Index(keys, name="uCode"), columns=fw.indicators, dtype=float)
    for f in facts.values():
        if not f.has_data:
            continue  # no data at all: every value missing, so no score rather than a fake 0
        for code, value in f.values.items():
            if code in raw.columns:
                raw.at[f.key, code] = value
    names = [f.title.get("en") or f.title.get("zh") or f.key for f in facts.values()]
    units = pd.DataFrame({"uName": names}, index=raw.index)
    return IndexInputs(fw, raw, units, None)


def _build(store, plan_id: str | None, as_of, spec: IndexSpec | str | Path | None):
    spec = spec if isinstance(spec, IndexSpec) else load_spec(spec or SCORECARD_SPEC)
    as_of = parse_as_of(as_of)
    out = []
    for fw in _plan(store, plan_id):
        facts = collect(store, fw, as_of, spec)
        if not facts:
            raise InputError(f"plan {fw.id!r} has no tasks or measures to score")
        out.append((fw, facts, Index(spec, _inputs(spec, facts))))
    return as_of, out


def scorecard_index(store, plan_id: str, as_of=None, spec: IndexSpec | str | Path | None = None) -> Index:
    """The scorecard of plan `plan_id` as of `as_of` (a date, "YYYY-MM-DD"; default today) as a
    built Index: units are the plan's item keys ("eastwest-14fyp:3.2"), `index.scores` the pillar
    and scorecard scores, `index.ranks` the ranks, and `run_uncertainty(index, runs, seed)` works."""
    return _build(store, plan_id, as_of, spec)[1][0][2]


def _num(x, digits: int = 2) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), digits)


def plan_scorecard(fw, facts: dict[str, ItemFacts], index: Index, as_of: dt.date, uncertainty=None) -> dict:
    """The JSON of one plan's scorecard (see `build_scorecard`)."""
    code = index.framework.index_code
    scores, ranks = index.scores, index.ranks
    normalised = index.data["Normalised"]
    raw = index.data["Raw"]
    intervals = {}
    if uncertainty is not None:
        summary = uncertainty.summary()
        intervals = {u: [_num(r["p5_rank"], 1), _num(r["p95_rank"], 1)] for u, r in summary.iterrows()}
    items = []
    for f in facts.values():
        score = _num(scores.at[f.key, code])
        entry = {"item": f.key, "kind": f.kind, "title": f.title, "score": score, "grade": grade(score),
                 "pillars": {p.lower(): _num(scores.at[f.key, p]) for p in PILLARS},
                 "indicators": {c: {"value": _num(raw.at[f.key, c], 4), "score": _num(normalised.at[f.key, c])}
                                for c in index.framework.indicators if not pd.isna(raw.at[f.key, c])},
                 "reasons": f.reasons if f.has_data else f.reasons + [{"kind": "none", "text": NO_DATA}],
                 "rank": None if pd.isna(ranks.at[f.key, code]) else int(ranks.at[f.key, code])}
        if uncertainty is not None:
            entry["rank_interval"] = intervals.get(f.key) if score is not None else None
        items.append(entry)
    items.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0))
    return {"plan": fw.id, "title": fw.title, "as_of": as_of.isoformat(), "items": items,
            "weights": {c: round(w, 4) for c, w in index.details["weights"]["effective"].items()}}


def build_scorecard(store, plan_id: str | None = None, as_of=None, uncertainty: int = 0, seed: int = 0,
                    spec: IndexSpec | str | Path | None = None, lang: str = "en") -> dict:
    """The scorecard of one plan: `{"plan", "title", "as_of", "items": [...], "weights"}`; of every
    plan when `plan_id` is None: `{"as_of", "plans": [...]}`. Items best first; each with score,
    grade, pillars, indicator values and scores, reasons, rank and, with `uncertainty` runs,
    `rank_interval` [p5, p95]."""
    from coopwatch.evaluate.uncertainty import run_uncertainty

    if lang not in LANGS:
        raise InputError(f"--lang: {lang!r} is not one of {', '.join(LANGS)}")
    if uncertainty < 0:
        raise InputError(f"--uncertainty: runs must be at least 0, not {uncertainty}")
    as_of, built = _build(store, plan_id, as_of, spec)
    cards = []
    for fw, facts, index in built:
        result = None
        scored = index.scores[index.framework.index_code].notna()
        if uncertainty and scored.any():
            # the runs rank the items with a score (goalposts normalise each value on its own,
            # so leaving out the items without data changes no other item's score)
            inputs = index.inputs
            kept = IndexInputs(inputs.framework, inputs.raw.loc[scored], inputs.units.loc[scored], None)
            result = run_uncertainty(Index(index.spec, kept), uncertainty, seed)
        cards.append(plan_scorecard(fw, facts, index, as_of, result))
    if plan_id is not None:
        return cards[0]
    return {"as_of": as_of.isoformat(), "plans": cards}


# --- text -------------------------------------------------------------------------------------

WORDS = {
    "en": {"rank": "rank", "item": "item", "grade": "grade", "score": "score", "evidence": "evidence",
           "progress": "progress", "outcomes": "outcomes", "interval": "rank 5-95%", "title": "title",
           "why": "why", "docs": "{n} documents", "confirmed": "{n} confirmed", "yuan": "{v:,.0f} yuan",
           "pairs": "{n} pairings", "doc": "1 document", "pair": "1 pairing", "update": "{status} ({period})", "target": "target {indicator}: {status}",
           "growth": "{indicator} {growth:+.1f}%/yr", "none": NO_DATA},
    "zh": {"rank": "排名", "item": "任务", "grade": "等级", "score": "得分", "evidence": "证据",
           "progress": "进展", "outcomes": "成效", "interval": "排名区间", "title": "名称",
           "why": "依据", "docs": "文档{n}篇", "confirmed": "已确认{n}篇", "yuan": "{v:,.0f}元",
           "pairs": "结对{n}对", "update": "{status}（{period}）", "target": "目标{indicator}：{status}",
           "growth": "{indicator} {growth:+.1f}%/年", "none": "无证据、进展、指标或目标数据"},
}


def _label(indicator: str, lang: str) -> str:
    info = indicator_catalogue().get(indicator)
    return info.label(lang) if info else indicator


def summary(entry: dict, lang: str = "en") -> str:
    """One line of what an item's score rests on (the reasons in brief)."""
    w = WORDS[lang]
    parts = []
    for r in entry["reasons"]:
        kind = r["kind"]
        if kind == "evidence":
            parts.append(w["doc"] if r["documents"] == 1 and "doc" in w else w["docs"].format(n=r["documents"]))
            if r["confirmed"]:
                parts.append(w["confirmed"].format(n=r["confirmed"]))
            if r["amount_yuan"]:
                parts.append(w["yuan"].format(v=r["amount_yuan"]))
            if r["pairings"]:
                parts.append(w["pair"] if r["pairings"] == 1 and "pair" in w else w["pairs"].format(n=r["pairings"]))
        elif kind == "progress":
            status = UPDATE_STATUS_LABELS.get(r["status"], {}).get(lang, r["status"])
            parts.append(w["update"].format(status=status, period=r["period"]))
        elif kind == "target":
            parts.append(w["target"].format(indicator=_label(r["indicator"], lang),
                                            status=status_label(r["status"], lang)))
        elif kind == "none":
            parts.append(w["none"])
    growth = {}
    for r in entry["reasons"]:
        if r["kind"] == "indicator":
            growth.setdefault(r["indicator"], []).append(r["growth"])
    parts += [w["growth"].format(indicator=_label(i, lang), growth=float(np.mean(g))) for i, g in growth.items()]
    return ("；" if lang == "zh" else "; ").join(parts)


def table_rows(card: dict, lang: str = "en") -> tuple[list[str], list[list[str]]]:
    """Header and rows of a plan's scorecard as a table, titles in `lang` (zh or en)."""
    from coopwatch.plans.render import in_language

    w = WORDS[lang]
    intervals = any("rank_interval" in e for e in card["items"])
    header = [w["rank"], w["item"], w["grade"], w["score"], w["evidence"], w["progress"], w["outcomes"]]
    header += [w["interval"]] if intervals else []
    header += [w["title"], w["why"]]

    def fmt(x):
        return "-" if x is None else f"{x:.1f}"

    rows = []
    for e in card["items"]:
        row = ["-" if e["rank"] is None else str(e["rank"]), ItemRef.parse(e["item"]).item, e["grade"], fmt(e["score"]),
               *(fmt(e["pillars"][p]) for p in ("evidence", "progress", "outcomes"))]
        if intervals:
            iv = e.get("rank_interval")
            row.append("-" if not iv else f"{iv[0]:g}-{iv[1]:g}")
        row += [in_language(e["title"], lang), summary(e, lang)]
        rows.append(row)
    return header, rows
