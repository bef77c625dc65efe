"""Stage 1 of the plan pipeline: bytes → text.

Method. Byte-order marks decide first (UTF-8, UTF-16 LE/BE, UTF-32). NUL bytes without a BOM
mean UTF-16 when they sit on one parity (every other byte), otherwise a binary file. Then
strict UTF-8, the commonest case. Anything else goes to charset-normalizer; when it names a
single-byte Latin code page we prefer Windows-1252 (the one Western web pages really use) if the
bytes decode under it. A decoded text with many control characters is refused as binary.
Chinese mojibake is re-decoded first when the reverse transcoding gives plausible Chinese
(GBK read as Latin-1, UTF-8 read as GBK; see `repair_chinese_mojibake`). Otherwise ftfy repairs mojibake (UTF-8 read as Windows-1252 and the like) line by line; every
repaired line is recorded as a repair of kind "encoding".
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field

from coopwatch.errors import InputError

MAX_BYTES = 50 * 1024 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125\d|latin_1|iso8859_\d+|mac_\w+|cp[4-8]\d\d)$")  # DOS pages too (cp775 for French)
# Characters that only appear in text that was decoded with the wrong code page.
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00c3\u00e2\u00e5-\u00e9\u00ef\u0080-\u009f\u20ac\u0153\u0161\u017e\u2019\u201c\u201d\ufffd]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class Decoded:
    """Decoded text, the encoding it was read with, and the repairs made on the way."""

    text: str
    encoding: str
    repairs: list[dict] = field(default_factory=list)


def decode_bytes(data: bytes, name: str = "<input>") -> Decoded:
    """Decode a document of unknown encoding; InputError names `name` and the problem."""
    if len(data) == 0:
        raise InputError(f"{name}: empty file")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: file too large ({len(data) / 1048576:.1f} MB; the limit is 50 MB)")
    text, encoding = _decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty file (only white space)")
    sample = text[:200_000]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{name}: binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, repairs = repair_chinese_mojibake(text)
    if not repairs:
        text, repairs = repair_mojibake(text)
    return Decoded(text, encoding, repairs)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(f"{name}: cannot decode as {encoding} although it starts with its byte-order mark")
    if b"\x00" in data[:100_000]:  # text never holds NUL bytes, except as half of UTF-16
        return _decode_utf16_or_refuse(data, name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        mixed = _decode_mixed(data)
        if mixed is not None:
            return mixed, "utf-8+gb18030"
        raise InputError(f"{name}: cannot decode: not text in any known encoding")
    encoding = best.encoding
    if _LATIN_SINGLE_BYTE.match(encoding):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    if encoding in ("gb2312", "gbk"):
        encoding = "gb18030"  # a superset: never worse, reads the rarer characters too
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{name}: cannot decode: bytes are not valid {encoding}")


def _decode_mixed(data: bytes) -> str | None:
    """A file pasted together from a UTF-8 part and a GB18030 part: the longest UTF-8 start,
    then the rest as GB18030 (it accepts almost any bytes, so it goes second). None unless
    both parts decode and the text is plausible Chinese."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        cut = exc.start
    if cut < 64:
        return None
    try:
        text = data[:cut].decode("utf-8") + data[cut:].decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _plausible(text) and _common_chinese_share(text[-20_000:]) >= 0.7 else None


def _decode_utf16_or_refuse(data: bytes, name: str) -> tuple[str, str]:
    head = data[:100_000]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # ASCII-heavy UTF-16 has NULs on one parity; Chinese UTF-16 has few NULs but never on both.
    if odd > 4 * even:
        order = ["utf-16-le", "utf-16-be"]
    elif even > 4 * odd:
        order = ["utf-16-be", "utf-16-le"]
    else:
        # Chinese UTF-16 has NULs on both sides (ASCII on one, U+xx00 characters such as the
        # ideographic space on the other): both byte orders are tried, plausibility decides
        order = sorted(["utf-16-le", "utf-16-be"], key=lambda e: -_common_share(data[:20_000], e))
    for encoding in order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:100_000])) <= max(8, min(len(text), 100_000) // 100) and _plausible(text):
            return text, encoding
    raise InputError(f"{name}: binary file, not text")


def _common_share(data: bytes, encoding: str) -> float:
    text = data[: len(data) // 2 * 2].decode(encoding, errors="replace")
    return len(_COMMON.findall(text)) / max(1, len(text))


_COMMON = re.compile("[\t\n\r -~\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _plausible(text: str) -> bool:
    """Most characters are in the scripts documents are written in (not random code points)."""
    sample = text[:20_000]
    return bool(sample) and len(_COMMON.findall(sample)) >= 0.9 * len(sample)


_CJK_CHAR = re.compile("[\u3400-\u9fff]")
_LETTERS = re.compile(r"[^\W\d_]")


def _common_chinese_share(text: str) -> float:
    """Share of the CJK characters (traditional folded) that are among the 3,755 commonest
    (GB2312 level 1): about 0.9 in any Chinese text, far lower in mojibake."""
    from coopwatch.text.variants import fold_traditional

    chars = _CJK_CHAR.findall(fold_traditional(text))
    if not chars:
        return 0.0
    common = 0
    for ch in chars:
        try:
            b = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= b[0] <= 0xD7
    return common / len(chars)


def _single_bytes(text: str) -> bytes | None:
    """The bytes a text read with a single-byte code page (Latin-1 or Windows-1252) came from."""
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 256:
            out.append(o)
        else:
            try:
                out += ch.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def _gbk_bytes(text: str) -> bytes:
    """The bytes a text read as GBK came from. A character the reader could not decode
    (U+FFFD) stands for one lost byte: the byte that makes there the characters and character
    pairs most frequent in the rest of the document (which holds most of them intact), else an
    invalid byte, so the loss stays visible."""
    import math

    parts = [part.encode("gb18030") for part in text.split("\ufffd")]
    out = bytearray(parts[0])
    holes = []
    for part in parts[1:]:
        holes.append(len(out))
        out.append(0xFF)
        out += part
    if not holes:
        return bytes(out)
    intact = bytes(out).decode("utf-8", errors="replace")
    freq = Counter(intact)
    freq["\ufffd"] = 0
    pairs = Counter(intact[i:i + 2] for i in range(len(intact) - 1) if "\ufffd" not in intact[i:i + 2])
    weight = {}

    common = _COMMON_CHINESE()

    def w(ch):
        if ch not in weight:
            # the document's own frequency, and the language's commonest characters (a character
            # damaged everywhere, such as 年 before a digit, is never seen intact in the document)
            weight[ch] = 0.5 * math.log1p(freq.get(ch, 0)) + common.get(ch, 0.0) if ch != "\ufffd" else -3.0
        return weight[ch]

    for pos in holes:
        best, best_score = 0xFF, None
        for v in [0xFF] + _HOLE_BYTES:
            out[pos] = v
            window = bytes(out[max(0, pos - 3):pos + 4]).decode("utf-8", errors="replace")
            score = sum(w(ch) for ch in window) + 2 * sum(math.log1p(pairs.get(window[i:i + 2], 0))
                                                          for i in range(len(window) - 1))
            # a date's 年/月/日 follows a digit (and is damaged wherever it does, so never seen intact)
            score += 4 * len(re.findall(r"\d[年月日号]", window))
            if best_score is None or score > best_score:
                best, best_score = v, score
        out[pos] = best
    return bytes(out)


def _COMMON_CHINESE() -> dict[str, float]:
    """The commonest Chinese characters (charset-normalizer's frequency table), weighted by rank."""
    try:
        from charset_normalizer.constant import FREQUENCIES

        chars = FREQUENCIES.get("Chinese", [])
    except ImportError:  # pragma: no cover
        chars = []
    return {ch: 2.0 - i / max(1, len(chars)) for i, ch in enumerate(chars)}


_HOLE_BYTES = list(range(0x80, 0xC0)) + list(range(0xE3, 0xEA)) + [0x20]


def repair_chinese_mojibake(text: str) -> tuple[str, list[dict]]:
    """Chinese text decoded with the wrong code page, re-decoded when the reverse transcoding
    gives plausible Chinese: GBK bytes read as Latin-1/Windows-1252 ("¿Æ¼¼²¿" → 科技部) and
    UTF-8 bytes read as GBK ("绉戞妧閮" → 科技部; bytes the reader dropped stay U+FFFD).
    Plausible: most letters are CJK, most of those among the commonest characters, few
    undecodable; and clearly more common than before. One repair of kind "encoding"."""
    sample = text[:20_000]
    letters = len(_LETTERS.findall(sample))
    if not letters:
        return text, []
    high_latin = sum(1 for ch in sample if "\u0080" <= ch <= "\u00ff" or ch in "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
                     "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178")
    cjk = len(_CJK_CHAR.findall(sample))
    before = _common_chinese_share(sample) if cjk else 0.0
    candidates = []
    if high_latin >= 0.3 * letters:
        raw = _single_bytes(sample)
        if raw is not None:
            candidates.append(("gbk-as-latin1", lambda t: _single_bytes(t).decode("gb18030", errors="replace")))
    if cjk >= 0.3 * letters and before < 0.7:
        candidates.append(("utf8-as-gbk", lambda t: _gbk_bytes(t).decode("utf-8", errors="replace")))
    for how, redo in candidates:
        try:
            fixed_sample = redo(sample)
        except (UnicodeError, AttributeError):
            continue
        f_letters = len(_LETTERS.findall(fixed_sample)) or 1
        f_cjk = len(_CJK_CHAR.findall(fixed_sample))
        lost = fixed_sample.count("\ufffd")
        after = _common_chinese_share(fixed_sample)
        if f_cjk >= 0.3 * f_letters and after >= 0.8 and after > before + 0.15 and lost <= 0.1 * len(fixed_sample):
            try:
                fixed = redo(text)
            except (UnicodeError, AttributeError):
                continue
            meaning = {"gbk-as-latin1": "GBK text read as Latin-1, re-decoded",
                       "utf8-as-gbk": "UTF-8 text read as GBK, re-decoded"}[how]
            return fixed, [{"kind": "encoding", "found": text[:200], "meaning": f"{fixed[:200]} ({meaning})", "offset": 0}]
    return text, []


def repair_mojibake(text: str) -> tuple[str, list[dict]]:
    """Fix lines that were decoded with the wrong code page (ftfy); one repair per fixed line.

    Offsets are into the text as returned (after earlier lines were fixed)."""
    if not _MOJIBAKE_HINT.search(text):
        return text, []
    import ftfy

    out, repairs, pos = [], [], 0
    for line in text.split("\n"):
        fixed = line
        if _MOJIBAKE_HINT.search(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                repairs.append({"kind": "encoding", "found": line[:200], "meaning": fixed[:200], "offset": pos})
        out.append(fixed)
        pos += len(fixed) + 1
    return "\n".join(out), repairs
