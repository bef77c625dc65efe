"""`coopwatch init`: create or upgrade the schema, then load what every installation needs:
the region gazetteer, the roles, and the bundled plans. Each loader is idempotent."""

from __future__ import annotations

from sqlalchemy import select

from coopwatch.store import Store
from coopwatch.store.models import Region, Role

ROLES = {
    "admin": ("Manages users, tokens and every record.", ["*"]),
    "evaluator": ("Reviews evidence and progress, runs evaluations and reports.",
                  ["read", "review", "evaluate", "report", "import"]),
    "reporter": ("Reports progress and data for the regions in their scope.", ["read", "report_progress", "import_own"]),
    "viewer": ("Reads dashboards, reports and exports.", ["read"]),
}


def load_roles(store: Store) -> int:
    with store.session() as s:
        have = set(s.scalars(select(Role.name)))
        for name, (desc, perms) in ROLES.items():
            if name not in have:
                s.add(Role(name=name, description=desc, permissions=perms))
    return len(ROLES)


def load_regions(store: Store) -> int:
    """Copy the packaged gazetteer into the region table (insert what is missing, update names)."""
    from coopwatch.reference import gazetteer

    gaz = gazetteer()
    with store.session() as s:
        have = {r.code: r for r in s.scalars(select(Region))}
        for info in gaz.all():
            row = have.get(info.code)
            values = dict(parent=info.parent, level=info.level, province=info.province,
                          macro_region=info.macro_region, name_zh=info.name_zh, name_en=info.name_en,
                          names={k: list(v) for k, v in info.names.items()}, members=list(info.members))
            if row is None:
                s.add(Region(code=info.code, **values))
            else:
                for k, v in values.items():
                    if getattr(row, k) != v:
                        setattr(row, k, v)
    with store.session() as s:
        return s.query(Region).count()


def initialise(store: Store, *, load_plans: bool = True) -> list[str]:
    """Everything `coopwatch init` does; returns one line per step for the user."""
    lines = [f"{load_regions(store)} regions in the gazetteer", f"{load_roles(store)} roles"]
    if load_plans:
        try:
            from coopwatch.plans.registry import load_bundled_plans
        except ImportError:  # the plan registry is not part of this build yet
            pass
        else:
            for plan_id, n_items, n_targets in load_bundled_plans(store):
                lines.append(f"plan {plan_id}: {n_items} items, {n_targets} targets")
    return lines
