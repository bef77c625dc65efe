"""The one reader: any file coopwatch reads (plan or evidence) becomes text the same way."""

import pytest

from coopwatch.errors import InputError
from coopwatch.text.read import read_bytes, read_source

from tests.evidence.helpers import make_pdf

PAGE = ("<!DOCTYPE html><html><head><title>site | 通知</title>"
        '<meta name="pubdate" content="2024-05-06"><script>var x = 1;</script></head>'
        "<body><nav>首页 | 新闻</nav><h1>关于东西部科技合作的通知</h1><p>一、总体要求</p>"
        "<p>（一）支持青海盐湖产业。</p></body></html>")


def test_a_text_file_is_decoded_whatever_its_encoding(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("一、总体要求\n（一）支持宁夏枸杞产业。\n".encode("gb18030"))
    source = read_source(path)
    assert source.format == "text" and "宁夏枸杞" in source.text and source.title is None


def test_html_is_known_by_its_content_not_only_its_name(tmp_path):
    path = tmp_path / "page.txt"  # a saved page with the wrong extension
    path.write_text(PAGE, encoding="utf-8")
    source = read_source(path)
    assert source.format == "html"
    assert source.title == "关于东西部科技合作的通知" and source.published == "2024-05-06"
    assert "（一）支持青海盐湖产业。" in source.text and "var x" not in source.text and "首页" not in source.text


def test_pdf_is_known_by_its_header_and_bytes_can_be_given(tmp_path):
    data = make_pdf("Ningxia and Fujian signed 12 projects worth RMB 450 million.")
    source = read_source(data, "upload.bin")
    assert source.format == "pdf" and "RMB 450 million" in source.text and source.path == "upload.bin"


@pytest.mark.parametrize("make,problem", [
    (lambda p: p.write_bytes(b""), "empty file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(make_pdf("x" * 50)[:200]), "truncated PDF"),
])
def test_unreadable_files_are_refused_with_their_name(tmp_path, make, problem):
    path = tmp_path / "input.txt"
    make(path)
    with pytest.raises(InputError) as err:
        read_source(path)
    assert str(err.value).startswith(f"{path}: ") and problem in str(err.value)


def test_file_over_50_mb_is_refused_before_reading(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)  # sparse: costs nothing to make
    with pytest.raises(InputError, match=r"huge.txt: file too large"):
        read_bytes(big)
