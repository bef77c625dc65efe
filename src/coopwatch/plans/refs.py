"""Item references: "<plan id>:<short ref>" (the link contract's stable form) or
"<plan id>:<full dotted ref>" (as `parse-plan` numbers items), both mapped to the short form."""

from __future__ import annotations

from typing import Iterable

from coopwatch.errors import InputError, NotFound
from coopwatch.plans.model import PlanFramework


def resolve_ref(ref: str, plans: Iterable[PlanFramework] | None = None) -> tuple[str, str]:
    """(plan id, short ref) for an item reference; the plans default to the bundled ones.

    A short ref is tried first, then the full dotted ref; a dotted id whose leading numbers
    differ from the plan's own numbering (a parse that counted sections differently, e.g.
    "eastwest-14fyp:1.3.2") falls back to its trailing numbers when exactly one short ref of the
    plan ends the id the same way."""
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
        pass
    suffix = [it.short_ref for it in fw.walk()
              if "." in item and item.endswith("." + it.short_ref) and it.kind in ("task", "measure")]
    if len(suffix) == 1:
        return fw.id, suffix[0]
    raise NotFound(f"item reference {ref!r}: plan {plan_id!r} has no item {item!r}")
