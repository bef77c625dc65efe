"""Item references: "<plan id>:<short ref>" (the link contract's stable form) or
"<plan id>:<full dotted ref>" (as `parse-plan` numbers items), both mapped to the short form."""

from __future__ import annotations

from typing import Iterable

from coopwatch.errors import InputError, NotFound
from coopwatch.plans.model import PlanFramework


def resolve_ref(ref: str, plans: Iterable[PlanFramework] | None = None) -> tuple[str, str]:
    """(plan id, short ref) for an item reference; the plans default to the bundled ones.
    The item is found as `PlanFramework.item` finds it: short ref, full dotted ref, or the one
    task or measure whose short ref ends the id ("eastwest-14fyp:1.3.2" -> "3.2")."""
    if not isinstance(ref, str) or ":" not in ref:
        raise InputError(f"item reference {ref!r}: expected '<plan id>:<item>', e.g. 'eastwest-14fyp:3.2'")
    plan_id, item = (part.strip() for part in ref.split(":", 1))
    if plans is None:
        from coopwatch.plans.bundled import bundled_plans

        plans = bundled_plans()
    fw = next((p for p in plans if p.id == plan_id), None)
    if fw is None:
        raise NotFound(f"item reference {ref!r}: no plan {plan_id!r}")
    try:
        return fw.id, fw.item(item).short_ref
    except NotFound:
        raise NotFound(f"item reference {ref!r}: plan {plan_id!r} has no item {item!r}") from None
