"""What an observation's note says about its value: flags recognised in the free-text `note`
of an observation file (en or zh), kept with the value wherever it goes (`Value.flags`,
`observations list|history`, the targets).

    lower_bound    the source gives a floor: "lower bound", "at least", "exceeded", 突破, 超过,
                   不低于, 不少于, 以上 (the true value may be higher)
    upper_bound    the source gives a ceiling: "upper bound", "at most", 不足, 不到, 不超过, 以下
    snapshot       not the year-end value: "snapshot", "not year-end", "as of end-November", 年中
    inferred_year  the reference year is inferred, not stated: "year inferred", "inferred year"
    rounded        rounded in the source: "rounded" ("1.8万")
    mirror_copy    read on a copy of the named original: "mirror"

A bound changes how the progress measure may use the value (`attainment`); the other flags
are information for the reader. A value computed from flagged inputs (a sum over a group's
members) carries their flags: a sum with a lower-bound term is a lower bound; a ratio whose
denominator is a lower bound is an upper bound.
"""

from __future__ import annotations

import re

LOWER, UPPER = "lower_bound", "upper_bound"
BOUNDS = (LOWER, UPPER)

# The upper-bound words are tried first: 不超过 ("not more than") contains 超过 ("more than").
_UPPER = re.compile(r"upper[ _-]bound|\bat most\b|不超过|不足|不到|以下", re.I)
_LOWER = re.compile(r"lower[ _-]bound|\bat least\b|\bexceed(ed|s)?\b|突破|超过|不低于|不少于|以上", re.I)
_OTHER = {
    "snapshot": re.compile(r"snapshot|not (the )?year[- ]end|as of (end-|the end of )?(jan|feb|mar|apr|may|jun|jul|aug|"
                           r"sep|oct|nov)[a-z]*|\bmid-|年中|上半年", re.I),
    "inferred_year": re.compile(r"inferred[ _]year|(reference )?year (is )?inferred|year[ _]inferred|年份推断", re.I),
    "rounded": re.compile(r"\brounded\b|约数", re.I),
    "mirror_copy": re.compile(r"mirror|镜像", re.I),
}
FLAGS = (LOWER, UPPER, *_OTHER)
LABELS = {
    LOWER: {"en": "lower bound", "zh": "下限值"}, UPPER: {"en": "upper bound", "zh": "上限值"},
    "snapshot": {"en": "not year-end", "zh": "非年末数"}, "inferred_year": {"en": "year inferred", "zh": "年份系推断"},
    "rounded": {"en": "rounded", "zh": "约数"}, "mirror_copy": {"en": "mirror copy", "zh": "转载副本"},
}


def flag_label(flag: str, lang: str = "en") -> str:
    """A flag as people read it, in zh or en."""
    return LABELS.get(flag, {}).get(lang, flag)


def note_flags(note: str | None) -> tuple[str, ...]:
    """The flags a note states, in the order of FLAGS; () for no note."""
    if not note:
        return ()
    found = set()
    if _UPPER.search(note):
        found.add(UPPER)
    elif _LOWER.search(note):
        found.add(LOWER)
    found.update(flag for flag, pattern in _OTHER.items() if pattern.search(note))
    return tuple(f for f in FLAGS if f in found)


def combine_flags(parts: list[tuple[str, ...]], inverted: list[tuple[str, ...]] = ()) -> tuple[str, ...]:
    """Flags of a value computed from others: `parts` enter it as they are (summands, a
    numerator), `inverted` inversely (a denominator: its lower bound makes an upper bound)."""
    swap = {LOWER: UPPER, UPPER: LOWER}
    found = {f for flags in parts for f in flags}
    found |= {swap.get(f, f) for flags in inverted for f in flags}
    return tuple(f for f in FLAGS if f in found)


def bound_of(flags: tuple[str, ...]) -> str | None:
    """"lower" or "upper" when the value is a bound of one kind, "mixed" when it has both, else None."""
    has = [b for b in BOUNDS if b in flags]
    if not has:
        return None
    return "mixed" if len(has) > 1 else has[0].split("_")[0]
