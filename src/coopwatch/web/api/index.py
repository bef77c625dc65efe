"""/api/index: composite indices. `china`: the China S&T index of the 31 provinces for a year,
with rank intervals over Monte Carlo runs (`coopwatch index china`). `run` and `uncertainty`:
an index spec posted as JSON (contracts/index-spec.md, the mapping `coopwatch index run SPEC`
reads from YAML) built, or its uncertainty and sensitivity analysed, with the output of
`coopwatch index run|uncertainty --json`. Files the spec names are looked up in the server's
index data folders (`WebSettings.index_data`); runs are bounded (`MAX_RUNS`), and so are the
index computations at once (`WebSettings.index_runs_at_once`; one more is a 503 with Retry-After). A spec the
library refuses is a 422 whose detail names the field, as for a request that does not fit the
schema."""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from coopwatch.errors import InputError
from coopwatch.web.api.lists import CSV_RESPONSE, ERRORS, Page, Paging, page
from coopwatch.web.auth import reader
from coopwatch.web.cache import cached
from coopwatch.web.errors import Busy

router = APIRouter(prefix="/api", tags=["index"], responses=ERRORS, dependencies=[Depends(reader)])
MAX_RUNS = 1000  # Monte Carlo runs one request may ask for (the CLI's default)


@router.get("/index/china", response_model=Page, responses=CSV_RESPONSE)
def china(request: Request, year: int | None = Query(None, ge=1990, le=2100),
          runs: int = Query(100, ge=10, le=1000, description="Monte Carlo runs for the rank intervals"),
          seed: int = Query(0, ge=0, le=2**31), paging: Paging = Depends()):
    from coopwatch.evaluate.china import build_china_index, latest_complete_year

    store = request.app.state.store

    def compute():
        result = build_china_index(store, year or latest_complete_year(store), runs=runs, seed=seed)
        table = result.table().reset_index(names="region")
        return [{k: (None if v != v else v) for k, v in row.items()} for row in table.to_dict("records")]

    return page(cached(request, ("china", year, runs, seed), compute), paging)


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid")
    units: str | None = Field(None, max_length=200, description="a COINr iData file in the index data folders")
    observations: str | None = Field(None, max_length=200, description="`database` or a tidy observations file")
    year: int | None = Field(None, ge=1900, le=2100)
    regions: str | list[str] | None = Field(None, description="`provinces` or a list of region codes")
    derive: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None
    progress: dict[str, Any] | None = None
    outcomes: dict[str, Any] | None = None


class Spec(BaseModel):
    """An index spec (contracts/index-spec.md) as JSON."""
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)
    data: Data
    meta: str = Field(..., max_length=200, description="a COINr iMeta file in the index data folders")
    denominators: str | None = Field(None, max_length=200)
    steps: dict[str, Any] = {}
    weights: Any = "original"
    uncertainty: dict[str, Any] = {}


class IndexRun(BaseModel):
    units: list[dict[str, Any]]
    treated: list[dict[str, Any]]
    log: list[dict[str, Any]]


class Uncertainty(BaseModel):
    runs: int
    seed: int | None
    units: list[dict[str, Any]]
    sensitivity: list[dict[str, Any]]


SPEC_ERRORS = {422: {"description": "The spec does not fit the schema, or the library refuses it "
                                    "(the detail's loc and msg name the field)"},
               503: {"description": "As many index runs as the server allows at once are running; "
                                    "try again after the seconds of the Retry-After header"}}


def _refused(request: Request, exc: InputError) -> RequestValidationError:
    """The library's one-line refusal as FastAPI's 422, its field as the location; the server's
    folders are left out of file names."""
    from coopwatch.evaluate.spec import STEP_ORDER, TOP_KEYS

    message = str(exc).removeprefix("spec: ")
    for folder in request.app.state.settings.index_data:
        message = message.replace(f"{folder.resolve()}/", "")
    field = re.match(r"([A-Za-z_][\w.]*)(?=:| must | needs )", message)
    path = field.group(1).split(".") if field else []
    if path and path[0] in STEP_ORDER:  # a step's own message ("treat: ..."): the step under `steps`
        path.insert(0, "steps")
    loc = ["body", *(path if path and path[0] in TOP_KEYS else [])]
    return RequestValidationError([{"loc": loc, "msg": message, "type": "value_error", "input": None}])


@contextmanager
def _slot(request: Request):
    """One of the server's `index_runs_at_once` slots, or Busy (503) when all are taken."""
    slots = request.app.state.index_slots
    if not slots.acquire(blocking=False):
        raise Busy("index runs")
    try:
        yield
    finally:
        slots.release()


def _index(request: Request, spec: Spec):
    from coopwatch.evaluate import Index
    from coopwatch.evaluate.spec import spec_in_folders

    loaded = spec_in_folders(spec.model_dump(exclude_unset=True), request.app.state.settings.index_data)
    return Index.from_spec(loaded, request.app.state.store)


@router.post("/index/run", response_model=IndexRun, responses=SPEC_ERRORS)
def run(request: Request, spec: Spec):
    """Build the posted index: every unit's scores and ranks, the treated indicators, the steps applied."""
    try:
        with _slot(request):
            return _index(request, spec).to_dict()
    except InputError as exc:
        raise _refused(request, exc) from None


@router.post("/index/uncertainty", response_model=Uncertainty, responses=SPEC_ERRORS)
def uncertainty(request: Request, spec: Spec,
                runs: int = Query(100, ge=1, le=MAX_RUNS, description="Monte Carlo runs"),
                seed: int | None = Query(None, ge=0, le=2**32 - 1, description="random seed (same seed, same output)"),
                sensitivity: bool = Query(False, description="also the Sobol indices of the uncertain inputs")):
    """Rank intervals of the posted index under its `uncertainty` inputs; with `sensitivity`, which input matters."""
    from coopwatch.evaluate.uncertainty import run_uncertainty

    try:
        with _slot(request):
            return run_uncertainty(_index(request, spec), runs, seed, sensitivity).to_dict()
    except InputError as exc:
        raise _refused(request, exc) from None
