"""Check a plan against the fixed vocabularies: every region code, agency, domain and indicator
id must be known, every comparator and year sensible. Problems name the YAML path of the field
("items[2].items[1].partners[0]: unknown region '999999'"), so an evaluator who edited an
exported plan finds the line to fix."""

from __future__ import annotations

from coopwatch.errors import InputError
from coopwatch.plans.model import COMPARATORS, PlanFramework, PlanItem
from coopwatch.plans.planfile import MAX_YEAR, MIN_YEAR, item_paths
from coopwatch.plans.terms import REGION_CODE, agency_ids, domain_ids, indicator_ids, region_codes


def check_plan(fw: PlanFramework) -> PlanFramework:
    """The plan itself when it is valid; else InputError with every problem, first one first."""
    found = problems(fw)
    if found:
        more = f" (and {len(found) - 1} more: {'; '.join(found[1:4])}{' ...' if len(found) > 4 else ''})" \
            if len(found) > 1 else ""
        raise InputError(f"plan {fw.id!r}: {found[0]}{more}")
    return fw


def problems(fw: PlanFramework) -> list[str]:
    """Every problem of the plan as '<YAML path>: <what is wrong>', in file order."""
    out = list(_check_ids("issuers.agencies", fw.issuers.get("agencies", []), agency_ids(), "agency"))
    out += _check_regions("issuers.regions", fw.issuers.get("regions", []))
    seen: dict[tuple[str, str], str] = {}
    for path, item in item_paths(fw.items, "items"):
        out += _item_problems(path, item)
        for name in ("ref", "short_ref"):
            key = (name, getattr(item, name))
            if key in seen:
                out.append(f"{path}.{name}: {key[1]!r} is already used by {seen[key]}")
            seen.setdefault(key, path)
    for i, t in enumerate(fw.targets):
        path = f"targets[{i}]"
        if t.indicator is not None:
            out += _check_ids(f"{path}.indicator", [t.indicator], indicator_ids(), "indicator", listed=False)
        if t.comparator not in COMPARATORS:
            out.append(f"{path}.comparator: {t.comparator!r} is not one of {' '.join(COMPARATORS)}")
        if not isinstance(t.year, int) or not MIN_YEAR <= t.year <= MAX_YEAR:
            out.append(f"{path}.year: {t.year!r} is not a year between {MIN_YEAR} and {MAX_YEAR}")
        out += _check_regions(f"{path}.regions", t.regions)
        for name in ("region", "proxy"):
            if getattr(t, name) is not None:
                out += _check_regions(f"{path}.{name}", [getattr(t, name)], listed=False)
        if t.item_ref is not None and not any(it.short_ref == t.item_ref for it in fw.walk()):
            out.append(f"{path}.item: the plan has no item {t.item_ref!r}")
    return out


def _item_problems(path: str, item: PlanItem) -> list[str]:
    out = _check_regions(f"{path}.regions", item.regions)
    out += _check_regions(f"{path}.partners", item.partners)
    out += _check_ids(f"{path}.agencies", item.agencies, agency_ids(), "agency")
    out += _check_ids(f"{path}.domains", item.domains, domain_ids(), "domain")
    out += _check_ids(f"{path}.lead.agencies", item.lead.get("agencies", []), agency_ids(), "agency")
    out += _check_regions(f"{path}.lead.regions", item.lead.get("regions", []))
    for i, place in enumerate(item.places):
        if place.get("code") is not None:
            out += _check_regions(f"{path}.places[{i}].code", [place["code"]], listed=False)
        if place.get("province") is None:
            out.append(f"{path}.places[{i}].province: a place needs the code of its province")
        else:
            out += _check_regions(f"{path}.places[{i}].province", [place["province"]], listed=False)
    return out


def _check_ids(path: str, values, known: frozenset[str], what: str, listed: bool = True) -> list[str]:
    """Unknown ids; an empty vocabulary (the reference package not installed) checks nothing."""
    out = []
    for i, value in enumerate(values):
        if known and value not in known:
            out.append(f"{path}{f'[{i}]' if listed else ''}: unknown {what} {value!r}")
    return out


def _check_regions(path: str, values, listed: bool = True) -> list[str]:
    known = region_codes()
    out = []
    for i, value in enumerate(values):
        ok = value in known if known else bool(REGION_CODE.match(str(value)))
        if not ok:
            out.append(f"{path}{f'[{i}]' if listed else ''}: unknown region {value!r}")
    return out
