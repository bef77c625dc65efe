"""Data pages: upload of observations (reporters, evaluators) with the completeness of a
reporter's regions, and the review queue (evaluators): progress updates and evidence links
waiting for a decision."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Request, UploadFile

from coopwatch.errors import CoopwatchError
from coopwatch.store.permissions import can
from coopwatch.web.auth import csrf_protect, login_required
from coopwatch.web.pages import lookups
from coopwatch.web.pages.common import back, page, store_of

router = APIRouter(include_in_schema=False)
EVIDENCE_QUEUE = 30  # proposed links listed on the review page, best first


@router.get("/data")
def data_page(request: Request, account=Depends(login_required)):
    from coopwatch.records.updates import completeness, current_period

    missing = completeness(store_of(request), account.regions, plans=lookups.plans(request)) if account.regions else []
    return page(request, "data.html", "data", may_import=bool(can(account, "observations.import", None))
                or account.role == "reporter", missing=missing, period=current_period())


@router.post("/data/observations", dependencies=[Depends(csrf_protect)])
async def upload_observations(request: Request, file: UploadFile = File(...), account=Depends(login_required)):
    from coopwatch.indicators.importer import import_observations

    suffix = Path(file.filename or "upload.csv").suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(file.filename or "upload").stem + suffix)
        path.write_bytes(await file.read())
        try:
            report = import_observations(store_of(request), [path], user=account.name)
        except CoopwatchError as exc:
            return back("/data", err=exc)
    return back("/data", msg="done.saved") if report is not None else back("/data")


@router.get("/review")
def review_page(request: Request, account=Depends(login_required)):
    from coopwatch.evidence.review import list_evidence
    from coopwatch.records.updates import DECISIONS, review_queue

    store = store_of(request)
    updates = review_queue(store)
    proposed = sorted(list_evidence(store, state="proposed", best_only=True), key=lambda e: -e["score"])
    return page(request, "review.html", "review", updates=updates, decisions=DECISIONS,
                evidence=proposed[:EVIDENCE_QUEUE], evidence_total=len(proposed),
                may_review_evidence=bool(can(account, "evidence.review")),
                may_review=bool(can(account, "progress.review")))
