"""A document page: the text of a stored document with its source, date, facts (regions,
amounts, pairings) and its links to plan items, which an evaluator confirms or rejects here.
Every figure of the digest and every evidence row links to one."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from coopwatch.evidence.review import get_document
from coopwatch.store.permissions import can
from coopwatch.web.auth import reader
from coopwatch.web.pages import lookups
from coopwatch.web.pages.common import lang_of, page, store_of, shows_errors

router = APIRouter(include_in_schema=False)


@router.get("/documents/{document}")
@shows_errors
def document_page(request: Request, document: int, account=Depends(reader)):
    doc = get_document(store_of(request), document)
    return page(request, "document.html", "digest", doc=doc, labels=lookups.item_labels(request, lang_of(request)),
                may_review_evidence=bool(can(account, "evidence.review")))
