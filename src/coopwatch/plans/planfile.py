"""The plan file: a results framework as YAML, for the bundled plans and for an evaluator who
exports a plan, corrects it by hand and imports it back.

```yaml
id: eastwest-14fyp
title: {zh: ..., en: ...}
issued: 2022-03-03
issuers: {agencies: [MOST, ...], regions: []}
sources: [{title: ..., url: ..., language: en, note: ...}]
items:                      # the tree, in document order
  - kind: section           # section | programme | task | measure | safeguard | goal
    number: 2               # as printed ("二、" -> 2); null if none
    ref: "2"                # optional: dotted numbers from the top (default: parent ref + number)
    short_ref: II           # optional: the stable reference (default: ref)
    title: {zh: ..., en: ...}
    text: {zh: ..., en: ...}
    regions: [...]; partners: [...]; places: [{name, code, province}]; agencies: [...]
    lead: {agencies: [...], regions: [...]}; domains: [...]; flags: [...]
    items: [...]
targets:
  - {item: "2", indicator: rd_intensity, comparator: ">", value: 5, unit: "% of GDP", year: 2025,
     regions: [...], region: <code or name>, proxy: <code or name>, baseline: {year, value} | null,
     text: ...}
    # proxy_is_measure: true   only where the plan itself measures the target on the proxy region
    #                          (default false: the proxy's figures are context, never the status)
```

Reading checks the shape of every field and names the YAML path of the first bad one
("items[2].items[1].kind: ..."); the vocabularies and the uniqueness of references are checked
by `coopwatch.plans.validate`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from coopwatch.errors import InputError
from coopwatch.store.keys import unknown_key
from coopwatch.plans.model import COMPARATORS, ITEM_KINDS, PlanFramework, PlanItem, PlanTarget

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
ITEM_LIST_FIELDS = ("regions", "partners", "agencies", "domains", "flags")
# Every key a plan file may have, per kind of mapping; any other is a typo, refused with the
# nearest name ("reigons: unknown key; did you mean regions?") rather than silently dropped.
PLAN_KEYS = ("id", "version", "title", "issued", "issuers", "sources", "items", "targets")
ITEM_KEYS = ("kind", "number", "ordinal", "ref", "short_ref", "title", "text", "places", "lead", "items",
             *ITEM_LIST_FIELDS)
TARGET_KEYS = ("item", "indicator", "comparator", "value", "unit", "year", "regions", "region", "proxy",
               "proxy_is_measure", "baseline", "text")
SOURCE_KEYS = ("title", "url", "language", "note", "publisher", "document", "date", "accessed")
GROUP_KEYS = ("agencies", "regions")  # issuers and lead
PLACE_KEYS = ("name", "code", "province")
BASELINE_KEYS = ("year", "value")
MIN_YEAR, MAX_YEAR = 1949, 2100


def read_plan_file(path: str | Path) -> PlanFramework:
    """A plan from a YAML (or JSON) plan file; InputError names the file and the field."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}:{where} not valid YAML: {getattr(exc, 'problem', exc)}") from None
    try:
        return framework_from_mapping(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def framework_from_mapping(data: Any) -> PlanFramework:
    """A plan from the plain mapping of a plan file (shape checked, vocabularies not)."""
    if not isinstance(data, dict):
        raise InputError("a plan file is a mapping with id, title, items and targets")
    unknown_key(data, PLAN_KEYS)
    for i, src in enumerate(_list(data, "sources", "")):
        if not isinstance(src, dict):
            raise InputError(f"sources[{i}]: expected a mapping {{title, url, language, note}}")
        unknown_key(src, SOURCE_KEYS, f"sources[{i}].")
    plan_id = data.get("id")
    if not isinstance(plan_id, str) or not plan_id.strip():
        raise InputError("id: a plan needs an id (a short slug such as 'eastwest-14fyp')")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(f"version: {version!r} is not a positive whole number")
    items = [_item(raw, f"items[{i}]", None, i + 1) for i, raw in enumerate(_list(data, "items", ""))]
    fw = PlanFramework(
        id=plan_id.strip(), version=version, title=_lang_map(data.get("title"), "title"),
        issued=_date(data.get("issued"), "issued"), issuers=_issuers(data.get("issuers")),
        sources=_list(data, "sources", ""), items=items, targets=[],
    )
    fw.targets = [_target(raw, f"targets[{i}]", fw) for i, raw in enumerate(_list(data, "targets", ""))]
    return fw


def framework_to_mapping(fw: PlanFramework) -> dict:
    """The plain mapping of a plan file, every field explicit (what `plan export` writes)."""
    return {
        "id": fw.id,
        "version": fw.version,
        "title": dict(fw.title),
        "issued": fw.issued,
        "issuers": {"agencies": list(fw.issuers.get("agencies", [])), "regions": list(fw.issuers.get("regions", []))},
        "sources": list(fw.sources),
        "items": [_item_mapping(it) for it in fw.items],
        "targets": [_target_mapping(t) for t in fw.targets],
    }


def dump_plan(fw: PlanFramework, header: str | None = None) -> str:
    """YAML text of a plan file; `header` (lines without '#') goes on top as a comment."""
    text = yaml.dump(framework_to_mapping(fw), Dumper=_PlanDumper, allow_unicode=True, sort_keys=False,
                     width=100, default_flow_style=False)
    if header:
        text = "".join(f"# {line}".rstrip() + "\n" for line in header.strip("\n").splitlines()) + text
    return text


# --- reading -----------------------------------------------------------------------------------

def _item(raw: Any, path: str, parent_ref: str | None, ordinal: int) -> PlanItem:
    if not isinstance(raw, dict):
        raise InputError(f"{path}: an item is a mapping with kind, title and text")
    unknown_key(raw, ITEM_KEYS, f"{path}.")
    kind = raw.get("kind")
    if kind not in ITEM_KINDS:
        raise InputError(f"{path}.kind: {kind!r} is not one of {', '.join(ITEM_KINDS)}")
    number = raw.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        raise InputError(f"{path}.number: {number!r} is not a whole number or null")
    ordinal = _int(raw.get("ordinal", ordinal), f"{path}.ordinal")
    own = str(number if number is not None else ordinal)
    ref = _ref(raw.get("ref"), f"{path}.ref") or (f"{parent_ref}.{own}" if parent_ref else own)
    short_ref = _ref(raw.get("short_ref"), f"{path}.short_ref") or ref
    item = PlanItem(
        ref=ref, short_ref=short_ref, kind=kind, number=number, ordinal=ordinal,
        title=_lang_map(raw.get("title"), f"{path}.title"), text=_lang_map(raw.get("text"), f"{path}.text"),
        places=[_place(p, f"{path}.places[{i}]") for i, p in enumerate(_list(raw, "places", path))],
        lead=_lead(raw.get("lead"), f"{path}.lead"),
        **{name: _strings(raw, name, path) for name in ITEM_LIST_FIELDS},
    )
    item.items = [_item(child, f"{path}.items[{i}]", ref, i + 1) for i, child in enumerate(_list(raw, "items", path))]
    return item


def _target(raw: Any, path: str, fw: PlanFramework) -> PlanTarget:
    if not isinstance(raw, dict):
        raise InputError(f"{path}: a target is a mapping with indicator, comparator, value, unit and year")
    unknown_key(raw, TARGET_KEYS, f"{path}.")
    item_ref = raw.get("item")
    if item_ref is not None:
        try:
            item_ref = fw.item(str(item_ref)).short_ref
        except Exception:
            raise InputError(f"{path}.item: the plan has no item {item_ref!r}") from None
    indicator = raw.get("indicator")
    if indicator is not None and not isinstance(indicator, str):
        raise InputError(f"{path}.indicator: {indicator!r} is not an indicator id")
    comparator = raw.get("comparator", "=")
    if comparator not in COMPARATORS:
        raise InputError(f"{path}.comparator: {comparator!r} is not one of {' '.join(COMPARATORS)}")
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{path}.value: {value!r} is not a number")
    year = _year(raw.get("year"), f"{path}.year")
    unit = raw.get("unit") or ""
    if not isinstance(unit, str):
        raise InputError(f"{path}.unit: {unit!r} is not text")
    for name in ("region", "proxy"):
        if raw.get(name) is not None and not isinstance(raw[name], (str, int)):
            raise InputError(f"{path}.{name}: {raw[name]!r} is not a region code or name")
    return PlanTarget(
        item_ref=item_ref, indicator=indicator, comparator=comparator, value=float(value), unit=unit,
        year=year, regions=_strings(raw, "regions", path),
        region=None if raw.get("region") is None else str(raw["region"]),
        proxy=None if raw.get("proxy") is None else str(raw["proxy"]),
        baseline=_baseline(raw.get("baseline"), f"{path}.baseline"), text=str(raw.get("text") or ""),
        proxy_is_measure=_proxy_is_measure(raw, path),
    )


def _proxy_is_measure(raw: dict, path: str) -> bool:
    value = raw.get("proxy_is_measure", False)
    if not isinstance(value, bool):
        raise InputError(f"{path}.proxy_is_measure: {value!r} is not true or false")
    if value and raw.get("proxy") is None:
        raise InputError(f"{path}.proxy_is_measure: true, but the target names no proxy")
    return value


def _list(raw: dict, name: str, path: str) -> list:
    value = raw.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{path + '.' if path else ''}{name}: expected a list, found {type(value).__name__}")
    return value


def _strings(raw: dict, name: str, path: str) -> list[str]:
    values = _list(raw, name, path)
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise InputError(f"{path}.{name}[{i}]: {v!r} is not a code or id")
    return [str(v) for v in values]


def _lang_map(value: Any, path: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) or v is None for v in value.values()):
        raise InputError(f"{path}: expected a mapping of language to text, e.g. {{zh: ..., en: ...}}")
    return {str(k): v for k, v in value.items() if v}


def _place(value: Any, path: str) -> dict:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise InputError(f"{path}: a place is a mapping {{name, code, province}}")
    unknown_key(value, PLACE_KEYS, f"{path}.")
    code, province = value.get("code"), value.get("province")
    return {"name": value["name"], "code": None if code is None else str(code),
            "province": None if province is None else str(province)}


def _lead(value: Any, path: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{path}: expected {{agencies: [...], regions: [...]}}")
    unknown_key(value, GROUP_KEYS, f"{path}.")
    return {name: _strings(value, name, path) for name in ("agencies", "regions") if value.get(name) is not None}


def _issuers(value: Any) -> dict:
    if value is None:
        return {"agencies": [], "regions": []}
    if not isinstance(value, dict):
        raise InputError("issuers: expected {agencies: [...], regions: [...]}")
    unknown_key(value, GROUP_KEYS, "issuers.")
    return {name: _strings(value, name, "issuers") for name in ("agencies", "regions")}


def _baseline(value: Any, path: str) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or isinstance(value.get("value"), bool) \
            or not isinstance(value.get("value"), (int, float)):
        raise InputError(f"{path}: expected {{year: ..., value: ...}} or null")
    unknown_key(value, BASELINE_KEYS, f"{path}.")
    return {"year": _year(value.get("year"), f"{path}.year"), "value": float(value["value"])}


def _ref(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        raise InputError(f"{path}: {value!r} is not a reference such as '3.2'")
    return str(value).strip()


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{path}: {value!r} is not a whole number")
    return value


def _year(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise InputError(f"{path}: {value!r} is not a year between {MIN_YEAR} and {MAX_YEAR}")
    return value


def _date(value: Any, path: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{path}: {value!r} is not a date YYYY-MM-DD") from None


def item_paths(items: list[PlanItem], prefix: str = "items"):
    """(YAML path, item) for every item of the tree, in document order."""
    for i, it in enumerate(items):
        path = f"{prefix}[{i}]"
        yield path, it
        yield from item_paths(it.items, f"{path}.items")



# --- writing -----------------------------------------------------------------------------------

def _item_mapping(it: PlanItem) -> dict:
    """Every field an evaluator may correct is written, even when empty; `flags` and `items`
    only when there are some, to keep the file short."""
    data = {
        "kind": it.kind, "number": it.number, "ordinal": it.ordinal, "ref": it.ref, "short_ref": it.short_ref,
        "title": dict(it.title), "text": dict(it.text),
        "regions": list(it.regions), "partners": list(it.partners), "places": [dict(p) for p in it.places],
        "agencies": list(it.agencies), "lead": {k: list(v) for k, v in it.lead.items()},
        "domains": list(it.domains), "flags": list(it.flags),
        "items": [_item_mapping(child) for child in it.items],
    }
    for name in ("flags", "items"):
        if not data[name]:
            del data[name]
    return data


def _target_mapping(t: PlanTarget) -> dict:
    value: float | int = int(t.value) if float(t.value).is_integer() else t.value
    return {"item": t.item_ref, "indicator": t.indicator, "comparator": t.comparator, "value": value,
            "unit": t.unit, "year": t.year, "regions": list(t.regions), "region": t.region, "proxy": t.proxy,
            "baseline": dict(t.baseline) if t.baseline else None, "text": t.text,
            **({"proxy_is_measure": True} if t.proxy_is_measure else {})}


class _PlanDumper(yaml.SafeDumper):
    """Short lists of codes on one line; mappings in block style; long text wrapped."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(isinstance(v, (str, int, float)) and len(str(v)) < 40 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    small = set(data) <= {"name", "code", "province", "year", "value"} and data
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=bool(small))


_PlanDumper.add_representer(list, _represent_list)
_PlanDumper.add_representer(dict, _represent_dict)
