"""The gazetteer: complete GB/T 2260 table, curated names, groups, zones, landforms, macro-regions."""

from __future__ import annotations

from coopwatch.reference import RegionInfo, gazetteer


def test_all_provinces_and_levels():
    g = gazetteer()
    provinces = g.provinces()
    assert len(provinces) == 34
    assert {p.code for p in provinces} >= {"110000", "540000", "630000", "650000", "710000", "810000", "820000"}
    levels = {r.level for r in g.all()}
    assert levels == {"province", "prefecture", "county", "zone", "group", "landform", "macro"}
    assert sum(r.level == "prefecture" for r in g.all()) > 320
    assert sum(r.level == "county" for r in g.all()) > 2800


def test_county_and_parents():
    g = gazetteer()
    golmud = g.get("632801")
    assert golmud.level == "county" and golmud.parent == "632800" and golmud.province == "630000"
    assert g.province_of("632801") == "630000"
    assert "632801" in {c.code for c in g.children("632800")}
    assert g.get("632800").parent == "630000"


def test_macro_regions_follow_nbs():
    g = gazetteer()
    assert g.get("630000").macro_region == "west"
    assert g.get("350000").macro_region == "east"
    assert g.get("340000").macro_region == "central"
    assert g.get("210000").macro_region == "northeast"
    assert len(g.members("macro:west")) == 12
    assert len(g.members("macro:east")) == 10


def test_groups_resolve_to_member_provinces():
    g = gazetteer()
    assert g.get("group:hubaoe").members == ("150100", "150200", "150600")
    assert g.members("group:hubaoe") == ["150000"]
    assert g.province_of("group:hubaoe") == "150000"
    assert g.members("group:chengyu") == ["500000", "510000"]
    assert g.members("group:minning") == ["350000", "640000"]
    assert g.province_of("group:chengyu") is None
    assert set(g.members("group:yellow-river")) == {"630000", "510000", "620000", "640000", "150000", "610000",
                                                    "140000", "410000", "370000"}
    assert g.lookup("粤港澳大湾区")[0].code == "group:gba"


def test_zones_have_province_and_parent():
    g = gazetteer()
    z = g.get("zone:chengdu-science-city")
    assert (z.level, z.province, z.parent) == ("zone", "510000", "510100")
    assert g.lookup("Zhongguancun")[0].province == "110000"
    assert g.lookup("China (Mianyang) Science and Technology City")[0].province == "510000"
    assert g.lookup("两江协同创新区")[0].province == "500000"
    assert g.lookup("雄安新区")[0].province == "130000"


def test_lookup_is_case_accent_and_script_insensitive():
    g = gazetteer()
    assert g.lookup("URUMQI")[0].code == g.lookup("ürümqi")[0].code == "650100"
    assert g.lookup("mongolie interieure")[0].code == "150000"
    assert g.lookup("內蒙古")[0].code == "150000"
    assert g.lookup("寧夏")[0].code == "640000"
    assert g.lookup("廣東")[0].code == "440000"


def test_short_names_resolve_in_lookup():
    g = gazetteer()
    for short, code in [("青", "630000"), ("宁", "640000"), ("蒙", "150000"), ("黔", "520000"), ("滇", "530000"),
                        ("藏", "540000"), ("疆", "650000"), ("陇", "620000"), ("闽", "350000"), ("沪", "310000"),
                        ("渝", "500000"), ("蜀", "510000"), ("粤", "440000"), ("秦", "610000"), ("琼", "460000")]:
        assert g.lookup(short)[0].code == code, short


def test_higher_level_first_on_ties():
    g = gazetteer()
    codes = [r.code for r in g.lookup("Hainan")]
    assert codes[0] == "460000"
    assert "632500" in codes
    assert g.lookup("吉林")[0].code == "220000"


def test_as_match_shape():
    m = gazetteer().get("630000").as_match()
    assert m == {"code": "630000", "province": "630000", "level": "province", "name_zh": "青海省",
                 "name_en": "Qinghai", "macro_region": "west", "parent": None}
    assert isinstance(gazetteer().get("630000"), RegionInfo)


def test_names_in_four_languages_for_provinces():
    g = gazetteer()
    for p in g.provinces():
        assert p.names.get("zh") and p.names.get("en") and p.names.get("fr") and p.names.get("de"), p.code
    assert "Pékin" in g.get("110000").names["fr"]
    assert "Peking" in g.get("110000").names["de"]


def test_codes_fit_the_region_table():
    for r in gazetteer().all():
        assert len(r.code) <= 32 and len(r.level) <= 16 and len(r.name_zh) <= 200, r.code


def test_lookup_of_a_longer_name_returns_the_most_specific_place_first():
    g = gazetteer()
    assert [r.code for r in g.lookup("青海省格尔木市")][:2] == ["632801", "630000"]
    assert g.lookup("Golmud, Qinghai")[0].code == "632801"


def test_lookup_tolerates_near_spellings():
    g = gazetteer()
    assert g.lookup("Chuxoing")[0].code == "532300"
    assert g.lookup("Urumchy")[0].code == "650100"
    assert g.lookup("Qz") == []


def test_zones_have_names_in_four_languages():
    g = gazetteer()
    for r in g.all():
        if r.level == "zone" and r.kind in ("nidz", "new_area", "hitech", "science_city"):
            assert all(r.names.get(lang) for lang in ("zh", "en", "fr", "de")), r.code


def test_resolve_takes_whole_names_only_so_data_is_never_filed_under_a_near_miss():
    gaz = gazetteer()
    assert gaz.resolve("青海").code == "630000"
    assert gaz.resolve("四 川").code == "510000"  # yearbooks pad two-character names
    assert gaz.resolve("Mongolie intérieure").code == "150000"
    assert gaz.resolve("630000.0").code == "630000"  # a code read from a spreadsheet as a number
    assert gaz.resolve("China") is None  # lookup() would offer "China (Mianyang) Science City"
    assert gaz.resolve("Urumchy") is None  # lookup() would offer Ürümqi by near spelling
    assert gaz.lookup("Urumchy")[0].code == "650100"
