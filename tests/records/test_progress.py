"""Progress updates as a provincial department reports them and an evaluator reviews them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coopwatch.records import updates as progress
from coopwatch.errors import InputError
from coopwatch.store.accounts import load_roles
from coopwatch.store.accounts import add_user
from coopwatch.store.models import AuditEntry, ProgressUpdate
from coopwatch.store.permissions import PermissionDenied


@pytest.fixture
def reporting(store):
    load_roles(store)
    add_user(store, "qinghai-dost", "reporter", regions=["630000"])
    add_user(store, "evaluator", "evaluator")
    return store


def test_a_reporter_reports_on_a_task_of_their_region_by_its_short_reference(reporting):
    u = progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="in_progress",
                        region="青海", narrative="盐湖提锂中试线投产", author="qinghai-dost")
    assert (u.item, u.region, u.state) == ("eastwest-14fyp:3.2", "630000", "submitted")


def test_a_reporter_cannot_speak_for_another_region(reporting):
    with pytest.raises(PermissionDenied, match="'qinghai-dost' reports for 630000, not 640000"):
        progress.submit(reporting, item="eastwest-14fyp:5.1", period="2024", status="completed",
                        region="宁夏", author="qinghai-dost")


def test_a_reporter_cannot_report_on_another_regions_task_by_naming_its_own_region(reporting):
    with pytest.raises(PermissionDenied, match="eastwest-14fyp:5.1 is not a task of 630000"):
        progress.submit(reporting, item="eastwest-14fyp:5.1", period="2024", status="completed",
                        region="青海", author="qinghai-dost")
    with reporting.session() as s:
        assert s.scalars(select(ProgressUpdate)).all() == []
        refusal = s.scalars(select(AuditEntry).where(AuditEntry.action == "refused")).one()
    assert refusal.actor == "qinghai-dost" and refusal.entity == "progress.submit"
    assert refusal.after["target"] == "eastwest-14fyp:5.1"


@pytest.mark.parametrize("author,reason", [(None, "no user"), ("nobody", "no user called 'nobody'")])
def test_nobody_unknown_submits(reporting, author, reason):
    with pytest.raises(PermissionDenied, match=reason):
        progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="in_progress",
                        region="630000", author=author)


def test_nobody_reviews_their_own_submission(reporting):
    own = progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="in_progress",
                          region="630000", author="evaluator")
    with pytest.raises(PermissionDenied, match="cannot review their own submission"):
        progress.review(reporting, own.id, "approved", by="evaluator")
    reported = progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="in_progress",
                               region="630000", author="qinghai-dost")
    with pytest.raises(PermissionDenied, match="reporter 'qinghai-dost' may not progress review"):
        progress.review(reporting, reported.id, "approved", by="qinghai-dost")
    assert progress.list_updates(reporting, state="approved") == []


@pytest.mark.parametrize("field,kwargs", [
    ("period", dict(period="2024-13")),
    ("status", dict(status="almost")),
    ("item", dict(item="eastwest-14fyp:9.9")),
])
def test_a_wrong_field_is_named(reporting, field, kwargs):
    args = dict(item="eastwest-14fyp:3.2", period="2024", status="in_progress")
    args.update(kwargs)
    with pytest.raises(InputError, match=f"^{field}:"):
        progress.submit(reporting, **args)


def test_review_decides_which_update_counts_and_is_audited(reporting):
    first = progress.submit(reporting, item="eastwest-14fyp:3.2", period="2023", status="in_progress", region="630000",
                            author="qinghai-dost")
    second = progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="completed", region="630000",
                             author="qinghai-dost")
    progress.review(reporting, first.id, "approved", by="evaluator")
    assert progress.latest_approved(reporting)["eastwest-14fyp:3.2"].id == first.id
    progress.review(reporting, second.id, "approved", by="evaluator", note="verified against the 2024 report")
    assert progress.latest_approved(reporting)["eastwest-14fyp:3.2"].status == "completed"
    with reporting.session() as s:
        decisions = s.scalars(select(AuditEntry).where(AuditEntry.action == "approved")).all()
    assert [d.actor for d in decisions] == ["evaluator", "evaluator"]


def test_a_csv_with_one_bad_line_imports_nothing_and_names_the_line(reporting, tmp_path):
    good = "item,period,status,region,narrative\n" \
           "eastwest-14fyp:3.2,2024,in_progress,630000,pilot line\n" \
           "western-science-city-2023:11,2024H1,completed,四川,fund set up\n"
    path = tmp_path / "progress.csv"
    path.write_text(good + "eastwest-14fyp:3.3,2024Q5,in_progress,630000,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"progress.csv, line 4: period"):
        progress.import_csv(reporting, path, author="evaluator")
    with reporting.session() as s:
        assert s.scalars(select(ProgressUpdate)).all() == []
    path.write_text(good, encoding="utf-8")
    rows = progress.import_csv(reporting, path, author="evaluator")
    assert [r.item for r in rows] == ["eastwest-14fyp:3.2", "western-science-city-2023:11"]
    assert rows[1].region == "510000"


def test_workflow_draft_submit_return_with_comment_edit_resubmit_approve(reporting):
    u = progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="in_progress",
                        region="630000", author="qinghai-dost", draft=True)
    assert u.state == "draft" and progress.review_queue(reporting) == []
    u = progress.edit(reporting, u.id, by="qinghai-dost", narrative="中试线已投产")
    assert u.state == "submitted" and [q.id for q in progress.review_queue(reporting)] == [u.id]
    with pytest.raises(InputError, match="^note: say why"):
        progress.review(reporting, u.id, "returned", by="evaluator")
    u = progress.review(reporting, u.id, "returned", by="evaluator", note="add the output figures")
    assert (u.state, u.review_comment, u.reviewed_by) == ("returned", "add the output figures", "evaluator")
    with pytest.raises(PermissionDenied, match="only its author"):
        progress.edit(reporting, u.id, by="evaluator", status="completed")
    u = progress.edit(reporting, u.id, by="qinghai-dost", status="completed", narrative="产能 2 万吨")
    assert (u.state, u.status) == ("submitted", "completed")
    u = progress.review(reporting, u.id, "approved", by="evaluator")
    assert progress.latest_approved(reporting)["eastwest-14fyp:3.2"].narrative == "产能 2 万吨"
    with pytest.raises(InputError, match="only a draft or a returned update is edited"):
        progress.edit(reporting, u.id, by="qinghai-dost", status="delayed")
    with pytest.raises(InputError, match="only a submitted one is reviewed"):
        progress.review(reporting, u.id, "returned", by="evaluator", note="again")


def test_a_locked_period_takes_no_update_until_an_admin_unlocks_it(reporting):
    add_user(reporting, "root", "admin")
    progress.lock_period(reporting, "青海", "2024", by="evaluator")
    assert progress.list_locks(reporting)[0]["region"] == "630000"
    with pytest.raises(PermissionDenied, match="locked"):
        progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="completed",
                        region="630000", author="qinghai-dost")
    progress.submit(reporting, item="eastwest-14fyp:3.2", period="2025", status="completed",
                    region="630000", author="qinghai-dost")  # another period is open
    with pytest.raises(PermissionDenied, match="may not period unlock"):
        progress.unlock_period(reporting, "630000", "2024", by="evaluator")
    progress.unlock_period(reporting, "630000", "2024", by="root")
    progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="completed",
                    region="630000", author="qinghai-dost")


def test_completeness_lists_the_reporters_tasks_without_an_update_for_the_period(reporting):
    before = {m["item"] for m in progress.completeness(reporting, ["630000"], "2024")}
    assert "eastwest-14fyp:3.2" in before and "eastwest-14fyp:5.1" not in before  # 5.1 is Ningxia's
    progress.submit(reporting, item="eastwest-14fyp:3.2", period="2024", status="in_progress",
                    region="630000", author="qinghai-dost")
    after = {m["item"] for m in progress.completeness(reporting, ["630000"], "2024")}
    assert after == before - {"eastwest-14fyp:3.2"}
