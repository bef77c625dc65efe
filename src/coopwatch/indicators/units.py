"""The one unit table: every unit an observation file may use, with its dimension and its size
relative to the dimension's base unit, so that any value converts to its indicator's unit.

Bases: money in yuan, shares in percent, people in persons, counts in items, density in "per
10,000 people", growth in percent per year, labour in person-years. A value in unit `a` is
`value * factor(a) / factor(b)` in unit `b` of the same dimension; units of different
dimensions never convert (a yuan figure is not a percentage).
"""

from __future__ import annotations

import re

from coopwatch.errors import InputError

MONEY, SHARE, PERSONS, COUNT, DENSITY, GROWTH, LABOUR = (
    "money", "share", "persons", "count", "per_10k_people", "growth", "labour")

_TABLE: dict[str, tuple[str, float, tuple[str, ...]]] = {
    # name: (dimension, factor to base, aliases)
    "yuan": (MONEY, 1.0, ("元", "cny", "rmb", "rmb yuan", "人民币元")),
    "1000 yuan": (MONEY, 1e3, ("千元", "thousand yuan", "thousand cny", "1000 cny", "10^3 cny")),
    "10 thousand yuan": (MONEY, 1e4, ("万元", "10k yuan", "10k cny", "10 thousand cny", "10,000 yuan",
                                      "10,000 cny", "10000 yuan", "10000 cny", "10^4 cny", "10^4 yuan",
                                      "ten thousand yuan", "ten thousand cny")),
    "million yuan": (MONEY, 1e6, ("百万元", "million cny", "cny million", "rmb million", "million rmb",
                                  "mn yuan", "mn cny", "10^6 cny")),
    "10 million yuan": (MONEY, 1e7, ("千万元", "10 million cny")),
    "100 million yuan": (MONEY, 1e8, ("亿元", "100 million cny", "100 million rmb", "10^8 cny", "10^8 yuan",
                                      "hundred million yuan", "hundred million cny", "100m cny", "100m yuan")),
    "billion yuan": (MONEY, 1e9, ("十亿元", "billion cny", "cny billion", "rmb billion", "billion rmb",
                                  "bn yuan", "bn cny", "10^9 cny")),
    "trillion yuan": (MONEY, 1e12, ("万亿元", "trillion cny", "cny trillion")),
    "%": (SHARE, 1.0, ("percent", "per cent", "pct", "% of gdp", "percent of gdp", "百分比", "％")),
    "‰": (SHARE, 0.1, ("per mille", "permille", "per mil", "‰ of gdp")),
    "fraction": (SHARE, 100.0, ("ratio", "share")),
    "persons": (PERSONS, 1.0, ("人", "person", "people", "inhabitants")),
    "10 thousand persons": (PERSONS, 1e4, ("万人", "10k persons", "10k people", "10,000 persons",
                                           "10,000 people", "10 thousand people", "ten thousand persons")),
    "million persons": (PERSONS, 1e6, ("百万人", "million people", "mn persons")),
    "100 million persons": (PERSONS, 1e8, ("亿人",)),
    "items": (COUNT, 1.0, ("patents", "enterprises", "件", "家", "个", "项", "户", "number", "count",
                           "firms", "units", "contracts")),
    "10 thousand items": (COUNT, 1e4, ("万件", "万家", "万个", "万项", "10 thousand patents",
                                       "10 thousand enterprises")),
    "per 10,000 people": (DENSITY, 1.0, ("per 10k people", "per 10000 people", "per 10 thousand people",
                                         "per 10,000 population", "件/万人", "每万人", "件每万人",
                                         "per 10k population")),
    "per 100,000 people": (DENSITY, 0.1, ("per 100k people", "per 100000 people", "件/十万人", "每十万人")),
    "per million people": (DENSITY, 0.01, ("per 1m people", "件/百万人", "每百万人")),
    "% per year": (GROWTH, 1.0, ("%/year", "% a year", "% per annum", "% p.a.", "%/yr", "percent per year",
                                 "annual %", "年均%", "%/年")),
    "person-years": (LABOUR, 1.0, ("人年", "man-years", "person years", "fte", "person-year")),
    "10 thousand person-years": (LABOUR, 1e4, ("万人年", "10k person-years")),
}

_LOOKUP: dict[str, tuple[str, float]] = {}
for _name, (_dim, _factor, _aliases) in _TABLE.items():
    for _alias in (_name, *_aliases):
        _LOOKUP[_alias] = (_dim, _factor)


def normalise_unit(text: str) -> str:
    """Lower case, one space between words, full-width brackets and spaces made plain."""
    text = str(text).strip().replace("（", "(").replace("）", ")").replace("\u3000", " ").lower()
    text = re.sub(r"\s+", " ", text)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


# Units that name what is counted before the denominator ("invention patents per 10,000
# population"): matched on their ending.
_PER_PEOPLE = re.compile(r"(?:per|/|每)\s*(10,000|10 000|10000|10k|ten thousand|万|100,000|100000|100k|十万|million|百万)"
                         r"\s*(?:people|population|persons|inhabitants|人口|人)?$")
_PER_PEOPLE_FACTOR = {"10,000": 1.0, "10 000": 1.0, "10000": 1.0, "10k": 1.0, "ten thousand": 1.0, "万": 1.0,
                      "100,000": 0.1, "100000": 0.1, "100k": 0.1, "十万": 0.1, "million": 0.01, "百万": 0.01}


def unit_info(unit: str) -> tuple[str, float] | None:
    """(dimension, factor to the dimension's base) of a unit, or None when it is not known."""
    text = normalise_unit(unit)
    found = _LOOKUP.get(text)
    if found is None:
        m = _PER_PEOPLE.search(text)
        if m:
            found = (DENSITY, _PER_PEOPLE_FACTOR[m.group(1)])
    return found


def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """The number to multiply a value in `from_unit` by to express it in `to_unit`; None when
    either unit is unknown or the two measure different things."""
    a, b = unit_info(from_unit), unit_info(to_unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    return a[1] / b[1]


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit`; InputError when they do not convert."""
    factor = conversion_factor(from_unit, to_unit)
    if factor is None:
        raise InputError(f"unit {from_unit!r} does not convert to {to_unit!r}")
    return value * factor


# Units as a Chinese reader writes them after a number. Counted things keep their measure word.
_ZH_UNITS = {"yuan": "元", "1000 yuan": "千元", "10 thousand yuan": "万元", "million yuan": "百万元",
             "10 million yuan": "千万元", "100 million yuan": "亿元", "billion yuan": "十亿元",
             "trillion yuan": "万亿元", "%": "%", "‰": "‰", "fraction": "", "persons": "人",
             "10 thousand persons": "万人", "million persons": "百万人", "100 million persons": "亿人",
             "items": "个", "10 thousand items": "万个", "per 10,000 people": "/万人", "per 100,000 people": "/十万人",
             "per million people": "/百万人", "% per year": "%", "person-years": "人年",
             "10 thousand person-years": "万人年"}
_ZH_COUNTED = {"patents": "件", "enterprises": "家", "firms": "家", "contracts": "项", "projects": "项"}


def unit_label(unit: str | None, lang: str = "en") -> str:
    """A unit as written after a number in `lang`: the plan's or table's own words in English,
    the Chinese unit in Chinese (亿元, 万人, 件); an unknown unit as it was given."""
    if not unit:
        return ""
    if lang != "zh":
        return unit
    text = normalise_unit(unit)
    if text in _ZH_COUNTED:
        return _ZH_COUNTED[text]
    if re.search(r"[\u4e00-\u9fff]", text):
        return unit
    for name, (_dim, _factor, aliases) in _TABLE.items():
        if text == name or text in aliases:
            return _ZH_UNITS.get(name, unit)
    m = _PER_PEOPLE.search(text)
    if m:
        return {1.0: "/万人", 0.1: "/十万人", 0.01: "/百万人"}[_PER_PEOPLE_FACTOR[m.group(1)]]
    return unit


def known_units() -> list[str]:
    return sorted(_TABLE)
