"""Traditional → simplified folding that keeps every offset.

Method. OpenCC's t2s converts phrases, and a phrase may change length; matching needs offsets
that still point into the original, so we convert each distinct CJK character on its own and
keep a conversion only when it is one character long. The result has exactly the length of the
input, so a span found in the folded text is the same span in the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def fold_traditional(text: str) -> str:
    """The text with traditional characters replaced by simplified ones, same length."""
    chars = set(_CJK.findall(text))
    if not chars:
        return text
    table = {ord(c): f for c in chars if (f := _fold_char(c)) != c}
    return text.translate(table) if table else text


def traditional_share(text: str) -> float:
    """Share of CJK characters that change under folding (0 for simplified text)."""
    cjk = _CJK.findall(text[:200_000])
    if not cjk:
        return 0.0
    return sum(1 for c in cjk if _fold_char(c) != c) / len(cjk)
