"""Data pages: upload of observations (reporters, evaluators; `records.batches`) with one's
own batches and the completeness of a reporter's regions, and the review queue (evaluators):
progress updates, observation batches and evidence links waiting for a decision."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from coopwatch.errors import CoopwatchError
from coopwatch.evidence.review import list_evidence
from coopwatch.records.batches import list_batches, upload_observations
from coopwatch.records.batches import review_batch as review
from coopwatch.records.updates import DECISIONS, completeness, current_period, review_queue
from coopwatch.store.permissions import can
from coopwatch.web.auth import csrf_protect, login_required
from coopwatch.web.pages import lookups
from coopwatch.web.pages.common import back, lang_of, page, store_of, shows_errors

router = APIRouter(include_in_schema=False)
EVIDENCE_QUEUE = 30  # proposed links listed on the review page, best first


@router.get("/data")
@shows_errors
def data_page(request: Request, account=Depends(login_required)):
    store = store_of(request)
    missing = completeness(store, account.regions, plans=lookups.plans(request)) if account.regions else []
    return page(request, "data.html", "data", may_import=account.role in ("admin", "evaluator", "reporter"),
                missing=missing, period=current_period(), batches=list_batches(store, imported_by=account.name))


@router.post("/data/observations", dependencies=[Depends(csrf_protect)])
async def upload_file(request: Request, file: UploadFile = File(...), account=Depends(login_required)):
    suffix = Path(file.filename or "upload.csv").suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(file.filename or "upload").stem + suffix)
        path.write_bytes(await file.read())
        try:
            upload_observations(store_of(request), path, by=account)
        except CoopwatchError as exc:
            return back("/data", err=exc)
    return back("/data", msg="done.saved")


@router.get("/review")
@shows_errors
def review_page(request: Request, account=Depends(login_required)):
    store = store_of(request)
    updates = review_queue(store)
    batches = list_batches(store, state="submitted")
    proposed = sorted(list_evidence(store, state="proposed", best_only=True), key=lambda e: -e["score"])
    return page(request, "review.html", "review", updates=updates, decisions=DECISIONS, batches=batches,
                labels=lookups.item_labels(request, lang_of(request)),
                evidence=proposed[:EVIDENCE_QUEUE], evidence_total=len(proposed),
                may_review_evidence=bool(can(account, "evidence.review")),
                may_review=bool(can(account, "progress.review")),
                may_review_batches=bool(can(account, "observations.import")) and account.role != "reporter")


@router.post("/batches/{batch_id}/review", dependencies=[Depends(csrf_protect)])
def review_batch(request: Request, batch_id: int, decision: str = Form(...), note: str = Form(""),
                 next: str = Form(""), account=Depends(login_required)):
    from coopwatch.web.pages.plans import local

    target = local(next, "/review#batches")
    try:
        review(store_of(request), batch_id, decision, by=account, note=note or None)
    except CoopwatchError as exc:
        return back(target, err=exc)
    return back(target, msg="done.saved")
