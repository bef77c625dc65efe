"""Progress updates: what a region reports on a plan task for a period, and its review.

The workflow (as in Akvo RSR and DHIS2): `draft -> submitted -> approved | returned`. A provincial
S&T department (role `reporter`) writes a draft or submits straight away, for the regions in its
scope; an evaluator approves a submitted update or returns it with a comment; its author edits a
draft or a returned update and submits it again. An approved update is final: a correction is a
new update for the same item and period, and the newest approved one counts (scorecards count
approved updates only). Every submission, edit and decision goes to the audit trail.

An evaluator can lock a period for a region (`lock_period`); nothing more is written to it
until an admin unlocks it. `completeness` lists a reporter's tasks with no update for a period,
`review_queue` what waits for an evaluator.

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
from coopwatch.records.workflow import DECISIONS, check_decision, decide  # noqa: F401 (DECISIONS re-exported)
from coopwatch.store import Store, record_audit
from coopwatch.store.models import PeriodLock, ProgressUpdate
from coopwatch.store.permissions import PermissionDenied, Target, require

STATUSES = ("not_started", "in_progress", "completed", "delayed", "suspended")
# What a reporter says of a task, as people read it (forms, scorecard reasons, reports).
STATUS_LABELS = {"not_started": {"zh": "未开始", "en": "not started"},
                 "in_progress": {"zh": "推进中", "en": "in progress"},
                 "completed": {"zh": "已完成", "en": "completed"},
                 "delayed": {"zh": "延迟", "en": "delayed"},
                 "suspended": {"zh": "暂停", "en": "suspended"}}
STATES = ("draft", "submitted", "approved", "returned")
EDITABLE = ("draft", "returned")
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
    reviewed_by: str | None = None
    review_comment: str | None = None

    @classmethod
    def of(cls, row: ProgressUpdate) -> "Update":
        return cls(row.id, str(ItemRef(row.plan_id, row.item_ref)), row.region, row.period, row.status,
                   row.narrative, row.author, row.state, row.created_at, row.reviewed_by, row.review_comment)

    def as_dict(self) -> dict:
        d = self.__dict__.copy()
        d["created_at"] = self.created_at.isoformat(timespec="seconds")
        return d


def _name(user) -> str | None:
    return user if isinstance(user, str) or user is None else user.name


def _province(code: str | None) -> str | None:
    if not code:
        return None
    from coopwatch.reference import gazetteer

    info = gazetteer().get(code)
    return (info.province or info.code) if info is not None else code


def is_locked(store: Store, region: str | None, period: str) -> bool:
    """Whether the period is locked for the region's province."""
    province = _province(region)
    if province is None:
        return False
    with store.session() as s:
        return s.scalars(select(PeriodLock.id).where(PeriodLock.region == province,
                                                     PeriodLock.period == period)).first() is not None


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
                       locked=is_locked(store, code, period), what=str(ItemRef(plan_id, short))))
    except PermissionDenied as exc:
        raise PermissionDenied(f"{where}{exc}") from None
    return plan_id, short, code


def submit(store: Store, *, item: str, period: str, status: str, narrative: str | None = None,
           region: str | None = None, author=None, draft: bool = False) -> Update:
    """Store one progress update: `submitted` for review, or a `draft` its author edits later.
    `author` is the acting user (a name or an `Account`)."""
    name = _name(author)
    with store.session() as s:
        plan_id, short, code = _check(store, item=item, period=period, status=status, region=region,
                                      author=author, where="")
        state = "draft" if draft else "submitted"
        row = ProgressUpdate(plan_id=plan_id, item_ref=short, region=code, period=period, status=status,
                             narrative=narrative, author=name, state=state)
        s.add(row)
        s.flush()
        record_audit(s, actor=name, action="submit" if not draft else "draft", entity="progress_update",
                     entity_id=row.id, after={"item": str(ItemRef(plan_id, short)), "period": period,
                                              "status": status, "region": code, "narrative": narrative,
                                              "state": state})
        return Update.of(row)


def _refuse(store: Store, user, action: str, what: str, reason: str):
    """PermissionDenied for a rule of the workflow, audited like the permission check's refusals."""
    with store.session() as s:
        record_audit(s, actor=_name(user), action="refused", entity=action, entity_id=None,
                     after={"reason": reason, "target": what})
    raise PermissionDenied(reason)


def get_update(store: Store, update_id: int) -> Update:
    with store.session() as s:
        row = s.get(ProgressUpdate, update_id)
        if row is None:
            raise NotFound(f"no progress update {update_id}")
        return Update.of(row)


def edit(store: Store, update_id: int, *, by, status: str | None = None, narrative: str | None = None,
         submit_now: bool = True) -> Update:
    """Change a draft or returned update (its author only) and, unless `submit_now` is false,
    submit it for review again. The item, region and period stay: a different one is a new update."""
    current = get_update(store, update_id)
    name = _name(by)
    what = f"progress update {update_id}"
    if name is None or name != current.author:
        _refuse(store, by, "progress.submit", what, f"only its author ({current.author}) edits {what}")
    if current.state not in EDITABLE:
        raise InputError(f"state: {what} is {current.state}; only a draft or a returned update is edited")
    new_status = status or current.status
    _check(store, item=current.item, period=current.period, status=new_status, region=current.region,
           author=by, where="")
    with store.session() as s:
        row = s.get(ProgressUpdate, update_id, with_for_update=True)
        if row.state not in EDITABLE:  # reviewed meanwhile
            raise InputError(f"state: {what} is {row.state}; only a draft or a returned update is edited")
        before = {"status": row.status, "narrative": row.narrative, "state": row.state}
        row.status = new_status
        if narrative is not None:
            row.narrative = narrative
        row.state = "submitted" if submit_now else "draft"
        row.updated_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        record_audit(s, actor=name, action="edit", entity="progress_update", entity_id=row.id, before=before,
                     after={"status": row.status, "narrative": row.narrative, "state": row.state})
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


def review(store: Store, update_id: int, decision: str, *, by=None, note: str | None = None) -> Update:
    """Approve a submitted update, or return it to its author with a comment (`note`)."""
    check_decision(decision, note, "update")
    current = get_update(store, update_id)
    require(store, by, "progress.review",
            Target(submitted_by=current.author, locked=is_locked(store, current.region, current.period),
                   what=f"progress update {update_id}"))
    with store.session() as s:
        row = s.get(ProgressUpdate, update_id, with_for_update=True)
        decide(s, row, decision, by=_name(by), note=note, entity="progress_update",
               what=f"progress update {update_id}")
        return Update.of(row)


def list_updates(store: Store, *, item: str | None = None, region: str | None = None,
                 plan: str | None = None, state: str | None = None, period: str | None = None,
                 author: str | None = None) -> list[Update]:
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
        if period:
            q = q.where(ProgressUpdate.period == period)
        if author:
            q = q.where(ProgressUpdate.author == author)
        return [Update.of(r) for r in s.scalars(q)]


def latest_approved(store: Store, plan: str | None = None) -> dict[str, Update]:
    """The newest approved update per item ("<plan>:<ref>"), by period then submission order."""
    best: dict[str, Update] = {}
    for u in list_updates(store, plan=plan, state="approved"):
        cur = best.get(u.item)
        if cur is None or (u.period, u.id) >= (cur.period, cur.id):
            best[u.item] = u
    return best


# --- period locks ----------------------------------------------------------------------------

def _lock_region(region: str) -> str:
    from coopwatch.reference import gazetteer

    info = gazetteer().resolve(region or "")
    if info is None:
        raise InputError(f"region: unknown region {region!r}")
    return info.province or info.code


def lock_period(store: Store, region: str, period: str, *, by) -> dict:
    """Close a period for a region's province (evaluators): no update is written to it after."""
    if not _PERIOD.match(period or ""):
        raise InputError(f"period: {period!r} is not a year, half (2024H1) or quarter (2024Q3)")
    province = _lock_region(region)
    require(store, by, "period.lock", Target(what=f"{province} {period}"))
    with store.session() as s:
        if s.scalars(select(PeriodLock).where(PeriodLock.region == province, PeriodLock.period == period)).first():
            raise InputError(f"period: {period} is locked for {province} already")
        s.add(PeriodLock(region=province, period=period, locked_by=_name(by)))
        record_audit(s, actor=_name(by), action="lock", entity="period", entity_id=f"{province} {period}",
                     after={"region": province, "period": period})
    return {"region": province, "period": period, "locked": True}


def unlock_period(store: Store, region: str, period: str, *, by) -> dict:
    """Open a locked period again (admins only)."""
    province = _lock_region(region)
    require(store, by, "period.unlock", Target(what=f"{province} {period}"))
    with store.session() as s:
        row = s.scalars(select(PeriodLock).where(PeriodLock.region == province, PeriodLock.period == period)).first()
        if row is None:
            raise NotFound(f"{period} is not locked for {province}")
        s.delete(row)
        record_audit(s, actor=_name(by), action="unlock", entity="period", entity_id=f"{province} {period}",
                     before={"locked_by": row.locked_by}, after={"region": province, "period": period})
    return {"region": province, "period": period, "locked": False}


def list_locks(store: Store) -> list[dict]:
    with store.session() as s:
        return [{"region": r.region, "period": r.period, "locked_by": r.locked_by,
                 "locked_at": r.locked_at.isoformat(timespec="seconds")}
                for r in s.scalars(select(PeriodLock).order_by(PeriodLock.period, PeriodLock.region))]


# --- completeness and the review queue -------------------------------------------------------

def current_period(today: dt.date | None = None) -> str:
    """The reporting period of today: its year."""
    return str((today or dt.date.today()).year)


def completeness(store: Store, regions, period: str | None = None, plans=None) -> list[dict]:
    """The tasks naming one of `regions` (a reporter's scope) that have no update for the
    period from that region, drafts included (a draft is work started), returned ones not
    (they wait for their author)."""
    from coopwatch.plans.registry import current_plans

    period = period or current_period()
    if not _PERIOD.match(period):
        raise InputError(f"period: {period!r} is not a year, half (2024H1) or quarter (2024Q3)")
    own = {_province(r) for r in regions}
    with store.session() as s:
        done = {(r.plan_id, r.item_ref, _province(r.region))
                for r in s.scalars(select(ProgressUpdate).where(ProgressUpdate.period == period,
                                                                ProgressUpdate.state != "returned"))}
    missing = []
    for plan in (current_plans(store) if plans is None else plans):
        for item in plan.walk():
            if item.kind != "task":
                continue
            for province in sorted(own & {_province(r) for r in item.regions}):
                if (plan.id, item.short_ref, province) not in done:
                    missing.append({"item": str(ItemRef(plan.id, item.short_ref)), "title": dict(item.title),
                                    "region": province, "period": period})
    return missing


def review_queue(store: Store) -> list[Update]:
    """Submitted updates waiting for an evaluator, oldest first."""
    with store.session() as s:
        q = select(ProgressUpdate).where(ProgressUpdate.state == "submitted").order_by(ProgressUpdate.created_at,
                                                                                        ProgressUpdate.id)
        return [Update.of(r) for r in s.scalars(q)]
