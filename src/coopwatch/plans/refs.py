"""Item references: "<plan id>:<short ref>" (the link contract's stable form) or
"<plan id>:<full dotted ref>" (as `parse-plan` numbers items), both mapped to the short form.

`ItemRef` is the one place the string is built (`str(ref)`) and split (`ItemRef.parse`);
`resolve_ref` checks a reference against the plans it is given — always given: the caller
decides which plans are current (`plans.registry.current_plans(store)`).
"""

from __future__ import annotations

from typing import Iterable

from coopwatch.errors import NotFound
from coopwatch.plans.model import ItemRef, PlanFramework

__all__ = ["ItemRef", "resolve_ref"]


def resolve_ref(ref: str | ItemRef, plans: Iterable[PlanFramework]) -> ItemRef:
    """The reference in its short form, checked against `plans`. The item is found as
    `PlanFramework.item` finds it: short ref, full dotted ref, or the one task or measure whose
    short ref ends the id ("eastwest-14fyp:1.3.2" -> "3.2")."""
    parsed = ItemRef.parse(ref)
    fw = next((p for p in plans if p.id == parsed.plan), None)
    if fw is None:
        raise NotFound(f"item reference {str(parsed)!r}: no plan {parsed.plan!r}")
    try:
        return ItemRef(fw.id, fw.item(parsed.item).short_ref)
    except NotFound:
        raise NotFound(f"item reference {str(parsed)!r}: plan {parsed.plan!r} has no item {parsed.item!r}") from None
