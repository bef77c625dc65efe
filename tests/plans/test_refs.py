"""Item references: the stable short form of the link contract and the full dotted ids of
parse-plan both name the same item."""

from __future__ import annotations

import pytest

from coopwatch.errors import InputError, NotFound
from coopwatch.plans import ItemRef, bundled_plans, resolve_ref
from coopwatch.plans.parsed import assign_short_refs, plan_slug
from coopwatch.plans.model import PlanItem


@pytest.mark.parametrize("ref, expected", [
    ("eastwest-14fyp:3.2", ("eastwest-14fyp", "3.2")),
    ("eastwest-14fyp:2.3.2", ("eastwest-14fyp", "3.2")),      # full dotted id of the bundled tree
    ("eastwest-14fyp:1.3.2", ("eastwest-14fyp", "3.2")),      # a parse that numbered the sections differently
    ("eastwest-14fyp:7", ("eastwest-14fyp", "7")),
    ("eastwest-14fyp:III.3", ("eastwest-14fyp", "III.3")),
    ("western-science-city-2023:11", ("western-science-city-2023", "11")),
    ("western-science-city-2023:4.11", ("western-science-city-2023", "11")),
    ("western-science-city-2023:2.11", ("western-science-city-2023", "11")),
    (" eastwest-14fyp : 3.2 ", ("eastwest-14fyp", "3.2")),
])
def test_short_and_full_refs_resolve_to_the_short_ref(ref, expected):
    found = resolve_ref(ref, bundled_plans())
    assert (found.plan, found.item) == expected
    assert str(found) == ":".join(expected)


def test_unknown_plans_and_items_are_not_found():
    with pytest.raises(NotFound, match="no plan 'nope'"):
        resolve_ref("nope:3.2", bundled_plans())
    with pytest.raises(NotFound, match="has no item '9.9'"):
        resolve_ref("eastwest-14fyp:9.9", bundled_plans())


def test_a_reference_without_plan_is_an_input_error():
    with pytest.raises(InputError, match="expected '<plan id>:<item>'"):
        resolve_ref("3.2", bundled_plans())


def test_resolve_ref_uses_the_plans_given():
    plans = bundled_plans()
    plans[0].id = "renamed"
    assert resolve_ref("renamed:3.2", plans) == ItemRef("renamed", "3.2")


def test_parsed_items_get_contract_short_refs():
    task = PlanItem(ref="2.3.2", short_ref="", kind="task", number=2)
    programme = PlanItem(ref="2.3", short_ref="", kind="programme", number=3, items=[task])
    safeguard = PlanItem(ref="3.1", short_ref="", kind="safeguard", number=1)
    sections = [PlanItem(ref="2", short_ref="", kind="section", number=2, items=[programme]),
                PlanItem(ref="3", short_ref="", kind="section", number=3, items=[safeguard])]
    assign_short_refs(sections)
    assert [it.short_ref for it in (sections[0], programme, task, sections[1], safeguard)] == \
        ["II", "3", "3.2", "III", "III.1"]


def test_plan_id_defaults_to_an_ascii_slug_of_the_title():
    assert plan_slug("“十四五”东西部科技合作实施方案") == "shi-si-wu-dong-xi-bu-ke-ji-he-zuo-shi-shi-fang-an"
    assert plan_slug("Western Science City: Opinions (2023)") == "western-science-city-opinions-2023"


def test_an_item_ref_is_built_and_split_in_one_place():
    ref = ItemRef.parse(" eastwest-14fyp : 3.2 ")
    assert ref == ItemRef("eastwest-14fyp", "3.2") and str(ref) == "eastwest-14fyp:3.2"
    assert ItemRef.parse(ref) is ref
    with pytest.raises(InputError):
        ItemRef.parse("eastwest-14fyp:")
