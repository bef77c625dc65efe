"""Exact and near duplicates among documents.

Exact: the SHA-256 of the normalised text (NFKC, case folded, whitespace collapsed) — the
`content_hash` of a stored document, so the same text re-ingested is the same document.

Near: MinHash signatures (datasketch, 128 permutations) of character 5-shingles, indexed in an
LSH with Jaccard threshold 0.8: a reprint with a changed headline, a byline or a trailing
paragraph is a near duplicate of the first copy seen. Character shingles work for Chinese
(no word breaks) and western text alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SHINGLE = 5
PERMUTATIONS = 128
NEAR_THRESHOLD = 0.8


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    """Hash of the normalised text: equal for texts that differ only in spacing, case or width."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def minhash(text: str):
    from datasketch import MinHash

    norm = normalise(text)
    m = MinHash(num_perm=PERMUTATIONS, seed=1)
    shingles = {norm[i:i + SHINGLE] for i in range(max(1, len(norm) - SHINGLE + 1))}
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


class DuplicateIndex:
    """Finds, for each added document, the earlier document it duplicates (exactly or nearly).

    `add(key, text)` returns the key of the earlier document with the same content hash, else
    of the most similar earlier near duplicate, else None. Keys are any hashable values."""

    def __init__(self, threshold: float = NEAR_THRESHOLD):
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self._by_hash: dict[str, object] = {}
        self._entries: dict[str, tuple[object, object]] = {}  # lsh name -> (key, signature)

    def add(self, key, text: str, *, digest: str | None = None):
        digest = digest or content_hash(text)
        if digest in self._by_hash:
            return self._by_hash[digest]
        self._by_hash[digest] = key
        sig = minhash(text)
        near = [self._entries[name] for name in self._lsh.query(sig)]
        name = str(len(self._entries))
        self._lsh.insert(name, sig)
        self._entries[name] = (key, sig)
        if not near:
            return None
        return max(near, key=lambda entry: sig.jaccard(entry[1]))[0]


def find_duplicates(texts: list[str], threshold: float = NEAR_THRESHOLD) -> list[int | None]:
    """For each text, the index of the earlier text it duplicates, else None."""
    index = DuplicateIndex(threshold)
    return [index.add(i, t) for i, t in enumerate(texts)]
