"""Traditional → simplified folding that keeps every offset.

Method. OpenCC's t2s converts phrases, and a phrase may change length; matching needs offsets
that still point into the original, so we convert each distinct CJK character on its own and
keep a conversion only when it is one character long. The result has exactly the length of the
input, so a span found in the folded text is the same span in the original.
`mainland_wording` does the same for Taiwan wording in names (資訊 → 信息), keeping the length.
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


@lru_cache(maxsize=1)
def _taiwan_converter():
    import opencc

    return opencc.OpenCC("tw2sp")


def mainland_wording(text: str) -> str:
    """Taiwan wording in the names of a traditional text as the mainland words, same length:
    where OpenCC's phrase conversion (tw2sp: 工業和資訊化部 → 工业和信息化部) differs from the
    character fold inside an agency's or institution's name found in the converted line, its
    characters are taken; every other character stays as written. Lines whose phrase
    conversion changes length are left alone."""
    if traditional_share(text) < 0.05:
        return text
    conv = _taiwan_converter()
    out = []
    for line in text.split("\n"):
        if not _CJK.search(line):
            out.append(line)
            continue
        phrase = conv.convert(line)
        if len(phrase) != len(line):
            out.append(line)
            continue
        chars = fold_traditional(line)
        changed = [i for i, (c, p) in enumerate(zip(chars, phrase)) if c != p]
        if not changed:
            out.append(line)
            continue
        # only inside a name the matcher knows in the converted line (an agency or institution):
        # phrase conversion also rewrites ordinary words (核心 → 内核), which must stay as written
        from coopwatch.reference import matcher

        keep = set()
        for sp in matcher().find(phrase, kinds={"agency", "institution"}):
            keep.update(i for i in changed if sp.start <= i < sp.end)
        out.append("".join(phrase[i] if i in keep else ch for i, ch in enumerate(line)) if keep else line)
    return "\n".join(out)
