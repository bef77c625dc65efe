"""parse-plan end to end: the seeds meet the acceptance scores with the project's scorer, any
encoding of a plan gives the same reading, other languages and plans read alike, and bad input
ends with exit status 2 and one line naming the file."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coopwatch.text import parse_plan

FIXTURES = Path(__file__).parent / "fixtures"
COOPWATCH = str(Path(sys.executable).with_name("coopwatch"))


def _scorer(shared):
    spec = importlib.util.spec_from_file_location("score_plan", shared / "tools" / "score_plan.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _score(shared, result, gold):
    import yaml

    return _scorer(shared).score(json.loads(json.dumps(result)), yaml.safe_load((shared / "gold" / gold).read_text()))


def _seed(shared, n):
    return next((shared / "seeds").glob(f"{n:03d}_*.txt"))


@pytest.mark.parametrize("n, gold", [(1, "eastwest_plan.yaml"), (2, "eastwest_plan.yaml"), (4, "wsc_opinions.yaml")])
def test_seed_plans_score_at_least_095(shared, n, gold):
    metrics = _score(shared, parse_plan(_seed(shared, n)), gold)
    assert metrics["violations"] == []
    assert metrics["score"] >= 0.95, metrics


def test_german_article_is_an_article_naming_its_regions(shared):
    result = parse_plan(_seed(shared, 3))
    assert result["language"] == "de" and result["kind"] == "article"
    assert _score(shared, result, "de_article.yaml")["score"] == 1.0


def test_traps_of_the_east_west_plan(shared):
    result = parse_plan(_seed(shared, 1))
    programmes = [it for sec in result["items"] for it in sec["items"] if it["kind"] == "programme"]
    qinghai, mongolia = programmes[2], programmes[5]
    assert qinghai["regions"] == ["630000"]  # "aid the youth"
    assert all("460000" not in t["partners"] + t["regions"] for t in qinghai["items"])  # Hainan prefecture
    assert all("630000" not in t["partners"] for t in programmes[1]["items"])  # the plateau, not Qinghai
    assert "420000" not in mongolia["items"][1]["partners"]  # "Hubei" = 呼包鄂
    found = {(r["kind"], r["found"]) for r in result["repairs"]}
    assert ("mistranslation", "Hubei") in found and ("mistranslation", "aid the youth") in found


@pytest.mark.parametrize("encode", [
    lambda t: __import__("opencc").OpenCC("s2t").convert(t).encode("big5", errors="replace"),
    lambda t: t.encode("gb18030"),
    lambda t: t.encode("utf-16"),
    lambda t: t.encode("utf-16-le"),
], ids=["big5-traditional", "gb18030", "utf-16-bom", "utf-16le-no-bom"])
def test_seed_002_in_other_encodings_and_scripts(shared, tmp_path, encode):
    path = tmp_path / "plan.txt"
    path.write_bytes(encode(_seed(shared, 2).read_text(encoding="utf-8")))
    assert _score(shared, parse_plan(path), "eastwest_plan.yaml")["score"] >= 0.95


def test_seed_001_as_a_hard_wrapped_pdf_copy_with_page_furniture(shared, tmp_path):
    import textwrap

    lines = []
    for para in _seed(shared, 1).read_text(encoding="utf-8").split("\n\n"):
        lines += textwrap.wrap(para, 72) + [""]
    pages = []
    for i in range(0, len(lines), 45):
        pages += ["East-West Science and Technology Cooperation Plan", ""] + lines[i:i + 45] + ["", f"- {i // 45 + 1} -", "\f"]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(pages), encoding="utf-8")
    assert _score(shared, parse_plan(path), "eastwest_plan.yaml")["score"] >= 0.95


def test_french_fragment_of_the_east_west_plan():
    result = parse_plan(FIXTURES / "plan_fr.txt")
    assert (result["language"], result["kind"]) == ("fr", "plan")
    assert result["title"].startswith("Plan de mise en œuvre de la coopération")
    assert result["issued"] == "2022-03-03"
    assert result["issuers"]["agencies"] == ["MOST", "MOE", "MIIT", "CAS", "CAE"]
    tasks = result["items"][1]["items"]
    assert [(p["kind"], p["regions"]) for p in tasks] == [("programme", ["650000"]), ("programme", ["630000"]),
                                                          ("programme", ["150000"])]
    assert tasks[1]["items"][1]["partners"] == ["120000", "370000", "340000", "500000"]
    assert tasks[1]["items"][0]["partners"] == []  # plateau and Hainan prefecture
    assert "420000" not in tasks[2]["items"][1]["partners"]
    assert [it["kind"] for it in result["items"][2]["items"]] == ["safeguard", "safeguard"]


def test_german_opinions_with_articles_leads_and_targets():
    result = parse_plan(FIXTURES / "opinions_de.txt")
    assert [(it["kind"], it["lead"]) for it in result["items"][1:]] == [
        ("measure", {"agencies": ["MOST"], "regions": ["500000", "510000"]}),
        ("measure", {"agencies": ["PBOC", "MOST"], "regions": ["500000", "510000"]})]
    assert [(t["indicator"], t["comparator"], t["value"], t["year"]) for t in result["targets"]] == [
        ("rd_intensity", ">", 5, 2025), ("national_high_tech_enterprises", ">=", 7000, 2025),
        ("high_tech_industry_revenue_growth", ">=", 8, 2025)]


def test_chinese_opinions_in_simplified_and_traditional_read_the_same(tmp_path):
    simplified = parse_plan(FIXTURES / "opinions_zh.txt")
    import opencc

    text = (FIXTURES / "opinions_zh.txt").read_text(encoding="utf-8")
    big5 = tmp_path / "opinions_hant.txt"
    big5.write_bytes(opencc.OpenCC("s2t").convert(text).encode("big5", errors="replace"))
    traditional = parse_plan(big5)
    strip = lambda r: json.dumps({k: r[k] for k in ("issued", "issuers", "regions", "targets")}, ensure_ascii=False)
    assert simplified["issued"] == "2023-03-28"
    assert simplified["issuers"] == {"agencies": ["MOST", "NDRC", "MOE"], "regions": ["500000", "510000"]}
    assert len(simplified["targets"]) == 5
    assert [t["indicator"] for t in traditional["targets"]] == [t["indicator"] for t in simplified["targets"]]
    assert strip(traditional).count("500000") == strip(simplified).count("500000")
    leads = lambda r: [m["lead"] for sec in r["items"] for m in sec["items"]]
    assert leads(traditional) == leads(simplified)


def test_output_follows_the_contract(shared):
    result = parse_plan(_seed(shared, 4))
    assert set(result) == {"source", "language", "kind", "title", "issued", "issuers", "regions", "repairs", "items", "targets"}

    def check(item):
        assert set(item) == {"id", "kind", "number", "ordinal", "title", "text", "regions", "partners", "places",
                             "agencies", "lead", "domains", "items"}
        assert item["kind"] in {"programme", "task", "measure", "safeguard", "section", "goal"}
        for child in item["items"]:
            assert child["id"].startswith(item["id"] + ".")
            check(child)

    for item in result["items"]:
        check(item)
    for t in result["targets"]:
        assert set(t) == {"indicator", "comparator", "value", "unit", "year", "regions", "text"}
        assert t["comparator"] in {">", ">=", "=", "<", "<="}


def run_cli(*args):
    return subprocess.run([COOPWATCH, *args], capture_output=True, text=True, timeout=60)


def test_cli_prints_contract_json(shared):
    seed = _seed(shared, 4)
    proc = run_cli("parse-plan", str(seed), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["source"] == str(seed) and len(out["targets"]) == 5


@pytest.mark.parametrize("content, problem", [
    (b"", "empty file"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(32)) * 64, "binary file"),
    (b"\xff\xfe" + b"\x00\xd8\x41\x00" * 50, "cannot decode"),
])
def test_cli_refuses_bad_files_with_one_line(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = run_cli("parse-plan", str(path), "--json")
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0]


def test_main_refuses_a_file_over_50_mb(tmp_path, monkeypatch, capsys):
    from coopwatch.cli import main

    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(51 * 1024 * 1024)
    monkeypatch.setattr(sys, "argv", ["coopwatch", "parse-plan", str(path), "--json"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "huge.txt" in err[0] and "too large" in err[0]


@pytest.mark.parametrize("n", [1, 2, 4])
def test_repair_offsets_point_at_what_was_found_in_the_file(shared, n):
    text = _seed(shared, n).read_text(encoding="utf-8")
    for r in parse_plan(_seed(shared, n))["repairs"]:
        assert text[r["offset"]:].startswith(r["found"].split(" / ")[0][:20]), r


def test_german_fragment_of_the_east_west_plan():
    result = parse_plan(FIXTURES / "plan_de.txt")
    assert (result["language"], result["kind"], result["issued"]) == ("de", "plan", "2022-03-03")
    assert result["title"].startswith("Umsetzungsplan")  # not the circular, not "3. März 2022"
    assert [it["kind"] for it in result["items"]] == ["section", "section", "section"]
    programmes = result["items"][1]["items"]
    assert [(p["kind"], p["regions"]) for p in programmes] == [("programme", ["650000"]), ("programme", ["630000"]),
                                                               ("programme", ["150000"])]
    assert [t["number"] for t in programmes[0]["items"]] == [1, 2]  # "zwei."
    qinghai = programmes[1]["items"]
    assert qinghai[0]["partners"] == [] and qinghai[0]["places"][0]["code"] == "632500"
    assert qinghai[1]["partners"] == ["120000", "370000", "340000", "500000"]
    assert programmes[2]["items"][0]["partners"] == []  # "östlichen Provinzen"
    assert "420000" not in programmes[2]["items"][1]["partners"] + programmes[2]["items"][1]["regions"]
    assert [it["kind"] for it in result["items"][2]["items"]] == ["safeguard", "safeguard"]


def test_seed_001_damaged_by_a_pasted_company_and_a_global_replace(shared):
    text = _seed(shared, 1).read_text(encoding="utf-8")
    text = text.replace("magnesium, lithium and other", "magnesium, Inner Mongolia Xingye Mining (000426) and other")
    text = text.replace("Tibet", "Xizang")  # also turns "Tibetan" into "Xizangan"
    result = parse_plan(text.encode("utf-8"), "damaged.txt")
    assert _score(shared, result, "eastwest_plan.yaml")["score"] >= 0.95
    found = {(r["kind"], r["found"], r["meaning"]) for r in result["repairs"]}
    assert ("ticker_injection", "Inner Mongolia Xingye Mining (000426)", "mining") in found
    assert ("replace_damage", "Xizangan", "Tibetan") in found
    salt_lake = result["items"][1]["items"][2]["items"][1]
    assert "150000" not in salt_lake["partners"]  # the company's place is not a partner


def test_the_stages_are_usable_alone_from_the_package():
    from coopwatch.text import clean_text, decode_bytes, detect_language, find_entities, find_targets, parse_structure

    text = clean_text(decode_bytes("1. 支持新疆与中国农业科学院联合攻关。\n2. 到2025年，国家高新技术企业达到7000家。".encode("gb18030"),
                                   "x.txt").text).text
    assert detect_language(text) == "zh"
    assert [n.number for n in parse_structure(text)] == [1, 2]
    assert find_entities(text)["agencies"] == ["CAAS"]
    assert find_targets(text, "zh")[0]["value"] == 7000


def test_programmes_survive_headings_that_name_no_province_in_full():
    # slogans with short names (入滇, 支宁, 兴蒙), one heading damaged (蒙古 for 内蒙古), one with no region
    text = ("科技部关于印发《东西部科技合作实施方案》的通知\n二、重点任务\n"
            "（一）实施“科技援疆”，塑造新疆创新发展优势\n1.支持新疆碳中和技术攻关。\n2.推动新疆棉花产业发展。\n"
            "（二）实施“科技入滇”，推动边疆创新\n1.提升生物多样性保护水平。\n2.建设滇中清洁能源高地。\n"
            "（三）实施“科技支宁”，打造合作先行区\n1.推动重点产业提质增效。\n2.深化园区合作。\n"
            "（四）实施“科技兴蒙”，支持蒙古走绿色发展之路\n1.建设北方生态屏障。\n2.推动能源资源绿色转型。\n"
            "（五）深化跨区域结对合作\n1.推进贵州数字创新结对。\n2.深化兰白与张江结对。\n")
    out = parse_plan(text.encode("utf-8"), "slogans.txt")
    progs = [it for it in out["items"][0]["items"]]
    assert [p["kind"] for p in progs] == ["programme"] * 5
    assert [p["regions"] for p in progs[:4]] == [["650000"], ["530000"], ["640000"], ["150000"]]
    assert progs[1]["items"][0]["regions"] == ["530000"]


def _tiny_pdf(lines):
    """A one-page PDF with `lines` of Latin text (uncompressed, valid cross-reference table)."""
    ops = "BT /F1 10 Tf 40 800 Td 14 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for ln in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode() + b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


PLAN_LINES = ["Implementation Plan for East-West Cooperation", "II. Key tasks",
              "(1) Science and technology to aid Qinghai", "1. Salt lake industry in Qinghai with Tianjin.",
              "2. Wolfberry in Qinghai with Jiangsu.", "(2) Science and technology to aid Yunnan",
              "1. Biodiversity in Yunnan.", "2. Clean energy in Yunnan with Shanghai."]


def test_pdf_plan_is_read_from_its_text_layer_and_a_truncated_one_is_refused(tmp_path):
    pdf = _tiny_pdf(PLAN_LINES)
    good = tmp_path / "plan.pdf"
    good.write_bytes(pdf)
    out = parse_plan(str(good))
    progs = out["items"][0]["items"]
    assert [p["regions"] for p in progs] == [["630000"], ["530000"]]
    assert "%PDF" not in json.dumps(out) and "Tj" not in json.dumps(out)
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(pdf[: len(pdf) // 2])
    r = run_cli("parse-plan", str(bad), "--json")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "cut.pdf" in r.stderr


def test_html_plan_is_read_without_markup():
    page = ("<!DOCTYPE html><html><head><title>Plan</title><style>p{color:red}</style><script>var x=1;</script></head>"
            "<body><nav>Home / Policies</nav>" + "".join(f"<p>{ln}</p>" for ln in PLAN_LINES) + "<footer>(7) menu</footer></body></html>")
    out = parse_plan(page.encode("utf-8"), "plan.html")
    assert out["title"] == "Implementation Plan for East-West Cooperation"
    assert "<p>" not in json.dumps(out) and "var x" not in json.dumps(out)
    assert [p["kind"] for p in out["items"][0]["items"]] == ["programme", "programme"]


def test_taiwan_wording_in_agency_names_and_support_verbs():
    text = ("科技部等九部門關於印發東西部科技合作實施方案的通知\n二、重點任務\n"
            "（一）實施「科技援疆」\n1.支援新疆聯合攻關。\n2.推動新疆棉花發展。\n"
            "（二）實施「科技入滇」\n1.支援雲南聯合開展生物多樣性保護。\n2.建設清潔能源高地。\n"
            "科技部　教育部　工業和資訊化部\n2022年3月3日\n")
    out = parse_plan(text.encode("utf-8"), "tw.txt")
    assert out["issuers"]["agencies"] == ["MOST", "MOE", "MIIT"]
    assert out["items"][0]["items"][1]["items"][0]["regions"] == ["530000"]
    assert "核心" in parse_plan("實施方案\n一、產業核心技術攻關。\n".encode("utf-8"), "x.txt")["items"][0]["text"]
