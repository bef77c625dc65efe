"""Regression: a few plan documents written by a red-team colleague, unseen while the parser was
built, each with its gold file; every one must keep scoring with the project's scorer
(shared/tools/score_plan.py). They cover numbering styles ((III), „ after a marker), damaged
headings and short-name slogans, Chinese mojibake, an HTML page and a Five-Year-Plan deadline."""

import importlib.util
import json
from pathlib import Path

import pytest
import yaml

from coopwatch.text import parse_plan

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"

# (document, the score it must keep: a little below what the parser reaches)
CASES = [
    ("p01_eastwest_fr_cp1252.txt", 0.97),           # (III) Roman programme numbers, cp1252, CRLF
    ("p02_eastwest_de_bom.txt", 0.97),              # „ after (1), German dative names, "3. März 2022"
    ("p19_eastwest_zh_damaged_gb18030.txt", 0.97),  # 内 deleted everywhere, 科技入滇/支宁/兴蒙 headings
    ("p25_eastwest_zh_gbk_as_latin1_mojibake.txt", 0.97),  # GBK read as Latin-1
    ("p28_eastwest_en_html.html", 0.97),            # an HTML page with script, nav and footer
    ("p30_wsc_zh_zerendanwei.txt", 0.97),           # 到“十四五”末, （责任单位：…）
]


def _scorer(shared):
    spec = importlib.util.spec_from_file_location("score_plan", shared / "tools" / "score_plan.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name, threshold", CASES)
def test_unseen_plan_keeps_its_score(shared, name, threshold):
    path = UNSEEN / name
    out = json.loads(json.dumps(parse_plan(str(path))))
    gold = yaml.safe_load((UNSEEN / (path.stem + ".yaml")).read_text(encoding="utf-8"))
    m = _scorer(shared).score(out, gold)
    assert m["score"] >= threshold, m
