"""The periodic evaluation report on the demo database: the PDF's text and pages, the HTML's
self-containment, and every sampled number traced to a stored value or document."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser

import pytest

ZH_HEADINGS = ["一、评估期概况", "二、目标完成情况", "三、地区分布与结对网络", "四、重点任务评分",
               "五、区域科技合作综合指数", "六、动态摘要与典型案例", "七、数据质量", "附录一 方法说明", "附录二 资料来源"]
EN_HEADINGS = ["1 Summary of the period", "2 Target attainment", "4 Key-task scorecards", "Appendix B Sources"]


@pytest.fixture(scope="module")
def pdfs(demo_store, tmp_path_factory):
    from coopwatch.report import write_report

    out = tmp_path_factory.mktemp("pdf")
    paths = {}
    for lang in ("zh", "en"):
        paths[lang] = out / f"report-{lang}.pdf"
        write_report(demo_store, paths[lang], fmt="pdf", lang=lang, as_of="2026-12-31")
    return paths


@pytest.fixture(scope="module")
def html_report(demo_store, tmp_path_factory):
    from coopwatch.report import write_report

    path = tmp_path_factory.mktemp("html") / "report-zh.html"
    model = write_report(demo_store, path, fmt="html", lang="zh", as_of="2026-12-31")
    return path, model


def pdftotext(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_pdf_text_is_extractable_with_the_chinese_headings_and_page_numbers(pdfs):
    text = pdftotext(pdfs["zh"])
    for heading in ZH_HEADINGS:
        assert heading in text
    assert "目录" in text
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdfs["zh"])], capture_output=True,
                                                            text=True).stdout).group(1))
    assert f"2 / {pages}" in text  # page numbers in the footer
    english = pdftotext(pdfs["en"])
    for heading in EN_HEADINGS:
        assert heading in english


def test_pdf_embeds_the_noto_cjk_fonts(pdfs):
    fonts = subprocess.run(["pdffonts", str(pdfs["zh"])], capture_output=True, text=True, check=True).stdout
    names = fonts.replace("-", " ")
    assert "Noto Serif CJK SC" in names and "Noto Sans CJK SC" in names  # body text and headings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders(pdfs, lang, tmp_path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdfs[lang]), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    info = subprocess.run(["pdfinfo", str(pdfs[lang])], capture_output=True, text=True).stdout
    assert len(pngs) == int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 5
    for png in pngs:
        lo, hi = Image.open(png).convert("L").getextrema()
        assert lo < 160 and hi == 255, f"{png.name} is blank"


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.svgs, self.external = [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and ("data-obs" in a or "data-refs" in a):
            self.cells.append(a)
        if tag == "svg":
            self.svgs += 1
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])
        if tag in ("script", "link"):
            self.external.append(tag)


def test_html_is_one_self_contained_file_with_inline_svg_charts(html_report):
    path, model = html_report
    html = path.read_text(encoding="utf-8")
    parser = _Cells()
    parser.feed(html)
    figures = [b for s in model["sections"] for b in s["blocks"] if b["type"] == "chart"]
    assert len(figures) >= 6  # targets, map, network, scorecard bars and ranks, index ranks
    assert parser.svgs >= len(figures)
    assert parser.external == []
    for heading in ZH_HEADINGS:
        assert heading in html


def test_sampled_numbers_trace_to_stored_values_and_documents(html_report, demo_store):
    from coopwatch.indicators import ObservationSet, derived_series

    path, model = html_report
    parser = _Cells()
    parser.feed(path.read_text(encoding="utf-8"))
    refs = {r.id: r for r in model["references"]}
    obs = ObservationSet.load(demo_store)
    traced = [c for c in parser.cells if c.get("data-obs")]
    assert len(traced) >= 4
    for c in traced:
        region, indicator, year = c["data-obs"].split("|")
        stored = derived_series(obs, region, indicator)[int(year)]
        assert float(c["data-value"]) == pytest.approx(stored.value)
        cited = {refs[r].text for r in c["data-refs"].split()}
        assert cited == set(stored.sources)  # the sources list names exactly the value's sources
    from coopwatch.store.models import Document

    doc_refs = [r for r in model["references"] if r.kind == "document"]
    assert doc_refs
    with demo_store.session() as s:
        for r in doc_refs:
            doc_id = int(re.match(r"(\d+)", r.detail).group(1))
            assert s.get(Document, doc_id) is not None
    every = {r for c in parser.cells for r in (c.get("data-refs") or "").split()}
    assert every <= set(refs)  # every cited reference is in the sources list


def test_the_report_says_what_changed_and_stores_its_snapshot(html_report, demo_store, tmp_path):
    import json

    from coopwatch.report import snapshot_path
    from coopwatch.report.model import build_report
    from coopwatch.report.snapshot import read_snapshot

    path, model = html_report
    snap = json.loads(snapshot_path(path).read_text(encoding="utf-8"))
    assert snap["as_of"] == "2026-12-31" and snap["documents"] > 0
    # A year earlier no document was stored: every counted document is new since then.
    summary = next(s for s in model["sections"] if s["id"] == "summary")
    texts = [b.get("text", "") for b in summary["blocks"]]
    assert f"新增计入证据的文档：{snap['documents']}篇（上期0篇）。" in texts
    # Compared with its own snapshot, nothing changed.
    again = build_report(demo_store, lang="en", as_of="2026-12-31", previous=read_snapshot(snapshot_path(path)))
    summary = next(s for s in again["sections"] if s["id"] == "summary")
    assert "Nothing changed since the previous report." in [b.get("text") for b in summary["blocks"]]


def test_the_accepted_update_and_the_case_are_in_the_report(html_report):
    html = html_report[0].read_text(encoding="utf-8")
    assert "闽宁枸杞技术转移中心建成" in html  # the accepted progress update
    assert "闽宁枸杞技术转移" in html and "以企业为主体。" in html  # the case


def test_cli_refuses_a_bad_language_in_one_line(demo_url, tmp_path):
    import os
    import sys

    env = dict(os.environ, COOPWATCH_DATABASE_URL=demo_url)
    r = subprocess.run([sys.executable, "-m", "coopwatch.cli", "report", "--lang", "fr", "--out", str(tmp_path / "x.html")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "--lang" in r.stderr
    assert not (tmp_path / "x.html").exists()
