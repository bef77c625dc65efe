"""Progress updates: what a region reports on a plan task for a period, and its review.

A provincial S&T department (role `reporter`) reports for the regions in its scope; an evaluator
accepts an update or returns it with a note. Updates are never edited in place: a correction is a
new update for the same item and period, and the newest accepted one counts. Every submission and
decision goes to the audit trail.

Periods: a year ("2024"), a half ("2024H1") or a quarter ("2024Q3").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from coopwatch.errors import InputError, NotFound
from coopwatch.plans import ItemRef
from coopwatch.store import Store, record_audit
from coopwatch.store.models import ProgressUpdate
from coopwatch.store.permissions import PermissionDenied, Target, require

STATUSES = ("not_started", "in_progress", "completed", "delayed", "suspended")
DECISIONS = ("accepted", "returned")
_PERIOD = re.compile(r"^(19|20)\d\d(H[12]|Q[1-4])?$")


@dataclass(frozen=True)
class Update:
    id: int
    item: str  # "<plan id>:<short ref>"
    region: str | None
    period: str
    status: str
    narrative: str | None
    author: str | None
    state: str
    created_at: dt.datetime

    @classmethod
    def of(cls, row: ProgressUpdate) -> "Update":
        return cls(row.id, str(ItemRef(row.plan_id, row.item_ref)), row.region, row.period, row.status,
                   row.narrative, row.author, row.state, row.created_at)

    def as_dict(self) -> dict:
        d = self.__dict__.copy()
        d["created_at"] = self.created_at.isoformat(timespec="seconds")
        return d


def _resolve_item(store: Store, ref: str, field: str, plans=None) -> tuple[str, str]:
    return _find_item(store, ref, field, plans)[:2]


def _find_item(store: Store, ref: str, field: str, plans=None):
    """(plan id, short ref, the item) of a reference, checked against the current plans."""
    from coopwatch.plans import resolve_ref
    from coopwatch.plans.registry import current_plans

    plans = current_plans(store) if plans is None else plans
    try:
        found = resolve_ref(ref, plans)
    except (InputError, NotFound) as exc:
        raise InputError(f"{field}: {exc}") from None
    plan = next(p for p in plans if p.id == found.plan)
    return found.plan, found.item, plan.item(found.item)


def _check(store: Store, *, item: str, period: str, status: str, region: str | None,
           author: str | None, where: str, plans=None) -> tuple[str, str, str | None]:
    """The item, period, status and region of an update checked, and the author's right to
    submit it (`store.permissions`: a reporter only for its regions and their tasks)."""
    if not _PERIOD.match(period or ""):
        raise InputError(f"{where}period: {period!r} is not a year, half (2024H1) or quarter (2024Q3)")
    if status not in STATUSES:
        raise InputError(f"{where}status: {status!r} is not one of {', '.join(STATUSES)}")
    plan_id, short, found = _find_item(store, item, f"{where}item", plans)
    code = None
    if region:
        from coopwatch.reference import gazetteer

        info = gazetteer().resolve(region)
        if info is None:
            raise InputError(f"{where}region: unknown region {region!r}")
        code = info.code
    try:
        require(store, author, "progress.submit",
                Target(regions=(code,) if code else (), item_regions=tuple(found.regions),
                       what=str(ItemRef(plan_id, short))))
    except PermissionDenied as exc:
        raise PermissionDenied(f"{where}{exc}") from None
    return plan_id, short, code


def submit(store: Store, *, item: str, period: str, status: str, narrative: str | None = None,
           region: str | None = None, author: str | None = None) -> Update:
    """Store one progress update (state `submitted`)."""
    with store.session() as s:
        plan_id, short, code = _check(store, item=item, period=period, status=status, region=region,
                                      author=author, where="")
        row = ProgressUpdate(plan_id=plan_id, item_ref=short, region=code, period=period, status=status,
                             narrative=narrative, author=author)
        s.add(row)
        s.flush()
        record_audit(s, actor=author, action="submit", entity="progress_update", entity_id=row.id,
                     after={"item": str(ItemRef(plan_id, short)), "period": period, "status": status})
        return Update.of(row)


def import_csv(store: Store, path: Path, *, author: str | None = None) -> list[Update]:
    """Import updates from a CSV with columns item,period,status[,region,narrative]; every row is
    checked first and nothing is stored if any row is wrong (errors name file, line and field)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"item", "period", "status"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"{path}, line 1: missing column(s) {', '.join(sorted(missing))}")
    problems, rows = [], []
    from coopwatch.plans.registry import current_plans

    plans = current_plans(store)
    with store.session() as s:
        for lineno, rec in enumerate(reader, start=2):
            try:
                plan_id, short, code = _check(store, item=rec["item"], period=rec["period"].strip(),
                                              status=rec["status"].strip(), region=(rec.get("region") or "").strip() or None,
                                              author=author, where=f"{path}, line {lineno}: ", plans=plans)
            except PermissionDenied:
                raise
            except InputError as exc:
                problems.append(str(exc))
                continue
            rows.append(ProgressUpdate(plan_id=plan_id, item_ref=short, region=code, period=rec["period"].strip(),
                                       status=rec["status"].strip(), narrative=(rec.get("narrative") or None),
                                       author=author))
        if problems:
            raise InputError(f"{len(problems)} problem(s), nothing imported: " + "; ".join(problems))
        s.add_all(rows)
        s.flush()
        for row in rows:
            record_audit(s, actor=author, action="submit", entity="progress_update", entity_id=row.id,
                         after={"item": str(ItemRef(row.plan_id, row.item_ref)), "period": row.period, "status": row.status,
                                "file": path.name})
        return [Update.of(r) for r in rows]


def review(store: Store, update_id: int, decision: str, *, by: str | None = None, note: str | None = None) -> Update:
    """Accept an update or return it to its author."""
    if decision not in DECISIONS:
        raise InputError(f"decision: {decision!r} is not one of {', '.join(DECISIONS)}")
    with store.session() as s:
        row = s.get(ProgressUpdate, update_id)
        if row is None:
            raise NotFound(f"no progress update {update_id}")
        author = row.author
    require(store, by, "progress.review", Target(submitted_by=author, what=f"progress update {update_id}"))
    with store.session() as s:
        row = s.get(ProgressUpdate, update_id)
        before = {"state": row.state}
        row.state = decision
        record_audit(s, actor=by, action=decision, entity="progress_update", entity_id=row.id,
                     before=before, after={"state": decision, "note": note})
        return Update.of(row)


def list_updates(store: Store, *, item: str | None = None, region: str | None = None,
                 plan: str | None = None, state: str | None = None) -> list[Update]:
    with store.session() as s:
        q = select(ProgressUpdate).order_by(ProgressUpdate.plan_id, ProgressUpdate.item_ref,
                                            ProgressUpdate.period, ProgressUpdate.id)
        if item:
            plan_id, short = _resolve_item(store, item, "item")
            q = q.where(ProgressUpdate.plan_id == plan_id, ProgressUpdate.item_ref == short)
        if plan:
            q = q.where(ProgressUpdate.plan_id == plan)
        if region:
            q = q.where(ProgressUpdate.region == region)
        if state:
            q = q.where(ProgressUpdate.state == state)
        return [Update.of(r) for r in s.scalars(q)]


def latest_accepted(store: Store, plan: str | None = None) -> dict[str, Update]:
    """The newest accepted update per item ("<plan>:<ref>"), by period then submission order."""
    best: dict[str, Update] = {}
    for u in list_updates(store, plan=plan, state="accepted"):
        cur = best.get(u.item)
        if cur is None or (u.period, u.id) >= (cur.period, cur.id):
            best[u.item] = u
    return best
