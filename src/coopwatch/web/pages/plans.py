"""Plan → programme → task pages: the plans, one plan's tree and scorecard, one item with its
text, regions, partners, agencies and domains, its scorecard entry (reasons, rank interval),
evidence timeline (confirm / reject), progress updates (submit, review) and cases."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from coopwatch.charts.scorecard import scorecard_bars
from coopwatch.errors import CoopwatchError
from coopwatch.evaluate.scorecard import summary
from coopwatch.evidence.review import review as review_link
from coopwatch.plans.registry import list_plans
from coopwatch.records.cases import list_cases
from coopwatch.records.updates import DECISIONS, STATUSES, list_updates, submit
from coopwatch.records.updates import review as review_progress
from coopwatch.store.permissions import Target, can, require
from coopwatch.web.auth import _safe_next, csrf_protect, login_required, reader
from coopwatch.web.pages import lookups
from coopwatch.web.pages.common import back, cached, chart, lang_of, page, store_of, shows_errors

router = APIRouter(include_in_schema=False)


def local(target: str, default: str) -> str:
    """Where a form goes back to: a path on this server, else `default`."""
    return _safe_next(target) if target else default


@router.get("/plans")
@shows_errors
def plan_list(request: Request, account=Depends(reader)):
    summaries = cached(request, ("plan-summaries",), lambda: list_plans(store_of(request)))
    return page(request, "plans.html", "plans", plans=lookups.plans(request), summaries=summaries)


@router.get("/plans/{plan_id}")
@shows_errors
def plan_page(request: Request, plan_id: str, account=Depends(reader)):
    lang = lang_of(request)
    p = lookups.plan(request, plan_id)
    card = lookups.scorecard(request, plan_id)
    labels = {p.key(it): it.label(lang) for it in p.walk()}
    bars = scorecard_bars([{"ref": e["item"].split(":", 1)[1], "label": labels.get(e["item"], ""), "score": e["score"],
                            "grade": e["grade"]} for e in card["items"]],
                          "重点任务评分" if lang == "zh" else "Key-task scorecard", lang)
    for d in bars.spec["data"]["values"]:
        d["href"] = f"/items/{plan_id}:{d['ref']}"
    return page(request, "plan.html", "plans", plan=p, card=card, labels=labels,
                bars=chart(bars, dom_id="scorecard", link_rows=[f"/items/{plan_id}:{r[0]}" for r in bars.rows]),
                targets=[a for a in lookups.targets(request) if a.plan == plan_id])


def item_context(request: Request, ref: str, account) -> dict:
    lang = lang_of(request)
    store = store_of(request)
    p, item = lookups.find_item(request, ref)
    key = p.key(item)
    trail, node = [], p.parent_of(item)
    while node is not None:
        trail.insert(0, node)
        node = p.parent_of(node)
    entry = lookups.scorecard_entry(request, key)
    found = lookups.evidence(request, p.id).get(item.short_ref)
    documents = sorted((found.counted + found.not_counted) if found else [],
                       key=lambda d: (d.get("published") or "", d.get("document") or 0), reverse=True)
    updates = cached(request, ("updates", key), lambda: list_updates(store, item=key))
    figures = [chart(c, dom_id=f"target-{i}")
               for i, (a, c) in enumerate(lookups.target_figures(request, None, lang, key))]
    regions = list(account.regions) if account and account.role == "reporter" else list(item.regions)
    return {
        "plan": p, "item": item, "key": key, "trail": trail, "entry": entry,
        "why": summary(entry, lang) if entry else "", "runs": lookups.SCORECARD_RUNS,
        "documents": documents, "weak": found.weak if found else 0,
        "updates": updates, "statuses": STATUSES, "decisions": DECISIONS, "figures": figures,
        "cases": cached(request, ("cases", key), lambda: list_cases(store, item=key)), "submit_regions": regions,
        "may_review_evidence": bool(can(account, "evidence.review")),
        "may_submit": bool(can(account, "progress.submit", Target(regions=tuple(regions[:1]) or ("?",)))),
        "may_review": {u.id: bool(can(account, "progress.review", Target(submitted_by=u.author))) for u in updates},
    }


@router.get("/items/{ref}")
@shows_errors
def item_page(request: Request, ref: str, account=Depends(reader)):
    ctx = item_context(request, ref, account)
    return page(request, "item.html", "plans", **ctx)


@router.post("/items/{ref}/evidence/{document}", dependencies=[Depends(csrf_protect)])
def review_evidence(request: Request, ref: str, document: int, decision: str = Form(...), note: str = Form(""),
                    next: str = Form(""), account=Depends(login_required)):
    store = store_of(request)
    target = local(next, f"/items/{ref}#evidence")
    try:
        require(store, account, "evidence.review", Target(what=f"document {document} → {ref}"), via="dashboard")
        review_link(store, document, ref, decision, by=account.name, note=note or None)
    except CoopwatchError as exc:
        return back(target, err=exc)
    return back(target, msg="done.saved")


@router.post("/items/{ref}/updates", dependencies=[Depends(csrf_protect)])
def submit_update(request: Request, ref: str, period: str = Form(...), status: str = Form(...),
                  region: str = Form(""), narrative: str = Form(""), account=Depends(login_required)):
    try:
        submit(store_of(request), item=ref, period=period.strip(), status=status, narrative=narrative.strip() or None,
               region=region or None, author=account.name)
    except CoopwatchError as exc:
        return back(f"/items/{ref}#updates", err=exc)
    return back(f"/items/{ref}#updates", msg="done.saved")


@router.post("/updates/{update_id}/review", dependencies=[Depends(csrf_protect)])
def review_update(request: Request, update_id: int, decision: str = Form(...), note: str = Form(""),
                  next: str = Form("/review"), account=Depends(login_required)):
    target = local(next, "/review")
    try:
        review_progress(store_of(request), update_id, decision, by=account.name, note=note or None)
    except CoopwatchError as exc:
        return back(target, err=exc)
    return back(target, msg="done.saved")
