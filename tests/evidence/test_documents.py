"""Reading news files of every supported kind; broken files are refused with a reason."""

import random
import re

import pytest

from coopwatch.errors import InputError
from coopwatch.evidence.documents import find_files, read_document
from coopwatch.evidence.duplicates import DuplicateIndex, content_hash, duplicates_of, find_duplicates, minhash

from .helpers import BROKEN, mixed_folder


def test_folder_is_read_recursively_and_every_kind_gives_text(tmp_path, news_dev):
    folder = mixed_folder(tmp_path, news_dev)
    files, errors = find_files([folder])
    assert errors == []
    names = {f.name for f in files}
    assert {"n003.txt", "n037-gb.txt", "n010.html", "ordos.pdf"} <= names
    gb = read_document(folder / "sub" / "n037-gb.txt")
    assert "准东" in gb.text
    page = read_document(folder / "sub" / "n010.html")
    assert page.title == "Gui'an deal" and "1.28 billion yuan" in page.text and "var x" not in page.text
    pdf = read_document(folder / "sub" / "ordos.pdf")
    assert "RMB 450 million" in pdf.text


@pytest.mark.parametrize("name,reason", [("empty.txt", "empty"), ("binary.txt", "binary"),
                                         ("undecodable.txt", "decode"), ("truncated.pdf", "truncated")])
def test_broken_files_raise_input_error_naming_the_problem(tmp_path, news_dev, name, reason):
    folder = mixed_folder(tmp_path, news_dev)
    with pytest.raises(InputError, match=reason):
        read_document(folder / name)
    assert name in BROKEN


def test_missing_path_is_an_error_not_an_exception(tmp_path):
    files, errors = find_files([tmp_path / "nope"])
    assert files == [] and errors[0]["error"] == "no such file or folder"


def test_exact_and_near_duplicates(news_dev):
    a = (news_dev / "n030.txt").read_text(encoding="utf-8")
    reprint = "（新华社） " + a + " 责任编辑：王"
    other = (news_dev / "n003.txt").read_text(encoding="utf-8")
    assert content_hash(a) == content_hash("  " + a.upper() + "\n")
    assert find_duplicates([a, a.upper(), reprint, other]) == [None, 0, 0, None]


def test_a_batch_finds_the_duplicates_that_adding_one_by_one_finds(news_dev):
    """`duplicates_of` (pairs of a run of documents at once, counted only where they can win)
    against the index fed one document at a time: 400 reprints of six stories with a changed
    sum, a dateline, dropped or reordered sentences, and exact copies among them."""
    rng = random.Random(3)
    seeds = [(news_dev / f"n{k:03d}.txt").read_text(encoding="utf-8") for k in (3, 7, 12, 21, 30, 41)]
    texts = []
    for _ in range(400):
        if texts and rng.random() < 0.1:
            texts.append(rng.choice(texts).upper())  # an exact copy (the hash folds case)
            continue
        parts = [p for p in re.split(r"(?<=[。.!?])\s*", rng.choice(seeds).strip()) if p]
        if len(parts) > 2 and rng.random() < 0.5:
            parts.pop(rng.randrange(1, len(parts)))
        if rng.random() < 0.5:
            rng.shuffle(parts)
        body = re.sub(r"\d+", lambda m: str(rng.randint(2, 990)) if rng.random() < 0.3 else m.group(0), " ".join(parts))
        texts.append(f"{rng.choice(['Xinhua', 'AFP', '人民网'])} 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n{body}")
    digests, signatures = [content_hash(t) for t in texts], [minhash(t) for t in texts]
    index = DuplicateIndex()
    expected = [index.add(i, t, digest=d, signature=s) for i, (t, d, s) in enumerate(zip(texts, digests, signatures))]
    assert sum(e is not None for e in expected) > 300 and len(set(e for e in expected if e is not None)) > 20
    for run in (1, 7, 2048):  # however many documents' pairs are taken at once
        assert duplicates_of(digests, signatures, run=run) == expected
