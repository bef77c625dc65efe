"""Language of a text (ISO 639-1).

Method. Script decides first: when CJK ideographs make up 30% or more of the letters the text
is Chinese ("zh"; traditional or simplified alike), or Japanese when kana are frequent. Other
texts go to py3langid (its model ships inside the package) restricted to the languages coopwatch
meets (en, fr, de, es, it, pt, nl, ru, ja, ko, zh); names of Chinese places and agencies in
Latin letters otherwise pull short texts towards odd languages. Only the first 20,000
characters are read.
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
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


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
    lang, _ = _identifier().classify(sample)
    return lang
