"""Reading news and evidence files: .txt, .md, .html/.htm and .pdf, in any encoding.

`find_files(paths)` expands folders recursively (readable extensions only; a file named on the
command line is read whatever its extension). `read_document(path)` reads it through the one
reader (`text.read.read_source`) and cleans it once (`text.clean.clean_text`: site furniture,
hard wraps), returning a `SourceText` or raising `InputError` naming what is wrong: empty,
binary, undecodable, truncated or image-only PDF. Callers reading a batch catch it per file,
list the file under `errors` and go on.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coopwatch.errors import InputError
from coopwatch.text.read import SourceText, read_source

__all__ = ["READABLE", "SourceText", "find_files", "read_document"]

READABLE = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".text"}

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
    """A file's text, cleaned; errors are worded without the file name (a batch lists it)."""
    from coopwatch.text.clean import clean_text

    name = str(path)
    try:
        source = read_source(path, name)
    except InputError as exc:
        message = str(exc)
        raise InputError(message[len(name) + 2:] if message.startswith(name + ": ") else message) from None
    cleaned = clean_text(source.text)
    text = cleaned.text.strip()
    if not text:
        raise InputError("no text in file")
    return replace(source, text=text, repairs=tuple(source.repairs) + tuple(cleaned.repairs))
