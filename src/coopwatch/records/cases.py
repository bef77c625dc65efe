"""The library of good practices and typical cases.

A case names what was done (title, summary), what others can learn from it (lessons), and what
it rests on: the plan items it serves, its regions and domains, and the documents that evidence
it. References are checked against the vocabularies and the stored documents when a case is
added, so a case never points at something that does not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from coopwatch.errors import InputError, NotFound
from coopwatch.store import Store, record_audit
from coopwatch.store.models import Case, Document


@dataclass(frozen=True)
class CaseRecord:
    id: int
    title: str
    summary: str | None
    lessons: str | None
    regions: tuple[str, ...]
    items: tuple[str, ...]
    domains: tuple[str, ...]
    documents: tuple[int, ...]
    created_by: str | None
    created_at: dt.datetime

    @classmethod
    def of(cls, row: Case) -> "CaseRecord":
        return cls(row.id, row.title, row.summary, row.lessons, tuple(row.regions or ()), tuple(row.items or ()),
                   tuple(row.domains or ()), tuple(row.documents or ()), row.created_by, row.created_at)

    def as_dict(self) -> dict:
        d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        d["created_at"] = self.created_at.isoformat(timespec="seconds")
        return d


def _regions(values: list[str]) -> list[str]:
    from coopwatch.reference import gazetteer

    out = []
    for i, v in enumerate(values):
        found = gazetteer().resolve(v)
        if found is None:
            raise InputError(f"regions[{i}]: unknown region {v!r}")
        out.append(found.code)
    return out


def _domains(values: list[str]) -> list[str]:
    from coopwatch.reference import vocabulary

    known = {t.id for t in vocabulary("domain")}
    for i, v in enumerate(values):
        if v not in known:
            raise InputError(f"domains[{i}]: unknown domain {v!r}")
    return list(values)


def _items(store: Store, values: list[str]) -> list[str]:
    from coopwatch.plans import resolve_ref
    from coopwatch.plans.registry import current_plans

    plans = current_plans(store) if values else []
    out = []
    for i, v in enumerate(values):
        try:
            out.append(str(resolve_ref(v, plans)))
        except (InputError, NotFound) as exc:
            raise InputError(f"items[{i}]: {exc}") from None
    return out


def add_case(store: Store, *, title: str, summary: str | None = None, lessons: str | None = None,
             regions: list[str] = (), items: list[str] = (), domains: list[str] = (),
             documents: list[int] = (), by: str | None = None) -> CaseRecord:
    if not title or not title.strip():
        raise InputError("title: a case needs a title")
    regions, items, domains = _regions(list(regions)), _items(store, list(items)), _domains(list(domains))
    with store.session() as s:
        for i, doc_id in enumerate(documents):
            if s.get(Document, doc_id) is None:
                raise InputError(f"documents[{i}]: no stored document {doc_id}")
        row = Case(title=title.strip(), summary=summary, lessons=lessons, regions=regions, items=items,
                   domains=domains, documents=list(documents), created_by=by)
        s.add(row)
        s.flush()
        record_audit(s, actor=by, action="create", entity="case", entity_id=row.id,
                     after={"title": row.title, "items": items, "regions": regions})
        return CaseRecord.of(row)


def list_cases(store: Store, *, region: str | None = None, item: str | None = None,
               domain: str | None = None) -> list[CaseRecord]:
    with store.session() as s:
        rows = [CaseRecord.of(r) for r in s.scalars(select(Case).order_by(Case.id))]
    if region:
        rows = [c for c in rows if region in c.regions]
    if item:
        want = _items(store, [item])[0]
        rows = [c for c in rows if want in c.items]
    if domain:
        rows = [c for c in rows if domain in c.domains]
    return rows


def get_case(store: Store, case_id: int) -> CaseRecord:
    with store.session() as s:
        row = s.get(Case, case_id)
        if row is None:
            raise NotFound(f"no case {case_id}")
        return CaseRecord.of(row)


def _actor(store: Store, by, what: str):
    from coopwatch.store.permissions import Target, require

    account = require(store, by, "case.write", Target(what=what))
    return account.name


def update_case(store: Store, case_id: int, *, title: str, summary: str | None = None, lessons: str | None = None,
                regions: list[str] = (), items: list[str] = (), domains: list[str] = (),
                documents: list[int] = (), by=None) -> CaseRecord:
    """Replace a case's fields (evaluators and admins); audited with before and after."""
    name = _actor(store, by, f"case {case_id}")
    if not title or not title.strip():
        raise InputError("title: a case needs a title")
    regions, items, domains = _regions(list(regions)), _items(store, list(items)), _domains(list(domains))
    with store.session() as s:
        row = s.get(Case, case_id)
        if row is None:
            raise NotFound(f"no case {case_id}")
        for i, doc_id in enumerate(documents):
            if s.get(Document, doc_id) is None:
                raise InputError(f"documents[{i}]: no stored document {doc_id}")
        before = CaseRecord.of(row).as_dict()
        row.title, row.summary, row.lessons = title.strip(), summary, lessons
        row.regions, row.items, row.domains, row.documents = regions, items, domains, list(documents)
        s.flush()
        after = CaseRecord.of(row).as_dict()
        record_audit(s, actor=name, action="update", entity="case", entity_id=case_id,
                     before={k: v for k, v in before.items() if after[k] != v},
                     after={k: v for k, v in after.items() if before[k] != v})
        return CaseRecord.of(row)


def delete_case(store: Store, case_id: int, *, by=None) -> None:
    name = _actor(store, by, f"case {case_id}")
    with store.session() as s:
        row = s.get(Case, case_id)
        if row is None:
            raise NotFound(f"no case {case_id}")
        before = CaseRecord.of(row).as_dict()
        s.delete(row)
        record_audit(s, actor=name, action="delete", entity="case", entity_id=case_id, before=before)
