"""/api/audit: the audit trail (admins only), newest first, filterable; read-only."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query, Request

from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, page
from coopwatch.web.auth import login_required

router = APIRouter(prefix="/api", tags=["audit"], responses=ERRORS)


@router.get("/audit", response_model=Page, responses=CSV_RESPONSE)
def audit(request: Request, actor: str | None = Query(None, max_length=100), action: str | None = Query(None, max_length=60),
          entity: str | None = Query(None, max_length=60), entity_id: str | None = Query(None, max_length=100),
          since: dt.datetime | None = None, until: dt.datetime | None = None,
          paging: Paging = Depends(), account=Depends(login_required)):
    from coopwatch.store.audit import list_audit

    rows = list_audit(request.app.state.store, by=account, actor=actor, action=action, entity=entity,
                      entity_id=entity_id, since=since, until=until, limit=paging.limit + 1, offset=paging.offset)
    return page(rows, paging, total=None)
