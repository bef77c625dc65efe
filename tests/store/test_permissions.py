"""The one permission check: who may do what, for every way in."""

import pytest

from coopwatch.store.accounts import Account
from coopwatch.store.permissions import ACTIONS, Target, can

ADMIN = Account(1, "root", "admin", (), True)
EVALUATOR = Account(2, "eva", "evaluator", (), True)
QINGHAI = Account(3, "qinghai-dost", "reporter", ("630000",), True)
VIEWER = Account(4, "reader", "viewer", (), True)
GONE = Account(5, "former", "admin", (), False)

QINGHAI_TASK = Target(regions=("630000",), item_regions=("630000",), what="eastwest-14fyp:3.2")
NINGXIA_TASK_AS_QINGHAI = Target(regions=("630000",), item_regions=("640000",), what="eastwest-14fyp:5.1")
FOR_NINGXIA = Target(regions=("640000",), item_regions=("640000",), what="eastwest-14fyp:5.1")


@pytest.mark.parametrize("user,target,allowed", [
    (ADMIN, FOR_NINGXIA, True),
    (EVALUATOR, FOR_NINGXIA, True),
    (QINGHAI, QINGHAI_TASK, True),
    (QINGHAI, Target(regions=("632800",), item_regions=("630000",)), True),  # Haixi is in Qinghai
    (QINGHAI, FOR_NINGXIA, False),
    (QINGHAI, NINGXIA_TASK_AS_QINGHAI, False),
    (QINGHAI, Target(item_regions=("630000",)), False),  # a reporter names the region it reports for
    (VIEWER, QINGHAI_TASK, False),
    (GONE, QINGHAI_TASK, False),
    (None, QINGHAI_TASK, False),
])
def test_who_may_submit_progress(user, target, allowed):
    assert bool(can(user, "progress.submit", target)) is allowed


def test_only_admins_manage_users_backups_and_unlock_periods():
    for action in ("user.manage", "backup", "restore", "period.unlock", "audit.read"):
        assert can(ADMIN, action) and not can(EVALUATOR, action) and not can(QINGHAI, action)


def test_a_viewer_writes_nothing_and_every_action_is_known():
    assert not any(can(VIEWER, action) for action in ACTIONS)
    with pytest.raises(ValueError):
        can(ADMIN, "progress.delete_everything")


def test_reviews_of_ones_own_submission_and_locked_periods_are_refused():
    assert not can(EVALUATOR, "progress.review", Target(submitted_by="eva"))
    assert can(EVALUATOR, "progress.review", Target(submitted_by="qinghai-dost"))
    locked = Target(regions=("630000",), item_regions=("630000",), locked=True)
    assert not can(EVALUATOR, "progress.submit", locked) and not can(ADMIN, "progress.submit", locked)
