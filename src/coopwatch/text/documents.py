"""Reading news and evidence files: .txt, .md, .html/.htm and .pdf, in any encoding.

`find_files(paths)` expands folders recursively (readable extensions only; a file named on the
command line is read whatever its extension). `read_document(path)` returns a `SourceText` or
raises `InputError` naming what is wrong: empty, binary, undecodable, truncated or image-only
PDF. Callers reading a batch catch it per file, list the file under `errors` and go on.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from coopwatch.errors import InputError

READABLE = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".text"}


@dataclass
class SourceText:
    path: str
    text: str
    title: str | None = None
    repairs: tuple = ()
    published: str | None = None  # ISO date, when the file states one (HTML meta)


def find_files(paths) -> tuple[list[Path], list[dict]]:
    """The files to read, sorted within each folder, and an error for each path that is missing."""
    files: list[Path] = []
    errors: list[dict] = []
    seen = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READABLE
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            found = [p]
        else:
            errors.append({"source": str(p), "error": "no such file or folder"})
            continue
        for f in found:
            if f not in seen:
                seen.add(f)
                files.append(f)
    return files, errors


def read_document(path: str | Path) -> SourceText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError("empty file")
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return SourceText(str(path), *_pdf_text(data))
    text, repairs = _decode(data, path.name)
    published = None
    if suffix in (".html", ".htm") or re.match(rb"\s*<(!doctype html|html)", data[:200], re.I):
        published = html_published(text)
        title, text = html_text(text)
    else:
        title = None
    text = text.strip()
    if not text:
        raise InputError("no text in file")
    return SourceText(str(path), text, title, tuple(repairs), published)


def _decode(data: bytes, name: str) -> tuple[str, list]:
    """Bytes to clean text through the text stages (decode_bytes, then clean_text)."""
    from coopwatch.text.decode import decode_bytes

    try:
        decoded = decode_bytes(data, name)
    except InputError as exc:
        raise InputError(_without_name(str(exc), name)) from None
    text, repairs = _clean(decoded.text)
    return text, list(decoded.repairs) + repairs


def _without_name(message: str, name: str) -> str:
    """The stage's messages start with the file name; a batch lists the name separately."""
    return message[len(name) + 2:] if message.startswith(name + ": ") else message


def _clean(text: str) -> tuple[str, list]:
    """Site furniture dropped, hard wraps rejoined (the text stage's clean_text)."""
    from coopwatch.text.clean import clean_text

    cleaned = clean_text(text)
    return cleaned.text, list(cleaned.repairs)


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

def _pdf_text(data: bytes) -> tuple[str, None, tuple[str, ...]]:
    """Text of a PDF with pypdf; pdfminer.six when pypdf finds none. Truncated or damaged files
    (no %%EOF, unreadable cross-reference table) and image-only PDFs raise InputError."""
    import io
    import logging

    if b"%%EOF" not in data[-2048:]:
        raise InputError("truncated PDF (no end-of-file marker)")
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
            raise InputError(f"unreadable PDF ({type(exc).__name__})") from None
    if not text.strip():
        raise InputError("PDF has no text layer (scanned images only?)")
    cleaned, repairs = _clean(text)
    return cleaned.strip(), None, tuple(repairs)
