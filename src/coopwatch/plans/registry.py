"""The plan registry: plans in the database, each stored change a new version.

Adding, importing or reloading a plan never touches an earlier version: its items and targets
stay as they were, so a target's history can be read back (`get_plan(store, id, version=1)`).
Every write is one transaction with its audit entry; a plan that fails validation writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopwatch.errors import InputError, NotFound
from coopwatch.lru import BoundedCache
from coopwatch.plans.bundled import bundled_plans, resolve_target_regions
from coopwatch.plans.model import LANGUAGES, PlanFramework, PlanItem, PlanTarget
from coopwatch.plans.parsed import framework_from_parse
from coopwatch.plans.planfile import dump_plan, framework_to_mapping, read_plan_file
from coopwatch.plans.validate import check_plan
from coopwatch.store import Store, record_audit
from coopwatch.store.permissions import Target as Scope, require
from coopwatch.store.models import Item, Plan, PlanVersion, Target

PLAN_FILE_SUFFIXES = (".yaml", ".yml")


@dataclass
class PlanSummary:
    id: str
    title: dict[str, str]
    current_version: int
    versions: int
    bundled: bool
    items: int
    targets: int


@dataclass
class VersionSummary:
    """One stored version of a plan: when and by whom it was stored, from what, and its size."""
    plan: str
    version: int
    current: bool
    title: dict[str, str]
    issued: str | None
    created_at: str
    created_by: str | None
    note: str | None
    source_hash: str | None
    items: int
    targets: int


# --- writing -----------------------------------------------------------------------------------

def load_bundled_plans(store: Store, actor: str | None = "coopwatch init") -> list[tuple[str, int, int]]:
    """Store each bundled plan unless a version with the same content is already there
    (so `init` twice adds nothing, and a newer package adds a new version). The set-up of
    `coopwatch init`, like its gazetteer and roles: no user's write, so no permission asked."""
    out = []
    for fw in bundled_plans():
        check_plan(fw)
        digest = content_hash(fw)
        with store.session() as s:
            have = s.scalar(select(PlanVersion.id).where(PlanVersion.plan_id == fw.id,
                                                         PlanVersion.source_hash == digest))
            if have is None:
                store_framework(s, fw, actor=actor, action="plan.load_bundled", source_hash=digest,
                                note="bundled plan", bundled=True)
        out.append((fw.id, sum(1 for _ in fw.walk()), len(fw.targets)))
    return out


def add_plan(store: Store, path: str | Path, plan_id: str | None = None, actor=None, *,
             force: bool = False) -> PlanFramework:
    """Parse a plan document (or read a parse output .json, or a plan file .yaml) and store it
    as a new version of the plan `plan_id` (default: a slug of its title). A file in which no
    item and no target is found is not a plan and is refused, unless `force`."""
    actor = require(store, actor, "plan.write", Scope(what="plans"), via="plan add").name
    path = Path(path)
    fw = read_plan_source(path, plan_id)
    if not force and not fw.targets and not any(True for _ in fw.walk()):
        raise InputError(f"{path}: not a plan: no items and no targets found in it "
                         "(--force stores it anyway)")
    return _store_checked(store, fw, path, actor=actor, action="plan.add")


def import_plan(store: Store, path: str | Path, actor=None) -> PlanFramework:
    """Load a plan file (typically an exported and hand-corrected one) as a new version;
    all-or-nothing: any unknown id or bad field is an InputError naming its YAML path."""
    actor = require(store, actor, "plan.write", Scope(what="plans"), via="plan import").name
    path = Path(path)
    fw = resolve_target_regions(read_plan_file(path))
    return _store_checked(store, fw, path, actor=actor, action="plan.import")


def remove_plan(store: Store, plan_id: str, version: int | None = None, actor=None) -> dict:
    """Remove a plan with all its versions, or only one version (admins only; audited). The
    current version moves to the newest one left; removing the last one removes the plan."""
    actor = require(store, actor, "plan.remove", Scope(what=f"plan {plan_id}"), via="plan remove").name
    with store.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"no plan {plan_id!r} in the database (see `coopwatch plan list`)")
        versions = list(s.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan_id)
                                  .order_by(PlanVersion.version)))
        if version is not None:
            gone = [pv for pv in versions if pv.version == version]
            if not gone:
                raise NotFound(f"plan {plan_id!r} has no version {version} "
                               f"(it has {', '.join(str(pv.version) for pv in versions)})")
        else:
            gone = versions
        left = [pv.version for pv in versions if pv not in gone]
        for pv in gone:
            s.delete(pv)
        before = {"current_version": plan.current_version, "versions": [pv.version for pv in versions]}
        if not left:
            s.delete(plan)
        else:
            plan.current_version = max(left)
        record_audit(s, actor=actor, action="plan.remove", entity="plan", entity_id=plan_id, before=before,
                     after={"removed": [pv.version for pv in gone], "versions": left})
    return {"plan": plan_id, "removed": [pv.version for pv in gone], "left": left}


def read_plan_source(path: Path, plan_id: str | None = None) -> PlanFramework:
    """A framework from a plan file (.yaml), a parse output (.json) or a document to parse."""
    if not path.is_file():
        raise InputError(f"{path}: is a folder, not a plan file" if path.is_dir() else f"{path}: no such file")
    if path.suffix.lower() in PLAN_FILE_SUFFIXES:
        fw = resolve_target_regions(read_plan_file(path))
        if plan_id:
            fw.id = plan_id
        return fw
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: not a JSON parse output: {exc}") from None
    else:
        from coopwatch.text import parse_plan  # the parser is imported only when a document is read

        data = parse_plan(path)
    return framework_from_parse(data, plan_id=plan_id, source=str(path))


def _store_checked(store: Store, fw: PlanFramework, path: Path, *, actor: str | None, action: str) -> PlanFramework:
    """Validate, then write the new version in one transaction (nothing is written on error)."""
    try:
        check_plan(fw)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    with store.session() as s:
        fw.version = store_framework(s, fw, actor=actor, action=action, source_hash=_file_hash(path),
                                     note=f"{action.split('.')[-1]} from {path.name}")
    return fw


def store_framework(session: Session, fw: PlanFramework, *, actor: str | None, action: str,
                    source_hash: str | None = None, note: str | None = None, bundled: bool = False) -> int:
    """Write `fw` as the next version of its plan (creating the plan) in the caller's
    transaction; returns the version number. Earlier versions are left untouched."""
    plan = session.get(Plan, fw.id)
    before = None
    if plan is None:
        plan = Plan(id=fw.id, current_version=0, bundled=bundled)
        session.add(plan)
    else:
        before = {"version": plan.current_version}
    last = session.scalar(select(func.max(PlanVersion.version)).where(PlanVersion.plan_id == fw.id)) or 0
    version = last + 1
    language = second_language(fw)
    plan.title_zh, plan.title_en = fw.title.get("zh"), _other_language(fw.title)
    plan.issued, plan.issuers, plan.sources = fw.issued, dict(fw.issuers), list(fw.sources)
    plan.current_version = version
    pv = PlanVersion(plan_id=fw.id, version=version, created_by=actor, source_hash=source_hash,
                     note=note, language=language, title_zh=plan.title_zh, title_en=plan.title_en,
                     issued=plan.issued, issuers=dict(plan.issuers), sources=list(plan.sources))
    session.add(pv)
    session.flush()
    for item, parent in _with_parents(fw.items, None):
        session.add(Item(
            plan_version_id=pv.id, ref=item.ref, short_ref=item.short_ref, parent_ref=parent,
            kind=item.kind, number=item.number, ordinal=item.ordinal,
            title_zh=item.title.get("zh"), title_en=_other_language(item.title),
            text_zh=item.text.get("zh"), text_en=_other_language(item.text),
            regions=list(item.regions), partners=list(item.partners), places=[dict(p) for p in item.places],
            agencies=list(item.agencies), lead=dict(item.lead), domains=list(item.domains), flags=list(item.flags),
        ))
    for t in fw.targets:
        session.add(Target(
            plan_version_id=pv.id, item_ref=t.item_ref, indicator=t.indicator, comparator=t.comparator,
            value=t.value, unit=t.unit, year=t.year, regions=[*t.regions], region=t.region, proxy=t.proxy,
            proxy_is_measure=t.proxy_is_measure, baseline_year=(t.baseline or {}).get("year"), baseline_value=(t.baseline or {}).get("value"),
            text=t.text,
        ))
    record_audit(session, actor=actor, action=action, entity="plan", entity_id=fw.id, before=before,
                 after={"version": version, "items": sum(1 for _ in fw.walk()), "targets": len(fw.targets),
                        "note": note})
    return version


# --- reading -----------------------------------------------------------------------------------

def get_plan(store: Store, plan_id: str, version: int | None = None) -> PlanFramework:
    """A stored plan, its current version unless `version` is given."""
    with store.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"no plan {plan_id!r} in the database (see `coopwatch plan list`; "
                           "`coopwatch init` loads the bundled plans)")
        number = version or plan.current_version
        pv = s.scalar(select(PlanVersion).where(PlanVersion.plan_id == plan_id, PlanVersion.version == number))
        if pv is None:
            raise NotFound(f"plan {plan_id!r} has no version {number} (it has 1 to {plan.current_version})")
        return _framework(s, plan, pv)


def list_plans(store: Store) -> list[PlanSummary]:
    with store.session() as s:
        out = []
        for plan in s.scalars(select(Plan).order_by(Plan.id)):
            pv = s.scalar(select(PlanVersion).where(PlanVersion.plan_id == plan.id,
                                                    PlanVersion.version == plan.current_version))
            n_versions = s.scalar(select(func.count(PlanVersion.id)).where(PlanVersion.plan_id == plan.id))
            n_items = s.scalar(select(func.count(Item.id)).where(Item.plan_version_id == pv.id)) if pv else 0
            n_targets = s.scalar(select(func.count(Target.id)).where(Target.plan_version_id == pv.id)) if pv else 0
            title = {k: v for k, v in (("zh", plan.title_zh), (_lang(pv), plan.title_en)) if v}
            out.append(PlanSummary(id=plan.id, title=title, current_version=plan.current_version,
                                   versions=n_versions, bundled=plan.bundled, items=n_items, targets=n_targets))
        return out


def list_versions(store: Store, plan_id: str) -> list[VersionSummary]:
    """Every stored version of a plan, oldest first (`coopwatch plan show --version N` and
    `get_plan(store, id, N)` read one)."""
    with store.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"no plan {plan_id!r} in the database (see `coopwatch plan list`)")
        items = dict(s.execute(select(Item.plan_version_id, func.count(Item.id)).join(PlanVersion)
                               .where(PlanVersion.plan_id == plan_id).group_by(Item.plan_version_id)).all())
        targets = dict(s.execute(select(Target.plan_version_id, func.count(Target.id)).join(PlanVersion)
                                 .where(PlanVersion.plan_id == plan_id).group_by(Target.plan_version_id)).all())
        out = []
        for pv in s.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.version)):
            own = _own_fields(plan, pv)
            out.append(VersionSummary(
                plan=plan_id, version=pv.version, current=pv.version == plan.current_version,
                title=_langs(own.title_zh, own.title_en, _lang(pv)),
                issued=own.issued.isoformat() if own.issued else None,
                created_at=pv.created_at.isoformat(timespec="seconds"), created_by=pv.created_by, note=pv.note,
                source_hash=pv.source_hash, items=items.get(pv.id, 0), targets=targets.get(pv.id, 0)))
        return out


def get_version(store: Store, plan_id: str, version: int) -> tuple[VersionSummary, PlanFramework]:
    """One stored version of a plan: its summary (`list_versions`) and its framework."""
    fw = get_plan(store, plan_id, version)
    return next(v for v in list_versions(store, plan_id) if v.version == version), fw


# A stored version never changes (a change is a new version), so a framework read from one is
# kept per process under (database, version row id, version number, creation time), and
# `current_plans` asks the database only which versions are current. Callers share the kept
# frameworks: they read them, never change them.
_READ = BoundedCache(64)


def current_plans(store: Store) -> list[PlanFramework]:
    """The one source of plans: the current version of every plan in the database, or the
    bundled plans while the database holds none (before `coopwatch init` loads them)."""
    with store.session() as s:
        ids = list(s.scalars(select(Plan.id).order_by(Plan.id)))
        current = {row.plan_id: row for row in s.execute(
            select(PlanVersion.plan_id, PlanVersion.id, PlanVersion.version, PlanVersion.created_at)
            .join(Plan, (Plan.id == PlanVersion.plan_id) & (Plan.current_version == PlanVersion.version)))}
    if not ids:
        return bundled_plans()
    out = []
    for plan_id in ids:
        row = current.get(plan_id)
        key = None if row is None else (str(store.engine.url), row.id, row.version, row.created_at)
        fw = _READ.get(key) if key else None
        if fw is None:
            fw = get_plan(store, plan_id)  # (says which version is missing when there is none)
            if key is not None and fw.version == row.version:
                _READ.put(key, fw)
        out.append(fw)
    return out


def export_plan(store: Store, plan_id: str, version: int | None = None) -> str:
    """The plan as a YAML plan file, to correct by hand and load back with `import_plan`."""
    fw = get_plan(store, plan_id, version)
    header = (f"Plan {fw.id}, version {fw.version}, exported by coopwatch.\n"
              "Correct any field and load it back with `coopwatch plan import FILE`: it becomes a new\n"
              "version (earlier versions and their targets are kept). Regions are GB/T 2260 codes;\n"
              "agencies, domains and indicators are the ids of the shared vocabularies.")
    return dump_plan(fw, header)


def content_hash(fw: PlanFramework) -> str:
    """Hash of a plan's content (not its version number): equal content, equal hash."""
    data = framework_to_mapping(fw)
    data.pop("version")
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


# --- rows <-> framework ----------------------------------------------------------------------

def _framework(s: Session, plan: Plan, pv: PlanVersion) -> PlanFramework:
    lang = _lang(pv)
    rows = list(s.scalars(select(Item).where(Item.plan_version_id == pv.id).order_by(Item.id)))
    by_ref: dict[str, PlanItem] = {}
    top: list[PlanItem] = []
    for r in rows:
        item = PlanItem(
            ref=r.ref, short_ref=r.short_ref or r.ref, kind=r.kind, number=r.number, ordinal=r.ordinal,
            title=_langs(r.title_zh, r.title_en, lang), text=_langs(r.text_zh, r.text_en, lang),
            regions=list(r.regions or []), partners=list(r.partners or []), places=list(r.places or []),
            agencies=list(r.agencies or []), lead=dict(r.lead or {}), domains=list(r.domains or []),
            flags=list(r.flags or []),
        )
        by_ref[r.ref] = item
        parent = by_ref.get(r.parent_ref) if r.parent_ref else None
        (parent.items if parent is not None else top).append(item)
    targets = [_target(t) for t in s.scalars(select(Target).where(Target.plan_version_id == pv.id).order_by(Target.id))]
    own = _own_fields(plan, pv)
    return PlanFramework(id=plan.id, version=pv.version, title=_langs(own.title_zh, own.title_en, lang),
                         issued=own.issued, issuers=dict(own.issuers or {}), sources=list(own.sources or []),
                         items=top, targets=targets)


def _own_fields(plan: Plan, pv: PlanVersion) -> Plan | PlanVersion:
    """Where a version's plan-level fields (title, issued, issuers, sources) are: the version
    keeps its own; one stored before they were kept per version (all null) falls back to the
    plan row."""
    return pv if any(v is not None for v in (pv.title_zh, pv.title_en, pv.issued, pv.issuers, pv.sources)) else plan


def _target(t: Target) -> PlanTarget:
    baseline = None if t.baseline_year is None else {"year": t.baseline_year, "value": t.baseline_value}
    return PlanTarget(item_ref=t.item_ref, indicator=t.indicator, comparator=t.comparator, value=t.value,
                      unit=t.unit or "", year=t.year, regions=list(t.regions or []), region=t.region,
                      proxy=t.proxy, proxy_is_measure=bool(t.proxy_is_measure), baseline=baseline, text=t.text or "")


def _with_parents(items: Iterable[PlanItem], parent: str | None):
    for item in items:
        yield item, parent
        yield from _with_parents(item.items, item.ref)


def second_language(fw: PlanFramework) -> str:
    """The language of the `*_en` columns of a version: English when the plan has English
    texts, else the one other language it is written in (a French parse), else "zh"."""
    langs = {k for texts in [fw.title] + [t for it in fw.walk() for t in (it.title, it.text)] for k, v in texts.items() if v}
    if "en" in langs or langs <= {"zh"}:
        return "en" if "en" in langs else "zh"
    return sorted(langs - {"zh"})[0]


def _other_language(texts: dict[str, str]) -> str | None:
    """The `*_en` column holds the English text, or the text in the version's second language
    when the plan has no English (`second_language`)."""
    return texts.get("en") or next((v for k, v in texts.items() if k not in LANGUAGES), None)


def _lang(pv: PlanVersion | None) -> str:
    lang = pv.language if pv is not None else None
    return lang if lang and lang not in LANGUAGES else "en"


def _langs(zh: str | None, other: str | None, lang: str) -> dict[str, str]:
    return {k: v for k, v in (("zh", zh), (lang, other)) if v}


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
