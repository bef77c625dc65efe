"""Stage 6 of the plan pipeline: quantified goals ("by 2025, R&D intensity above 5%").

Method.
1. The text is cut into sentences (。！？； and ". " — also where a lowercase word runs into a
   capitalised "The/Le/Der…" because a period was lost) and sentences into clauses (，, ; : and
   "and"-less commas).
2. Quantities: Arabic numbers in the language's own notation ("7,000" en, "7.000" de,
   "7 000" fr, decimal commas in fr/de), Chinese numerals before a counter ("七千家", via cn2an),
   with their unit ("%", "家", "件", "亿元", "enterprises"...). Not quantities: years, ordinals
   ("19th", "第三"), document numbers ("〔2022〕25号"), denominators ("per/for/每/pour/je 10,000").
   Full-width digits (２０２５, ５％, ５．６) read as ASCII; "2.5万篇" is 25,000 papers.
3. A quantity is a target when its sentence, or an earlier sentence of the same passage,
   names a target year ("by 2025", "到2025年", "d'ici 2025", "bis 2025", or the end of a
   Five-Year Plan: "到“十四五”末", "by the end of the 14th Five-Year Plan" = 2025) and it has an
   indicator, a comparator and a unit, or a plural noun it counts ("PCT applications will
   reach 30,000": indicator null, unit the noun). "auf 10.000 Einwohner" is a denominator.
4. Indicator: the matcher's indicator spans in the clause, nearest to the number (each span
   used once); otherwise the indicator whose name shares most words (zh: character bigrams)
   with the clause, with "research and development" read as "R&D", or whose name is close to a
   stretch of it (rapidfuzz partial ratio ≥ 88: misspellings, inflections), preferring one
   whose unit fits ("%" or a count), never one of another stage (applications vs grants) or a
   per-capita ratio for a plain count; with several numbers in a clause, the words since the
   previous number first, and a name right before a later number is that number's. A growth phrase ("average annual growth", "年均增长", "croissance
   annuelle moyenne", "jährliches Wachstum") next to it selects the indicator's `*_growth`
   twin, unit "% per year"; so does a rate per year after the number ("8 % par an", "5 % pro Jahr").
5. Comparator from the words before ("more than" >, "at least" >=, "no more than" <=, "less
   than" <) or after the number ("以上", "or more" >=; "以下/以内" <=), from one table per
   language (`COMPARATORS`); none → ">=" for an indicator that should go up, "<=" for one
   that should go down.
6. Values in the indicator's unit: money in 万元/亿元/万亿元, million/billion/trillion (yuan),
   millions/milliards, Millionen/Milliarden → 100 million CNY; "1.5万" of a count → 15,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

YEAR_CONTEXT = re.compile(
    r"(?:\bby(?: the end of)?|\buntil|\bthrough|\bto|d['’]ici(?: à)?(?: la fin de)?|à l['’]horizon(?: de)?|\bbis(?: zum jahr| ende)?"
    r")\s*(?P<y>20\d\d)\b|(?<![达提增升])(?:到|至|截至|截止到)\s*(?P<z>20\d\d)\s*年", re.I)  # not "in 2022": a past figure is no goal
_ANY_YEAR = re.compile(r"20\d\d")
# The end of a Five-Year Plan as a target year: "到“十四五”末", "“十四五”期间，", "by the end of the
# 14th Five-Year Plan", "d'ici la fin du 14e plan quinquennal", "bis Ende des 14. Fünfjahresplans".
# The nth plan ends in 1955 + 5n (the 14th: 2021–2025). A title naming the plan is no target year.
_FYP_YEAR = re.compile(
    r"(?:到|至|截至|截止到)\s*[“\"「]?十(?P<a>[一二三四五六七八九])五[”\"」]?(?:规划)?(?:末|期末|时期末|结束时)?"
    r"|[“\"「]?十(?P<b>[一二三四五六七八九])五[”\"」]?(?:规划)?(?:末|期末|时期末|期间(?=[，,])|时期(?=[，,]))"
    r"|(?:\bby|\buntil|\bto|\bat)\s+the\s+end\s+of\s+the\s+(?P<c>1\d)(?:th)?\s+five[- ]year\s+plan"
    r"|\bduring\s+the\s+(?P<d>1\d)(?:th)?\s+five[- ]year\s+plan(?:\s+period)?\s*,"
    r"|d['’]ici\s+(?:à\s+)?la\s+fin\s+du\s+(?P<e>1\d)(?:e|ème)?\s+plan\s+quinquennal"
    r"|\bbis\s+(?:zum\s+)?ende\s+des\s+(?P<f>1\d)\.\s+fünfjahresplan", re.I)
_CN_DIGIT_VALUE = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
# Full-width digits and signs as ASCII (one character each: offsets hold).
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": ".", "＋": "+"})


def plan_end_year(sentence: str) -> int | None:
    """The year a Five-Year Plan named as a deadline ends in (十四五末 → 2025), else None."""
    m = _FYP_YEAR.search(sentence)
    if not m:
        return None
    g = next(v for v in m.groups() if v)
    n = 10 + _CN_DIGIT_VALUE[g] if g in _CN_DIGIT_VALUE else int(g)
    return 1955 + 5 * n if 6 <= n <= 19 else None


def ascii_digits(text: str) -> str:
    """Full-width digits, %, and decimal point as ASCII, same length."""
    return text.translate(_FULLWIDTH)
_SENT_SPLIT = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+(?=[A-ZÀ-ÖØ-Þ(\"“])|\n|"
                         r"(?<=[a-zß-ÿ%)])\s+(?=(?:The|This|These|In|By|Le|La|Les|Der|Die|Das|Im|Bis)\s)")
_CLAUSE_SPLIT = re.compile(r"[，,;；:：]\s*(?!\d{3}\b)")
_UNIT = (r"%|％|‰|percent|per cent|pour ?cent|prozent|个百分点|percentage points?|"
         r"万亿元|亿元|万元|元|亿|万|家|个|项|件|篇|所|人次|人|座|台|套|户|公里|千米|吨|"
         r"(?:billion|trillion|milliarden|milliarde|milliards|milliard|millionen|millions|million)(?:\s*(?:yuan|CNY|RMB))?|yuan")
_NUMBER = {
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
    "de": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "fr": r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
}
_CN_NUMERAL = r"[零一二三四五六七八九十百千万亿两]+(?:点[零一二三四五六七八九]+)?"
_CN_COUNTER = r"(?:%|家|个|项|件|所|人|座|亿元|万元|倍)"

# Comparators, one table per language (the only place they are written down). "before": words
# right before the number; "after": words right after it (and its unit). The longest phrase
# ending at the number wins ("no more than" over "more than"); a word after the number decides
# when the word before is none or a plain "reach" (达到80件以上, "reach 80 or more": >=).
#   zh  >  超过 高于 多于 大于 突破 逾            >= 达到 不低于 不少于 至少 力争(达到) 提高到 … ; X以上
#   en  >  more than, over, above, exceed        >= at least, no less than, reach … ; X or more
#   fr  >  plus de, supérieur à, dépasser        >= au moins, pas moins de, atteindre … ; X ou plus
#   de  >  mehr als, über, übersteigen           >= mindestens, nicht weniger als, erreichen ; X oder mehr
# No comparator: ">=" for an indicator that should go up, "<=" for one that should go down.
COMPARATORS = {
    "zh": {"before": {">": "超过|高于|多于|大于|突破|逾",
                      ">=": "不低于|不少于|至少|达到|力争达到|力争|提高到|提升到|增加到|增长到|达",
                      "<=": "不超过|不高于|不多于|控制在",
                      "<": "低于|少于|小于"},
           "after": {">=": "以上|及以上", "<=": "以下|以内"}},
    "en": {"before": {">": r"more than|over|above|exceed(?:s|ing|ed)?|greater than|higher than|in excess of|surpass\w*",
                      ">=": r"at least|no less than|not less than|no fewer than|not fewer than|a minimum of|reach(?:es|ing)?"
                            r"|strive to reach|rise to|increase to|grow to",
                      "<=": r"no more than|not more than|not exceed|at most|up to|within|a maximum of",
                      "<": r"less than|fewer than|below|under"},
           "after": {">=": r"or more|or above|and above|or higher|at least", ">": r"plus", "<=": r"or less|or below|or fewer"}},
    "fr": {"before": {">": r"plus de|supérieure? à|au-delà de|dépass\w*",
                      ">=": r"au moins|pas moins de|un minimum de|atteind\w*|atteint\w*|porter à|portée? à",
                      "<=": r"au plus|pas plus de|au maximum|jusqu['’]à",
                      "<": r"moins de|inférieure? à"},
           "after": {">=": r"ou plus|et plus|au moins", "<=": r"ou moins|au plus"}},
    "de": {"before": {">": r"mehr als|über|höher als|übersteig\w*|überschreit\w*",
                      ">=": r"mindestens|nicht weniger als|wenigstens|erreichen|auf",
                      "<=": r"höchstens|bis zu|nicht mehr als",
                      "<": r"weniger als|unter"},
           "after": {">=": r"oder mehr|und mehr|mindestens", ">": r"übersteig\w*|überschreit\w*", "<=": r"oder weniger|höchstens"}},
}
_ORDER = (">", ">=", "<=", "<")
_CURRENCY = r"(?:yuan|yuans|renminbi|rmb|元)?\s*"


@lru_cache(maxsize=None)
def _comparator_patterns(language: str):
    """(before, after) patterns of a language; a language without a table reads all four."""
    tables = [COMPARATORS[language]] if language in COMPARATORS else list(COMPARATORS.values())
    before, after = [], []
    for op in _ORDER:
        b = "|".join(t["before"][op] for t in tables if op in t["before"])
        a = "|".join(t["after"][op] for t in tables if op in t["after"])
        if b:
            before.append((op, re.compile(rf"(?:{b})\s*(?:the\s+)?$", re.I)))
        if a:
            after.append((op, re.compile(rf"^\s*{_CURRENCY}(?:{a})", re.I)))
    return before, after


GROWTH = re.compile(
    r"(?:average )?annual(?: average)? growth(?: rate)?|grow(?:s|th)?(?: rate)? (?:of |by )?(?:an average of )?|年均(?:增长率?|增速|递增)|年平均增长率?"
    r"|croissance annuelle(?: moyenne)?|taux de croissance annuel(?: moyen)?|augmentation annuelle"
    r"|(?:durchschnittliche[sn]? )?jährliche[sn]? (?:durchschnittliche[sn]? )?\w*(?:wachstum(?:srate)?|zuwachs|steigerung)"
    r"|wachstum von (?:jährlich )?|jährlich (?:um )?(?:durchschnittlich )?|progress\w* (?:en moyenne )?(?:de |d['’])?|croîtr\w* (?:de |d['’])?"
    r"|augmenter\w* (?:de |d['’])?", re.I)
# A rate stated per year after the number ("8 % par an", "5 % pro Jahr", "5% a year") is a growth rate.
GROWTH_AFTER = re.compile(r"^\s*(?:par an|pro jahr|im jahr|jährlich|per year|per annum|a year|annually|each year|every year"
                          r"|chaque année|l['’]an)\b", re.I)
# "per 10,000 people", "auf 10.000 Einwohner", "pour 10 000 habitants": a denominator, not a goal
_POPULATION_AFTER = re.compile(r"^\s*(?:einwohner|habitants|inhabitants|people|persons|residents|population|人口|人)", re.I)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th|e|er|ème|ieme|届|次|号|条|章|款|级|期|代|批|轮|五|-year|\s*-\s*year)", re.I)
_DENOMINATOR_BEFORE = re.compile(r"(?:\b(?:per|for each|for every|for|every|each|pour|par|je|pro)|每|万人口?)\s*$", re.I)
_DOCNUMBER_BEFORE = re.compile(r"(?:第|No\.?|Nr\.?|n°|〔|\[)\s*$")
_R_AND_D = re.compile(r"research and (?:experimental )?development|recherche(?: et |-)développement|forschung und entwicklung", re.I)
_STOP = set("the of and in for a an to as at on by per from with its de la le les des du et en pour à der die das und des im am zum zur für von".split())


@dataclass
class Quantity:
    value: float
    unit: str
    start: int
    end: int


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets."""
    out, pos = [], 0
    for m in _SENT_SPLIT.finditer(text):
        if m.start() > pos:
            out.append((pos, text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return [(o, s) for o, s in out if s.strip()]


def parse_number(raw: str, language: str) -> float | None:
    """A number as written in `language` ("7,000" en, "7.000" de, "7 000" / "5,5" fr)."""
    s = raw.strip()
    if language in ("de", "fr"):
        s = re.sub(r"[\u00a0\u202f ]", "", s)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
            s = s.replace(".", "")
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def find_quantities(sentence: str, language: str) -> list[Quantity]:
    """Numbers with units that can be goals (not years, ordinals, document numbers, denominators)."""
    number = _NUMBER.get(language, _NUMBER["en"])
    out = []
    pattern = re.compile(rf"(?<![A-Za-z0-9_.,])(?P<num>{number})(?!\d)\s*(?P<unit>{_UNIT})?", re.I)
    for m in pattern.finditer(sentence):
        raw, unit = m.group("num"), (m.group("unit") or "").strip()
        value = parse_number(raw, language)
        if value is None:
            continue
        after = sentence[m.end("num"):m.end("num") + 6]
        before = sentence[max(0, m.start() - 12):m.start()]
        if re.fullmatch(r"(?:19|20)\d\d", raw) and unit in ("", "年") and not re.match(r"\s*(?:年)?\s*(?:家|个|项|件)", after) \
                and not _strict_comparator_before(sentence[max(0, m.start() - 30):m.start()], language):
            continue  # a year; but "über 2000", "more than 2000" is a count
        if _ORDINAL_AFTER.match(sentence[m.end("num"):]) or re.match(r"\s*年", after):
            continue
        if _DOCNUMBER_BEFORE.search(before[-3:] if before else "") or _DENOMINATOR_BEFORE.search(before):
            continue
        if value in (100, 1000, 10000, 100000, 1000000) and not unit and _POPULATION_AFTER.match(sentence[m.end("num"):]):
            continue  # "auf 10.000 Einwohner": per so many people
        if re.match(r"\s*[-–]\s*[A-Za-z]", sentence[m.end():m.end() + 3]) and not unit:
            continue  # "5-year", "two-way"
        end = m.end()
        counter = re.match(r"[篇件家个项人所座台套户次名]", sentence[end:end + 1])
        if unit in ("万", "亿") and counter:  # "2.5万篇" = 25,000 papers: the multiplier applies
            value, unit, end = value * (1e4 if unit == "万" else 1e8), counter.group(0), end + 1
        out.append(Quantity(value, unit, m.start(), end))
    for m in re.finditer(rf"(?P<num>{_CN_NUMERAL})\s*(?P<unit>{_CN_COUNTER})", sentence):
        if sentence[max(0, m.start() - 1):m.start()] == "第":
            continue
        try:
            import cn2an

            value = float(cn2an.cn2an(m.group("num"), "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            continue
        if not any(q.start <= m.start() < q.end for q in out):
            out.append(Quantity(value, m.group("unit"), m.start(), m.end()))
    return sorted(out, key=lambda q: q.start)


def _strict_comparator_before(before: str, language: str) -> bool:
    """A number right after "more than", "über", "超过", "moins de"… is a quantity, not a year."""
    before_rx, _ = _comparator_patterns(language if language in COMPARATORS else "")
    return any(op in (">", "<") and rx.search(re.sub(r"\s+", " ", before)) for op, rx in before_rx)


def comparator_for(sentence: str, q: Quantity, clause_start: int, language: str = "") -> str | None:
    """The comparator of quantity `q` from the language's table (`COMPARATORS`)."""
    before_rx, after_rx = _comparator_patterns(language if language in COMPARATORS else "")
    before = sentence[max(clause_start, q.start - 30):q.start]
    before = re.sub(r"\s+", " ", before)
    # the longest phrase ending at the number wins: "no more than" over "more than"
    found = [(m.start(), op) for op, rx in before_rx for m in [rx.search(before)] if m]
    op_before = min(found)[1] if found else None
    op_after = next((op for op, rx in after_rx if rx.match(sentence[q.end:q.end + 20])), None)
    # "达到80件以上", "reach 80 or more": the word after the number is the more specific one
    if op_after and op_before in (None, ">="):
        return op_after
    return op_before


def target_year(sentence: str) -> int | None:
    sentence = ascii_digits(sentence)
    if not _ANY_YEAR.search(sentence):
        return plan_end_year(sentence) if ("五" in sentence or "ive" in sentence or "ünf" in sentence
                                           or "quinquennal" in sentence) else None
    m = YEAR_CONTEXT.search(sentence)
    return int(m.group("y") or m.group("z")) if m else plan_end_year(sentence)


def find_targets(text: str, language: str, regions: list[str] | None = None, year: int | None = None) -> list[dict]:
    """Every quantified goal in `text` (a passage: an item's text or a paragraph).

    `year` is the target year of the enclosing goal, inherited when no sentence names one.
    Stages, per sentence: its target year → its quantities → per clause, each quantity's
    indicator (`_clause_targets`) → per quantity, its comparator, unit and value
    (`_quantity_target`); then duplicates dropped."""
    from coopwatch.text.entities import find_spans
    from coopwatch.text.variants import fold_traditional

    targets: list[dict] = []
    current_year = year
    for offset, original in split_sentences(text):
        sentence = ascii_digits(fold_traditional(original))  # same length: 超過 reads as 超过, ５％ as 5%
        current_year = target_year(sentence) or current_year
        if current_year is None:
            continue
        quantities = find_quantities(sentence, language)
        if not quantities:
            continue
        spans = [s for s in find_spans(original, kinds=("indicator",))]
        for clause_start, clause in _clauses(sentence):
            for found in _clause_targets(sentence, clause_start, clause, quantities, spans, language):
                targets.append(dict(found, year=current_year, regions=list(regions or []), text=original.strip()))
    return _dedupe(targets)


def _clause_targets(sentence: str, clause_start: int, clause: str, quantities: list[Quantity], spans,
                    language: str) -> list[dict]:
    """The goals of one clause: its quantities paired with the indicator spans in it (`_pair`),
    else with an indicator named by its words (`_fuzzy_indicator`); indicator, comparator,
    value and unit of each."""
    clause_end = clause_start + len(clause)
    qs = [q for q in quantities if clause_start <= q.start < clause_end]
    if not qs:
        return []
    cspans = [s for s in spans if s.start >= clause_start and s.end <= clause_end]
    growths = {id(q): _growth_near(sentence, q, clause_start) for q in qs}
    pairs = _pair(qs, cspans, growths)
    out = []
    for k, q in enumerate(qs):
        indicator = pairs.get(id(q))
        growth = growths[id(q)]
        if indicator is None and len(qs) > 1:
            # several goals in one clause ("… soll um 8 % wachsen und das Volumen … um 5 %"):
            # the words since the previous number name this one's indicator first
            since = qs[k - 1].end if k else clause_start
            indicator = _fuzzy_indicator(sentence[since:q.end], q, growth)
        if indicator is None:
            indicator = _fuzzy_indicator(clause, q, growth)
        found = _quantity_target(sentence, clause_start, q, indicator, growth, language)
        if found is not None:
            out.append(found)
    return out


def _quantity_target(sentence: str, clause_start: int, q: Quantity, indicator: str | None, growth: bool,
                     language: str) -> dict | None:
    """Indicator, comparator, value and unit of the goal quantity `q` states, or None when `q`
    is no goal (a bare number counting nothing, a small number with neither indicator nor
    comparator, a count next to a percentage indicator)."""
    op = comparator_for(sentence, q, clause_start, language)
    if indicator is None and not q.unit:
        # "PCT applications will reach 30,000", "25,000 papers will be co-authored":
        # a count of something named by a plural noun is a goal without an id
        noun = _counted_noun(sentence, q, clause_start, bool(op))
        if noun is None:
            return None
        q = Quantity(q.value, noun, q.start, q.end)
    if indicator is None and op is None and q.value < 100:
        return None
    info = indicator_info(indicator) if indicator else None
    if indicator and growth:
        twin = indicator if indicator.endswith("_growth") else indicator + "_growth"
        if indicator_info(twin):
            indicator, info = twin, indicator_info(twin)
    if info and info.get("kind") in ("ratio", "growth") and q.unit not in ("%", "％", "percent", "per cent", "prozent", "pour cent", "") \
            and info.get("unit", "").startswith("%"):
        return None  # a count next to a percentage indicator: not this indicator's value
    unit = info["unit"] if info else (q.unit or "")
    if info:
        q = Quantity(_in_unit(q.value, q.unit, info["unit"]), q.unit, q.start, q.end)
    if op is None:
        op = "<=" if info and info.get("direction") == "down" else ">="
    return {"indicator": indicator, "comparator": op, "value": _num(q.value), "unit": unit}


_NOUN_AFTER = re.compile(r"\s*((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*[a-rt-z]s)\b(?!\s+(?:of|per|for)\b)", re.I)
_NOUN_BEFORE = re.compile(r"((?:[A-Za-z][\w-]*\s+){0,2}[a-z][\w-]*[a-rt-z]s)\s+(?:will|shall|should|to|must)\s+(?:\w+\s+){0,2}$")


def _counted_noun(sentence: str, q: Quantity, clause_start: int, has_comparator: bool) -> str | None:
    """The plural noun a bare number counts: after it ("25,000 scientific papers"), or, with a
    comparator, the subject before "will reach" ("patent transfers will exceed 15,000")."""
    m = _NOUN_AFTER.match(sentence, q.end)
    if m and not re.match(r"(?:years?|times|days|months|percent|per)\b", m.group(1), re.I):
        words = m.group(1).split()
        if not has_comparator and not re.match(r"\s+(?:will|shall|are|to be|have|should)\b", sentence[m.end():]):
            return None
        return " ".join(words[-3:])
    if has_comparator:
        m = _NOUN_BEFORE.search(sentence[clause_start:q.start])
        if m:
            return " ".join(m.group(1).split()[-3:])
    return None


# Money written in any scale, to the indicators' "100 million CNY" (亿元).
_TO_YI = {"亿元": 1, "亿": 1, "万亿元": 1e4, "万亿": 1e4, "万元": 1e-4, "billion": 10, "billion yuan": 10,
          "billion cny": 10, "billion rmb": 10, "milliard": 10, "milliards": 10, "milliarde": 10, "milliarden": 10,
          "million": 0.01, "millions": 0.01, "million yuan": 0.01, "millionen": 0.01, "trillion": 1e4, "trillion yuan": 1e4}


def _in_unit(value: float, written: str, unit: str) -> float:
    """The value in the indicator's unit when the text writes another scale of it."""
    w = re.sub(r"\s*(?:yuan|cny|rmb)$", "", re.sub(r"\s+", " ", written.lower()).strip())
    if unit == "100 million CNY" and w in _TO_YI:
        return round(value * _TO_YI[w], 6)
    if w == "万" and not unit.startswith("%") and "CNY" not in unit:
        return value * 1e4  # "1.5万家" enterprises
    return value


def _num(v: float):
    return int(v) if v == int(v) else v


def _dedupe(targets):
    seen, out = set(), []
    for t in targets:
        key = (t["indicator"], t["value"], t["year"], t["comparator"] if t["indicator"] is None else "")
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _clauses(sentence: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in _CLAUSE_SPLIT.finditer(sentence):
        out.append((pos, sentence[pos:m.start()]))
        pos = m.end()
    out.append((pos, sentence[pos:]))
    return out


_PERCENT = ("%", "％", "percent", "per cent", "prozent", "pour cent", "个百分点")


def _fits(q: Quantity, indicator: str, growth: bool) -> bool:
    """A percentage goes with a ratio or a growth rate, a count or amount with a level."""
    info = indicator_info(indicator)
    if info is None:
        return True
    if q.unit.lower() in _PERCENT:
        return info["unit"].startswith("%") or (growth and indicator_info(indicator + "_growth") is not None)
    return not info["unit"].startswith("%")


def _pair(qs: list[Quantity], spans, growths: dict) -> dict:
    """Each quantity with the nearest indicator span it fits (each span used once)."""
    cand = []
    for q in qs:
        for s in spans:
            if not _fits(q, s.id, growths[id(q)]):
                continue
            gap = s.start - q.end if s.start >= q.end else q.start - s.end
            if s.start >= q.end and any(o is not q and o.start >= s.end and not any(
                    t is not s and s.end <= t.start < o.start for t in spans) for o in qs):
                gap += 1000  # "… 8 % wachsen und das Volumen … um 5 %": the name before a number is that number's
            cand.append((max(gap, 0), id(q), s))
    cand.sort(key=lambda c: c[0])
    out, used = {}, set()
    for gap, qid, s in cand:
        if qid in out or id(s) in used:
            continue
        out[qid] = s.id
        used.add(id(s))
    return out


def _growth_near(sentence: str, q: Quantity, clause_start: int) -> bool:
    window = sentence[max(clause_start, q.start - 160):q.start]  # the clause before the number
    if GROWTH.search(window):
        return True
    return q.unit.lower() in _PERCENT and bool(GROWTH_AFTER.match(sentence[q.end:q.end + 20]))


@lru_cache(maxsize=1)
def _indicators() -> dict:
    """id -> {unit, direction, kind, names}; from the reference vocabulary."""
    from coopwatch.reference import vocabulary

    out = {}
    for entry in vocabulary("indicator"):
        out[entry.id] = {"unit": entry.extra.get("unit", ""), "direction": entry.extra.get("direction", "up"),
                         "kind": entry.extra.get("kind", ""),
                         "names": [n for names in entry.names.values() for n in names]}
    return out


def indicator_info(indicator_id: str) -> dict | None:
    return _indicators().get(indicator_id)


def _tokens(s: str) -> set[str]:
    s = _R_AND_D.sub(" r&d ", s.lower())
    words = set()
    for w in re.findall(r"[a-zà-ÿß&]+(?:-[a-zà-ÿß]+)*|\d[\d,. ]*", s):
        for part in w.split("-"):
            if len(part) > 1 and part not in _STOP:  # not the "d" of "d'affaires"
                words.add(part[:6])
    cjk = re.findall(r"[\u3400-\u9fff]+", s)
    for run in cjk:
        words.update(run[i:i + 2] for i in range(len(run) - 1))
    return words


# Stages of a count that exclude each other: a clause about applications is not about grants.
_STAGES = [re.compile(r"申请|applications?|demandes?|anmeldung", re.I),
           re.compile(r"授权|granted|grants?\b|délivr|accordés|erteilt", re.I)]


_PER = re.compile(r"\bper\b|每|万人|\bpour\b|\bje\b|\bpro\b", re.I)


def _stages(s: str) -> tuple[bool, ...]:
    return tuple(bool(rx.search(s)) for rx in _STAGES)


def _other_stage(said: tuple[bool, ...], named: tuple[bool, ...]) -> bool:
    """The clause names one stage (applications) and the indicator's name another (grants)."""
    return any(n and not s for s, n in zip(said, named)) and any(s and not n for s, n in zip(said, named))


@lru_cache(maxsize=1)
def _name_table() -> list[tuple[str, dict, list[tuple[str, set, tuple, bool]]]]:
    """Per indicator: its names with their tokens, stages and whether they are per-capita."""
    out = []
    for ind, info in _indicators().items():
        names = [(n, _tokens(n), _stages(n), bool(_PER.search(n) or _PER.search(info["unit"]))) for n in info["names"]]
        out.append((ind, info, names))
    return out


def _fuzzy_indicator(clause: str, q: Quantity, growth: bool = False) -> str | None:
    """The indicator whose name shares most words with the clause (see step 4)."""
    from rapidfuzz import fuzz

    clause_tokens = _tokens(clause)
    low = clause.lower()
    percent = q.unit.lower() in _PERCENT
    said, per_clause = _stages(clause), bool(_PER.search(clause))
    best, best_score = None, 0.0
    for ind, info, names in _name_table():
        if info["kind"] == "growth":
            continue  # reached through the growth phrase from the base indicator
        fits = info["unit"].startswith("%") == percent
        if growth:
            fits = percent and (ind + "_growth") in _indicators()
        for name, nt, named, per_name in names:
            if len(nt) < 2 or _other_stage(said, named):
                continue
            if per_name and not per_clause:
                continue  # "patents per 10,000 people" is not a plain count of patents
            overlap = len(nt & clause_tokens) / len(nt)
            if overlap < 1 and len(name) >= 12:  # a misspelt or inflected name: close as a whole
                close = fuzz.partial_ratio(name.lower(), low) / 100
                overlap = max(overlap, close if close >= 0.88 else 0.0)
            score = overlap + (0.25 if fits else -0.5)
            if score > best_score:
                best, best_score = ind, score
    return best if best_score >= 0.75 else None
