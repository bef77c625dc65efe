"""Exact and near duplicates among documents.

Exact: the SHA-256 of the normalised text (NFKC, case folded, whitespace collapsed) — the
`content_hash` of a stored document, so the same text re-ingested is the same document.

Near: MinHash signatures (128 permutations) of character 5-shingles, indexed in an LSH with
Jaccard threshold 0.8 (9 bands of 13 rows, the banding datasketch chooses for that threshold):
a reprint with a changed headline, a byline or a trailing paragraph is a near duplicate of the
first copy seen. Character shingles work for Chinese (no word breaks) and western text alike.
The signature is computed in numpy (a 64-bit polynomial hash of each shingle's code points,
mixed by splitmix64, then 128 multiply-shift permutations h -> (a·h + b mod 2^64) >> 32),
once per document in the per-file stage (`analyse`), so on Dask the workers compute them and
the batch step only looks them up.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

import numpy as np

SHINGLE = 5
PERMUTATIONS = 128
NEAR_THRESHOLD = 0.8
BANDS, ROWS = 9, 13


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    """Hash of the normalised text: equal for texts that differ only in spacing, case or width."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(1)
    a = gen.randint(0, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = gen.randint(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


def _shingle_hashes(norm: str) -> np.ndarray:
    """32-bit hashes of the distinct character 5-shingles (the whole text when shorter)."""
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) == 0:
        codes = np.zeros(1, dtype=np.uint64)
    width = min(SHINGLE, len(codes))
    n = len(codes) - width + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(width):  # polynomial hash, wrapping at 2^64
            h = h * np.uint64(0x100000001B3) + codes[k:k + n] + np.uint64(1)
        h ^= h >> np.uint64(30)  # splitmix64 finaliser
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return np.unique(h >> np.uint64(32))


def minhash(text: str) -> np.ndarray:
    """The MinHash signature (PERMUTATIONS uint64 values < 2^32) of the text's 5-shingles; each
    permutation is the multiply-shift hash h -> (a·h + b mod 2^64) >> 32 (no modulo: 3x faster
    than the Mersenne-prime form, as good for MinHash)."""
    hv = _shingle_hashes(normalise(text))
    a, b = _permutations()
    with np.errstate(over="ignore"):
        phv = (hv[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
    return phv.min(axis=0)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity estimated from two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


class DuplicateIndex:
    """Finds, for each added document, the earlier document it duplicates (exactly or nearly).

    `add(key, text)` returns the key of the earlier document with the same content hash, else
    of the most similar earlier near duplicate (the earliest among equals), else None. Keys are
    any hashable values; a signature computed before (`minhash`) may be passed in."""

    def __init__(self):
        self._by_hash: dict[str, object] = {}
        self._bands: list[dict[bytes, list[int]]] = [defaultdict(list) for _ in range(BANDS)]
        self._entries: list[tuple[object, np.ndarray]] = []

    def add(self, key, text: str, *, digest: str | None = None, signature: np.ndarray | None = None):
        digest = digest or content_hash(text)
        if digest in self._by_hash:
            return self._by_hash[digest]
        self._by_hash[digest] = key
        sig = minhash(text) if signature is None else signature
        near: set[int] = set()
        slots = []
        for band, table in enumerate(self._bands):
            slot = sig[band * ROWS:(band + 1) * ROWS].tobytes()
            near.update(table.get(slot, ()))
            slots.append(slot)
        number = len(self._entries)
        for table, slot in zip(self._bands, slots):
            table[slot].append(number)
        self._entries.append((key, sig))
        best, best_j = None, -1.0  # a band collision is a near duplicate, as in datasketch's LSH
        for n in sorted(near):
            j = jaccard(sig, self._entries[n][1])
            if j > best_j:
                best, best_j = self._entries[n][0], j
        return best


def find_duplicates(texts: list[str]) -> list[int | None]:
    """For each text, the index of the earlier text it duplicates, else None."""
    index = DuplicateIndex()
    return [index.add(i, t) for i, t in enumerate(texts)]
