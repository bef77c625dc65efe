"""/api/health: the server process is up and answering (for a load balancer or a process
supervisor). It reads no database and needs no account, so it says nothing about the data;
it is also the floor of what any /api/ read costs (bench_api.py measures against it)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

import coopwatch


class Health(BaseModel):
    status: str
    version: str


router = APIRouter(prefix="/api", tags=["server"])


@router.get("/health", response_model=Health)
async def health() -> Health:
    # async: answered on the event loop, with no worker thread and no database connection
    return Health(status="ok", version=coopwatch.__version__)
