"""Language of a text (ISO 639-1).

Method. Script decides first: when CJK ideographs make up 30% or more of the letters the text
is Chinese ("zh"; traditional or simplified alike), or Japanese when kana are frequent. Other
texts go to py3langid (its model ships inside the package) restricted to the languages coopwatch
meets (en, fr, de, es, it, pt, nl, ru, ja, ko, zh); names of Chinese places and agencies in
Latin letters otherwise pull short texts towards odd languages. Before the model, a count of
function words unique to one language ("the", "les", "und"...) decides long texts outright
(≥ 20 hits and three times the runner-up), which spares loading the model. Only the first
20,000 characters are read. The model is decompressed once and kept in the user cache.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "ru", "ja", "ko", "zh"]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier():
    """The model restricted to LANGUAGES; decompressing it takes about half a second, so it is
    kept in the user cache (`reference.cache`) and loaded from there by later processes."""
    from coopwatch.reference.cache import library_stamp, load_or_build

    key = (library_stamp("py3langid"), library_stamp("numpy"), library_stamp(__name__), *LANGUAGES)
    return load_or_build("langid", _build_identifier, extra=key)


def _build_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(LANGUAGES)
    # the restricted model alone (without the full one it was cut from), as the cache keeps it
    return LanguageIdentifier(full.nb_ptc, full.nb_pc, full.nb_classes, full.tk_nextmove, full.tk_output,
                              norm_probs=True, tk_row=full.tk_row)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of `text` ("und" when there is no text)."""
    sample = text[:20_000]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "und"
    cjk, kana = len(_CJK.findall(sample)), len(_KANA.findall(sample))
    if kana > 0.1 * letters:
        return "ja"
    if len(_HANGUL.findall(sample)) > 0.3 * letters:
        return "ko"
    if cjk >= 0.3 * letters:
        return "zh"
    votes = _stopword_votes(sample)
    if votes:
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        if ranked[0][1] >= 20 and (len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]):
            return ranked[0][0]
    lang, _ = _identifier().classify(sample)
    return lang


# Function words that make up a large share of running text in each language and rarely occur
# in the others: on a long text they decide at once, sparing the model's load (0.6 s
# decompressed, 0.1 s from the cache, numpy's import besides).
_STOPWORDS = {
    "en": "the and of to in is that for with are be this will which from by",
    "fr": "le la les des et du une est dans pour que qui sur par au aux",
    "de": "der die das und ist nicht mit den dem des ein eine für auf werden",
    "es": "el los las del y en que por una para con es se",
    "it": "il di che della per una sono gli nel alla con",
    "nl": "het een van en de dat niet zijn voor met op",
    "pt": "o os da do das dos em uma para com não que",
}
_STOP_INDEX = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words.split():
        _STOP_INDEX.setdefault(_w, []).append(_lang)


def _stopword_votes(sample: str) -> dict[str, int]:
    votes: dict[str, int] = {}
    for w in re.findall(r"[a-zà-ÿ]+", sample[:20_000].lower()):
        langs = _STOP_INDEX.get(w)
        if langs and len(langs) == 1:
            votes[langs[0]] = votes.get(langs[0], 0) + 1
    return votes
