"""Repairs: what a damaged or mistranslated text says differently from what it means is listed
and read as meant."""

from coopwatch.text.entities import find_spans, read_item
from coopwatch.text.repairs import confusable_repairs, find_repairs


def kinds(repairs):
    return [(r.kind, r.found, r.meaning) for r in repairs]


def test_slogan_rendered_word_by_word_is_read_as_the_province():
    text = 'to implement "science and technology to aid the youth" and build highlands on the Qinghai-Tibet Plateau.'
    repairs = find_repairs(text, "en")
    assert kinds(repairs) == [("mistranslation", "aid the youth", "援青 (Qinghai)")]
    spans = find_spans(text, repairs=repairs)
    assert [s.id for s in spans if s.kind == "region"] == ["630000"]


def test_slogan_in_french_and_german():
    assert kinds(find_repairs("Mettre en œuvre « la science et la technologie pour aider la jeunesse ».", "fr")) == [
        ("mistranslation", "aider la jeunesse", "援青 (Qinghai)")]
    assert kinds(find_repairs("„Wissenschaft und Technologie zur Hilfe für die Jugend“ umsetzen.", "de"))[0][2] == "援青 (Qinghai)"


def test_ordinary_support_for_young_people_is_not_a_slogan():
    assert find_repairs("Employers support the youth employment programme of the city.", "en") == []


def test_province_confused_with_a_grouping_of_the_programme_region():
    text = "Relying on the innovative urban agglomeration of Hubao and Hubei, we support Inner Mongolia."
    spans = find_spans(text)
    repairs = confusable_repairs(text, spans, ["150000"], "en")
    assert kinds(repairs) == [("mistranslation", "Hubei", "呼包鄂 (Hohhot-Baotou-Ordos)")]
    ent = read_item(text, find_spans(text, repairs=repairs), 0, fixed_regions=["150000"])
    assert "420000" not in ent.partners + ent.regions


def test_a_partner_province_that_merely_sounds_alike_stays():
    text = "Deepen cooperation between Qinghai and provinces such as Tianjin, Shandong, Anhui and Chongqing."
    assert confusable_repairs(text, find_spans(text), ["630000"], "en") == []


def test_known_machine_translation_confusion():
    repairs = find_repairs("innovative industrial clusters with Hercynian salt lake chemical characteristics", "en")
    assert [(r.kind, r.found) for r in repairs] == [("mistranslation", "Hercynian")]
    assert repairs[0].substitute[0].province == "630000"


def test_company_with_stock_code_pasted_into_running_text():
    text = "promote the green Inner Mongolia Xingye Mining (000426) of rare earth resources in Ningxia"
    repairs = find_repairs(text, "en")
    assert kinds(repairs) == [("ticker_injection", "Inner Mongolia Xingye Mining (000426)", "mining")]
    regions = [s.id for s in find_spans(text, repairs=repairs) if s.kind == "region"]
    assert regions == ["640000"]  # Inner Mongolia inside the company name is not read


def test_company_with_stock_code_in_chinese():
    repairs = find_repairs("支持宁夏开展兴业矿业(000426)合作，推动产业发展。", "zh")
    assert kinds(repairs) == [("ticker_injection", "兴业矿业(000426)", "兴业")]


def test_global_replace_damage_is_undone_from_the_text_itself():
    text = ("The pArticleicipation of enterprises and pArticleners in every pArticle of the region grows; "
            "we welcome participation.")
    assert kinds(find_repairs(text, "en")) == [
        ("replace_damage", "pArticleicipation", "participation"), ("replace_damage", "pArticleners", "partners"),
        ("replace_damage", "pArticle", "part")]


def test_clean_text_has_no_repairs():
    assert find_repairs("Support Xinjiang to implement clean energy utilisation; iPhone makers and McDonald agree.", "en") == []


def test_global_replace_of_a_place_name_inside_derived_words():
    text = "Raise the level of plateau medicine and Xizangan medicine in Xizang; Tibetan yaks and Shanghainese firms."
    assert kinds(find_repairs(text, "en")) == [("replace_damage", "Xizangan", "Tibetan")]


def test_province_name_next_to_a_prefecture_word_is_the_prefecture():
    text = "Gemeinsamer Aufbau der Versuchszone im Tibetischen Autonomen Bezirk Hainan und Kooperation mit Shandong."
    repairs = confusable_repairs(text, find_spans(text), ["630000"], "de")
    assert [(r.found, r.substitute[0].id) for r in repairs] == [("Hainan", "632500")]


def test_province_in_a_list_of_partner_provinces_is_meant():
    text = "Coopération entre le Qinghai et des provinces telles que Tianjin, le Shandong, l'Anhui et Chongqing, et le Hainan."
    assert confusable_repairs(text, find_spans(text), ["630000"], "fr") == []


def test_company_pasted_over_the_commodity_it_is_named_after():
    text = "improve the utilisation of potassium, magnesium, Tianqi Lithium (002466) and other resources in the salt lake"
    assert kinds(find_repairs(text, "en")) == [("ticker_injection", "Tianqi Lithium (002466)", "lithium")]


def test_province_called_a_city_group_of_the_programme_region():
    text = "Relying on the Hubei innovative urban agglomeration, support Inner Mongolia to exploit rare earths."
    repairs = confusable_repairs(text, find_spans(text), ["150000"], "en")
    assert [(r.found, r.substitute[0].id) for r in repairs] == [("Hubei", "group:hubaoe")]


def test_a_company_with_its_stock_code_pasted_before_a_comma_is_a_ticker_injection():
    from coopwatch.text.repairs import ticker_repairs

    text = "Promote goji berries and Ningxia Baofeng Energy (600989.SH), cultivate technological innovation."
    found = [r.found for r in ticker_repairs(text)]
    assert found == ["Ningxia Baofeng Energy (600989.SH)"]
