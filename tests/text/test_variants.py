"""Folding traditional characters keeps every offset, so a span found in the folded text is the
same span in the original."""

from coopwatch.text.variants import fold_traditional, traditional_share


def test_traditional_becomes_simplified_with_the_same_length():
    original = "支援新疆實施能源清潔利用與碳達峰碳中和科技行動，深化「閩寧協作」。"
    folded = fold_traditional(original)
    assert folded == "支援新疆实施能源清洁利用与碳达峰碳中和科技行动，深化「闽宁协作」。"
    assert len(folded) == len(original)


def test_offsets_survive_folding():
    original = "Plan: 內蒙古 and 臺灣 in 2025"
    folded = fold_traditional(original)
    i = folded.index("内蒙古")
    assert original[i:i + 3] == "內蒙古"


def test_simplified_and_latin_text_is_unchanged():
    text = "支持新疆 and Xinjiang"
    assert fold_traditional(text) is text or fold_traditional(text) == text
    assert traditional_share(text) == 0.0
    assert traditional_share("實體機構") == 1.0 and traditional_share("實施方案") == 0.25
