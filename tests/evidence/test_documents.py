"""Reading news files of every supported kind; broken files are refused with a reason."""

import pytest

from coopwatch.errors import InputError
from coopwatch.evidence.documents import find_files, read_document
from coopwatch.evidence.duplicates import content_hash, find_duplicates

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
