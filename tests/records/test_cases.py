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


def test_a_case_keeps_its_texts_in_chinese_and_english(store):
    from coopwatch.records.cases import update_case

    case = add_case(store, title_zh="闽宁协作", title_en="Fujian-Ningxia cooperation",
                    summary_zh="枸杞产业技术转移", summary_en="Wolfberry technology transfer", by="evaluator")
    stored = get_case(store, case.id)
    assert (stored.title_zh, stored.title_en, stored.summary_zh, stored.summary_en) == (
        "闽宁协作", "Fujian-Ningxia cooperation", "枸杞产业技术转移", "Wolfberry technology transfer")
    assert (stored.text("title", "en"), stored.text("title", "zh"), stored.title) == (
        "Fujian-Ningxia cooperation", "闽宁协作", "闽宁协作")
    changed = update_case(store, case.id, title_zh="闽宁协作（修订）", summary_en="Revised", by="evaluator")
    assert (changed.title_zh, changed.title_en, changed.summary_zh, changed.summary_en) == (
        "闽宁协作（修订）", None, None, "Revised")
    assert changed.text("title", "en") == "闽宁协作（修订）"  # no English title: the Chinese one


def test_a_title_given_without_its_language_is_filed_by_its_script(store):
    zh = add_case(store, title="东西部协作", summary="经验", by="evaluator")
    en = add_case(store, title="East-west pairing", lessons="Start small", by="evaluator")
    assert (zh.title_zh, zh.title_en, zh.summary_zh) == ("东西部协作", None, "经验")
    assert (en.title_zh, en.title_en, en.lessons_en, en.lessons) == (None, "East-west pairing", "Start small",
                                                                     "Start small")
    with pytest.raises(InputError, match=r"^title: a case needs a title \(title_zh or title_en\)"):
        add_case(store, title_zh=" ", summary_en="no title", by="evaluator")

