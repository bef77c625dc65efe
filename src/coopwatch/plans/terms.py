"""The fixed vocabularies a plan is checked against (regions, agencies, domains, indicators),
taken from `coopwatch.reference`, and the resolution of region names written in plan files."""

from __future__ import annotations

import re
from functools import lru_cache

REGION_CODE = re.compile(r"^\d{6}$")


def _gazetteer():
    from coopwatch.reference import gazetteer

    return gazetteer()


def resolve_region(value: str | None) -> str | None:
    """A region code for a code or a name ("成渝" -> the Chengdu-Chongqing group's code).

    Plan files may name a zone or a group instead of writing its code, so that the plan follows
    the gazetteer; a name the gazetteer does not know is returned as written, and validation
    reports it."""
    if value is None:
        return None
    value = str(value).strip()
    gaz = _gazetteer()
    if value in region_codes():
        return value
    matches = gaz.lookup(value)
    return matches[0].code if matches else value


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    """Every code of the gazetteer (provinces, prefectures, counties, zones, groups)."""
    return frozenset(info.code for info in _gazetteer().all())


def _ids(kind: str) -> frozenset[str]:
    from coopwatch.reference import vocabulary

    return frozenset(term.id for term in vocabulary(kind))


@lru_cache(maxsize=1)
def agency_ids() -> frozenset[str]:
    return _ids("agency")


@lru_cache(maxsize=1)
def domain_ids() -> frozenset[str]:
    return _ids("domain")


@lru_cache(maxsize=1)
def indicator_ids() -> frozenset[str]:
    return _ids("indicator")


def region_name(code: str | None, lang: str = "zh") -> str:
    """'630000' -> '青海省 630000' (or 'Qinghai 630000'); the code alone when unknown."""
    if code is None:
        return ""
    match = _gazetteer().get(code)
    if match is None:
        return code
    label = match.name_en if lang == "en" and match.name_en else match.name_zh
    return f"{label} {code}"
