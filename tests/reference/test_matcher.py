"""The matcher: longest match, Latin word boundaries, folding with original offsets, landforms
and companies that hide the place inside them."""

from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from coopwatch.reference import Span, matcher


def kinds_ids(text, kinds=None):
    return [(s.kind, s.id) for s in matcher().find(text, kinds)]


def test_offsets_point_into_original_text():
    text = "支持青海省格尔木市发展盐湖产业。"
    for s in matcher().find(text):
        assert isinstance(s, Span)
        assert text[s.start:s.end] == s.text


def test_longest_match_wins():
    spans = matcher().find("海南藏族自治州")
    assert [(s.kind, s.id, s.province) for s in spans] == [("region", "632500", "630000")]
    assert kinds_ids("兰白国家自主创新示范区") == [("zone", "zone:lanbai-nidz")]
    assert kinds_ids("Tibetan Medicine") == [("domain", "tibetan_medicine")]


def test_latin_word_boundaries():
    assert kinds_ids("Hubeiyy") == []
    assert kinds_ids("Hubei, Hunan") == [("region", "420000"), ("region", "430000")]
    assert ("region", "540000") not in kinds_ids("Tibetan yaks")
    assert kinds_ids("the most important") == []   # MOST is case-sensitive
    assert kinds_ids("MOST and CAS") == [("agency", "MOST"), ("agency", "CAS")]


def test_traditional_folding_keeps_original_offsets():
    text = "蘭州與寧夏的鹽湖產業合作"
    spans = matcher().find(text)
    assert [(s.id, s.text) for s in spans] == [("620100", "蘭州"), ("640000", "寧夏"), ("salt_lake", "鹽湖產業")]
    for s in spans:
        assert text[s.start:s.end] == s.text


def test_accents_and_case_fold_for_latin():
    text = "La MONGOLIE INTÉRIEURE et Ürümqi"
    spans = matcher().find(text)
    assert [(s.id, s.text, s.lang) for s in spans] == [("150000", "MONGOLIE INTÉRIEURE", "fr"), ("650100", "Ürümqi", "en")]


def test_landform_is_not_the_province():
    for text in ["青藏高原生态保护", "on the Qinghai-Tibet Plateau", "auf dem Tibet-Plateau", "sur le plateau tibétain"]:
        spans = matcher().find(text, {"region"})
        assert spans == [], text
        assert ("landform", "landform:qinghai-tibet-plateau") in kinds_ids(text), text
    assert kinds_ids("青海湖") == [("landform", "landform:qinghai-lake")]


def test_company_name_is_not_the_place():
    assert matcher().find("Beijing Centergate Technologies announced", {"region"}) == []
    assert kinds_ids("Beijing Centergate Technologies") == [("company", "company:centergate")]
    assert kinds_ids("青海盐湖工业股份有限公司")[0] == ("company", "company:qinghai-salt-lake")


def test_county_counts_for_its_province():
    spans = matcher().find("格尔木市")
    assert [(s.id, s.province, s.level) for s in spans] == [("632801", "630000", "county")]
    assert [(s.id, s.province) for s in matcher().find("在格尔木建设")] == [("632801", "630000")]


def test_single_character_short_names_not_matched_in_free_text():
    assert kinds_ids("青年人才", {"region"}) == []
    assert kinds_ids("新型储能", {"region"}) == []
    assert kinds_ids("援青干部", {"region"}) == [("region", "630000")]
    assert kinds_ids("闽宁协作") == [("group", "group:minning")]


def test_groups_and_macro_regions():
    assert kinds_ids("呼包鄂") == [("group", "group:hubaoe")]
    spans = matcher().find("呼包鄂")
    assert spans[0].province == "150000"
    assert kinds_ids("Hohhot-Baotou-Ordos") == [("group", "group:hubaoe")]
    assert kinds_ids("东部地区") == [("macro", "macro:east")]
    assert kinds_ids("eastern provinces") == [("macro", "macro:east")]


def test_prefecture_short_forms():
    for text, code in [("海西州", "632800"), ("海北州", "632200"), ("黄南州", "632300"), ("果洛州", "632600"),
                       ("玉树州", "632700"), ("海南州", "632500"), ("Haixi", "632800"), ("西宁", "630100"),
                       ("Haixi Mongol and Tibetan Autonomous Prefecture", "632800")]:
        assert kinds_ids(text) == [("region", code)], text


def test_agencies_domains_indicators_in_four_languages():
    assert ("agency", "MOST") in kinds_ids("ministère de la Science et de la Technologie")
    assert ("agency", "MOST") in kinds_ids("Ministerium für Wissenschaft und Technologie")
    assert ("agency", "CAST") in kinds_ids("中国科协")
    assert ("agency", "SASAC") in kinds_ids("国资委")
    assert ("domain", "salt_lake") in kinds_ids("Salzsee")
    assert ("domain", "wolfberry") in kinds_ids("baies de goji")
    assert ("domain", "photovoltaics") in kinds_ids("Photovoltaikanlagen")
    assert ("indicator", "rd_intensity") in kinds_ids("R&D 经费投入强度")
    assert ("indicator", "rd_intensity") in kinds_ids("R&D intensity")
    assert ("indicator", "high_value_invention_patents_per_10k") in kinds_ids("每万人高价值发明专利拥有量")


def test_kinds_filter():
    text = "科技部支持青海盐湖产业"
    assert kinds_ids(text, {"agency"}) == [("agency", "MOST")]
    assert kinds_ids(text, {"domain"}) == [("domain", "salt_lake")]


def test_a_long_document_gives_every_copy_its_spans(shared):
    """A document of 40 copies of a plan (~600k characters; its speed is benchmarks/bench_matcher.py)
    holds exactly 40 times the spans of one copy, at the same offsets shifted by the copy."""
    one = (shared / "seeds" / "002_5a42f45549d458c8.txt").read_text(encoding="utf-8")
    m = matcher()
    single = m.find(one)
    many = m.find(one * 40)
    assert single and len(many) == 40 * len(single)
    last = many[-len(single):]
    assert [(s.start - 39 * len(one), s.id) for s in last] == [(s.start, s.id) for s in single]


def test_hyphens_dashes_and_spaces_fold_alike():
    for text in ["Qinghai-Tibet Plateau", "Qinghai–Tibet Plateau", "Qinghai Tibet Plateau", "Qinghai-Tibet\nPlateau"]:
        assert kinds_ids(text) == [("landform", "landform:qinghai-tibet-plateau")], text
    assert ("group", "group:gba") in kinds_ids("Guangdong-Hong-Kong-Macao Greater Bay Area")


def test_marked_aliases_are_case_sensitive_and_shown_without_marker():
    from coopwatch.reference import gazetteer

    assert kinds_ids("la foire de Canton") == [("region", "440100")]
    assert kinds_ids("le canton de Vaud") == []
    assert "Canton" in gazetteer().get("440100").names["fr"]
    assert all(not n.startswith("=") for r in gazetteer().all() for ns in r.names.values() for n in ns)


def test_open_ended_german_compounds_cover_the_whole_word():
    spans = matcher().find("Neue Photovoltaikanlagen und Grünwasserstoff", {"domain"})
    assert [(s.id, s.text) for s in spans] == [("photovoltaics", "Photovoltaikanlagen"), ("hydrogen", "Grünwasserstoff")]


def test_institutions_carry_their_province():
    spans = matcher().find("University of Science and Technology of China and 清华大学")
    assert [(s.kind, s.id, s.province) for s in spans] == [("institution", "inst:ustc", "340000"),
                                                          ("institution", "inst:tsinghua", "110000")]


_PIECES = ["青海", "海南藏族自治州", "格尔木", "Qinghai", "Tibet", "Tibetan", "MOST", "most", "蘭州", "Ürümqi", "-", " ",
           "\n", "，", "Photovoltaik", "anlagen", "青藏高原", "Beijing Centergate Technologies", "盐湖", "é", "😀"]


@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=30))
@settings(max_examples=200, deadline=None)
def test_spans_are_sorted_disjoint_and_point_into_the_text(pieces):
    text = "".join(pieces)
    spans = matcher().find(text, set(("region", "zone", "group", "landform", "macro", "agency", "domain",
                                      "indicator", "company", "institution", "word")))
    last_end = 0
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= last_end
        assert text[s.start:s.end] == s.text
        last_end = s.end
