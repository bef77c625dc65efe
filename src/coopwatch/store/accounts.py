"""Users, their roles and API tokens.

Roles (`ROLES`, loaded by `coopwatch init` through `load_roles`): admin, evaluator, reporter (scoped to regions), viewer.
A token is shown once when created; only its SHA-256 is stored, so a leaked database does not
leak usable tokens. Every change is written to the audit trail in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from coopwatch.errors import InputError, NotFound
from coopwatch.store.audit import record_audit
from coopwatch.store.database import Store
from coopwatch.store.models import ApiToken, Role, User

TOKEN_PREFIX = "cw_"

ROLES = {
    "admin": ("Manages users, tokens and every record.", ["*"]),
    "evaluator": ("Reviews evidence and progress, runs evaluations and reports.",
                  ["read", "review", "evaluate", "report", "import"]),
    "reporter": ("Reports progress and data for the regions in their scope.", ["read", "report_progress", "import_own"]),
    "viewer": ("Reads dashboards, reports and exports.", ["read"]),
}


def load_roles(store: Store) -> int:
    with store.session() as s:
        have = set(s.scalars(select(Role.name)))
        for name, (desc, perms) in ROLES.items():
            if name not in have:
                s.add(Role(name=name, description=desc, permissions=perms))
    return len(ROLES)


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    regions: tuple[str, ...]
    active: bool

    @classmethod
    def of(cls, user: User) -> "Account":
        return cls(user.id, user.name, user.role, tuple(user.regions or ()), user.active)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_regions(regions: list[str]) -> list[str]:
    from coopwatch.reference import gazetteer

    gaz = gazetteer()
    codes = []
    for i, r in enumerate(regions):
        found = gaz.resolve(r)
        if found is None:
            raise InputError(f"regions[{i}]: unknown region {r!r}")
        codes.append(found.code)
    return codes


def ensure_admin(store: Store, name: str = "admin") -> Account | None:
    """The first account, `admin` with role admin, when the database has no admin yet (what
    `coopwatch init` does, so that someone can act); None when an admin exists."""
    load_roles(store)
    with store.session() as s:
        if s.scalars(select(User).where((User.role == "admin") | (User.name == name))).first() is not None:
            return None
        user = User(name=name, role="admin", regions=[])
        s.add(user)
        s.flush()
        record_audit(s, actor="coopwatch init", action="create", entity="user", entity_id=user.id,
                     after={"name": name, "role": "admin", "regions": []})
        return Account.of(user)


def add_user(store: Store, name: str, role: str, *, regions: list[str] | None = None,
             email: str | None = None, actor=None) -> Account:
    from coopwatch.store.permissions import require

    actor = require(store, actor, "user.manage", via="user add").name
    regions = _check_regions(regions or [])
    with store.session() as s:
        if s.get(Role, role) is None:
            known = ", ".join(s.scalars(select(Role.name)))
            raise InputError(f"role: unknown role {role!r} (known: {known}; run `coopwatch init` first)")
        if s.scalars(select(User).where(User.name == name)).first() is not None:
            raise InputError(f"name: a user called {name!r} exists already")
        if role == "reporter" and not regions:
            raise InputError("regions: a reporter reports for named regions; give at least one")
        user = User(name=name, role=role, regions=regions, email=email)
        s.add(user)
        s.flush()
        record_audit(s, actor=actor, action="create", entity="user", entity_id=user.id,
                     after={"name": name, "role": role, "regions": regions})
        return Account.of(user)


def list_users(store: Store) -> list[Account]:
    with store.session() as s:
        return [Account.of(u) for u in s.scalars(select(User).order_by(User.name))]


def _user(s, name: str) -> User:
    user = s.scalars(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"no user called {name!r}")
    return user


def create_token(store: Store, name: str, *, label: str | None = None, days: int | None = None,
                 actor=None) -> str:
    """A new API token for the user; the plain token is returned once and never stored."""
    from coopwatch.store.permissions import require

    actor = require(store, actor, "token.manage", via="user token").name
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.session() as s:
        user = _user(s, name)
        expires = dt.datetime.utcnow() + dt.timedelta(days=days) if days else None
        row = ApiToken(user_id=user.id, token_hash=_hash(token), label=label, expires_at=expires)
        s.add(row)
        s.flush()
        record_audit(s, actor=actor, action="create", entity="api_token", entity_id=row.id,
                     after={"user": name, "label": label, "expires_at": expires.isoformat() if expires else None})
    return token


def authenticate(store: Store, token: str) -> Account | None:
    """The active account a token belongs to, or None (unknown, revoked or expired)."""
    with store.session() as s:
        row = s.scalars(select(ApiToken).where(ApiToken.token_hash == _hash(token))).first()
        if row is None or row.revoked or (row.expires_at and row.expires_at < dt.datetime.utcnow()):
            return None
        user = s.get(User, row.user_id)
        return Account.of(user) if user and user.active else None


def revoke_tokens(store: Store, name: str, *, actor=None) -> int:
    from coopwatch.store.permissions import require

    actor = require(store, actor, "token.manage", via="user token --revoke").name
    with store.session() as s:
        user = _user(s, name)
        rows = s.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))).all()
        for row in rows:
            row.revoked = True
            record_audit(s, actor=actor, action="revoke", entity="api_token", entity_id=row.id,
                         before={"revoked": False}, after={"revoked": True})
        return len(rows)
