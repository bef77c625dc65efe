"""Structure: every numbering style nests into the same kind of tree, and kinds follow from the
tree's shape and the heading words, in any of the four languages."""

import pytest

from coopwatch.text.structure import chinese_number, number_value, parse_structure

REGION_WORDS = ("新疆", "西藏", "青海", "Xinjiang", "Tibet", "Qinghai", "Xinjiangs", "Yunnan")


def names_region(title):
    return any(w in title for w in REGION_WORDS)


def outline(nodes):
    return [(n.id, n.kind, n.number, n.title, outline(n.children)) for n in nodes]


def flat(nodes):
    out = []
    for n in nodes:
        out.append((n.id, n.kind))
        out += flat(n.children)
    return out


def test_chinese_plan_numbering_nests_sections_programmes_tasks():
    text = ("一、总体要求\n到2025年，西部地区科技创新能力显著提升。\n二、重点任务\n"
            "（一）实施“科技援疆”，塑造新疆创新发展优势。\n1.支持新疆碳中和技术联合攻关。\n2.推动新疆棉花产业创新发展。\n"
            "（二）实施“科技援藏”，支撑建设美丽幸福西藏。\n1.构建青藏高原生态保护技术方案。\n2.加快西藏农牧业成果转化。\n"
            "三、保障措施\n（一）健全协调推进机制。\n（二）落实地方主体责任。")
    tree = parse_structure(text, names_region)
    assert flat(tree) == [("1", "section"), ("2", "section"), ("2.1", "programme"), ("2.1.1", "task"), ("2.1.2", "task"),
                          ("2.2", "programme"), ("2.2.1", "task"), ("2.2.2", "task"),
                          ("3", "section"), ("3.1", "safeguard"), ("3.2", "safeguard")]
    assert tree[1].children[0].title == "实施“科技援疆”，塑造新疆创新发展优势"
    assert tree[1].children[1].children[0].text == "构建青藏高原生态保护技术方案。"


def test_markers_inside_one_long_line_are_found_in_sequence():
    # a PDF copy often holds the whole plan on one line, headings running into the text
    text = ("特制定本实施方案。一、总体要求以习近平新时代中国特色社会主义思想为指导。二、重点任务(一)实施“科技援疆”,塑造新疆优势。"
            "1.支持新疆重点领域技术攻关。2.推动新疆棉花产业发展,比例达到3.5%。(二)实施“科技援藏”,支撑建设西藏。1.构建生态方案。"
            "三、保障措施(一)健全协调推进机制。")
    tree = parse_structure(text, names_region)
    assert [i for i, _ in flat(tree)] == ["1", "2", "2.1", "2.1.1", "2.1.2", "2.2", "2.2.1", "3", "3.1"]
    assert tree[1].children[0].children[1].text == "推动新疆棉花产业发展,比例达到3.5%。"


def test_english_translation_with_roman_sections_and_number_words():
    text = ("I. Overall requirements\nBy 2025 the capability will improve.\nII. Key tasks\n"
            "(1) to implement \"science and technology to aid Xinjiang\".\n1. We will support Xinjiang.\n"
            "two。 We will promote cotton in Xinjiang.\n3. To create a highland.\n"
            "(2) to implement \"science and technology assistance to Tibet\".\n1. To construct a solution.\n"
            "III. Safeguard measures\n(1) to improve the mechanism.\n(2) to implement responsibility.\n(3) strengthen evaluation.")
    tree = parse_structure(text, names_region)
    xinjiang = tree[1].children[0]
    assert xinjiang.kind == "programme"
    assert [(c.number, c.ordinal, c.kind) for c in xinjiang.children] == [(1, 1, "task"), (2, 2, "task"), (3, 3, "task")]
    assert [c.kind for c in tree[2].children] == ["safeguard"] * 3
    assert tree[2].kind == "section"


def test_measures_numbered_across_sections_are_one_series():
    text = ("1. General requirements\n(1) Guiding ideology. Guided by the thought.\n(2) Main objectives. By 2025, more.\n"
            "2. Create a strategic force\n(3) Build laboratories. (Chongqing take the lead)\n(4) Build facilities.\n"
            "3. Organizational implementation guarantee\n(5) Strengthen guarantees.\n(6) Increase support.")
    tree = parse_structure(text, names_region)
    assert [(i, k) for i, k in flat(tree) if "." in i] == [("1.1", "measure"), ("1.2", "goal"), ("2.3", "measure"),
                                                            ("2.4", "measure"), ("3.5", "measure"), ("3.6", "measure")]


@pytest.mark.parametrize("text", [
    "第一条 为了推动东西部科技合作，制定本办法。\n第二条 本办法适用于各省。\n第三条 科技部负责协调。",
    "Article 1 Purpose of these measures.\nArticle 2 Scope of these measures.\nArticle 3 Coordination by the ministry.",
    "Art. 1 Objet des présentes mesures.\nArt. 2 Champ d'application.\nArt. 3 Coordination par le ministère.",
    "Artikel 1 Zweck dieser Maßnahmen.\nArtikel 2 Geltungsbereich.\nArtikel 3 Koordinierung durch das Ministerium.",
])
def test_articles_are_measures_in_four_languages(text):
    tree = parse_structure(text, names_region)
    assert [(n.number, n.kind) for n in tree] == [(1, "measure"), (2, "measure"), (3, "measure")]


@pytest.mark.parametrize("heading", ["保障措施", "Safeguard measures", "Mesures de garantie", "Sicherungsmaßnahmen"])
def test_safeguard_heading_words_in_four_languages(heading):
    text = f"一、主要任务\n（一）开展合作。\n二、{heading}\n（一）加强组织领导。\n（二）加强评估。"
    tree = parse_structure(text, names_region)
    assert [c.kind for c in tree[1].children] == ["safeguard", "safeguard"]
    assert [c.kind for c in tree[0].children] == ["task"]


@pytest.mark.parametrize("heading", ["主要目标", "Main objectives", "Objectifs principaux", "Hauptziele"])
def test_goal_heading_words_in_four_languages(heading):
    tree = parse_structure(f"1. {heading}\nBy 2025 more.\n2. Tasks\nDo things.", names_region)
    assert tree[0].kind == "goal" and tree[1].kind == "section"


def test_numbered_paragraphs_with_letters_and_parenthesised_numbers():
    text = "1) First point\n(a) detail one\n(b) detail two\n2) Second point\n（1）细则一\n（2）细则二"
    tree = parse_structure(text)
    assert [(n.number, [c.number for c in n.children]) for n in tree] == [(1, [1, 2]), (2, [1, 2])]


def test_text_without_numbering_has_no_items():
    assert parse_structure("Une analyse de la coopération régionale. Elle progresse en 2025.\nFin.") == []


def test_numbers_inside_sentences_are_not_markers():
    tree = parse_structure("1. Build platforms with 3.5 percent of funds and 2. million yuan in 2022. Support 5G.\n2. Next.")
    assert [n.number for n in tree] == [1, 2]


@pytest.mark.parametrize("style, raw, value", [("cn_dun", "三", 3), ("cn_paren", "十二", 12), ("cn_dun", "二十一", 21),
                                              ("roman", "XIV", 14), ("word", "two", 2), ("alpha_paren", "c", 3)])
def test_number_values(style, raw, value):
    assert number_value(style, raw) == value


def test_chinese_numbers():
    assert [chinese_number(s) for s in ("十", "十七", "一百零五")] == [10, 17, 105]


@pytest.mark.parametrize("word", ["two.", "deux.", "zwei."])
def test_number_words_take_the_place_of_digits_in_three_languages(word):
    tree = parse_structure(f"1. Support Xinjiang.\n{word} Promote cotton.\n3. Create a highland.")
    assert [(n.number, n.ordinal) for n in tree] == [(1, 1), (2, 2), (3, 3)]


def test_heading_run_into_its_text_on_one_line_is_cut_after_the_heading():
    tree = parse_structure("方案如下。一、总体要求以习近平新时代中国特色社会主义思想为指导，全面贯彻落实。二、重点任务1.支持新疆重点领域碳中和技术联合攻关。")
    assert [n.title for n in tree] == ["总体要求", "重点任务"]
    assert tree[1].children[0].title == "支持新疆重点领域碳中和技术联合攻关"


def test_markdown_heading_prefixes_do_not_hide_markers():
    tree = parse_structure("# Opinions\n\n## 1. General requirements\n### (1) Guiding ideology\nText.\n## 2. Tasks\n### (2) Labs\n")
    assert [(n.id, n.title, [c.id for c in n.children]) for n in tree] == [
        ("1", "General requirements", ["1.1"]), ("2", "Tasks", ["2.2"])]


def test_chapters_sections_and_articles_of_a_regulation():
    text = ("第一章 总则\n第一条 为推动东西部科技合作，制定本办法。\n第二条 本办法适用于各省。\n"
            "第二章 合作机制\n第一节 组织\n第三条 科技部负责协调。\n第二节 评估\n第四条 委托第三方评估。")
    tree = parse_structure(text)
    assert [(n.id, n.kind) for n in tree] == [("1", "section"), ("2", "section")]
    assert [c.id for c in tree[0].children] == ["1.1", "1.2"]
    assert [(c.id, [g.id for g in c.children]) for c in tree[1].children] == [("2.1", ["2.1.3"]), ("2.2", ["2.2.4"])]
    assert {n.kind for n in tree[1].children[0].children} == {"measure"}


def test_decimal_outline_numbering():
    text = ("1. General requirements\n1.1 Guiding ideology\nText with 3.5 percent.\n1.2 Main objectives\nBy 2025 more.\n"
            "2. Key tasks\n2.1 Support Xinjiang\n2.1.1 Clean energy in Xinjiang\n2.1.2 Cotton in Xinjiang\n"
            "2.2 Support Tibet\n2.2.1 Plateau medicine in Tibet\n")
    assert flat(parse_structure(text, names_region)) == [
        ("1", "section"), ("1.1", "task"), ("1.2", "goal"), ("2", "section"), ("2.1", "programme"), ("2.1.1", "task"),
        ("2.1.2", "task"), ("2.2", "programme"), ("2.2.1", "task")]


def test_circled_numbers():
    tree = parse_structure("一、重点任务\n（一）开展合作。\n①支持新疆。\n②支持西藏。\n（二）加强评估。")
    assert [(c.id, [g.number for g in c.children]) for c in tree[0].children] == [("1.1", [1, 2]), ("1.2", [])]


@pytest.mark.parametrize("first, second", [
    ("一、", "二、"), ("(一)", "(二)"), ("（一）", "（二）"), ("1.", "2."), ("1、", "2、"), ("（1）", "（2）"), ("(1)", "(2)"),
    ("1)", "2)"), ("I.", "II."), ("(a)", "(b)"), ("Article 1", "Article 2"), ("Art. 1", "Art. 2"),
    ("Artikel 1", "Artikel 2"), ("第一条", "第二条"), ("one.", "two。"), ("①", "②"), ("1.1", "1.2"),
])
def test_each_numbering_style_gives_two_siblings(first, second):
    tree = parse_structure(f"{first} Support Xinjiang in research.\n{second} Support Tibet in medicine.")
    assert [(n.number, n.ordinal, n.title) for n in tree] == [
        (1, 1, "Support Xinjiang in research"), (2, 2, "Support Tibet in medicine")]


def test_text_without_markers_but_numbers_gives_no_items():
    assert parse_structure("In 2022, 9 departments issued the plan. It has 3.5 parts and 7 tasks.") == []


def test_table_of_contents_headings_repeated_in_the_body_are_dropped():
    text = ("Contents\nI. Overall requirements ........ 2\nII. Key tasks ........ 3\nIII. Safeguard measures ........ 9\n"
            "I. Overall requirements\nBy 2025 the capability improves.\nII. Key tasks\n(1) Support Xinjiang.\n"
            "III. Safeguard measures\n(1) Improve coordination.")
    tree = parse_structure(text, names_region)
    assert [(n.id, n.title) for n in tree] == [("1", "Overall requirements"), ("2", "Key tasks"), ("3", "Safeguard measures")]
    assert [c.kind for c in tree[2].children] == ["safeguard"]


@pytest.mark.parametrize("programme_marker", [("(III)", "(IV)"), ("(iii)", "(iv)"),
                                              ("A.", "B."), ("(I)", "(II)")])
def test_roman_numerals_in_brackets_and_capital_letters_number_programmes(programme_marker):
    first, second = programme_marker
    text = ("II. Tâches prioritaires\n"
            f"{first} Mettre en œuvre « la science pour le Qinghai » et construire un haut lieu.\n"
            "1. Protéger les sources des trois fleuves au Qinghai.\n2. Construire une base des lacs salés.\n"
            f"{second} Mettre en œuvre « la science au Yunnan ».\n"
            "1. Protéger la biodiversité du Yunnan.\n2. Construire un haut lieu de l'énergie propre.\n"
            "III. Mesures de garantie\n(I) Améliorer la coordination.\n(II) Évaluer les performances.")
    tree = parse_structure(text, names_region)
    assert flat(tree) == [("2", "section"), ("2.{}".format(tree[0].children[0].number), "programme"),
                          *[(f"2.{tree[0].children[0].number}.{i}", "task") for i in (1, 2)],
                          ("2.{}".format(tree[0].children[1].number), "programme"),
                          *[(f"2.{tree[0].children[1].number}.{i}", "task") for i in (1, 2)],
                          ("3", "section"), ("3.1", "safeguard"), ("3.2", "safeguard")]
    assert [c.number for c in tree[0].children] in ([3, 4], [1, 2])


def test_opening_quote_after_a_marker_and_letter_tasks_with_a_parenthesis():
    text = ("II. Schwerpunktaufgaben\n"
            "(1) „Wissenschaft und Technologie helfen Xinjiang“ umsetzen.\n"
            "a) Forschung in Xinjiang unterstützen.\nb) Baumwolle in Xinjiang fördern.\n"
            "(2) « La science aide le Tibet » umsetzen.\n"
            "a) Ökologie in Tibet schützen.\nb) Gerste und Yak in Tibet züchten.\n")
    tree = parse_structure(text, names_region)
    assert flat(tree) == [("2", "section"), ("2.1", "programme"), ("2.1.1", "task"), ("2.1.2", "task"),
                          ("2.2", "programme"), ("2.2.1", "task"), ("2.2.2", "task")]


def test_french_degree_ordinals_number_tasks():
    text = ("(1) Soutenir le Qinghai.\n1° Protéger les sources au Qinghai.\n2° Construire une base.\n"
            "(2) Soutenir le Yunnan.\n1° Protéger la biodiversité.\n2° Construire un haut lieu.\n"
            "La température de 20 °C n'est pas un numéro.")
    tree = parse_structure(text, names_region)
    assert [(i, k) for i, k in flat(tree)] == [("1", "programme"), ("1.1", "task"), ("1.2", "task"),
                                              ("2", "programme"), ("2.1", "task"), ("2.2", "task")]


def test_articles_under_a_safeguards_part_written_in_words_are_safeguards():
    text = ("PART TWO PRIORITY TASKS\n"
            "Article 1 Science and technology assistance to Xinjiang\n(a) Carbon research in Xinjiang.\n(b) Cotton.\n"
            "Article 2 Science and technology assistance to Tibet\n(a) Plateau ecology in Tibet.\n(b) Barley.\n"
            "PART THREE SAFEGUARDS\n"
            "Article 3 Coordination. The departments shall coordinate.\nArticle 4 Evaluation. The centre evaluates.")
    tree = parse_structure(text, names_region)
    assert flat(tree) == [("2", "section"), ("2.1", "programme"), ("2.1.1", "task"), ("2.1.2", "task"),
                          ("2.2", "programme"), ("2.2.1", "task"), ("2.2.2", "task"),
                          ("3", "section"), ("3.3", "safeguard"), ("3.4", "safeguard")]


def test_upper_and_lower_case_roman_numerals_are_two_levels():
    text = ("(I) Science and technology to aid Xinjiang\n(i) Carbon research in Xinjiang.\n(ii) Cotton.\n"
            "(II) Science and technology to aid Tibet\n(i) Plateau ecology.\n(ii) Barley and yak.\n")
    assert flat(parse_structure(text, names_region)) == [("1", "programme"), ("1.1", "task"), ("1.2", "task"),
                                                         ("2", "programme"), ("2.1", "task"), ("2.2", "task")]


def test_unicode_roman_numeral_characters():
    text = ("（Ⅰ）实施“科技援疆”，塑造新疆创新优势\n1.支持新疆碳中和技术攻关。\n2.推动新疆棉花产业发展。\n"
            "（Ⅱ）实施“科技援藏”，支撑美丽西藏\n1.构建西藏生态保护技术方案。\n2.加快西藏农牧业成果转化。\n")
    tree = parse_structure(text, names_region)
    assert flat(tree) == [("1", "programme"), ("1.1", "task"), ("1.2", "task"),
                          ("2", "programme"), ("2.1", "task"), ("2.2", "task")]


def test_titles_and_parts_with_a_dot_after_their_number():
    text = ("Titre II. Tâches prioritaires\nA. Soutenir le Xinjiang\na) Carbone au Xinjiang.\nb) Coton.\n"
            "B. Soutenir le Tibet\na) Écologie du Tibet.\nb) Orge.\nTitre III. Mesures de garantie\na) Coordination.\nb) Évaluation.\n")
    assert flat(parse_structure(text, names_region)) == [
        ("2", "section"), ("2.1", "programme"), ("2.1.1", "task"), ("2.1.2", "task"),
        ("2.2", "programme"), ("2.2.1", "task"), ("2.2.2", "task"), ("3", "section"), ("3.1", "safeguard"), ("3.2", "safeguard")]


@pytest.mark.parametrize("opening", ["【", "[", "«\u00a0", "„", "『"])
def test_a_heading_may_open_with_a_bracket_or_quote(opening):
    text = f"1. {opening}Xinjiang heading\n2. {opening}Tibet heading\n"
    assert [n.number for n in parse_structure(text)] == [1, 2]
