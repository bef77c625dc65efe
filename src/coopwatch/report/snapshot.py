"""What changed since the previous report: a snapshot of a report's judgements (targets'
statuses, items' scores, the number of counted documents), stored as JSON next to the report
(`FILE.snapshot.json`) or computed for an earlier as-of date, and the difference of two."""

from __future__ import annotations

import json
from pathlib import Path

from coopwatch.errors import InputError


def target_key(a) -> str:
    return f"{a.plan}|{a.indicator}|{a.comparator}{a.value:g}|{a.year}|{a.region or ''}"


def take_snapshot(assessments, scorecards, evidence, as_of) -> dict:
    counted = {d["document"] for found, _ in evidence.values() for ev in found.values() for d in ev.counted}
    return {"format": "coopwatch-report-snapshot/1", "as_of": as_of.isoformat(),
            "targets": {target_key(a): a.status for a in assessments},
            "scores": {e["item"]: e["score"] for card in scorecards for e in card["items"]},
            "documents": len(counted)}


def snapshot_at(store, plans, as_of) -> dict:
    """The snapshot an earlier report as of `as_of` would have stored (same library calls)."""
    from coopwatch.evaluate.scorecard import build_scorecard
    from coopwatch.evidence.counting import plan_evidence
    from coopwatch.indicators import evaluate_targets

    assessments = [a for p in plans for a in evaluate_targets(store, plan_id=p.id, as_of=as_of.year)]
    cards = [build_scorecard(store, p.id, as_of) for p in plans]
    evidence = {p.id: plan_evidence(store, p, as_of) for p in plans}
    return take_snapshot(assessments, cards, evidence, as_of)


def read_snapshot(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read report snapshot ({exc})") from None
    if data.get("format") != "coopwatch-report-snapshot/1":
        raise InputError(f"{path}: not a coopwatch report snapshot (no format coopwatch-report-snapshot/1)")
    return data


def write_snapshot(snapshot: dict, path: Path) -> None:
    Path(path).write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), encoding="utf-8")


def differences(before: dict, now: dict) -> dict:
    """Targets whose status changed, items whose score moved by at least 0.1, documents then and now."""
    statuses = [(k, before["targets"].get(k), s) for k, s in now["targets"].items() if before["targets"].get(k) != s]
    scores = []
    for item, score in now["scores"].items():
        old = before["scores"].get(item)
        if old != score and (old is None or score is None or abs(score - old) >= 0.1):
            scores.append((item, old, score))
    scores.sort(key=lambda t: -abs((t[2] or 0) - (t[1] or 0)))
    return {"since": before["as_of"], "statuses": statuses, "scores": scores,
            "documents": (before["documents"], now["documents"])}
