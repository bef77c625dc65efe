"""Users, their roles, passwords, browser sessions and API tokens.

Roles (`ROLES`, loaded by `coopwatch init` through `load_roles`): admin, evaluator, reporter (scoped to regions), viewer.
A token is shown once when created; only its SHA-256 is stored, so a leaked database does not
leak usable tokens. Every change is written to the audit trail in the same transaction.

Passwords are stored as argon2id hashes (argon2-cffi's defaults, RFC 9106 low-memory profile);
a password never reaches the audit trail or a log, only the fact that it was set. A browser
session is a random cookie of which only the SHA-256 is stored, with its CSRF token; it ends
after `idle` without use or `lifetime` after log-in, whichever comes first.
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
from coopwatch.store.models import ApiToken, Role, Setting, User, WebSession

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
    with store.session() as s:  # one query: it is asked on every request a script makes
        found = s.execute(select(ApiToken.revoked, ApiToken.expires_at, User)
                          .join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == _hash(token))).first()
        if found is None or found.revoked or (found.expires_at and found.expires_at < dt.datetime.utcnow()):
            return None
        return Account.of(found.User) if found.User.active else None


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


# --- passwords -------------------------------------------------------------------------------

MIN_PASSWORD = 8


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id


# Verified against when the user is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH: list[str] = []


def set_password(store: Store, name: str, password: str, *, actor: str | None = None) -> None:
    """Set a user's log-in password (argon2id); the audit entry says only that it changed."""
    if actor != name:  # one's own password, or an admin's doing
        from coopwatch.store.permissions import Target, require

        require(store, actor, "user.manage", Target(what=f"the password of {name!r}"), via="user password")
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"password: at least {MIN_PASSWORD} characters")
    digest = _hasher().hash(password)
    with store.session() as s:
        user = _user(s, name)
        had = user.password_hash is not None
        user.password_hash = digest
        record_audit(s, actor=actor, action="set_password", entity="user", entity_id=user.id,
                     before={"password": "set" if had else "none"}, after={"password": "set"})


def check_password(store: Store, name: str, password: str) -> Account | None:
    """The active account whose name and password these are, or None (whatever was wrong)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    with store.session() as s:
        user = s.scalars(select(User).where(User.name == name)).first()
        digest = user.password_hash if user is not None else None
        account = Account.of(user) if user is not None else None
    if digest is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(_hasher().hash("not a password of anyone"))
        digest = _DUMMY_HASH[0]
        account = None
    try:
        _hasher().verify(digest, password)
    except (VerificationError, InvalidHashError):
        return None
    return account if account is not None and account.active else None


# --- browser sessions ------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionInfo:
    account: Account
    csrf: str


def open_session(store: Store, account: Account, *, address: str | None = None) -> tuple[str, str]:
    """A new session for the account: (cookie value, CSRF token). The cookie is not stored."""
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    with store.session() as s:
        s.add(WebSession(id=_hash(cookie), user_id=account.id, csrf=csrf, address=address))
        record_audit(s, actor=account.name, action="login", entity="web_session", entity_id=None,
                     after={"address": address})
    return cookie, csrf


def session_of(store: Store, cookie: str, *, idle: dt.timedelta, lifetime: dt.timedelta,
               now: dt.datetime | None = None) -> SessionInfo | None:
    """The live session of a cookie (its last use moved to now), or None; an expired one is
    deleted."""
    now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with store.session() as s:
        row = s.get(WebSession, _hash(cookie))
        if row is None:
            return None
        if now - row.last_seen > idle or now - row.created_at > lifetime:
            s.delete(row)
            return None
        user = s.get(User, row.user_id)
        if user is None or not user.active:
            return None
        if now - row.last_seen > dt.timedelta(seconds=30):  # spare a write on every request
            row.last_seen = now
        return SessionInfo(Account.of(user), row.csrf)


def close_session(store: Store, cookie: str) -> None:
    with store.session() as s:
        row = s.get(WebSession, _hash(cookie))
        if row is not None:
            user = s.get(User, row.user_id)
            s.delete(row)
            record_audit(s, actor=user.name if user else None, action="logout", entity="web_session")


# --- instance settings -----------------------------------------------------------------------

def get_setting(store: Store, key: str, default=None):
    with store.session() as s:
        row = s.get(Setting, key)
        return default if row is None else row.value


def set_setting(store: Store, key: str, value, *, by) -> None:
    """Change an instance setting (admins only; audited with its old and new value)."""
    from coopwatch.store.permissions import Target, require

    require(store, by, "settings.write", Target(what=f"setting {key}"))
    name = by if isinstance(by, str) else by.name
    with store.session() as s:
        row = s.get(Setting, key)
        before = None if row is None else row.value
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
        record_audit(s, actor=name, action="set", entity="setting", entity_id=key,
                     before={"value": before}, after={"value": value})
