"""Language: zh for Chinese in either script, en/fr/de for the translations."""

import pytest

from coopwatch.text.language import detect_language


@pytest.mark.parametrize("text, lang", [
    ("支持新疆实施能源清洁利用与碳达峰碳中和科技行动。", "zh"),
    ("支援新疆實施能源清潔利用與碳達峰碳中和科技行動。", "zh"),
    ("We will support Xinjiang to implement clean energy utilization and carbon neutrality actions.", "en"),
    ("Nous soutiendrons le Xinjiang dans la mise en œuvre de l'utilisation propre de l'énergie.", "fr"),
    ("Wir werden Xinjiang bei der Umsetzung der sauberen Energienutzung und der CO2-Neutralität unterstützen.", "de"),
    ("", "und"),
])
def test_language_of_short_texts(text, lang):
    assert detect_language(text) == lang


def test_chinese_with_latin_names_is_still_chinese():
    assert detect_language("深化贵阳与Zhongguancun科技合作，推动AI、IT和5G等领域发展。") == "zh"


def test_the_cached_model_scores_as_the_packaged_model_restricted_to_our_languages(tmp_path, monkeypatch):
    """The model kept in the user cache is the packaged one cut to LANGUAGES (without the full
    one), and after a round trip through the cache it gives the same languages and scores."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from coopwatch.reference import cache
    from coopwatch.text.language import LANGUAGES, _build_identifier

    monkeypatch.setenv("COOPWATCH_CACHE_DIR", str(tmp_path))
    packaged = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    packaged.set_languages(LANGUAGES)
    built = cache.load_or_build("langid-test", _build_identifier)
    loaded = cache.load_or_build("langid-test", lambda: pytest.fail("not loaded from the cache"))
    assert sorted(loaded.nb_classes) == sorted(LANGUAGES) and loaded.nb_ptc.shape[1] == len(LANGUAGES)
    texts = ["Le Xinjiang et le Qinghai", "Zusammenarbeit mit Ningxia", "Hubei cooperation plan 2025",
             "Ciencia y tecnología en Yunnan", "Wetenschap"]
    for text in texts:
        assert loaded.classify(text) == built.classify(text) == packaged.classify(text)
