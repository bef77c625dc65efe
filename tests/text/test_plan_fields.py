"""Document fields: the plan's own title, the signature date, the issuers, and the kind."""

import pytest

from coopwatch.text.plan_fields import document_fields, document_kind, find_title
from coopwatch.text.entities import find_spans


def fields(text, first_item=None):
    return document_fields(text, find_spans(text), len(text) if first_item is None else first_item)


def test_signature_block_gives_issuers_and_date_over_a_news_date():
    text = ("Nine departments issue a plan\nMar 4, 2022 17:51\n"
            "Ministry of Science and Technology, Ministry of Education\nSASAC, Chinese Academy of Sciences\n"
            "March 3, 2022\nThe implementation Plan of East-West Cooperation\nI. Overall requirements")
    f = fields(text, text.index("I. Overall"))
    assert f["issued"] == "2022-03-03"
    assert f["issuers"] == {"agencies": ["MOST", "MOE", "SASAC", "CAS"], "regions": []}
    assert f["title"] == "The implementation Plan of East-West Cooperation"


@pytest.mark.parametrize("signature, date", [
    ("科技部 国家发展改革委\n重庆市人民政府 四川省人民政府\n2023年3月28日", "2023-03-28"),
    ("科技部 教育部\n二〇二二年三月三日", "2022-03-03"),
    ("Ministère de la Science et de la Technologie, ministère des Finances\n3 mars 2022", "2022-03-03"),
    ("Ministerium für Wissenschaft und Technologie, Finanzministerium\n3. März 2022", "2022-03-03"),
])
def test_signature_dates_in_four_languages(signature, date):
    assert fields("关于印发方案的通知\n" + signature)["issued"] == date


def test_government_of_a_province_in_the_signature_is_an_issuing_region():
    f = fields("科技部 国家发展改革委\n重庆市人民政府 四川省人民政府\n2023年3月28日")
    assert f["issuers"] == {"agencies": ["MOST", "NDRC"], "regions": ["500000", "510000"]}


def test_issuers_from_the_issuing_sentence_when_there_is_no_signature():
    text = ("The Ministry of Science and Technology, Ministry of Finance, Chongqing Municipal People's Government and "
            "Sichuan Provincial People's Government jointly formulated the Opinions.")
    f = fields(text)
    assert f["issuers"] == {"agencies": ["MOST", "MOF"], "regions": ["500000", "510000"]}
    assert f["issued"] is None


def test_stated_number_of_departments_completes_a_signature_missing_one():
    # "科技部等四部门" rendered as "and other four departments": four in all
    text = ("The Ministry of Science and Technology and other four departments issued the plan.\n"
            "Ministry of Science and Technology, Ministry of Education, Ministry of Finance\nMarch 3, 2022\n"
            "The Ministry of Science and Technology, the Ministry of Education, the Ministry of Finance and the "
            "Academy of Engineering set up a mechanism.")
    assert fields(text)["issuers"]["agencies"] == ["MOST", "MOE", "MOF", "CAE"]


def test_title_falls_back_to_the_first_line():
    assert find_title("China diskutiert den Weg zur Kooperation\nIn den letzten Jahren...", 0) == \
        "China diskutiert den Weg zur Kooperation"


def test_kinds():
    assert document_kind("...", "Implementation Plan", 12, 10, True) == "plan"
    assert document_kind("Satz eins. Satz zwei. Satz drei.", "China diskutiert", 5, 3, False) == "article"
    assert document_kind("Menu", None, 0, 0, False) == "other"


def test_a_short_news_item_is_an_article():
    assert document_kind("内蒙古鄂尔多斯市与上海交通大学启动绿氢和大规模储能中试基地建设，投资4.5亿元，预计明年投入运营。",
                         None, 0, 0, False) == "article"
    assert document_kind("Ordos and Shanghai Jiao Tong University launched a pilot base for green hydrogen and storage.",
                         None, 0, 0, False) == "article"


@pytest.mark.parametrize("text, language", [
    ("Le ministère des Sciences et des Technologies, le ministère des Finances, le gouvernement populaire de la "
     "municipalité de Chongqing et le gouvernement populaire de la province du Sichuan ont élaboré conjointement le présent avis.", "fr"),
    ("Herausgegeben vom Ministerium für Wissenschaft und Technologie gemeinsam mit dem Finanzministerium sowie den "
     "Volksregierungen der Stadt Chongqing und der Provinz Sichuan.", "de"),
])
def test_issuing_governments_named_before_their_region(text, language):
    f = document_fields(text, find_spans(text, language=language), len(text))
    assert f["issuers"] == {"agencies": ["MOST", "MOF"], "regions": ["500000", "510000"]}


def test_german_issue_date_with_an_ordinal_day():
    text = "(Arbeitsübersetzung; herausgegeben am 3. März 2022 vom Ministerium für Wissenschaft und Technologie)\nText."
    assert fields(text)["issued"] == "2022-03-03"


@pytest.mark.parametrize("text", ["科技部关于印发《长三角科技创新共同体建设发展规划》的通知\n正文。",
                                  "Issued by the Ministry of Science and Technology (No. 352).\nText."])
def test_a_single_issuing_body_at_the_head(text):
    assert fields(text)["issuers"]["agencies"] == ["MOST"]


def test_provincial_departments_signing_over_a_date():
    text = ("关于印发《沪滇科技合作三年行动方案》的通知\n各有关单位：\n现印发给你们。\n"
            "云南省科学技术厅　上海市科学技术委员会\n2023年6月15日\n")
    f = fields(text)
    assert f["issuers"]["regions"] == ["530000", "310000"] and f["issued"] == "2023-06-15"


def test_a_signature_block_with_an_unknown_or_damaged_name_keeps_the_others():
    text = "通知。\n科技部、教育部、工业和信息化部\n自然资源部、生持环境部、国资姀\n中科院、工程院、中国科协\n2022年3月3日\n"
    f = fields(text)
    assert f["issued"] == "2022-03-03"
    assert {"MOST", "MOE", "MIIT", "MNR", "CAS", "CAE", "CAST"} <= set(f["issuers"]["agencies"])
