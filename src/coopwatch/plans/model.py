"""The results framework of a plan: a tree of items (sections, programmes, tasks, measures,
safeguards, goals) and the plan's quantified targets.

Every item has two references. `ref` is the dotted path of the numbers printed in the source,
from the top (as `parse-plan` gives it: "2.3.2" is section 二, programme (三), task 2).
`short_ref` is the stable reference of the link contract ("3.2" for that task; "11" for measure
(11) of the Western Science City opinions); evidence, progress and targets name items by it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from coopwatch.errors import InputError, NotFound

ITEM_KINDS = ("section", "programme", "task", "measure", "safeguard", "goal")
COMPARATORS = (">", ">=", "=", "<", "<=")
LANGUAGES = ("zh", "en")


@dataclass(frozen=True, order=True)
class ItemRef:
    """A plan item's reference: plan id and the item's ref within the plan."""

    plan: str
    item: str

    @classmethod
    def parse(cls, ref: str) -> "ItemRef":
        if isinstance(ref, ItemRef):
            return ref
        if not isinstance(ref, str) or ":" not in ref:
            raise InputError(f"item reference {ref!r}: expected '<plan id>:<item>', e.g. 'eastwest-14fyp:3.2'")
        plan, item = (part.strip() for part in ref.split(":", 1))
        if not plan or not item:
            raise InputError(f"item reference {ref!r}: expected '<plan id>:<item>', e.g. 'eastwest-14fyp:3.2'")
        return cls(plan, item)

    def __str__(self) -> str:
        return f"{self.plan}:{self.item}"


@dataclass
class PlanItem:
    ref: str
    short_ref: str
    kind: str
    number: int | None = None
    ordinal: int = 1
    title: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    lead: dict = field(default_factory=dict)
    domains: list[str] = field(default_factory=list)
    items: list["PlanItem"] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # low-confidence fields, e.g. "partners:repair"

    def walk(self) -> Iterator["PlanItem"]:
        """This item and all its descendants, depth first in document order."""
        yield self
        for child in self.items:
            yield from child.walk()

    def label(self, lang: str = "en") -> str:
        """The title in `lang`, else in the other language, else the reference."""
        return self.title.get(lang) or next((t for t in self.title.values() if t), "") or self.ref


@dataclass
class PlanTarget:
    item_ref: str | None  # short_ref of the item the target belongs to; None for the whole plan
    indicator: str | None
    comparator: str
    value: float
    unit: str
    year: int
    regions: list[str] = field(default_factory=list)
    region: str | None = None  # the one region (or zone) the target is for
    proxy: str | None = None  # region whose data stands in when `region` has none of its own
    baseline: dict | None = None  # {"year": ..., "value": ...} when the text states one
    text: str = ""


@dataclass
class PlanFramework:
    id: str
    version: int
    title: dict[str, str]
    issued: dt.date | None = None
    issuers: dict = field(default_factory=dict)  # {"agencies": [...], "regions": [...]}
    sources: list = field(default_factory=list)
    items: list[PlanItem] = field(default_factory=list)
    targets: list[PlanTarget] = field(default_factory=list)

    def walk(self) -> Iterator[PlanItem]:
        """Every item of the tree, depth first in document order."""
        for item in self.items:
            yield from item.walk()

    def item(self, ref_or_short_ref: str) -> PlanItem:
        """The item with this short reference, else with this full dotted reference, else the
        one task or measure whose short ref ends the given dotted id.

        Short references win when a string is both (a safeguard's full ref "3.1" is also the
        short ref of task (三)1): short references are the stable ones. The last rule accepts
        ids from a parse that numbered the levels above differently ("1.3.2" for task 3.2 when
        the parse did not count the sections the same way; "2.11" for measure (11))."""
        key = str(ref_or_short_ref).strip()
        if ":" in key:
            plan_id, key = ItemRef.parse(key).plan, ItemRef.parse(key).item
            if plan_id != self.id:
                raise NotFound(f"item {ref_or_short_ref!r} is not in plan {self.id!r}")
        items = list(self.walk())
        for it in items:
            if it.short_ref == key:
                return it
        for it in items:
            if it.ref == key:
                return it
        ends = [it for it in items if it.kind in ("task", "measure") and key.endswith("." + it.short_ref)]
        if len(ends) == 1:
            return ends[0]
        raise NotFound(f"plan {self.id!r} has no item {key!r}")

    def key(self, item: PlanItem | str) -> str:
        """The contract's item id: "<plan id>:<short_ref>", e.g. "eastwest-14fyp:3.2"."""
        if isinstance(item, str):
            item = self.item(item)
        return str(ItemRef(self.id, item.short_ref))

    def parent_of(self, item: PlanItem) -> PlanItem | None:
        for it in self.walk():
            if any(child is item for child in it.items):
                return it
        return None

    def count(self, kind: str) -> int:
        return sum(1 for it in self.walk() if it.kind == kind)


def as_dict(obj: Any) -> Any:
    """Plain dict/list form of a framework, item or target (for JSON output)."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(obj):
        data = asdict(obj)
        if isinstance(obj, PlanFramework) and obj.issued is not None:
            data["issued"] = obj.issued.isoformat()
        return data
    return obj
