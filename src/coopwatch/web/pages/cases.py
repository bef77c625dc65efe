"""The case library: search the cases' titles, summaries and lessons, filter by region, task
and domain (`records.cases.list_cases`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from coopwatch.records.cases import list_cases
from coopwatch.web.auth import reader
from coopwatch.web.pages.common import page, store_of, shows_errors

router = APIRouter(include_in_schema=False)


def matches(case, words: str) -> bool:
    """Every word of the search in the title, summary or lessons (case-insensitive)."""
    text = " ".join(x for x in (case.title, case.summary, case.lessons) if x).lower()
    return all(w in text for w in words.lower().split())


@router.get("/cases")
@shows_errors
def case_library(request: Request, q: str = "", region: str = "", item: str = "", domain: str = "",
                 account=Depends(reader)):
    store = store_of(request)
    every = list_cases(store)
    found = list_cases(store, region=region or None, item=item or None, domain=domain or None)
    if q.strip():
        found = [c for c in found if matches(c, q)]
    return page(request, "cases.html", "cases", cases=found, chosen={"q": q, "region": region, "item": item, "domain": domain},
                regions=sorted({r for c in every for r in c.regions}), items=sorted({i for c in every for i in c.items}),
                domains=sorted({d for c in every for d in c.domains}))
