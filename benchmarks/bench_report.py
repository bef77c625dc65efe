"""Benchmark of `coopwatch report`: time per language and format on the demo database.

    .venv/bin/python benchmarks/bench_report.py [--quick]

The demo database is built in a temporary folder as `make demo` builds it (regions, roles,
bundled plans, the shipped observations, news-dev ingested). Then for zh and en, HTML and PDF,
the whole report is built and written (library calls, charts through vl-convert, WeasyPrint).
Baseline, measured in the same run: WeasyPrint rendering a one-page PDF with the same fonts
(Noto Serif/Sans CJK SC, a heading, a paragraph of Chinese and one table). Figures: seconds of
each report and its ratio to the one-page PDF. --quick writes only the zh reports.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from timing import shared

ONE_PAGE = """<html lang="zh-Hans" style="font-family: 'Noto Serif CJK SC'"><body>
<h1 style="font-family: 'Noto Sans CJK SC'">科技合作规划实施情况评估报告</h1>
<p>截至评估日期，方案共有量化目标五项。Evaluation report on the implementation of S&amp;T cooperation plans.</p>
<table><tr><th>任务</th><th>得分</th></tr><tr><td>打造世界级盐湖产业基地</td><td>64.1</td></tr></table>
</body></html>"""


def one_page_pdf() -> float:
    from weasyprint import HTML

    t0 = time.perf_counter()
    HTML(string=ONE_PAGE).write_pdf()
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    news = shared("data", "news-dev")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "report"))
    from conftest import build_demo_store  # the tests' demo database, built through the library

    from coopwatch.report import write_report

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build_demo_store(f"sqlite:///{tmp}/demo.db", news)
        print(f"demo database built in {time.perf_counter() - t0:.1f} s")
        one_page_pdf()  # warm: fonts loaded once, as in a report run
        baseline = min(one_page_pdf() for _ in range(3))
        print(f"baseline: one-page PDF with the same fonts {baseline:.3f} s")
        print(f"{'report':<12} {'seconds':>8} {'× one-page PDF':>15}")
        for lang in (("zh",) if args.quick else ("zh", "en")):
            for fmt in ("html", "pdf"):
                t0 = time.perf_counter()
                write_report(store, Path(tmp) / f"report-{lang}.{fmt}", fmt=fmt, lang=lang)
                took = time.perf_counter() - t0
                print(f"{lang + ' ' + fmt:<12} {took:8.1f} {took / baseline:15.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
