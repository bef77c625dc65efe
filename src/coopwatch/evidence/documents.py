"""Reading news and evidence files: .txt, .md, .html/.htm and .pdf, in any encoding.

`find_files(paths)` expands folders recursively (documents only: a README, notes, .csv or .json
file in a folder is skipped and listed; a file named on the command line is read whatever its
extension). `read_document(path)` reads it through the one
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

__all__ = ["READABLE", "SourceText", "find_files", "missing_paths", "read_document"]

READABLE = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".text"}
# Files a folder of news often carries that are not news: its own notes and its data.
NOT_DOCUMENTS = ("readme", "license", "licence", "changelog", "notes", "index", "sources", "manifest")
SKIPPED = "skipped: not a document (README, notes, data or other non-text file)"
MISSING = "no such file or folder"


def is_document(f: Path) -> bool:
    """Whether a file found in a folder is read as a document: a readable extension, and not
    the folder's README, licence, notes or index."""
    return f.suffix.lower() in READABLE and f.stem.lower() not in NOT_DOCUMENTS


def find_files(paths) -> tuple[list[Path], list[dict]]:
    """The files to read, sorted within each folder, and an entry for each path that is missing
    (error `MISSING`) and each file of a folder skipped as not a document (error `SKIPPED`)."""
    files: list[Path] = []
    errors: list[dict] = []
    seen = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for f in sorted(f for f in p.rglob("*") if f.is_file()
                            and not any(part.startswith(".") for part in f.relative_to(p).parts)):
                if is_document(f):
                    found.append(f)
                else:
                    errors.append({"source": str(f), "error": SKIPPED})
        elif p.is_file():
            found = [p]
        else:
            errors.append({"source": str(p), "error": MISSING})
            continue
        for f in found:
            if f not in seen:
                seen.add(f)
                files.append(f)
    return files, errors


def missing_paths(paths) -> list[str]:
    """The named paths that do not exist: a batch reads the others, then exits 2 for these."""
    return [str(p) for p in paths if not Path(p).exists()]


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
