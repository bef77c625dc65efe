"""Money amounts, dates and counts read from news in four languages."""

import yaml

import pytest

from coopwatch.evidence.facts import extract_amounts, extract_counts, extract_dates


@pytest.mark.parametrize("text,lang,value", [
    ("1.2亿元", "zh", 120_000_000), ("项目总投资二十亿元", "zh", 2_000_000_000), ("3,000萬元", "zh", 30_000_000),
    ("2.5 billion yuan", "en", 2_500_000_000), ("a RMB 80m project", "en", 80_000_000),
    ("3,6 Mrd. Yuan", "de", 3_600_000_000), ("450 millions de yuans", "fr", 450_000_000),
    ("27亿元", "zh", 2_700_000_000), ("1.5 Milliarden Yuan", "de", 1_500_000_000), ("5000万元", "zh", 50_000_000),
    ("计划投资十二亿", "zh", 1_200_000_000), ("总投资五亿六千万元", "zh", 560_000_000),
    ("1,2 milliard de yuans", "fr", 1_200_000_000), ("CNY 1.2 billion", "en", 1_200_000_000),
    ("260 Mio. Yuan", "de", 260_000_000), ("首期投入8000万元", "zh", 80_000_000),
])
def test_amount_forms_are_normalised_to_yuan(text, lang, value):
    amounts = extract_amounts(text, lang)
    assert [a.value for a in amounts] == [value]
    assert amounts[0].currency == "CNY"


@pytest.mark.parametrize("text,lang", [
    ("累计治理“黑土滩”3.2万亩", "zh"), ("设计年产锂精矿30万吨", "zh"), ("人口十二亿人", "zh"),
    ("a accueilli 1,1 million de visiteurs", "fr"), ("fell 4.2% in Shanghai", "en"),
])
def test_areas_tonnes_people_and_percentages_are_not_money(text, lang):
    assert extract_amounts(text, lang) == []


def test_every_news_dev_amount_is_read(news_dev):
    gold = yaml.safe_load((news_dev / "gold.yaml").read_text(encoding="utf-8"))["items"]
    wrong = []
    for name, g in gold.items():
        text = (news_dev / f"{name}.txt").read_text(encoding="utf-8")
        got = sorted(a.value for a in extract_amounts(text, g["lang"]))
        if got != sorted(float(x) for x in g["amounts"]):
            wrong.append((name, got, g["amounts"]))
    assert wrong == []


def test_dates_in_chinese_iso_and_month_name_forms():
    text = "2023年4月12日，科技部发布 … issued March 4, 2022; le 4 mars 2022; am 4. März 2022; 2024-05-01"
    assert [d.date.isoformat() for d in extract_dates(text)] == [
        "2023-04-12", "2022-03-04", "2022-03-04", "2022-03-04", "2024-05-01"]


def test_counts_exclude_money_and_keep_units():
    counts = extract_counts("来自20多个国家和地区的22支车队参赛，首期投入5000万元", "zh")
    assert [(c["value"], c["unit"]) for c in counts] == [(20, "个"), (22, "支")]
    fr = extract_counts("300 diplômés d'établissements … échangeront aussi 40 techniciens", "fr")
    assert [(c["value"], c["unit"]) for c in fr] == [(300, "diplômés"), (40, "techniciens")]
