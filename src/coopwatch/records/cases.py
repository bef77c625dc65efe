"""The library of good practices and typical cases.

A case names what was done (title, summary), what others can learn from it (lessons), and what
it rests on: the plan items it serves, its regions and domains, and the documents that evidence
it. References are checked against the vocabularies and the stored documents when a case is
added, so a case never points at something that does not exist.

What people read is kept in Chinese and in English: `title_zh`/`title_en`, `summary_zh`/
`summary_en`, `lessons_zh`/`lessons_en` (a case needs at least one title). A text given
without its language (`title=`, as `coopwatch case add TITLE` gives it) is filed as Chinese
when it contains a Chinese character, else as English. `title`, `summary` and `lessons` of a
record are what a reader who picked no language sees: the Chinese text, else the English.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from coopwatch.errors import InputError, NotFound
from coopwatch.store import Store, record_audit
from coopwatch.store.models import Case, Document


TEXTS = ("title", "summary", "lessons")
LANGS = ("zh", "en")
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class CaseRecord:
    id: int
    title_zh: str | None
    title_en: str | None
    summary_zh: str | None
    summary_en: str | None
    lessons_zh: str | None
    lessons_en: str | None
    regions: tuple[str, ...]
    items: tuple[str, ...]
    domains: tuple[str, ...]
    documents: tuple[int, ...]
    created_by: str | None
    created_at: dt.datetime

    @classmethod
    def of(cls, row: Case) -> "CaseRecord":
        return cls(row.id, row.title_zh, row.title_en, row.summary_zh, row.summary_en, row.lessons_zh,
                   row.lessons_en, tuple(row.regions or ()), tuple(row.items or ()), tuple(row.domains or ()),
                   tuple(row.documents or ()), row.created_by, row.created_at)

    def text(self, field: str, lang: str | None = None) -> str | None:
        """`field` (title, summary, lessons) in `lang`, falling back to the other language."""
        first, other = (lang, "en" if lang == "zh" else "zh") if lang in LANGS else LANGS
        return getattr(self, f"{field}_{first}") or getattr(self, f"{field}_{other}")

    @property
    def title(self) -> str:
        return self.text("title") or ""

    @property
    def summary(self) -> str | None:
        return self.text("summary")

    @property
    def lessons(self) -> str | None:
        return self.text("lessons")

    def as_dict(self) -> dict:
        d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        d["created_at"] = self.created_at.isoformat(timespec="seconds")
        return d | {name: self.text(name) for name in TEXTS}


def texts(**given: str | None) -> dict[str, str | None]:
    """The six language columns from what a caller gave: `title_zh=…, title_en=…` as they are,
    and a plain `title=…` (no language said) in the column its script shows, unless that
    column is given too. Blank texts are None."""
    out = {f"{name}_{lang}": None for name in TEXTS for lang in LANGS}
    unknown = sorted(set(given) - set(out) - set(TEXTS))
    if unknown:
        raise TypeError(f"unknown case text {unknown[0]!r}")
    clean = {k: v.strip() for k, v in given.items() if isinstance(v, str) and v.strip()}
    out.update({k: v for k, v in clean.items() if k in out})
    for name in TEXTS:
        if name in clean:
            key = f"{name}_zh" if _HAN.search(clean[name]) else f"{name}_en"
            out[key] = out[key] or clean[name]
    if not (out["title_zh"] or out["title_en"]):
        raise InputError("title: a case needs a title (title_zh or title_en)")
    return out


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


def add_case(store: Store, *, regions: list[str] = (), items: list[str] = (), domains: list[str] = (),
             documents: list[int] = (), by: str | None = None, **text: str | None) -> CaseRecord:
    """Store a new case (evaluators and admins); `text`: title, summary, lessons, each plain or
    per language (`title_zh=`, `title_en=`; see `texts`). Audited."""
    from coopwatch.store.permissions import require

    by = require(store, by, "case.write", via="case add").name
    text = texts(**text)
    regions, items, domains = _regions(list(regions)), _items(store, list(items)), _domains(list(domains))
    with store.session() as s:
        for i, doc_id in enumerate(documents):
            if s.get(Document, doc_id) is None:
                raise InputError(f"documents[{i}]: no stored document {doc_id}")
        row = Case(**text, regions=regions, items=items, domains=domains, documents=list(documents), created_by=by)
        s.add(row)
        s.flush()
        record_audit(s, actor=by, action="create", entity="case", entity_id=row.id,
                     after={"title_zh": row.title_zh, "title_en": row.title_en, "items": items, "regions": regions})
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


def update_case(store: Store, case_id: int, *, regions: list[str] = (), items: list[str] = (),
                domains: list[str] = (), documents: list[int] = (), by=None, **text: str | None) -> CaseRecord:
    """Replace a case's fields (evaluators and admins), texts as for `add_case`; audited with
    before and after."""
    name = _actor(store, by, f"case {case_id}")
    text = texts(**text)
    regions, items, domains = _regions(list(regions)), _items(store, list(items)), _domains(list(domains))
    with store.session() as s:
        row = s.get(Case, case_id)
        if row is None:
            raise NotFound(f"no case {case_id}")
        for i, doc_id in enumerate(documents):
            if s.get(Document, doc_id) is None:
                raise InputError(f"documents[{i}]: no stored document {doc_id}")
        before = CaseRecord.of(row).as_dict()
        for key, value in text.items():
            setattr(row, key, value)
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
