"""Entities and roles: names come from the one matcher; roles (for whom, partners, leads) come
from the sentence; landforms, macro-regions and company names never count as provinces."""

import pytest

from coopwatch.text.entities import find_entities, find_spans, lead_clauses, read_item


def item(text, **kw):
    spans = find_spans(text)
    title_len = text.find(".") + 1 if "." in text else len(text)
    return read_item(text, spans, title_len, **kw)


def test_landform_named_after_a_province_is_not_that_province():
    ent = item("To construct a solution for the Qinghai-Tibet Plateau. We will support Tibet in research on the "
               "Qinghai-Tibet Plateau.", fixed_regions=["540000"])
    assert ent.partners == []
    assert find_entities("青藏高原生态保护")["regions"] == []


def test_prefecture_sharing_a_province_name_counts_for_its_own_province():
    ent = item("Build the experimental area of Hainan Tibetan Autonomous Prefecture.", fixed_regions=["630000"])
    assert ent.partners == []
    assert ent.places == [{"name": "Hainan Tibetan Autonomous Prefecture", "code": "632500", "province": "630000"}]


def test_places_and_zones_count_for_their_province():
    ent = item("Build a clean energy highland. Support Kunming and Yuxi to pair with Zhongguancun, Zhangjiang and Shenzhen.",
               fixed_regions=["530000"])
    assert ent.partners == ["110000", "310000", "440000"]
    assert {p["name"]: p["province"] for p in ent.places} == {
        "Kunming": "530000", "Yuxi": "530000", "Zhongguancun": "110000", "Zhangjiang": "310000", "Shenzhen": "440000"}


def test_unnamed_eastern_provinces_add_no_partner():
    ent = item("Support Ningxia in conjunction with eastern provinces and cities to tackle key problems.",
               fixed_regions=["640000"])
    assert ent.partners == []


def test_a_group_counts_for_its_member_provinces():
    ent = item("深化宁夏引才引智交流合作。支持宁夏推广闽宁合作经验。", fixed_regions=["640000"])
    assert ent.partners == ["350000"]


@pytest.mark.parametrize("text, subject", [
    ("实施贵州数字创新结对合作。深化贵阳与中关村科技合作，深化“广东研发+贵州制造”合作模式。", "520000"),
    ("Deepen Gansu Lanbai-Shanghai Zhangjiang pairing cooperation. Support Lanzhou and Gansu with Shanghai.", "620000"),
    ("Promote the integration of technology and finance. We will support Sichuan to build a fund with Chongqing.", "510000"),
])
def test_the_region_an_item_is_for_and_its_partners(text, subject):
    ent = item(text)
    assert ent.regions == [subject]
    assert subject not in ent.partners and ent.partners


def test_a_task_keeps_its_programme_region_when_it_names_none():
    ent = item("Strengthen the collection of germplasm resources.", inherited=["650000"])
    assert ent.regions == ["650000"] and ent.partners == []


@pytest.mark.parametrize("text, agencies, regions", [
    ("支持川渝共建联合实验室。（重庆市、四川省、科技部、国务院国资委按职责分工负责）", ["MOST", "SASAC"], ["500000", "510000"]),
    ("建设科学中心。（国家发展改革委、科技部牵头）", ["NDRC", "MOST"], []),
    ("Build laboratories. (Chongqing City, Sichuan Province, Ministry of Science and Technology take the lead)",
     ["MOST"], ["500000", "510000"]),
    ("Build laboratories. (responsible: Ministry of Finance, Ministry of Education)", ["MOF", "MOE"], []),
    ("Construire des laboratoires. (sous la direction de la municipalité de Chongqing et du ministère des Finances)",
     ["MOF"], ["500000"]),
    ("Labore aufbauen. (federführend: Stadt Chongqing, Provinz Sichuan, Finanzministerium)", ["MOF"], ["500000", "510000"]),
    ("Construire des laboratoires. (Chefs de file\u00a0: municipalité de Chongqing, ministère des Finances)", ["MOF"], ["500000"]),
])
def test_leads_in_four_languages(text, agencies, regions):
    ent = item(text)
    assert ent.lead_agencies == agencies and ent.lead_regions == regions
    assert ent.partners == []  # a lead is not a partner


def test_lead_clause_offsets():
    text = "Build labs. (Ministry of Finance take the lead)"
    (a, b), = lead_clauses(text)
    assert text[a:b] == "Ministry of Finance"


def test_document_entities_list_every_province_and_domain():
    ent = find_entities("Shanghai, Jiangsu, Zhejiang and Anhui set up an alliance on integrated circuits and new energy.")
    assert ent["regions"] == ["310000", "320000", "330000", "340000"]
    assert ent["domains"] == ["integrated_circuits", "new_energy"]


def test_lead_named_in_the_sentence_in_chinese():
    ent = item("建立协调机制，由科技部、四川省牵头，财政部参与。")
    assert ent.lead_agencies == ["MOST"] and ent.lead_regions == ["510000"] and ent.agencies == ["MOST", "MOF"]


def test_german_genitive_names_are_read():
    spans = find_spans("Stärkung der Innovationsvorteile Xinjiangs und Zusammenarbeit Qinghais mit Tianjin.", language="de")
    assert [(s.text, s.id) for s in spans if s.kind == "region"] == [
        ("Xinjiang", "650000"), ("Qinghai", "630000"), ("Tianjin", "120000")]


@pytest.mark.parametrize("text", ["深化京蒙协作。支持共建园区。", "Deepen Guangdong-Guangxi cooperation. Build parks together."])
def test_a_pairing_is_for_its_western_member(text):
    ent = item(text)
    assert len(ent.regions) == 1 and ent.regions[0] in ("150000", "450000")
    assert ent.partners == (["110000"] if "京" in text else ["440000"])


@pytest.mark.parametrize("text", ["建设实验室。（科技部牵头，教育部、财政部参与）",
                                  "Build laboratories. (led by the Ministry of Science and Technology, with the Ministry of "
                                  "Education and the Ministry of Finance)"])
def test_those_taking_part_are_not_leads(text):
    ent = item(text)
    assert ent.lead_agencies == ["MOST"] and ent.agencies == ["MOST", "MOE", "MOF"]


@pytest.mark.parametrize("title, code", [("实施“科技入滇”，推动边疆创新", "530000"), ("实施“科技支宁”", "640000"),
                                         ("实施「科技興蒙」", "150000"), ("深化援疆工作", "650000")])
def test_heading_slogans_name_a_province_by_its_short_name(title, code):
    from coopwatch.text.entities import slogan_provinces

    assert slogan_provinces(title) == [code]


def test_short_names_in_ordinary_words_are_not_provinces():
    from coopwatch.text.entities import slogan_provinces

    assert slogan_provinces("支持声援和增援工作，推动科技进步") == []


def test_german_declined_agency_names_are_read():
    from coopwatch.text.entities import find_spans

    text = ("gemeinsam mit der Nationalen Entwicklungs- und Reformkommission, der Chinesischen Volksbank und "
            "der Chinesischen Akademie der Agrarwissenschaften")
    ids = [s.id for s in find_spans(text, language="de") if s.kind in ("agency", "institution")]
    assert ids == ["NDRC", "PBOC", "CAAS"]


def test_a_landform_in_the_german_genitive_stays_a_landform():
    from coopwatch.text.entities import find_spans

    text = "Lösungen für den ökologischen Schutz des Qinghai-Tibet-Plateaus in Tibet entwickeln."
    ent = read_item(text, find_spans(text, language="de"), len(text))
    assert "630000" not in ent.partners + ent.regions


@pytest.mark.parametrize("text", ["共建创新高地。支持上海张江与昆明高新区共建生物医药协同创新中心。",
                                  "加强人才交流。实施“沪滇科技人才互派计划”，每年选派50名科技人员。"])
def test_a_pairing_with_the_eastern_partner_named_first_is_for_the_western_member(text):
    spans = find_spans(text)
    ent = read_item(text, spans, text.index("。") + 1)
    assert ent.regions == ["530000"] and ent.partners == ["310000"]
