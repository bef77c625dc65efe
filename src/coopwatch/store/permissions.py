"""Who may do what: the one permission check for every write, whatever the way in (CLI, web
API, dashboard, a script calling the library).

`can(user, action, target)` decides; `require(store, user, action, target)` decides, writes a
refusal to the audit trail (in its own transaction, so it stays when the caller's rolls back)
and raises `PermissionDenied`. Library functions that write call `require` before they change
anything, so no caller can skip it.

The rules.
- Nobody unknown writes: the acting user must exist and be active (`no user` is refused).
- admin: everything.
- evaluator: plans, observations, derived values, evidence (ingest, review), progress updates
  (submit and review), cases, locking a period; not users, tokens, backups or unlocking.
- reporter: progress updates and observations only, and only for the regions in its scope: the
  region it reports for must be one of its own, and a progress update's item must name one of
  its regions (a Qinghai reporter cannot report on a Ningxia task by saying it is Qinghai).
- viewer: nothing (reads only).
- Nobody reviews their own submission.
- A locked period (`target.locked`) takes no writes, an admin's neither, until an admin unlocks it.
Regions are compared by province (a prefecture of Qinghai is Qinghai).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from coopwatch.errors import CoopwatchError

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"*"}),
    "evaluator": frozenset({
        "plan.write", "observations.import", "observations.derive", "observations.review", "evidence.ingest", "evidence.review",
        "progress.submit", "progress.review", "case.write", "period.lock", "report.write"}),
    "reporter": frozenset({"progress.submit", "observations.import"}),
    "viewer": frozenset(),
}
ADMIN_ONLY = frozenset({"user.manage", "token.manage", "backup", "restore", "period.unlock", "audit.read",
                        "settings.write", "plan.remove"})
ACTIONS = frozenset().union(*(a for a in ROLE_ACTIONS.values() if "*" not in a)) | ADMIN_ONLY
# Actions a reporter takes only for its own regions.
SCOPED = frozenset({"progress.submit", "observations.import"})


class PermissionDenied(CoopwatchError):
    """The acting user may not do this; the message says who, what and why."""


@dataclass(frozen=True)
class Target:
    """What an action is applied to, as far as permissions care: the regions it is for (the
    region reported for, the regions of imported rows), the regions of the plan item concerned,
    who submitted the record under review, and whether its period is locked."""

    regions: tuple[str, ...] = ()
    item_regions: tuple[str, ...] | None = None
    submitted_by: str | None = None
    locked: bool = False
    what: str = ""  # words for messages: "progress update 12", "eastwest-14fyp:5.3"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    details: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.allowed


def _province(code: str) -> str:
    from coopwatch.reference import gazetteer

    info = gazetteer().get(code)
    return (info.province or info.code) if info is not None else code


def _provinces(codes: Iterable[str]) -> set[str]:
    return {_province(c) for c in codes if c}


def can(user, action: str, target: Target | None = None) -> Decision:
    """Whether `user` (an `accounts.Account`, or None for nobody) may take `action` on `target`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")  # a programming error, not a user's
    target = target or Target()
    if user is None:
        return Decision(False, "no user: name who you are (--by NAME or COOPWATCH_USER; a log-in or token on the web)")
    if not user.active:
        return Decision(False, f"user {user.name!r} is deactivated")
    if target.locked:
        return Decision(False, f"the period of {target.what or 'this record'} is locked; an admin can unlock it")
    allowed = ROLE_ACTIONS.get(user.role, frozenset())
    if "*" in allowed:
        return Decision(True)
    if action not in allowed:
        return Decision(False, f"{user.role} {user.name!r} may not {action.replace('.', ' ')}")
    if target.submitted_by is not None and target.submitted_by == user.name and action.endswith(".review"):
        return Decision(False, f"{user.name!r} cannot review their own submission")
    if user.role == "reporter" and action in SCOPED:
        own = _provinces(user.regions)
        asked = _provinces(target.regions)
        if not asked:
            return Decision(False, f"reporter {user.name!r} must name the region reported for "
                                   f"(one of {', '.join(sorted(user.regions))})")
        if not asked <= own:
            return Decision(False, f"reporter {user.name!r} reports for {', '.join(sorted(user.regions))}, "
                                   f"not {', '.join(sorted(asked - own))}",
                            {"regions": sorted(asked - own)})
        if target.item_regions is not None and not (_provinces(target.item_regions) & own):
            return Decision(False, f"{target.what or 'the item'} is not a task of "
                                   f"{', '.join(sorted(user.regions))} (its regions: "
                                   f"{', '.join(sorted(target.item_regions)) or 'none'})",
                            {"item_regions": sorted(target.item_regions)})
    return Decision(True)


def find_user(store, name: str | None):
    """The account called `name`, or None when there is no name or no such user."""
    if not name:
        return None
    from sqlalchemy import select

    from coopwatch.store.accounts import Account
    from coopwatch.store.models import User

    with store.session() as s:
        row = s.scalars(select(User).where(User.name == name)).first()
        return Account.of(row) if row is not None else None


def require(store, user, action: str, target: Target | None = None, *, via: str | None = None):
    """The account allowed to take `action`, or PermissionDenied (the refusal audited).

    `user` is an `Account`, a user name (resolved here; an unknown name is refused) or None.
    `via` says where the request came from (e.g. "cli", "api 127.0.0.1", "token 3")."""
    from coopwatch.store.audit import record_audit

    name = user if isinstance(user, str) else getattr(user, "name", None)
    account = find_user(store, user) if isinstance(user, str) else user
    if isinstance(user, str) and account is None:
        decision = Decision(False, f"no user called {user!r} (see `coopwatch user list`)")
    else:
        decision = can(account, action, target)
    if decision:
        return account
    with store.session() as s:
        record_audit(s, actor=name, action="refused", entity=action, entity_id=None,
                     after={"reason": decision.reason, "target": target.what if target else None,
                            "regions": list(target.regions) if target else [], "via": via, **decision.details})
    raise PermissionDenied(decision.reason)
