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
  reported only when asked for;
- universities and institutes whose names do not contain their place (清华大学, USTC) are spans
  of kind "institution" with the province they are in.

Cost: building takes about a second; it happens once, the built matcher is then kept in the
user cache and loaded by later processes (`reference.cache`). `find()` is one pass of the
automaton over the folded text plus a sort of the raw matches (O(n + m log m)).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter
from typing import Iterable

import ahocorasick

from coopwatch.reference.fold import fold, fold_table, is_cjk, is_word_char
from coopwatch.reference.gazetteer import LEVEL_RANK, Gazetteer, _regions_yaml, blockers, gazetteer

KINDS = ("region", "zone", "group", "landform", "macro", "agency", "domain", "indicator", "company", "institution",
         "word")
# which candidate wins when several entries share one surface form
KIND_RANK = {"word": 0, "company": 1, "institution": 1, "landform": 2, "zone": 3, "group": 4, "macro": 5, "region": 6,
             "agency": 7, "indicator": 8, "domain": 9}
DEFAULT_KINDS = frozenset(KINDS) - {"word"}
_LANG_RANK = {"zh": 0, "en": 1, "fr": 2, "de": 3}
_ACRONYM = re.compile(r"[A-Za-z][A-Z]")


@dataclass(frozen=True)
class Span:
    """A name found in a text: `text == original[start:end]`."""

    start: int
    end: int
    text: str
    kind: str                 # region | zone | group | landform | macro | agency | domain | indicator | company | institution | word
    id: str                   # region code / zone id / agency id / domain id / indicator id
    province: str | None      # region/zone (single-province group, institution): the province it counts for
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
    exact: str | None = None    # the alias as written, when it must match case-sensitively
    open_start: bool = False    # the match may start inside a word ("*wasserstoff")
    open_end: bool = False      # the match may end inside a word ("Photovoltaik*")


# Characters of Chinese text by frequency (most frequent first). pyahocorasick finds a node's child
# by a linear scan of its children, so the root's children are inserted in this order, and every
# character that occurs in no name is replaced by one placeholder that is the root's first child:
# the scan per character of text then stays short although the root has thousands of children.
_FREQUENT = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交"
    "受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八"
    "离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布"
    "复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精"
    "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照"
    "参红细引听该铁价严"
)
_ARRAY_SIZE = 0x30000
# Folding a text: str.translate below _NUMPY_FROM characters, a numpy lookup from there (about
# twice as fast on long texts); numpy is imported for it only from _IMPORT_NUMPY_FROM characters
# on, where the time its import takes is won back, so a short command does not load numpy.
_NUMPY_FROM = 2000
_IMPORT_NUMPY_FROM = 200_000
_START = attrgetter("start")
_PLACEHOLDER = "\x01"   # stands for every character that occurs in no name
_NEVER = "\x02"         # ends the dummy keys that order the root's children; never in folded text
_SQUASH_RANGES = ((0x0, 0x250), (0x2000, 0x2070), (0x3000, 0x3040), (0x3400, 0x4DC0), (0x4E00, 0xA000),
                  (0xF900, 0xFB00), (0xFE30, 0xFE50), (0xFF00, 0xFFF0))


class Matcher:
    """Aho-Corasick over all vocabularies; see the module docstring."""

    def __init__(self, entries: Iterable[tuple[str, _Entry]]):
        table: dict[str, list[_Entry]] = {}
        for key, entry in entries:
            lst = table.setdefault(key, [])
            if entry not in lst:
                lst.append(entry)
        # entries numbered in rank order (then zh, en, fr, de when a name is written alike in
        # several languages), so that comparing two numbers ranks two candidates
        ordered = sorted({e for lst in table.values() for e in lst}, key=lambda e: (e.rank, _LANG_RANK.get(e.lang, 9)))
        self._entries: list[_Entry] = ordered
        number = {e: i for i, e in enumerate(ordered)}
        alphabet = Counter(c for key in table for c in key)
        self._auto = ahocorasick.Automaton()
        self._auto.add_word(_PLACEHOLDER + _NEVER, -1)
        first = [c for c in " etaoinsrhldcumfpgwybvkxjqz" + _FREQUENT if c in alphabet]
        for c in dict.fromkeys(first + [c for c, _ in alphabet.most_common()]):
            self._auto.add_word(c + _NEVER, -1)
        # per key: (length, needs a Latin boundary check at the start, at the end, entry numbers)
        self._values: list[tuple[int, bool, bool, tuple[int, ...]]] = []
        for key, lst in table.items():
            nums = tuple(sorted(number[e] for e in lst))
            self._values.append((len(key), is_word_char(key[0]), is_word_char(key[-1]), nums))
            self._auto.add_word(key, len(self._values) - 1)
        self._auto.make_automaton()
        # plain entries (no case check, no open side) can be taken without looking at them
        self._plain = [e.exact is None and not e.open_start and not e.open_end for e in ordered]
        self._span_fields = [{"kind": e.kind, "id": e.id, "province": e.province, "lang": e.lang, "level": e.level}
                             for e in ordered]
        self._squash = self._squash_table(alphabet)
        self._squash_array = None   # _squash as a numpy lookup array, made when first needed
        self.size = len(table)

    def __getstate__(self) -> dict:
        # pickled for the cache (`reference.cache`) without the numpy array: loading the
        # matcher must not import numpy
        return {**self.__dict__, "_squash_array": None}

    def _fold(self, text: str) -> str:
        """The text as the automaton reads it (same length as `text`)."""
        n = len(text)
        if n < _NUMPY_FROM or (n < _IMPORT_NUMPY_FROM and "numpy" not in sys.modules):
            return text.translate(self._squash)
        import numpy as np

        if self._squash_array is None:
            array = np.arange(_ARRAY_SIZE, dtype=np.uint32)
            for cp, ch in self._squash.items():
                if cp < _ARRAY_SIZE:
                    array[cp] = ord(ch)
            self._squash_array = array
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        inside = codes < _ARRAY_SIZE
        mapped = np.where(inside, self._squash_array[np.where(inside, codes, 0)], codes)
        return mapped.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")

    @staticmethod
    def _squash_table(alphabet) -> dict[int, str]:
        """fold() composed with: a character that is in no name and is not a Latin word character
        becomes the placeholder (one length-preserving str.translate for the whole text)."""
        table = fold_table()
        out: dict[int, str] = {}
        for lo, hi in _SQUASH_RANGES:
            for cp in range(lo, hi):
                ch = chr(cp)
                t = table.get(cp, ch)
                if 0x41 <= cp <= 0x5A:
                    t = ch.lower()
                if t not in alphabet and not is_word_char(t):
                    t = _PLACEHOLDER
                if t != ch:
                    out[cp] = t
        return out

    def find(self, text: str, kinds: set[str] | frozenset[str] | None = None) -> list[Span]:
        """Names in `text`, in text order; `kinds` keeps only those kinds (all but "word" by default).
        Matching is always done over all vocabularies, so a company name or landform still
        hides the province inside it when only regions are asked for."""
        if not text:
            return []
        wanted = DEFAULT_KINDS if kinds is None else frozenset(kinds)
        folded = self._fold(text)
        n = len(text)
        values, plain, entries = self._values, self._plain, self._entries
        raw: list[tuple[int, int, int]] = []   # (-length, start, entry number)
        opened = False
        for end_idx, vi in self._auto.iter(folded):
            if vi < 0:
                continue
            length, word_start, word_end, nums = values[vi]
            start = end_idx - length + 1
            left_ok = not word_start or start == 0 or not is_word_char(folded[start - 1])
            right_ok = not word_end or end_idx + 1 == n or not is_word_char(folded[end_idx + 1])
            if left_ok and right_ok and plain[nums[0]]:
                raw.append((-length, start, nums[0]))
                continue
            for num in nums:
                e = entries[num]
                if not (left_ok or e.open_start) or not (right_ok or e.open_end):
                    continue
                if e.exact is not None and text[start:end_idx + 1] != e.exact:
                    continue
                if e.open_start or e.open_end:
                    opened = True
                raw.append((-length, start, num))
                break
        if not raw:
            return []
        if opened:
            raw = [self._extend(folded, r) for r in raw]
        raw.sort()
        taken = bytearray(n)
        spans: list[Span] = []
        fields = self._span_fields
        new = object.__new__
        for neg, start, num in raw:
            end = start - neg
            if 1 in taken[start:end]:
                continue
            taken[start:end] = b"\x01" * (end - start)
            f = fields[num]
            if f["kind"] in wanted:
                # Span(start, end, text, **f) without the frozen dataclass's per-field __setattr__
                span = new(Span)
                span.__dict__.update(f, start=start, end=end, text=text[start:end])
                spans.append(span)
        spans.sort(key=_START)
        return spans

    def _extend(self, folded: str, r):
        """Grow an open-sided match to the whole word it starts or ends (Photovoltaik* ->
        Photovoltaikanlagen), so that the span covers the word."""
        neg, start, num = r
        e = self._entries[num]
        if not (e.open_start or e.open_end):
            return r
        end = start - neg
        if e.open_end:
            while end < len(folded) and is_word_char(folded[end]):
                end += 1
        if e.open_start:
            while start > 0 and is_word_char(folded[start - 1]):
                start -= 1
        return (start - end, start, num)


# --- building --------------------------------------------------------------------------------

def _surface(alias: str) -> tuple[str, bool, bool, bool]:
    """(name, open at the start, open at the end, case-sensitive) of an alias as written in the
    data: "*wasserstoff", "Photovoltaik*", "=Canton"."""
    exact = alias.startswith("=")
    alias = alias.lstrip("=")
    open_start = alias.startswith("*")
    open_end = alias.endswith("*")
    return alias.strip("*").strip(), open_start, open_end, exact


def _exact(alias: str, marked: bool = False) -> str | None:
    """The alias itself when it must match with its own case: marked "=Name" in the data, or
    acronym-like (an upper-case letter after a letter, one word: MOST, PBoC, AI)."""
    return alias if marked or (_ACRONYM.search(alias) and " " not in alias) else None


def _region_entries(gaz: Gazetteer, overlay: dict) -> Iterable[tuple[str, str, _Entry]]:
    kind_of_level = {"province": "region", "prefecture": "region", "county": "region", "zone": "zone",
                     "group": "group", "landform": "landform", "macro": "macro"}
    for r in gaz.all():
        kind = kind_of_level[r.level]
        curated = overlay.get(r.code) or {}
        province = None if kind in ("landform", "macro") else r.province
        level = r.level if kind == "region" else None
        official = {r.name_zh, r.name_en}
        marked = gaz.patterns.get(r.code) or {}
        for lang, names in r.names.items():
            if lang in marked:  # the names as written in the data, with their markers ("=Canton")
                raw = {_surface(m)[0]: m for m in marked[lang]}
                names = [raw.get(n, n) for n in names]
            if r.level == "county" and lang != "zh":
                # generated pinyin of counties ("Chengdong District") would be noise in free text;
                # only curated English/French/German county names are read (Golmud, Korla)
                names = [n for n in names if n in (curated.get(lang) or ()) or n == curated.get("name_en")]
            for n in names:
                tier = 0 if _surface(n)[0] in official else 1
                yield n, lang, _Entry(kind, r.code, province, lang, level,
                                      (KIND_RANK[kind], LEVEL_RANK.get(r.level, 9), tier, r.code))


def _term_entries(kind: str) -> Iterable[tuple[str, str, _Entry]]:
    from coopwatch.reference.vocabulary import patterns, term

    for id, by_lang in patterns(kind).items():
        province = term(kind, id).extra.get("province") if kind == "institution" else None
        for lang, names in by_lang.items():
            for i, n in enumerate(names):
                yield n, lang, _Entry(kind, id, province, lang, None, (KIND_RANK[kind], 0, int(i > 0), id))


def build_matcher(gaz: Gazetteer | None = None) -> Matcher:
    gaz = gaz or gazetteer()
    overlay = _regions_yaml().get("regions") or {}
    sources = [_region_entries(gaz, overlay)] + [_term_entries(k) for k in ("agency", "domain", "indicator", "company",
                                                                          "institution")]
    block = blockers()
    sources.append((n, lang, _Entry("word", "word:" + n.strip("*"), None, lang, None, (0, 0, 0, n)))
                   for lang, names in block.items() for n in names)
    entries = []
    for source in sources:
        for alias, lang, e in source:
            surface, open_start, open_end, marked = _surface(alias)
            key = fold(surface)
            if not key.strip():
                continue
            if e.kind in ("region", "zone", "group", "landform", "macro"):
                if len(key) < 2 or key in gaz.lookup_only:
                    continue
            elif len(key) < 2 and not is_cjk(key):
                continue
            exact = _exact(surface, marked)
            if exact is not None or open_start or open_end:
                e = replace(e, exact=exact, open_start=open_start, open_end=open_end)
            entries.append((key, e))
    return Matcher(entries)


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    """The matcher over all packaged vocabularies, built once and kept in the user cache
    (`reference.cache`), so a process loads it instead of building it."""
    from coopwatch.reference.cache import load_or_build

    return load_or_build("matcher", build_matcher)
