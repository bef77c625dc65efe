"""Results frameworks of plans: the item tree with its targets (`model`), the YAML plan file
(`planfile`), the curated bundled plans (`bundled`), item references (`refs`), checks against
the vocabularies (`validate`) and the plan registry in the database (`registry`)."""

from coopwatch.plans.bundled import bundled_plans
from coopwatch.plans.model import PlanFramework, PlanItem, PlanTarget
from coopwatch.plans.refs import ItemRef, resolve_ref

__all__ = ["PlanFramework", "PlanItem", "PlanTarget", "bundled_plans", "ItemRef", "resolve_ref"]
