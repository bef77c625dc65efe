"""Traditional → simplified folding that keeps every offset.

Method. The character fold is the reference's (`coopwatch.reference.fold.fold_traditional`:
OpenCC t2s applied to single characters, a conversion kept only when it is one character long),
so the parser and the matcher fold alike and a span found in the folded text is the same span
in the original. `mainland_wording` does the same for Taiwan wording in names (資訊 → 信息),
keeping the length.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coopwatch.reference.fold import fold_traditional, t2s_table

__all__ = ["fold_traditional", "traditional_share", "mainland_wording"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def traditional_share(text: str) -> float:
    """Share of CJK characters that change under folding (0 for simplified text)."""
    cjk = _CJK.findall(text[:200_000])
    if not cjk:
        return 0.0
    table = t2s_table()
    return sum(1 for c in cjk if ord(c) in table) / len(cjk)


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
