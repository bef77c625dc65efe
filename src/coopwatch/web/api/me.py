"""/api/me: who the caller is (and the CSRF token a logged-in page sends with its writes)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from coopwatch.web.api.lists import ERRORS
from coopwatch.web.auth import caller, login_required


class Me(BaseModel):
    name: str
    role: str
    regions: list[str]
    via: str
    csrf_token: str | None = None


router = APIRouter(prefix="/api", tags=["accounts"], responses=ERRORS)


@router.get("/me", response_model=Me, dependencies=[Depends(login_required)])
def me(request: Request) -> Me:
    who = caller(request)
    return Me(name=who.account.name, role=who.account.role, regions=list(who.account.regions), via=who.kind,
              csrf_token=who.csrf)
