"""Fixed vocabularies of coopwatch and the one matcher over all of them.

    from coopwatch.reference import gazetteer, matcher, vocabulary, RegionInfo, Span, Term

- `gazetteer()`: GB/T 2260 provinces, prefectures and counties with zh/en/fr/de names and aliases,
  plus zones, groupings, landforms and macro-regions (`RegionInfo`); `.lookup(name or code)`.
- `vocabulary(kind)`: agencies, domains, indicators (`Term`; ids of ../shared/contracts).
- `matcher()`: one Aho-Corasick automaton over every name of every vocabulary; `.find(text)`
  returns non-overlapping `Span`s (longest match wins) with offsets into the original text.

Each is built once per process, and kept on disk between processes (`reference.cache`:
the user cache directory, keyed by a hash of the data files, the package's source and version).
"""

from coopwatch.reference.gazetteer import Gazetteer, RegionInfo, gazetteer
from coopwatch.reference.matcher import Matcher, Span, matcher
from coopwatch.reference.vocabulary import Term, vocabulary

__all__ = ["Gazetteer", "Matcher", "RegionInfo", "Span", "Term", "gazetteer", "matcher", "vocabulary"]
