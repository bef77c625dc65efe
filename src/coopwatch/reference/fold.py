"""Length-preserving text folding shared by the gazetteer lookup and the matcher.

`fold(text)` maps every character to exactly one character, so an offset into the folded text
is the same offset into the original:

- Latin: lower case, accents stripped (É -> e, ü -> u, ß stays ß), full-width ASCII -> ASCII,
  typographic apostrophes -> ASCII ("Xi’an" -> "xi'an");
- hyphens and dashes of every kind -> a space, like whitespace (newline, tab, no-break space,
  ideographic space): "Qinghai-Tibet Plateau", "Qinghai–Tibet Plateau" and "Qinghai Tibet
  Plateau" fold alike, and so do "Hong-Kong" and "Hong Kong";
- Chinese: traditional characters -> simplified, character by character (OpenCC t2s applied
  to single characters; a conversion that would change the length is not used).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_PUNCT = {
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ", "\u2015": " ",
    "\u2212": " ", "\u2e3a": " ",
    "\u201c": '"', "\u201d": '"', "\uff08": "(", "\uff09": ")",
}
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _latin_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x41, 0x5B):
        table[cp] = chr(cp + 32)
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        low = ch.lower()
        if len(low) != 1:
            low = ch
        base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
        out = base if len(base) == 1 else low
        if out != ch:
            table[cp] = out
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII
        a = chr(cp - 0xFEE0)
        table[cp] = a.lower()
    for cp in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x2002, 0x2003, 0x2009, 0x200A, 0x202F, 0x3000):
        table[cp] = " "
    table[0x130] = "i"  # İ: str.lower() would give two characters
    for k, v in _PUNCT.items():
        table[ord(k)] = v
    return table


def _t2s_table() -> dict[int, str]:
    try:
        from opencc import OpenCC
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return {}
    chars = [chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi + 1)]
    converted = OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive
        return {}
    return {ord(a): b for a, b in zip(chars, converted) if len(b) == 1 and a != b}


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """Traditional -> simplified, one character to one character (built once and kept in the
    user cache, `reference.cache`)."""
    from coopwatch.reference.cache import load_or_build

    return load_or_build("t2s", _t2s_table)


def fold_traditional(text: str) -> str:
    """Only the Chinese part of `fold`: traditional characters to simplified, same length."""
    return text.translate(t2s_table())


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    table = dict(t2s_table())
    table.update(_latin_table())
    return table


def fold(text: str) -> str:
    """Fold `text` for matching; the result has exactly the length of `text`."""
    if text.isascii():
        return text.lower().translate(_ASCII_WS)
    return text.translate(fold_table())


_ASCII_WS = {0x09: " ", 0x0A: " ", 0x0B: " ", 0x0C: " ", 0x0D: " ", 0x60: "'", 0x2D: " "}


def is_word_char(ch: str) -> bool:
    """A character that continues a Latin-script word (letters, digits; not CJK)."""
    return ch.isalnum() and ord(ch) < 0x2E80


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES) or 0x20000 <= cp <= 0x2FFFF
