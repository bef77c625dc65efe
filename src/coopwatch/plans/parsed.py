"""A results framework from the output of `parse-plan` (contracts/plan-output.md).

The parse gives each item its full dotted id; this module adds the stable short references
(`assign_short_refs`), records which fields rest on a repair of the text (`flags`), and takes
the plan id from the title when none is given (`plan_slug`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from coopwatch.errors import InputError
from coopwatch.plans.model import COMPARATORS, ITEM_KINDS, PlanFramework, PlanItem, PlanTarget

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def framework_from_parse(data: Any, plan_id: str | None = None, source: str = "parse output") -> PlanFramework:
    """A plan (version 1) from a `parse-plan --json` object; InputError names the bad field."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise InputError(f"{source}: not a parse-plan output (a JSON object with 'items')")
    lang = data.get("language") or "zh"
    title = data.get("title") or ""
    repairs = [r for r in data.get("repairs") or [] if isinstance(r, dict)]
    items = [_item(raw, f"items[{i}]", i + 1, lang, repairs, source) for i, raw in enumerate(data["items"])]
    _make_refs_unique(items)
    assign_short_refs(items)
    targets = [_target(raw, f"targets[{i}]", source) for i, raw in enumerate(data.get("targets") or [])]
    attach_targets(items, targets)
    issuers = data.get("issuers") or {}
    fw = PlanFramework(
        id=plan_id or plan_slug(title or str(data.get("source") or "plan")), version=1,
        title={lang: title} if title else {}, issued=_date(data.get("issued"), source),
        issuers={"agencies": list(issuers.get("agencies") or []), "regions": list(issuers.get("regions") or [])},
        sources=[{"path": data.get("source"), "language": lang, "kind": data.get("kind"),
                  "repairs": len(repairs)}],
        items=items, targets=targets,
    )
    return fw


def plan_slug(title: str) -> str:
    """A short ASCII id from a title: '“十四五”东西部科技合作实施方案' -> 'shi-si-wu-dong-xi-bu-...'."""
    from pypinyin import lazy_pinyin

    words = re.findall(r"[a-z0-9]+", " ".join(lazy_pinyin(title)).lower())
    slug, out = "", []
    for w in words:
        if len(slug) + len(w) + 1 > 60:
            break
        out.append(w)
        slug = "-".join(out)
    return slug or "plan"


def assign_short_refs(items: list[PlanItem]) -> None:
    """Short references after the link contract: a task is '<programme>.<task>', a programme,
    measure or goal its own number (measures are numbered through the whole document), a section its Roman numeral, a safeguard '<section>.<n>'; any
    other item, or one whose short ref is taken, keeps its full ref."""
    taken: set[str] = set()

    def visit(item: PlanItem, parent: PlanItem | None, section: PlanItem | None) -> None:
        own = str(item.number if item.number is not None else item.ordinal)
        if item.kind == "task" and parent is not None and parent.kind == "programme":
            short = f"{parent.short_ref}.{own}"
        elif item.kind in ("programme", "measure", "goal"):
            short = own
        elif item.kind == "section" and item.ref.count(".") == 0 and 0 < int(own) <= len(ROMAN):
            short = ROMAN[int(own) - 1]
        elif item.kind == "safeguard" and section is not None:
            short = f"{section.short_ref}.{own}"
        else:
            short = item.ref
        item.short_ref = short if short not in taken else item.ref
        taken.add(item.short_ref)
        for child in item.items:
            visit(child, item, item if item.kind == "section" else section)

    for it in items:
        visit(it, None, None)


def attach_targets(items: list[PlanItem], targets: list[PlanTarget]) -> None:
    """A target without an item belongs to the deepest item whose text holds the target's
    sentence (the parse gives the sentence, not the item)."""
    def squash(text: str) -> str:
        return re.sub(r"\s+", "", text)

    walked = [(it.ref.count("."), it) for top in items for it in top.walk()]
    for t in targets:
        sentence = squash(t.text)
        if t.item_ref is not None or len(sentence) < 4:
            continue
        holders = [(depth, it) for depth, it in walked
                   if any(sentence in squash(text) for text in it.text.values() if text)]
        if holders:
            t.item_ref = max(holders, key=lambda pair: pair[0])[1].short_ref


def _make_refs_unique(items: list[PlanItem]) -> None:
    """A document whose numbering restarts (two lists both numbered 1, 2, ...) gives repeated
    ids; the later ones become '<id>#2', '#3' ... and are flagged, so that every item keeps a
    reference of its own."""
    seen: dict[str, int] = {}

    def visit(item: PlanItem) -> None:
        n = seen.get(item.ref, 0) + 1
        seen[item.ref] = n
        if n > 1:
            while f"{item.ref}#{n}" in seen:
                n += 1
            item.ref = f"{item.ref}#{n}"
            seen[item.ref] = 1
            item.flags = sorted(set(item.flags) | {"ref:duplicate"})
        for child in item.items:
            visit(child)

    for it in items:
        visit(it)


def _item(raw: Any, path: str, ordinal: int, lang: str, repairs: list[dict], source: str) -> PlanItem:
    if not isinstance(raw, dict):
        raise InputError(f"{source}: {path}: an item is a JSON object")
    kind = raw.get("kind")
    if kind not in ITEM_KINDS:
        raise InputError(f"{source}: {path}.kind: {kind!r} is not one of {', '.join(ITEM_KINDS)}")
    ref = str(raw.get("id") or ordinal)
    title, text = str(raw.get("title") or ""), str(raw.get("text") or "")
    lead = raw.get("lead") or {}
    item = PlanItem(
        ref=ref, short_ref=ref, kind=kind, number=raw.get("number"), ordinal=int(raw.get("ordinal") or ordinal),
        title={lang: title} if title else {}, text={lang: text} if text else {},
        regions=list(raw.get("regions") or []), partners=list(raw.get("partners") or []),
        places=[dict(p) for p in raw.get("places") or [] if isinstance(p, dict)],
        agencies=list(raw.get("agencies") or []),
        lead={"agencies": list(lead.get("agencies") or []), "regions": list(lead.get("regions") or [])},
        domains=list(raw.get("domains") or []), flags=_repair_flags(raw, title + "\n" + text, repairs),
    )
    item.items = [_item(child, f"{path}.items[{i}]", i + 1, lang, repairs, source)
                  for i, child in enumerate(raw.get("items") or [])]
    return item


def _repair_flags(raw: dict, text: str, repairs: list[dict]) -> list[str]:
    """An item whose text holds a repaired passage: its regions and partners may rest on the
    parser's reading of that passage ("Hubei" read as 呼包鄂), so they are flagged for review."""
    flags = []
    for r in repairs:
        found = str(r.get("found") or "").strip()
        if found and found in text:
            flags.append(f"repair:{r.get('kind') or 'other'}")
            for name in ("partners", "regions"):
                if raw.get(name):
                    flags.append(f"{name}:repair")
    return sorted(set(flags))


def _target(raw: Any, path: str, source: str) -> PlanTarget:
    if not isinstance(raw, dict):
        raise InputError(f"{source}: {path}: a target is a JSON object")
    comparator = raw.get("comparator") or "="
    if comparator not in COMPARATORS:
        raise InputError(f"{source}: {path}.comparator: {comparator!r} is not one of {' '.join(COMPARATORS)}")
    try:
        value, year = float(raw["value"]), int(raw["year"])
    except (KeyError, TypeError, ValueError):
        raise InputError(f"{source}: {path}: a target needs a numeric value and a year") from None
    regions = [str(r) for r in raw.get("regions") or []]
    return PlanTarget(item_ref=raw.get("item"), indicator=raw.get("indicator"), comparator=comparator,
                      value=value, unit=str(raw.get("unit") or ""), year=year, regions=regions,
                      region=regions[0] if len(regions) == 1 else None, proxy=None, baseline=None,
                      text=str(raw.get("text") or ""))


def _date(value: Any, source: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{source}: issued: {value!r} is not a date YYYY-MM-DD") from None
