"""Facts of a news or evidence text: money amounts in yuan, dates and counts.

Places, regions, agencies and domains come from the one reference matcher (see `linking.py`);
this module reads only numbers and the words around them.

Money amounts are normalised to a number of CNY:

* Chinese: ``1.2亿元``, ``二十亿元``, ``3,000萬元``, ``五亿六千万元``, ``8000万元``; an amount in
  亿/万 without 元 (``十二亿``) counts only right after a money word (投资, 资金, 投入 ...), so
  ``3.2万亩`` or ``30万吨`` are not money.
* Western languages: a number, an optional multiplier (million/m/mn, billion/bn, Mio., Mrd.,
  Millionen, Milliarden, millions, milliard(s)) and a currency word (yuan, yuans, RMB, CNY,
  renminbi, ¥) on either side: ``2.5 billion yuan``, ``RMB 80m``, ``3,6 Mrd. Yuan``,
  ``450 millions de yuans``, ``1,2 milliard de yuans``; hyphenated compounds
  (``98-million-yuan``); small numbers in words before a multiplier (``two billion yuan``,
  ``deux milliards de yuans``, ``zwei Milliarden Yuan``).
* Full-width digits and decimal point (``５．６亿元``) read as ASCII.
* The same sum stated twice (a bilingual item) is listed once.
* Decimal comma: in French and German text ``1,2`` is 1.2 and ``3.000`` is 3000; elsewhere a
  comma followed by exactly three digits groups thousands. German and French ``Billion`` /
  ``billion`` mean 10^12, English ``billion`` 10^9.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

# --- numbers ---------------------------------------------------------------------------------

_CN_DIGITS = "零〇一二两兩三四五六七八九十百千"
_TRADITIONAL = str.maketrans({"萬": "万", "億": "亿", "兩": "两", "圓": "元", "圆": "元"})

# Multipliers of western languages; lower-cased, trailing dot stripped. Values for "billion"
# depend on the language (long scale in fr/de).
_WESTERN_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "tausend": 1e3, "mille": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6, "mio": 1e6,
    "millionen": 1e6, "mill": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9, "billions": 1e9, "mrd": 1e9, "milliarde": 1e9,
    "milliarden": 1e9, "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9,
    "trillion": 1e12, "trillions": 1e12, "billionen": 1e12,
}
_LONG_SCALE = {"billion": 1e12, "billions": 1e12}

# Small numbers written as words before a multiplier ("two billion yuan", "deux milliards de
# yuans", "zwei Milliarden Yuan"); a number word alone is never an amount.
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "twenty": 20, "fifty": 50, "hundred": 100,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "douze": 12, "vingt": 20, "cent": 100,
    "ein": 1, "eine": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12, "zwanzig": 20, "hundert": 100,
}
_NUMBER_WORD_RE = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# full-width digits and decimal point (５．６亿元) read as ASCII; one character for one, so offsets hold
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": "."})

_MULT_RE = (r"(?:thousand|tausend|mille|millions?|millionen|mio\.?|mln\.?|mill\.?|mn|m|"
            r"billions?|billionen|bn|b|mrd\.?|milliarden?|milliards?|mds?\.?|trillions?|k)")
_CURRENCY_RE = r"(?:yuans?|renminbi|rmb|cny|¥|元)"
_NUM_RE = r"\d[\d.,\u00a0\u202f ]*\d|\d"

# currency after the number: "450 millions de yuans", "2.5 billion yuan", "3,6 Mrd. Yuan"
_AMOUNT_AFTER = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM_RE}|(?:{_NUMBER_WORD_RE})(?=[\s-]+{_MULT_RE}))(?:\s*|-)(?P<mult>{_MULT_RE})?"
    rf"(?:\s+(?:de|d'|of))?(?:\s*|-)(?P<cur>{_CURRENCY_RE})(?![a-z])",
    re.IGNORECASE)
# currency before the number: "RMB 80m", "CNY 1.2 billion", "¥300 million"
_AMOUNT_BEFORE = re.compile(
    rf"(?<![a-z])(?P<cur>rmb|cny|¥|yuan)\s*(?P<num>{_NUM_RE})\s*(?P<mult>{_MULT_RE})?(?![a-z])",
    re.IGNORECASE)
# Chinese: arabic or Chinese numerals with 万/亿 and 元 (or a money word before it)
_CN_NUMBER = rf"(?:\d[\d.,]*\d|\d|[{_CN_DIGITS}]+)"
_CN_AMOUNT = re.compile(
    rf"(?P<num>{_CN_NUMBER}(?:[万亿]{_CN_NUMBER}?)*[万亿]?)(?P<unit>[万亿]?)(?P<yuan>(?:人民币)?元|块钱)?")
_CN_MONEY_WORDS = re.compile(r"(?:投资|资金|投入|金额|交易额|融资|拨款|收入|营收|利润|净利|产值|经费|"
                             r"签约|合同|规模|总额|总计|合计|达|约|人民币|预算|补贴|奖励|基金)\s*$")


def _western_number(raw: str, lang: str | None) -> float | None:
    s = raw.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if s.lower() in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[s.lower()])
    decimal_comma = lang in ("fr", "de", "es", "it", "pt", "ru", "nl")
    if decimal_comma:
        s = s.replace(" ", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s):
            s = s.replace(".", "")
        s = s.replace(",", ".")
    else:
        if " " in s and not re.fullmatch(r"\d{1,3}( \d{3})+", s):
            return None  # "2 500" is a number, "2019 3" is two
        s = s.replace(" ", "")
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
            s = s.replace(",", "")
        elif re.fullmatch(r"\d+,\d+", s):
            s = s.replace(",", ".")  # "1,2" outside fr/de is still most likely a decimal
    try:
        return float(s)
    except ValueError:
        return None


def written_number(text: str) -> float | None:
    """A number written with arabic digits, Chinese numerals or both (``五亿六千万``, ``1.2亿``)."""
    import cn2an

    s = text.translate(_TRADITIONAL).replace(",", "").replace("，", "")
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return float(s)
    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


# --- amounts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Amount:
    value: float
    currency: str
    text: str
    start: int
    end: int

    def as_dict(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": value, "currency": self.currency, "text": self.text}


def _cn_amounts(text: str) -> list[Amount]:
    found = []
    t = text.translate(_TRADITIONAL).translate(_FULLWIDTH)  # one-to-one, so offsets stay valid
    for m in _CN_AMOUNT.finditer(t):
        whole = m.group(0)
        num = m.group("num")
        if not num or not (m.group("yuan") or re.search("[万亿]", num)):
            continue
        if m.group("yuan") is None:
            # 十二亿 without 元: money only after a money word; 3.2万亩, 30万吨 are not money
            after = t[m.end():m.end() + 1]
            if after and re.match(r"[\u4e00-\u9fff]", after) and after not in "，。、；的":
                continue
            if not _CN_MONEY_WORDS.search(t[max(0, m.start() - 8):m.start()]):
                continue
        if re.fullmatch(rf"[{_CN_DIGITS}]", num) and not m.group("yuan"):
            continue
        value = written_number(num)
        if value is None or value <= 0:
            continue
        # a lone Chinese numeral before 元 is usually part of a word (单元, 一元化); need a digit or 万/亿
        if m.group("yuan") and not re.search(r"[\d万亿十百千]", num):
            continue
        end = m.start() + len(whole.rstrip())
        found.append(Amount(value, "CNY", text[m.start():end], m.start(), end))
    return found


def _western_amounts(text: str, lang: str | None) -> list[Amount]:
    found = []
    t = text.translate(_FULLWIDTH)
    for pattern in (_AMOUNT_AFTER, _AMOUNT_BEFORE):
        for m in pattern.finditer(t):
            if m.group("cur") == "元":
                continue  # Chinese forms are read by _cn_amounts
            value = _western_number(m.group("num"), lang)
            if value is None:
                continue
            mult = (m.group("mult") or "").lower().rstrip(".")
            if mult:
                factor = (_LONG_SCALE.get(mult) if lang in ("fr", "de") else None) or _WESTERN_MULTIPLIERS.get(mult)
                if factor is None:
                    continue
                value *= factor
            if value <= 0:
                continue
            found.append(Amount(round(value, 2), "CNY", text[m.start():m.end()].strip(), m.start(), m.end()))
    return found


def extract_amounts(text: str, lang: str | None = None) -> list[Amount]:
    """Every money amount in yuan, in text order, each once (overlapping readings keep the longest)."""
    candidates = _cn_amounts(text) + _western_amounts(text, lang)
    candidates.sort(key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[Amount] = []
    for a in candidates:
        if kept and a.start < kept[-1].end:
            if a.end - a.start > kept[-1].end - kept[-1].start:
                kept[-1] = a
            continue
        kept.append(a)
    # the same sum stated twice (a bilingual item: "5.6亿元 (560 million yuan)") is one amount
    out: list[Amount] = []
    for a in kept:
        if not any(abs(a.value - b.value) <= 1e-9 * max(a.value, 1.0) for b in out):
            out.append(a)
    return out


# --- dates -----------------------------------------------------------------------------------

_CN_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?")
_ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
# "March 4, 2022", "4 mars 2022", "4. März 2022", "Mar 4, 2022": checked by dateparser
_WORD_DATE = re.compile(r"(?:\b\d{1,2}\.?\s+[^\W\d_]{3,10}\.?\s+(?:19|20)\d{2}\b|"
                        r"\b[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+(?:19|20)\d{2}\b)")


@dataclass(frozen=True)
class DateFact:
    date: dt.date
    text: str
    start: int

    def as_dict(self) -> dict:
        return {"date": self.date.isoformat(), "text": self.text}


@lru_cache(maxsize=4096)
def _parse_word_date(s: str, lang: str | None) -> dt.date | None:
    import dateparser

    langs = [lang] if lang and lang != "zh" else None
    try:
        parsed = dateparser.parse(s, languages=langs, settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises several types on odd input; a non-date is just skipped
        return None
    return parsed.date() if parsed else None


def extract_dates(text: str, lang: str | None = None) -> list[DateFact]:
    """Full dates written in the text (Chinese 年月日, ISO, and month-name dates in any language)."""
    found: dict[int, DateFact] = {}
    for pattern in (_CN_DATE, _ISO_DATE):
        for m in pattern.finditer(text):
            try:
                d = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d") or 1))
            except ValueError:
                continue
            found.setdefault(m.start(), DateFact(d, m.group(0), m.start()))
    for m in _WORD_DATE.finditer(text):
        if any(abs(m.start() - s) < 3 for s in found):
            continue
        d = _parse_word_date(m.group(0), lang)
        if d:
            found[m.start()] = DateFact(d, m.group(0), m.start())
    return [found[k] for k in sorted(found)]


# --- counts ----------------------------------------------------------------------------------

_COUNT_WESTERN = re.compile(r"(?<![\w.,])(?P<num>\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d+(?:[.,]\d+)?)\s*"
                            r"(?P<scale>million|millions|mio\.?|millionen)?\s+(?:de\s+|d')?(?P<unit>[^\W\d_]{3,})")
_COUNT_CN = re.compile(rf"(?P<num>\d+(?:\.\d+)?|[{_CN_DIGITS}]+)(?P<scale>[万亿]?)(?:多)?"
                       r"(?P<unit>个|家|名|人|位|支|项|所|批|座|处|条|种|台|套|户|次|余人|吨|亩|公里|平方公里|千米)")


def extract_counts(text: str, lang: str | None = None, amounts: list[Amount] | None = None) -> list[dict]:
    """Counted things: ``300 diplômés``, ``22支车队``, ``3.2万亩`` (money amounts and years excluded)."""
    taken = [(a.start, a.end) for a in (amounts if amounts is not None else extract_amounts(text, lang))]
    out = []

    def free(s, e):
        return not any(s < te and e > ts for ts, te in taken)

    for m in _COUNT_CN.finditer(text.translate(_TRADITIONAL)):
        if not free(m.start(), m.end()):
            continue
        value = written_number(m.group("num"))
        if value is None:
            continue
        value *= {"万": 1e4, "亿": 1e8}.get(m.group("scale"), 1)
        out.append({"value": value, "unit": m.group("unit"), "text": m.group(0)})
    if lang != "zh":
        for m in _COUNT_WESTERN.finditer(text):
            if not free(m.start(), m.end()):
                continue
            value = _western_number(m.group("num"), lang)
            if value is None or (1900 <= value <= 2100 and not m.group("scale")):
                continue
            if m.group("scale"):
                value *= 1e6
            out.append({"value": value, "unit": m.group("unit"), "text": m.group(0)})
    return out


# --- named things (regions, places, agencies, domains) ----------------------------------------

@dataclass
class NamedFacts:
    """What the reference matcher finds in a text, reduced to ids.

    regions: province codes of every named province, prefecture, county or zone (a zone or city
    counts for its province); a company's name (kind "company") is not a place, so the place
    word inside it ("Zhangjiang" in "Zhangjiang Xinke Microelectronics") adds nothing.
    places: the named places below province level, each {name, code, province}.
    place_keys: ids of named places, with their parent prefectures, landforms and groupings:
    what is compared with a plan item's places.
    """

    regions: list[str]
    places: list[dict]
    place_keys: list[str]
    agencies: list[str]
    domains: list[str]
    groups: list[str]


def _span_region(span) -> tuple[str | None, str | None]:
    code = getattr(span, "id", None)
    province = getattr(span, "province", None)
    return (str(code) if code else None), (str(province) if province else None)


def named_facts(text: str) -> NamedFacts:
    from coopwatch.reference import gazetteer, matcher
    from coopwatch.text.entities import provinces_of

    spans = matcher().find(text)
    companies = [(s.start, s.end) for s in spans if s.kind == "company"]

    def inside_company(s) -> bool:
        return any(s.start >= a and s.end <= b and (s.start, s.end) != (a, b) for a, b in companies)

    regions: list[str] = []
    places: list[dict] = []
    place_keys: list[str] = []
    agencies: list[str] = []
    domains: list[str] = []
    groups: list[str] = []
    gaz = gazetteer()

    def add(lst, value):
        if value and value not in lst:
            lst.append(value)

    for s in spans:
        if s.kind == "company" or inside_company(s):
            continue
        if s.kind in ("region", "zone"):
            code, province = _span_region(s)
            if province:
                add(regions, province)
            else:  # a zone over several provinces ("Western Science City"): each of them
                for member in gaz.members(code) if code else []:
                    add(regions, member)
            info = gaz.get(code) if code else None
            level = getattr(s, "level", None) or getattr(info, "level", None)
            if level != "province":
                if not any(p["code"] == code and p["name"] == s.text for p in places):
                    places.append({"name": s.text, "code": code, "province": province})
                add(place_keys, code)
                parent = getattr(info, "parent", None)
                while parent and parent != province:
                    add(place_keys, str(parent))
                    parent_info = gaz.get(parent)
                    parent = getattr(parent_info, "parent", None)
        elif s.kind == "landform":
            add(place_keys, str(s.id))
        elif s.kind == "agency":
            add(agencies, str(s.id))
        elif s.kind == "domain":
            add(domains, str(s.id))
        elif s.kind == "group":
            add(groups, str(s.id))
            add(place_keys, str(s.id))  # "Greater Bay Area", "Chengdu-Chongqing": compared like places
            # a pairing or city group named as one word (闽宁, 川渝, "Fujian-Ningxia",
            # "Hohhot-Baotou-Ordos") names its member provinces
            for code in provinces_of(s):
                add(regions, str(code))
    return NamedFacts(regions, places, place_keys, agencies, domains, groups)
