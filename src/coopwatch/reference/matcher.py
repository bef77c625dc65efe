"""The one matcher: every name and alias of every vocabulary (regions, zones, groups, landforms,
macro-regions, agencies, domains, indicators, listed companies) in one Aho-Corasick automaton.

`matcher().find(text)` returns non-overlapping spans, longest match first:

- the text is folded character by character (`fold.fold`: case, accents, full-width forms,
  traditional -> simplified), so offsets into the folded text are offsets into the original;
- an alias that begins (ends) with a Latin letter or digit must not be preceded (followed) by one:
  "Hubei" is not found in "Hubeiyy", "Tibet" not in "Tibetan"; an alias written with a leading or
  trailing "*" in the data lets that side run on (German compounds: "Photovoltaik*");
- acronym-like aliases (an upper-case letter after another letter: MOST, CAS, PBoC, AI) match
  only with the same case, so "most" and "cas" in running text are not agencies;
- single Chinese characters of region names (青, 宁, 蒙 ...) are never matched in free text, nor
  the common words listed under `lookup_only` in regions.yaml (they serve `lookup()` only);
- company names and blocker phrases (kinds "company" and "word") are matched like any other
  name so that the longest match keeps the place inside them from being read; "word" spans are
  reported only when asked for.

Cost: building takes a fraction of a second and happens once per process; `find()` is one pass
of the automaton over the folded text plus a sort of the raw matches (O(n + m log m)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import ahocorasick

from coopwatch.reference.fold import fold, is_cjk, is_word_char
from coopwatch.reference.gazetteer import LEVEL_RANK, Gazetteer, blockers, gazetteer, load_yaml

KINDS = ("region", "zone", "group", "landform", "macro", "agency", "domain", "indicator", "company", "word")
# which candidate wins when several entries share one surface form
KIND_RANK = {"word": 0, "company": 1, "landform": 2, "zone": 3, "group": 4, "macro": 5, "region": 6,
             "agency": 7, "indicator": 8, "domain": 9}
DEFAULT_KINDS = frozenset(KINDS) - {"word"}
_ACRONYM = re.compile(r"[A-Za-z][A-Z]")


@dataclass(frozen=True)
class Span:
    """A name found in a text: `text == original[start:end]`."""

    start: int
    end: int
    text: str
    kind: str                 # region | zone | group | landform | macro | agency | domain | indicator | company | word
    id: str                   # region code / zone id / agency id / domain id / indicator id
    province: str | None      # for region/zone (and single-province group) spans: the province it counts for
    lang: str | None          # language of the alias that matched
    level: str | None = None  # for region kinds: province | prefecture | county

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "id": self.id,
                "province": self.province, "lang": self.lang, "level": self.level}


@dataclass(frozen=True)
class _Entry:
    kind: str
    id: str
    province: str | None
    lang: str
    level: str | None
    rank: tuple
    exact: str | None       # the alias as written, when it must match case-sensitively
    open_start: bool
    open_end: bool


class Matcher:
    """Aho-Corasick over all vocabularies; see the module docstring."""

    def __init__(self, entries: Iterable[tuple[str, _Entry]]):
        self._auto = ahocorasick.Automaton()
        table: dict[str, list[_Entry]] = {}
        for surface, entry in entries:
            lst = table.setdefault(surface, [])
            if entry not in lst:
                lst.append(entry)
        self._values: list[tuple[int, bool, bool, tuple[_Entry, ...]]] = []
        for key, lst in table.items():
            lst.sort(key=lambda e: e.rank)
            self._values.append((len(key), is_word_char(key[0]), is_word_char(key[-1]), tuple(lst)))
            self._auto.add_word(key, len(self._values) - 1)
        self._auto.make_automaton()
        self.size = len(table)

    def find(self, text: str, kinds: set[str] | frozenset[str] | None = None) -> list[Span]:
        """Names in `text`, in text order; `kinds` keeps only those kinds (all but "word" by default).
        Matching is always done over all vocabularies, so a company name or landform still
        hides the province inside it when only regions are asked for."""
        if not text:
            return []
        wanted = DEFAULT_KINDS if kinds is None else frozenset(kinds)
        folded = fold(text)
        n = len(text)
        values = self._values
        raw: list[tuple[int, int, int, _Entry]] = []
        for end_idx, vi in self._auto.iter(folded):
            length, word_start, word_end, entries = values[vi]
            start = end_idx - length + 1
            end = end_idx + 1
            left_ok = not word_start or start == 0 or not is_word_char(folded[start - 1])
            right_ok = not word_end or end == n or not is_word_char(folded[end])
            for e in entries:
                if not (left_ok or e.open_start) or not (right_ok or e.open_end):
                    continue
                if e.exact is not None and text[start:end] != e.exact:
                    continue
                raw.append((-length, start, end, e))
                break
        if not raw:
            return []
        if any(r[3].open_end or r[3].open_start for r in raw):
            raw = [self._extend(text, folded, r) for r in raw]
        raw.sort(key=lambda r: (r[0], r[1], r[3].rank))
        taken = bytearray(n)
        spans: list[Span] = []
        for _, start, end, e in raw:
            if 1 in taken[start:end]:
                continue
            taken[start:end] = b"\x01" * (end - start)
            if e.kind in wanted:
                spans.append(Span(start, end, text[start:end], e.kind, e.id, e.province, e.lang, e.level))
        spans.sort(key=lambda s: s.start)
        return spans

    @staticmethod
    def _extend(text: str, folded: str, r):
        """Grow an open-ended match to the whole word it starts or ends (Photovoltaik* ->
        Photovoltaikanlagen), so that the span covers the word."""
        neg, start, end, e = r
        if e.open_end:
            while end < len(folded) and is_word_char(folded[end]):
                end += 1
        if e.open_start:
            while start > 0 and is_word_char(folded[start - 1]):
                start -= 1
        return (-(end - start), start, end, e) if (start, end) != (r[1], r[2]) else r


# --- building --------------------------------------------------------------------------------

def _surface(alias: str) -> tuple[str, bool, bool]:
    open_start = alias.startswith("*")
    open_end = alias.endswith("*")
    return alias.strip("*").strip(), open_start, open_end


def _exact(alias: str) -> str | None:
    return alias if _ACRONYM.search(alias) and " " not in alias else None


def _region_entries(gaz: Gazetteer, overlay: dict) -> Iterable[tuple[str, str, _Entry]]:
    kind_of_level = {"province": "region", "prefecture": "region", "county": "region", "zone": "zone",
                     "group": "group", "landform": "landform", "macro": "macro"}
    for r in gaz.all():
        kind = kind_of_level[r.level]
        curated = overlay.get(r.code) or {}
        province = None if kind in ("landform", "macro") else r.province
        level = r.level if kind == "region" else None
        official = {r.name_zh, r.name_en}
        for lang, names in r.names.items():
            if r.level == "county" and lang != "zh":
                # generated pinyin of counties ("Chengdong District") would be noise in free text;
                # only curated English/French/German county names are read (Golmud, Korla)
                names = [n for n in names if n in (curated.get(lang) or ()) or n == curated.get("name_en")]
            for n in names:
                tier = 0 if n in official else 1
                yield n, lang, _Entry(kind, r.code, province, lang, level,
                                      (KIND_RANK[kind], LEVEL_RANK.get(r.level, 9), tier, r.code), None, False, False)


def _term_entries(kind: str) -> Iterable[tuple[str, str, _Entry]]:
    from coopwatch.reference.vocabulary import vocabulary

    for t in vocabulary(kind):
        for lang, names in t.names.items():
            for i, n in enumerate(names):
                yield n, lang, _Entry(kind, t.id, None, lang, None, (KIND_RANK[kind], 0, int(i > 0), t.id),
                                      None, False, False)


def build_matcher(gaz: Gazetteer | None = None) -> Matcher:
    gaz = gaz or gazetteer()
    overlay = load_yaml("regions.yaml").get("regions") or {}
    sources = [_region_entries(gaz, overlay)] + [_term_entries(k) for k in ("agency", "domain", "indicator", "company")]
    block = blockers()
    sources.append((n, lang, _Entry("word", "word:" + n.strip("*"), None, lang, None, (0, 0, 0, n), None, False, False))
                   for lang, names in block.items() for n in names)
    entries = []
    for source in sources:
        for alias, lang, e in source:
            surface, open_start, open_end = _surface(alias)
            key = fold(surface)
            if not key.strip():
                continue
            if e.kind in ("region", "zone", "group", "landform", "macro"):
                if len(key) < 2 or key in gaz.lookup_only:
                    continue
            elif len(key) < 2 and not is_cjk(key):
                continue
            exact = _exact(surface)
            if exact is not None or open_start or open_end:
                e = _Entry(e.kind, e.id, e.province, e.lang, e.level, e.rank, exact, open_start, open_end)
            entries.append((key, e))
    return Matcher(entries)


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    """The matcher over all packaged vocabularies, built once per process."""
    return build_matcher()
