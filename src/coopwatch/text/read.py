"""The one reader: a file (or bytes) of any kind coopwatch reads → text, not yet cleaned.

    bytes (size limit, not a directory) → PDF by its %PDF- header: the text layer (pypdf, then
    pdfminer.six) | HTML by its name or first tag: decoded, scripts/navigation dropped, blocks
    on lines | anything else: decoded (`decode.decode_bytes`: any encoding, mojibake repaired)

Plans (`plan_parser`) and evidence (`evidence.documents`) both read through `read_source` and
then clean the text once (`clean.clean_text`). `InputError` messages start with the file's name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from coopwatch.errors import InputError
from coopwatch.text.decode import MAX_BYTES, decode_bytes


@dataclass
class SourceText:
    """What a file says: its text (decoded, not cleaned), the title an HTML page gives, the
    repairs made while decoding, the publication date a page states, and the format read."""

    path: str
    text: str
    title: str | None = None
    repairs: tuple = ()
    published: str | None = None  # ISO date, when the file states one (HTML meta)
    format: str = "text"  # text | html | pdf


def read_bytes(path_or_bytes, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of a file (or the bytes given) and the name to use in messages."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return bytes(path_or_bytes), name or "<bytes>"
    path = Path(path_or_bytes)
    name = name or str(path_or_bytes)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if size > MAX_BYTES:
        raise InputError(f"{name}: file too large ({size / 1048576:.1f} MB; the limit is 50 MB)")
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None


def read_source(path_or_bytes, name: str | None = None) -> SourceText:
    """Read a file (path) or its bytes into a `SourceText`; InputError names the file."""
    data, name = read_bytes(path_or_bytes, name)
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data[:5] == b"%PDF-":
        return SourceText(name, pdf_text(data, name), format="pdf")
    decoded = decode_bytes(data, name)
    if is_html(data, name):
        title, text = html_text(decoded.text)
        if not text.strip():
            raise InputError(f"{name}: no text in file")
        return SourceText(name, text, title, tuple(decoded.repairs), html_published(decoded.text), "html")
    return SourceText(name, decoded.text, None, tuple(decoded.repairs))


def is_html(data: bytes, name: str) -> bool:
    """An HTML page: named .html/.htm/.xhtml and holding a tag, or opening with its doctype/tag."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return b"<" in data[:4096]
    head = data[:400].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


# --- HTML ------------------------------------------------------------------------------------

class _TextExtractor(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "nav", "footer", "header", "aside"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
             "blockquote", "pre", "table", "ul", "ol", "dd", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self._skip = 0
        self._in = None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in ("title", "h1"):
            self._in = tag
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag == self._in:
            self._in = None
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in == "title":
            self.title.append(data)
            return
        if self._skip:
            return
        if self._in == "h1":
            self.h1.append(data)
        self.parts.append(data)


def html_text(markup: str) -> tuple[str | None, str]:
    """(title, text) of an HTML page: scripts, styles and navigation dropped, blocks on lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    title = " ".join("".join(parser.h1 or parser.title).split()) or None
    return title, text


_META_DATE = re.compile(
    r"<meta\s+[^>]*(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|pubdate|publishdate|date|"
    r"dc\.date|datePublished|publication_date)[\"'][^>]*content\s*=\s*[\"'](\d{4}-\d{2}-\d{2})", re.I)


def html_published(markup: str) -> str | None:
    """The publication date a page states in its meta tags (ISO date), else None."""
    m = _META_DATE.search(markup[:50_000])
    return m.group(1) if m else None


# --- PDF -------------------------------------------------------------------------------------

def pdf_text(data: bytes, name: str) -> str:
    """Text of a PDF with pypdf; pdfminer.six when pypdf finds none. Truncated or damaged files
    (no %%EOF, unreadable cross-reference table) and image-only PDFs raise InputError."""
    import io
    import logging

    if b"%%EOF" not in data[-2048:]:
        raise InputError(f"{name}: truncated PDF (no end-of-file marker)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    text = ""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except Exception:  # pypdf raises many kinds on damaged files; pdfminer gets a second try
        text = ""
    if not text.strip():
        try:
            from pdfminer.high_level import extract_text

            logging.getLogger("pdfminer").setLevel(logging.ERROR)
            text = extract_text(io.BytesIO(data)) or ""
        except Exception as exc:  # damaged beyond both readers
            raise InputError(f"{name}: unreadable PDF ({type(exc).__name__})") from None
    if not text.strip():
        raise InputError(f"{name}: PDF has no text layer (scanned images only?)")
    return text
