"""The case library: a case points only at things that exist."""

from __future__ import annotations

import re

import pytest

from coopwatch.records.cases import add_case, get_case, list_cases
from coopwatch.errors import InputError
from coopwatch.store.models import Document

pytestmark = pytest.mark.usefixtures("staff")  # the evaluators these tests act as


def test_a_case_is_stored_with_resolved_regions_and_items(store):
    with store.session() as s:
        doc = Document(content_hash="c" * 64, text="闽宁协作 ...")
        s.add(doc)
        s.flush()
        doc_id = doc.id
    case = add_case(store, title="闽宁科技合作: 枸杞产业技术转移", regions=["宁夏", "Fujian"],
                    items=["eastwest-14fyp:5.3"], domains=["wolfberry"], documents=[doc_id],
                    lessons="对口支援与产业链合作结合", by="evaluator")
    assert case.regions == ("640000", "350000")
    assert get_case(store, case.id).items == ("eastwest-14fyp:5.3",)
    assert [c.id for c in list_cases(store, region="350000")] == [case.id]
    assert list_cases(store, domain="lithium") == []


@pytest.mark.parametrize("field,kwargs", [
    ("title", dict(title=" ")),
    ("regions[0]", dict(regions=["Atlantis"])),
    ("domains[0]", dict(domains=["tea_ceremony"])),
    ("documents[0]", dict(documents=[999])),
])
def test_a_case_pointing_at_nothing_is_refused(store, field, kwargs):
    args = dict(title="A case")
    args.update(kwargs)
    with pytest.raises(InputError, match="^" + re.escape(field) + ":"):
        add_case(store, **args, by="admin")
