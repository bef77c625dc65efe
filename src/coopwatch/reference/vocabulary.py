"""Agencies, domains and indicators: ids fixed by ../shared/contracts/*.csv, names and aliases in
zh/en/fr/de curated in data/agencies.yaml, domains.yaml, indicators.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from coopwatch.reference.gazetteer import LANGS, _uniq, load_yaml

KINDS = {"agency": ("agencies.yaml", "agencies"), "domain": ("domains.yaml", "domains"),
         "indicator": ("indicators.yaml", "indicators"), "company": ("companies.yaml", "companies")}


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
    for e in load_yaml(file)[key]:
        names = {lang: _uniq(e.get(lang) or ()) for lang in LANGS if e.get(lang)}
        out.append(Term(id=e["id"], names=names, extra={k: str(v) for k, v in (e.get("extra") or {}).items()}))
    return tuple(out)


def vocabulary(kind: str) -> list[Term]:
    """The terms of one vocabulary: "agency", "domain", "indicator" (or "company")."""
    return list(_load(kind))


def term(kind: str, id: str) -> Term | None:
    return next((t for t in _load(kind) if t.id == id), None)
