"""Users, roles and API tokens, as an administrator manages them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coopwatch.errors import InputError, NotFound
from coopwatch.store.accounts import load_roles
from coopwatch.store.accounts import add_user, authenticate, create_token, list_users, revoke_tokens
from coopwatch.store.models import ApiToken, AuditEntry


@pytest.fixture
def with_roles(store):
    load_roles(store)
    return store


def test_a_token_authenticates_its_user_until_revoked(with_roles):
    add_user(with_roles, "li.wei", "evaluator", actor="admin")
    token = create_token(with_roles, "li.wei", label="laptop", actor="admin")
    assert authenticate(with_roles, token).name == "li.wei"
    assert authenticate(with_roles, token + "x") is None
    assert revoke_tokens(with_roles, "li.wei", actor="admin") == 1
    assert authenticate(with_roles, token) is None


def test_a_token_of_an_expired_date_or_a_deactivated_user_authenticates_no_one(with_roles):
    import datetime as dt

    from coopwatch.store.models import User

    add_user(with_roles, "wang", "evaluator", actor="admin")
    expiring, kept = (create_token(with_roles, "wang", days=30, actor="admin") for _ in range(2))
    with with_roles.session() as s:
        row = s.scalars(select(ApiToken).order_by(ApiToken.id)).first()
        row.expires_at = dt.datetime.utcnow() - dt.timedelta(minutes=1)
    assert authenticate(with_roles, expiring) is None and authenticate(with_roles, kept).name == "wang"
    with with_roles.session() as s:
        s.scalars(select(User).where(User.name == "wang")).one().active = False
    assert authenticate(with_roles, kept) is None


def test_only_the_hash_of_a_token_is_stored(with_roles):
    add_user(with_roles, "ops", "admin", actor="admin")
    token = create_token(with_roles, "ops", actor="admin")
    with with_roles.session() as s:
        stored = s.scalars(select(ApiToken.token_hash)).one()
    assert token not in stored and len(stored) == 64


def test_a_reporter_needs_regions_and_they_are_resolved_from_names(with_roles):
    with pytest.raises(InputError, match="regions"):
        add_user(with_roles, "qh", "reporter", actor="admin")
    acc = add_user(with_roles, "qh", "reporter", regions=["青海"], actor="admin")
    assert acc.regions == ("630000",)


def test_unknown_role_and_duplicate_name_are_refused(with_roles):
    with pytest.raises(InputError, match="unknown role 'boss'"):
        add_user(with_roles, "x", "boss", actor="admin")
    add_user(with_roles, "x", "viewer", actor="admin")
    with pytest.raises(InputError, match="exists already"):
        add_user(with_roles, "x", "viewer", actor="admin")
    with pytest.raises(NotFound):
        create_token(with_roles, "nobody", actor="admin")
    assert [u.name for u in list_users(with_roles)] == ["admin", "x"]


def test_account_changes_are_audited(with_roles):
    add_user(with_roles, "auditor", "viewer", actor="admin")
    create_token(with_roles, "auditor", actor="admin")
    with with_roles.session() as s:
        actions = [(e.action, e.entity) for e in s.scalars(select(AuditEntry).where(AuditEntry.actor == "admin").order_by(AuditEntry.id))]
    assert actions == [("create", "user"), ("create", "api_token")]
