"""Issue 11, reproduction 5: a batch (`link`, `ingest`) with a path that does not exist reads
the others, then exits 2 naming it; a README, notes or data file in a news folder is skipped
and listed, not read as news."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import select

from coopwatch.cli import run
from coopwatch.evidence.documents import MISSING, SKIPPED, find_files
from coopwatch.store.models import Document


@pytest.fixture
def news(tmp_path, news_dev):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(news_dev / "n003.txt", folder / "n003.txt")
    (folder / "README.md").write_text("# News collected for the 2024 review\nSources and licences.\n",
                                      encoding="utf-8")
    (folder / "index.csv").write_text("file,outlet\nn003.txt,Xinhua\n", encoding="utf-8")
    (folder / "meta.json").write_text('{"outlet": "Xinhua"}', encoding="utf-8")
    return folder


def test_non_documents_in_a_folder_are_skipped_and_listed(news, tmp_path):
    files, errors = find_files([news, tmp_path / "nope"])
    assert [f.name for f in files] == ["n003.txt"]
    assert sorted((e["source"].rsplit("/", 1)[-1], e["error"]) for e in errors) == [
        ("README.md", SKIPPED), ("index.csv", SKIPPED), ("meta.json", SKIPPED), ("nope", MISSING)]


def test_ingest_of_a_missing_path_stores_the_rest_then_exits_2(store, news, tmp_path, capsys):
    rc = run(["ingest", str(news), str(tmp_path / "nope"), "--json"])
    out, err = capsys.readouterr()
    assert rc == 2 and f"no such file or folder: {tmp_path / 'nope'}" in err
    assert json.loads(out)["documents"] == 1
    with store.session() as s:
        assert [d.path.rsplit("/", 1)[-1] for d in s.scalars(select(Document))] == ["n003.txt"]


def test_link_of_a_missing_path_exits_2_after_the_batch(news, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("COOPWATCH_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    rc = run(["link", str(news / "n003.txt"), str(tmp_path / "missing.txt"), "--json"])
    out, err = capsys.readouterr()
    assert rc == 2 and "missing.txt" in err and len(json.loads(out)["documents"]) == 1
