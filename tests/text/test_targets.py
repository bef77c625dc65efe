"""Targets: quantified goals in each language's own phrasing and number notation become
indicator + comparator + value + year; other numbers do not."""

import pytest

from coopwatch.text.targets import find_targets, parse_number


def one(text, language):
    targets = find_targets(text, language)
    assert len(targets) == 1, targets
    t = targets[0]
    return t["indicator"], t["comparator"], t["value"], t["unit"], t["year"]


@pytest.mark.parametrize("text, language", [
    ("By 2025, R&D expenditure will account for more than 5% of GDP.", "en"),
    ("到2025年，全社会研发经费投入强度超过5%。", "zh"),
    ("到2025年，全社會研發經費投入強度超過5%。", "zh"),
    ("D'ici 2025, les dépenses de recherche et développement représenteront plus de 5 % du PIB.", "fr"),
    ("Bis 2025 sollen die Ausgaben für Forschung und Entwicklung mehr als 5 % des BIP erreichen.", "de"),
])
def test_rd_intensity_above_five_percent_in_four_languages(text, language):
    assert one(text, language) == ("rd_intensity", ">", 5, "% of GDP", 2025)


@pytest.mark.parametrize("text, language", [
    ("By 2025, the number of national high-tech enterprises will reach 7,000.", "en"),
    ("到2025年，国家高新技术企业达到7000家。", "zh"),
    ("到2025年，国家高新技术企业达到七千家。", "zh"),
    ("D'ici 2025, le nombre d'entreprises nationales de haute technologie atteindra 7 000.", "fr"),
    ("Bis 2025 soll die Zahl der nationalen Hightech-Unternehmen 7.000 erreichen.", "de"),
])
def test_thousands_in_each_notation(text, language):
    assert one(text, language) == ("national_high_tech_enterprises", ">=", 7000, "enterprises", 2025)


@pytest.mark.parametrize("text, language", [
    ("By 2025, the average annual growth of high-tech industry revenue will be 8%.", "en"),
    ("到2025年，高技术产业营业收入年均增长8%。", "zh"),
    ("D'ici 2025, la croissance annuelle moyenne du chiffre d'affaires des industries de haute technologie sera de 8 %.", "fr"),
    ("Bis 2025 soll das jährliche Wachstum des Umsatzes der Hightech-Industrie 8 % betragen.", "de"),
])
def test_growth_targets_use_the_growth_indicator(text, language):
    assert one(text, language) == ("high_tech_industry_revenue_growth", ">=", 8, "% per year", 2025)


@pytest.mark.parametrize("text, comparator", [
    ("By 2025, technology contract turnover will grow at an average annual rate of at least 5%.", ">="),
    ("By 2025, the average annual growth of technology contract turnover will be no more than 5%.", "<="),
    ("到2025年，技术合同成交额年均增长5%以上。", ">="),  # X以上 is >= (issue 15)
    ("到2025年，技术合同成交额年均增长不低于5%。", ">="),
])
def test_comparators_before_and_after_the_number(text, comparator):
    assert one(text, "zh" if "年" in text else "en")[1] == comparator


def test_year_is_inherited_from_the_goal_sentence_before():
    text = ("The main objectives are as follows by 2030. Invention patents owned per 10,000 people will exceed 20. "
            "R&D intensity will reach 3%.")
    assert [(t["indicator"], t["value"], t["year"]) for t in find_targets(text, "en")] == [
        ("invention_patents_owned_per_10k", 20, 2030), ("rd_intensity", 3, 2030)]
    assert find_targets("R&D intensity will reach 3%.", "en", year=2027)[0]["year"] == 2027


def test_a_lost_period_between_two_goals_does_not_merge_them():
    text = ("By 2025, more than 80 high-value invention patents for 10,000 people, and 7,000 national high-tech "
            "enterprises The average annual growth rate of high-tech industry revenue is 8%.")
    got = [(t["indicator"], t["value"]) for t in find_targets(text, "en")]
    assert got == [("high_value_invention_patents_per_10k", 80), ("national_high_tech_enterprises", 7000),
                   ("high_tech_industry_revenue_growth", 8)]


@pytest.mark.parametrize("text", [
    "Implement the spirit of the 19th CPC National Congress and the 14th Five-Year Plan by 2025.",
    "In 2022, nine departments issued circular No. 25 on cooperation.",
    "科技部等九部门印发国科发区〔2022〕25号文件，到2025年推动合作。",
    "Mehr als 20.000 Hightech-Unternehmen wurden in den letzten 10 Tagen gesammelt.",
])
def test_numbers_that_are_not_goals(text):
    assert find_targets(text, "de" if "Mehr" in text else "zh" if "科" in text else "en") == []


@pytest.mark.parametrize("raw, language, value", [("7,000", "en", 7000), ("7.000", "de", 7000), ("7 000", "fr", 7000),
                                                  ("2,5", "fr", 2.5), ("2.5", "en", 2.5), ("1.234,5", "de", 1234.5)])
def test_number_notation(raw, language, value):
    assert parse_number(raw, language) == value


def test_target_carries_regions_and_its_sentence():
    t = find_targets("到2025年，国家高新技术企业达到7000家。", "zh", regions=["500000"])[0]
    assert t["regions"] == ["500000"] and t["text"] == "到2025年，国家高新技术企业达到7000家。"


@pytest.mark.parametrize("text, language", [
    ("By 2025, technology contract turnover will exceed 200 billion yuan.", "en"),
    ("到2025年，技术合同成交额突破2000亿元。", "zh"),
    ("D'ici 2025, le montant des contrats technologiques dépassera 200 milliards de yuans.", "fr"),
    ("Bis 2025 soll der Umsatz aus Technologieverträgen 200 Milliarden Yuan übersteigen.", "de"),
])
def test_money_in_any_scale_is_given_in_the_indicator_unit(text, language):
    assert one(text, language) == ("technology_contract_turnover", ">", 2000, "100 million CNY", 2025)


def test_ten_thousands_of_a_count():
    assert one("到2025年，国家高新技术企业达到1.5万家。", "zh")[2] == 15000


def test_misspelt_indicator_name_is_still_found():
    assert one("By 2025, the technolgy contract turnovre will reach 300 billion yuan.", "en")[0] == "technology_contract_turnover"


WSC_GOALS = [
    ("D'ici 2025, les dépenses de recherche et développement de l'ensemble de la société représenteront plus de 5 % du "
     "PIB régional, plus de 80 brevets d'invention de grande valeur pour 10 000 habitants, 7 000 entreprises nationales "
     "de haute technologie, une croissance annuelle moyenne du chiffre d'affaires de l'industrie de haute technologie de "
     "8 %, et un taux de croissance annuel moyen du chiffre d'affaires des contrats technologiques de plus de 5 %.", "fr"),
    ("Bis 2025 sollen die gesamtgesellschaftlichen F&E-Ausgaben mehr als 5 % des regionalen BIP ausmachen, mehr als 80 "
     "hochwertige Erfindungspatente je 10.000 Einwohner, 7.000 nationale Hightech-Unternehmen, ein durchschnittliches "
     "jährliches Wachstum des Umsatzes der Hightech-Industrie von 8 % und ein durchschnittliches jährliches Wachstum des "
     "Technologievertragsumsatzes von mehr als 5 %.", "de"),
]


@pytest.mark.parametrize("text, language", WSC_GOALS, ids=["fr", "de"])
def test_the_five_goals_of_the_science_city_opinions_in_french_and_german(text, language):
    assert [(t["indicator"], t["comparator"], t["value"]) for t in find_targets(text, language)] == [
        ("rd_intensity", ">", 5), ("high_value_invention_patents_per_10k", ">", 80),
        ("national_high_tech_enterprises", ">=", 7000), ("high_tech_industry_revenue_growth", ">=", 8),
        ("technology_contract_turnover_growth", ">", 5)]


def test_full_width_digits_are_read():
    assert one("到２０２５年，全社会研发经费投入强度超过５％。", "zh")[1:] == (">", 5, "% of GDP", 2025)


@pytest.mark.parametrize("text, language, year", [
    ("到“十四五”末，全社会研发经费投入强度超过5%。", "zh", 2025),
    ("“十三五”期间，全社会研发经费投入强度超过2%。", "zh", 2020),
    ("By the end of the 14th Five-Year Plan period, R&D intensity will exceed 3%.", "en", 2025),
    ("D'ici la fin du 15e plan quinquennal, les dépenses de R&D représenteront plus de 3 % du PIB.", "fr", 2030),
])
def test_the_end_of_a_five_year_plan_is_a_target_year(text, language, year):
    assert one(text, language)[4] == year


def test_a_title_naming_the_five_year_plan_is_no_target_year():
    assert find_targets("“十四五”东西部科技合作实施方案。支持3家企业。", "zh") == []


def test_wan_multiplies_a_count_without_an_indicator():
    values = {(t["value"], t["unit"]) for t in find_targets("到2025年，合作发表论文达到2.5万篇，专利转移数量超过1.5万件。", "zh")}
    assert values == {(25000, "篇"), (15000, "件")}


def test_counts_without_an_indicator_are_named_by_their_noun():
    ts = find_targets("By 2025, 25,000 scientific papers will be co-authored; PCT patent applications will reach 30,000.", "en")
    assert [(t["indicator"], t["value"], t["unit"]) for t in ts] == [(None, 25000, "scientific papers"),
                                                                      (None, 30000, "PCT patent applications")]


def test_applications_are_not_grants_and_plain_counts_are_not_ratios():
    ts = find_targets("By 2025, cross-province invention patent applications will reach 3,500.", "en")
    assert [t["indicator"] for t in ts] == [None]


@pytest.mark.parametrize("text, language", [
    ("D'ici 2025, le chiffre d'affaires des industries de haute technologie progressera d'au moins 8 % par an en moyenne "
     "et le montant des contrats technologiques de plus de 5 % par an en moyenne.", "fr"),
    ("Bis 2025 soll der Umsatz der Hightech-Industrie jährlich um durchschnittlich mindestens 8 % wachsen und das "
     "Volumen der Technologieverträge um durchschnittlich mehr als 5 % pro Jahr.", "de"),
])
def test_growth_per_year_in_french_and_german_each_with_its_own_indicator(text, language):
    ts = find_targets(text, language)
    assert [(t["indicator"], t["value"]) for t in ts] == [("high_tech_industry_revenue_growth", 8),
                                                          ("technology_contract_turnover_growth", 5)]


def test_per_ten_thousand_inhabitants_is_a_denominator():
    ts = find_targets("Bis 2025 sollen auf 10.000 Einwohner über 80 hochwertige Erfindungspatente kommen.", "de")
    assert [(t["indicator"], t["value"]) for t in ts] == [("high_value_invention_patents_per_10k", 80)]
