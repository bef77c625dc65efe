"""Agencies, domains and indicators: ids fixed by ../shared/contracts/*.csv, names and aliases in
zh/en/fr/de curated in data/agencies.yaml, domains.yaml, indicators.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from coopwatch.reference.gazetteer import LANGS, _display, _uniq, load_yaml

KINDS = {"agency": ("agencies.yaml", "agencies"), "domain": ("domains.yaml", "domains"),
         "indicator": ("indicators.yaml", "indicators"), "company": ("companies.yaml", "companies"),
         "institution": ("institutions.yaml", "institutions")}


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary. `names[lang]` lists the name first, then aliases; `extra`
    holds unit/direction/kind for indicators."""

    id: str
    names: Mapping[str, tuple[str, ...]]
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def name_zh(self) -> str | None:
        return (self.names.get("zh") or (None,))[0]

    @property
    def name_en(self) -> str | None:
        return (self.names.get("en") or (None,))[0]


@lru_cache(maxsize=None)
def _load(kind: str) -> tuple[Term, ...]:
    try:
        file, key = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown vocabulary {kind!r}; one of {', '.join(KINDS)}") from None
    out = []
    for e in _raw(kind):
        names = {lang: _uniq(_display(n) for n in e.get(lang) or ()) for lang in LANGS if e.get(lang)}
        out.append(Term(id=e["id"], names=names, extra={k: str(v) for k, v in (e.get("extra") or {}).items()}))
    return tuple(out)


@lru_cache(maxsize=None)
def _raw(kind: str) -> tuple[dict, ...]:
    """The entries as written in the data file, aliases with the matcher's markers ("Photovoltaik*")."""
    file, key = KINDS[kind]
    return tuple(load_yaml(file)[key])


def patterns(kind: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """id -> lang -> aliases as written in the data (with markers), for the matcher."""
    _load(kind)
    return {e["id"]: {lang: tuple(e.get(lang) or ()) for lang in LANGS if e.get(lang)} for e in _raw(kind)}


def vocabulary(kind: str) -> list[Term]:
    """The terms of one vocabulary: "agency", "domain", "indicator" (or "company", "institution";
    an institution's `extra` holds its province and city codes)."""
    return list(_load(kind))


def term(kind: str, id: str) -> Term | None:
    return next((t for t in _load(kind) if t.id == id), None)
