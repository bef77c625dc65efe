"""/api/settings: instance settings an admin changes; today `public_reading` (anonymous users
read what a viewer reads)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from coopwatch.web.api.lists import ERRORS
from coopwatch.web.auth import PUBLIC_READING, public_reading, writer

router = APIRouter(prefix="/api", tags=["settings"], responses=ERRORS)


class PublicReading(BaseModel):
    public_reading: bool


@router.get("/settings", response_model=PublicReading)
def settings(request: Request):
    return PublicReading(public_reading=public_reading(request))


@router.put("/settings", response_model=PublicReading)
def change(request: Request, body: PublicReading, account=Depends(writer)):
    from coopwatch.store.accounts import set_setting

    set_setting(request.app.state.store, PUBLIC_READING, body.public_reading, by=account)
    return body
