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
