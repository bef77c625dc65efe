"""Decoding: every common encoding of a plan reads back to the same text; bad files are refused
with one message that names the file and the problem."""

import codecs

import pytest

from coopwatch.errors import InputError
from coopwatch.text.decode import decode_bytes

ZH = "科技部等九部门关于印发《“十四五”东西部科技合作实施方案》的通知。支持新疆与中国农业科学院联合开展良种培育。"
ZH_HANT = "科技部等九部門關於印發《「十四五」東西部科技合作實施方案》的通知。支持新疆與中國農業科學院聯合開展良種培育。"
FR = "Plan de mise en œuvre de la coopération scientifique : soutenir le Xinjiang, l'Académie chinoise des sciences agricoles, très élevée."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
def test_chinese_text_decodes_from_each_encoding(encoding):
    assert decode_bytes(ZH.encode(encoding), "plan.txt").text == ZH


def test_traditional_chinese_in_big5_decodes():
    decoded = decode_bytes(ZH_HANT.encode("big5"), "plan.txt")
    assert decoded.text == ZH_HANT
    assert decoded.encoding == "big5"


def test_french_in_windows_1252_keeps_its_accents():
    assert decode_bytes(FR.replace("œ", "oe").encode("cp1252"), "plan.txt").text == FR.replace("œ", "oe")


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    data = ("The Ministry of Science and Technology issued the plan.\n" * 3).encode("utf-16-be")
    assert not data.startswith(codecs.BOM_UTF16_BE)
    assert decode_bytes(data, "p.txt").text.startswith("The Ministry")


def test_mojibake_is_repaired_and_recorded():
    broken = "Plan de coopération – «Xinjiang»".encode("utf-8").decode("cp1252")
    decoded = decode_bytes(("Titre\n" + broken).encode("utf-8"), "p.txt")
    assert decoded.text == "Titre\nPlan de coopération – «Xinjiang»"
    assert [r["kind"] for r in decoded.repairs] == ["encoding"]
    assert decoded.repairs[0]["found"] == broken and decoded.repairs[0]["offset"] == 6


def test_crlf_line_ends_become_newlines():
    assert decode_bytes(b"one\r\ntwo\rthree", "p.txt").text == "one\ntwo\nthree"


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b"  \n\t ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" * 20, "binary file"),
    (bytes(range(256)) * 40, "binary file"),
])
def test_unusable_bytes_are_refused_naming_the_file(data, problem):
    with pytest.raises(InputError) as err:
        decode_bytes(data, "scan.txt")
    assert str(err.value).startswith("scan.txt: ") and problem in str(err.value)


CHINESE = ("科技部等九部门关于印发《东西部科技合作实施方案》的通知。各有关单位：为深入实施创新驱动发展战略，"
           "进一步推进东西部科技合作，加快实现科技自立自强，支撑引领经济社会高质量发展，现印发给你们，请认真推进落实。\n") * 6


def test_gbk_bytes_read_as_latin1_are_re_decoded_with_an_encoding_repair():
    mojibake = CHINESE.encode("gbk").decode("latin-1")
    out = decode_bytes(mojibake.encode("utf-8"))
    assert out.text == CHINESE
    assert [r["kind"] for r in out.repairs] == ["encoding"]


def test_utf8_bytes_read_as_gbk_are_mostly_recovered():
    mojibake = CHINESE.encode("utf-8").decode("gbk", errors="replace")
    out = decode_bytes(mojibake.encode("utf-8"))
    assert out.repairs and out.repairs[0]["kind"] == "encoding"
    assert out.text.count("科技部") >= 5 and "东西部科技合作" in out.text


@pytest.mark.parametrize("text", [CHINESE, "Le ministère a publié le plan de coopération ; élève, été, château.\n" * 20])
def test_good_chinese_and_french_are_left_alone(text):
    assert decode_bytes(text.encode("utf-8")).text == text
    assert decode_bytes(text.encode("gb18030") if "科" in text else text.encode("cp1252")).text == text


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le"])
def test_chinese_utf16_without_bom_in_either_byte_order(encoding):
    text = "科技部　教育部\n一、总体要求\n（一）实施“科技援疆”。到2025年，西部地区科技创新能力显著提升。\n" * 10
    assert decode_bytes(text.encode(encoding)).text == text


def test_a_file_pasted_together_from_utf8_and_gbk_parts_is_read():
    data = CHINESE[:150].encode("utf-8") + CHINESE[150:].encode("gbk")
    assert decode_bytes(data).text == CHINESE
