"""Issue 15's general rules, each on a small text: headings inferred from the shape of a document
(a short unmarked line before a numbering that restarts; heading phrases), legal layouts,
partners named after 与/with/avec/mit, a province's own plan, the comparator table per
language, and documents without structure."""

import json
import sys
import pytest

from coopwatch.text import parse_plan
from coopwatch.text.entities import find_spans, partner_marked, plan_home
from coopwatch.text.structure import bare_headings, find_markers, parse_structure
from coopwatch.text.targets import find_targets


def kinds(nodes, depth=0):
    out = []
    for n in nodes:
        out.append((depth, n.kind, n.title))
        out += kinds(n.children, depth + 1)
    return out


def test_lines_that_lost_their_markers_become_headings_one_level_above_the_restart():
    text = ("Objectives\nBy 2025 capacity will improve.\nMain Tasks\nSupporting Xinjiang in energy\n"
            "1. Build wind farms.\n2. Build solar plants.\nHelping Yunnan with sugar\n1. Refine sucrose.\n"
            "Safeguard Measures\n1. Coordinate.\n2. Fund.")
    tree = parse_structure(text, lambda t: "Xinjiang" in t or "Yunnan" in t)
    assert kinds(tree) == [
        (0, "goal", "Objectives"), (0, "section", "Main Tasks"),
        (1, "programme", "Supporting Xinjiang in energy"), (2, "task", "Build wind farms"), (2, "task", "Build solar plants"),
        (1, "programme", "Helping Yunnan with sugar"), (2, "task", "Refine sucrose"),
        (0, "section", "Safeguard Measures"), (1, "safeguard", "Coordinate"), (1, "safeguard", "Fund")]
    assert tree[1].children[0].number is None and tree[1].children[0].children[1].number == 2


@pytest.mark.parametrize("text", [
    # a hard-wrapped sentence runs on in lower case: not a heading
    "Main Tasks\n1. Build wind farms in the north and\nsolar plants in the south\n1. Refine sucrose.",
    # the issuing date before the first heading, and a line that ends a sentence
    "A Plan for Gansu\nMinistry of Science and Technology\n12 May 2024\n1. Build wind farms.\n",
    "重点任务\n推动青海建设清洁能源高地。\n1. 开展盐湖研究。",
])
def test_lines_that_are_not_headings_stay_text(text):
    found = bare_headings(text, find_markers(text))
    assert [text[n.start:text.find("\n", n.start)] for n in found] in ([], ["Main Tasks"], ["重点任务"])


def test_numbering_that_restarts_under_a_deeper_heading_opens_a_level():
    text = ("1. Goals\nBy 2026 more.\n2. Main Tasks\n(1) Plateau ecology\n1. Monitor glaciers.\n2. Restore grassland.\n"
            "(2) Clean energy\n1. Build solar plants.\n3. Safeguards\n(1) A working group.")
    tree = parse_structure(text)
    assert [(d, t) for d, _, t in kinds(tree)] == [
        (0, "Goals"), (0, "Main Tasks"), (1, "Plateau ecology"), (2, "Monitor glaciers"), (2, "Restore grassland"),
        (1, "Clean energy"), (2, "Build solar plants"), (0, "Safeguards"), (1, "A working group")]


@pytest.mark.parametrize("text", [
    "PART ONE GENERAL\nArticle 1. Purpose.\nPART TWO PROGRAMMES\nArticle 2. Support for Yunnan.\n2.1 Build.\n2.2 Train.\n"
    "Article 3. Support for Gansu.\n3.1 Breed.\nPART THREE SAFEGUARDS\nArticle 4. Coordination.",
    "第一部分　总则\n第一条　目的。\n第二部分　重点任务\n第二条　支持云南。\n2.1　建设。\n2.2　培训。\n第三条　支持甘肃。\n3.1　育种。\n"
    "第三部分　保障措施\n第四条　协调。",
    "TITRE I – GÉNÉRALITÉS\nArt. 1. Objet.\nTITRE II – PROGRAMMES\nArt. 2. Soutien au Yunnan.\n2.1. Construire.\n2.2. Former.\n"
    "Art. 3. Soutien au Gansu.\n3.1. Sélectionner.\nTITRE III – GARANTIES\nArt. 4. Coordination.",
    "Teil 1 Allgemeines\nArtikel 1: Zweck.\nTeil 2 Programme\nArtikel 2: Unterstützung für Yunnan.\n2.1 Bauen.\n2.2 Ausbilden.\n"
    "Artikel 3: Unterstützung für Gansu.\n3.1 Züchten.\nTeil 3 Sicherungsmaßnahmen\nArtikel 4: Koordinierung.",
])
def test_articles_holding_sub_items_are_programmes_in_four_languages(text):
    tree = parse_structure(text)
    got = [k for _, k, _ in kinds(tree)]
    assert got == ["section", "measure", "section", "programme", "task", "task", "programme", "task", "section", "safeguard"]


@pytest.mark.parametrize("text, partners", [
    ("与京津冀地区合作共建中试基地，联合山东、河南开展攻关。", ["group:jingjinji", "370000", "410000"]),
    ("Work with Fujian and Zhejiang on wine; enterprises from Tianjin invest in Gansu.", ["350000", "330000", "120000"]),
    ("Développer la biomédecine avec le Zhejiang à Chengdu.", ["330000"]),
    ("Kaltwasserfische gemeinsam mit Jiangsu in Qinghai züchten.", ["320000"]),
])
def test_names_after_partner_words_are_partners(text, partners):
    spans = find_spans(text, language="zh" if "与" in text else None)
    marked = partner_marked(text, spans)
    got = [spans[i].id if spans[i].kind == "group" else spans[i].province for i in sorted(marked)]
    assert got == partners


def test_a_province_s_own_plan_is_for_that_province():
    assert plan_home("甘肃省行动方案", find_spans("甘肃省行动方案"), [], ["620000"]) == "620000"
    title = "青海省与江苏省对口支援科技合作实施细则"
    assert plan_home(title, find_spans(title), [], []) == "630000"
    assert plan_home(title, find_spans(title), ["MOST"], []) is None  # a national body issued it
    text = ("甘肃省科技合作行动方案\n甘肃省科学技术厅\n2024年3月15日\n一、重点行动\n（一）产业协同\n"
            "1. 与京津冀地区合作建设基地。\n2. 推广冷链物流。\n（二）人才合作\n1. 引进上海人才。\n")
    result = parse_plan(text.encode("utf-8"), "gansu.txt")
    programmes = [it for it in result["items"][0]["items"]]
    assert [p["kind"] for p in programmes] == ["programme", "programme"]
    assert all(p["regions"] == ["620000"] for p in programmes)
    assert programmes[0]["items"][0]["partners"] == ["110000", "120000", "130000"]
    assert result["issuers"]["regions"] == ["620000"] and result["issued"] == "2024-03-15"


@pytest.mark.parametrize("sentence, language, comparator", [
    ("到2025年，技术合同成交额达到500亿元以上。", "zh", ">="),
    ("到2025年，技术合同成交额达到500亿元。", "zh", ">="),
    ("到2025年，技术合同成交额不低于500亿元。", "zh", ">="),
    ("到2025年，技术合同成交额超过500亿元。", "zh", ">"),
    ("By 2025, technology contract turnover will be 50 billion yuan or more.", "en", ">="),
    ("By 2025, technology contract turnover will be at least 50 billion yuan.", "en", ">="),
    ("By 2025, technology contract turnover will be more than 50 billion yuan.", "en", ">"),
    ("By 2025, technology contract turnover will be over 50 billion yuan.", "en", ">"),
    ("D'ici 2025, le chiffre d'affaires des contrats technologiques sera d'au moins 50 milliards de yuans.", "fr", ">="),
    ("D'ici 2025, le chiffre d'affaires des contrats technologiques sera de plus de 50 milliards de yuans.", "fr", ">"),
    ("Bis 2025 soll der Umsatz aus Technologieverträgen mindestens 50 Milliarden Yuan betragen.", "de", ">="),
    ("Bis 2025 soll der Umsatz aus Technologieverträgen über 50 Milliarden Yuan liegen.", "de", ">"),
    ("Bis 2025 soll der Umsatz aus Technologieverträgen mehr als 50 Milliarden Yuan betragen.", "de", ">"),
    ("Bis 2025 soll der Umsatz aus Technologieverträgen 50 Milliarden Yuan oder mehr betragen.", "de", ">="),
])
def test_comparators_per_language(sentence, language, comparator):
    (target,) = find_targets(sentence, language)
    assert (target["indicator"], target["comparator"], target["value"], target["year"]) == \
        ("technology_contract_turnover", comparator, 500, 2025)


def test_a_number_after_more_than_is_a_count_not_a_year():
    (target,) = find_targets("Bis 2025 soll die Zahl der nationalen Hightech-Unternehmen auf über 2000 steigen.", "de")
    assert (target["indicator"], target["comparator"], target["value"], target["year"]) == \
        ("national_high_tech_enterprises", ">", 2000, 2025)


def test_a_body_named_without_its_region_takes_the_title_s_province():
    text = "新疆维吾尔自治区科技援疆工作实施方案\n自治区科技厅\n2023年4月18日\n一、目标\n到2025年，研发投入强度达到1%。\n"
    result = parse_plan(text.encode("utf-8"), "xinjiang.txt")
    assert result["issuers"] == {"agencies": [], "regions": ["650000"]} and result["issued"] == "2023-04-18"


@pytest.mark.parametrize("content", [
    "Our cooperative sells apples and pears at the Saturday market. Prices vary by season. Ask at the stall.",
    "Apples\nPears\nPlums\nCherries\n",
    "1. Apples\n2. Pears\n3. Plums\n",
])
def test_a_document_without_structure_is_other_or_a_flat_list_and_exit_0(tmp_path, monkeypatch, capsys, content):
    from coopwatch.cli import main

    path = tmp_path / "shop.txt"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["coopwatch", "parse-plan", str(path), "--json"])
    try:
        main()
    except SystemExit as exit_:  # a command may end with sys.exit(0)
        assert exit_.code in (0, None)
    result = json.loads(capsys.readouterr().out)
    assert result["kind"] == "other" or all(not it["items"] for it in result["items"])
    assert not any(it["kind"] == "programme" for it in result["items"])
