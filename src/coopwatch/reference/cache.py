"""The built vocabularies kept on disk between processes, so that a short command does not build
them again: the gazetteer, the one matcher and the traditional → simplified table (and the
language model of `text.language`, decompressed, with its own library in the key).

`load_or_build(name, build)` returns the object pickled in the user cache directory
(`cache_dir()/reference/NAME-KEY.pickle`) when there is one for the current key, else calls
`build()`, stores its result for the next process and returns it. The key is a hash of
everything the built object depends on: the coopwatch version, the Python version, the source
of the `reference` package and every file of `reference/data`, and the installed pyahocorasick,
OpenCC and PyYAML (their files' size and modification time). A changed vocabulary, a changed
matcher or an upgraded library therefore gives a new key and a rebuild; the files of other keys
are removed when a new one is written, and so are temporary files a killed writer left.

The cache never changes a result, only how long the first call takes: a missing, stale,
truncated or unreadable file is rebuilt, and a cache directory that cannot be written (a
read-only home) only means building in every process, as without a cache.

The cache directory is `$COOPWATCH_CACHE_DIR`, else `~/.cache/coopwatch` (shared with the
sentence-vector cache of `evidence.embeddings`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

_PROTOCOL = pickle.HIGHEST_PROTOCOL
# libraries whose code or data go into the built objects
_LIBRARIES = ("ahocorasick", "opencc", "yaml")


def cache_dir() -> Path:
    """The user cache directory of coopwatch: `$COOPWATCH_CACHE_DIR`, else `~/.cache/coopwatch`."""
    configured = os.environ.get("COOPWATCH_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "coopwatch"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """The hash the cached objects are keyed by (see the module docstring)."""
    from coopwatch import __version__

    h = hashlib.sha256()
    h.update(f"{__version__}\0{sys.version}\0{_PROTOCOL}\0".encode())
    for name in _LIBRARIES:
        h.update(library_stamp(name).encode())
    package = resources.files("coopwatch.reference")
    files = [f for f in package.iterdir() if f.name.endswith(".py")]
    files += list(package.joinpath("data").iterdir())
    for f in sorted((f for f in files if f.is_file()), key=lambda f: f.name):
        data = f.read_bytes()
        h.update(f"{f.name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()[:24]


def library_stamp(module: str) -> str:
    """An installed library as a key part: where its module is, with its size and modification
    time (changed by any install or upgrade), found without importing it."""
    spec = find_spec(module)
    origin = spec.origin if spec is not None else None
    try:
        st = os.stat(origin) if origin else None
    except OSError:
        st = None
    return f"{module}\0{origin}\0{st.st_size if st else ''}\0{st.st_mtime_ns if st else ''}\0"


def load_or_build(name: str, build: Callable[[], T], extra: tuple[str, ...] = ()) -> T:
    """The object `build()` makes, from the cache when it holds one for the current key;
    `extra`: more key parts, for an object that depends on more than the reference package
    (`library_stamp` of a library, its settings)."""
    try:
        folder = cache_dir() / "reference"
    except (OSError, RuntimeError):  # no home directory: no cache
        return build()
    key = fingerprint()
    if extra:
        key = hashlib.sha256("\0".join((key, *extra)).encode()).hexdigest()[:24]
    path = folder / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as f:
            return _load(f)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - truncated, corrupt or unreadable: built again below
        pass
    obj = build()
    _store(folder, name, path, obj)
    return obj


def _load(f):
    from coopwatch.gcpause import gc_paused

    with gc_paused():  # unpickling many small objects
        return pickle.load(f)


def _store(folder: Path, name: str, path: Path, obj) -> None:
    """Write `obj` to `path` (atomically) and remove the files of other keys; never fails."""
    import tempfile
    import time

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(obj, f, protocol=_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        for left in folder.glob(f".{name}-*.tmp"):  # left by a writer that was killed
            if left.stat().st_mtime < time.time() - 3600:
                left.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a read-only cache directory: built again by the next process
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
