"""The evidence pipeline behind `coopwatch link` and `coopwatch ingest`.

    files → read (documents) → language → facts (amounts, dates, counts; regions, places,
    agencies, domains) → vector (embeddings) → ranked plan items (linking)
          ↘ over the whole batch: duplicates (exact, near) and events

The per-file part runs on chunks of files, in this process or on Dask workers
(`scale.run_chunks`); the batch part runs here, on the chunks' results in file order, so a
distributed run gives the same output as a single-process one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from coopwatch.errors import CoopwatchError

CHUNK = 64


@dataclass
class Analysed:
    """One document after the per-file stages."""

    source: str
    text: str
    title: str | None
    language: str | None
    content_hash: str
    facts: dict
    link: dict
    vector: np.ndarray = field(repr=False)
    signature: np.ndarray | None = field(default=None, repr=False)  # MinHash, for near duplicates
    repairs: list = field(default_factory=list)
    published: str | None = None
    duplicate_of: str | None = None  # source of the earlier copy
    event: str | None = None

    def as_output(self) -> dict:
        """The document's object in the link contract (and a few extra fields)."""
        f = self.facts
        return {
            "source": self.source,
            "language": self.language,
            "item": self.link["item"],
            "score": self.link["score"],
            "candidates": self.link["candidates"],
            "event": self.event,
            "regions": f["regions"],
            "places": f["places"],
            "agencies": f["agencies"],
            "domains": f["domains"],
            "amounts": f["amounts"],
            "dates": f["dates"],
            "published": self.published,
            "duplicate_of": self.duplicate_of,
        }


def detect_language(text: str) -> str | None:
    from coopwatch.text import language

    return language.detect_language(text)


def document_facts(text: str, language: str | None) -> dict:
    from coopwatch.evidence.facts import extract_amounts, extract_counts, extract_dates, named_facts
    from coopwatch.evidence.linking import framing

    named = named_facts(text)
    amounts = extract_amounts(text, language)
    return {
        "regions": named.regions,
        "places": named.places,
        "place_keys": named.place_keys,
        "agencies": named.agencies,
        "domains": named.domains,
        "groups": named.groups,
        "amounts": [a.as_dict() for a in amounts],
        "dates": [d.as_dict() for d in extract_dates(text, language)],
        "counts": extract_counts(text, language, amounts),
        "framing": framing(text),
    }


def dateline(text: str, language: str | None) -> str | None:
    """The date of a dateline: a full date on a short first line ("Xinhua 2024-05-03",
    "2024年5月3日 讯"), as an ISO date; else None."""
    from coopwatch.evidence.facts import extract_dates

    first = text.lstrip().split("\n", 1)[0]
    if len(first) > 100:
        first = first[:40]
    dates = extract_dates(first, language)
    return dates[0].date.isoformat() if dates else None


def analyse_texts(entries: list[tuple], plans) -> list[Analysed]:
    """Per-document stages for already-read texts: [(source, text, title, repairs[, published])]."""
    from coopwatch.evidence.duplicates import content_hash, minhash
    from coopwatch.evidence.embeddings import embed
    from coopwatch.evidence.linking import item_profiles, rank_items

    profiles = item_profiles(plans)
    vectors = embed([entry[1] for entry in entries])
    out = []
    for entry, vector in zip(entries, vectors):
        source, text, title, repairs = entry[:4]
        language = detect_language(text)
        facts = document_facts(text, language)
        link = rank_items(facts, vector, profiles)
        published = (entry[4] if len(entry) > 4 else None) or dateline(text, language)
        out.append(Analysed(source, text, title, language, content_hash(text), facts, link, vector, minhash(text),
                            list(repairs), published=published))
    return out


def analyse_files(paths: list[str], plans) -> tuple[list[Analysed], list[dict]]:
    """Read and analyse a chunk of files; unreadable files become errors, never exceptions."""
    from coopwatch.evidence.documents import read_document

    entries, errors = [], []
    for path in paths:
        try:
            doc = read_document(path)
        except CoopwatchError as exc:
            errors.append({"source": str(path), "error": str(exc)})
            continue
        entries.append((doc.path, doc.text, doc.title, list(doc.repairs), doc.published))
    return (analyse_texts(entries, plans) if entries else []), errors


def group_batch(docs: list[Analysed], *, events: bool = True) -> None:
    """Duplicates and (unless `events` is false: ingest groups events with the stored
    neighbours itself) events over the whole batch, in place."""
    from coopwatch.evidence.duplicates import duplicates_of, minhash
    from coopwatch.evidence.events import event_ids

    signatures = [d.signature if d.signature is not None else minhash(d.text) for d in docs]
    for d, original in zip(docs, duplicates_of([d.content_hash for d in docs], signatures)):
        d.duplicate_of = docs[original].source if original is not None else None
    if not events:
        return
    from coopwatch.evidence.embeddings import blas_limit

    inputs = [event_input(d) for d in docs]
    with blas_limit():
        ids = event_ids(inputs)
    for d, eid in zip(docs, ids):
        d.event = eid


def event_input(d: Analysed):
    from coopwatch.evidence.events import EventInput

    return EventInput(content_hash=d.content_hash, vector=d.vector, regions=frozenset(d.facts["regions"]),
                      domains=frozenset(d.facts["domains"]),
                      amounts=tuple(float(a["value"]) for a in d.facts["amounts"]),
                      item=d.link["item"], published=d.published)


def analyse_paths(paths: Iterable[str], plans, *, workers: int | None = None, scheduler: str | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  events: bool = True) -> tuple[list[Analysed], list[dict]]:
    """Every readable file under `paths`, analysed and grouped (`group_batch`), in file order;
    and the errors."""
    from coopwatch.evidence.documents import find_files

    files, errors = find_files(paths)
    chunks = [[str(f) for f in files[i:i + CHUNK]] for i in range(0, len(files), CHUNK)]
    if workers or scheduler:
        from coopwatch.evidence.scale import run_chunks

        results = run_chunks(chunks, plans, workers=workers, scheduler=scheduler, progress=progress)
    else:
        results = []
        done = 0
        for chunk in chunks:
            results.append(analyse_files(chunk, plans))
            done += len(chunk)
            if progress:
                progress(done, len(files))
    docs: list[Analysed] = []
    for chunk_docs, chunk_errors in results:
        docs.extend(chunk_docs)
        errors.extend(chunk_errors)
    group_batch(docs, events=events)
    return docs, errors


def link_paths(paths: Iterable[str], plans, **kwargs) -> dict:
    """The JSON object of `coopwatch link PATH... --json` (contracts/link-output.md)."""
    docs, errors = analyse_paths(paths, plans, **kwargs)
    return {"documents": [d.as_output() for d in docs], "errors": errors}
