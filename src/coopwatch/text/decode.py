"""Stage 1 of the plan pipeline: bytes → text.

Method. Byte-order marks decide first (UTF-8, UTF-16 LE/BE, UTF-32). NUL bytes without a BOM
mean UTF-16 when they sit on one parity (every other byte), otherwise a binary file. Then
strict UTF-8, the commonest case. Anything else goes to charset-normalizer; when it names a
single-byte Latin code page we prefer Windows-1252 (the one Western web pages really use) if the
bytes decode under it. A decoded text with many control characters is refused as binary.
Finally ftfy repairs mojibake (UTF-8 read as Windows-1252 and the like) line by line; every
repaired line is recorded as a repair of kind "encoding".
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from coopwatch.errors import InputError

MAX_BYTES = 50 * 1024 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125\d|latin_1|iso8859_\d+|mac_\w+|cp437|cp850)$")
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


def _decode_utf16_or_refuse(data: bytes, name: str) -> tuple[str, str]:
    head = data[:100_000]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # ASCII-heavy UTF-16 has NULs on one parity; Chinese UTF-16 has few NULs but never on both.
    if odd > 4 * even:
        order = ["utf-16-le", "utf-16-be"]
    elif even > 4 * odd:
        order = ["utf-16-be", "utf-16-le"]
    else:
        raise InputError(f"{name}: binary file, not text")
    for encoding in order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:100_000])) <= max(8, min(len(text), 100_000) // 100) and _plausible(text):
            return text, encoding
    raise InputError(f"{name}: binary file, not text")


_COMMON = re.compile("[\t\n\r -~\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _plausible(text: str) -> bool:
    """Most characters are in the scripts documents are written in (not random code points)."""
    sample = text[:20_000]
    return bool(sample) and len(_COMMON.findall(sample)) >= 0.9 * len(sample)


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


def read_document(path_or_bytes, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of a file (or the bytes given) and the name to use in messages."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return bytes(path_or_bytes), name or "<bytes>"
    from pathlib import Path

    path = Path(path_or_bytes)
    name = name or str(path_or_bytes)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{name}: no such file")
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if size > MAX_BYTES:
        raise InputError(f"{name}: file too large ({size / 1048576:.1f} MB; the limit is 50 MB)")
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}")
