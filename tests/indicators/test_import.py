"""Importing observation files: validation that lists every problem, all-or-nothing storage,
provenance of every value, idempotent re-imports, revisions. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from coopwatch.indicators import (ImportRejected, import_observations, list_observations,
                                  observation_history)
from coopwatch.store.models import ImportBatch, Observation

from .helpers import generated_rows, write_csv

pytestmark = pytest.mark.usefixtures("staff")  # the evaluators these tests act as


def counts(store) -> tuple[int, int]:
    with store.session() as s:
        return (s.scalar(select(func.count()).select_from(Observation)),
                s.scalar(select(func.count()).select_from(ImportBatch)))


def test_the_shipped_real_file_imports_with_provenance(store, real_file):
    report = import_observations(store, [real_file], user="analyst")
    assert report.stored == 766 and report.unchanged == 0
    rows = list_observations(store, region="500000", indicator="rd_expenditure", year=2022)
    assert len(rows) == 1
    row = rows[0]
    assert row["value"] == pytest.approx(686.6)
    assert row["unit"] == "100 million CNY"
    assert "2022年全国科技经费投入统计公报" in row["source"]
    assert row["file"] == real_file.name and len(row["sha256"]) == 64
    assert row["imported_by"] == "analyst" and row["row"] > 1 and row["imported_at"]


def test_the_same_file_imported_twice_is_stored_once(store, real_file):
    import_observations(store, [real_file], user="admin")
    before = counts(store)
    again = import_observations(store, [real_file], user="admin")
    assert again.stored == 0 and again.unchanged == 766
    assert counts(store) == before  # no second batch either


def test_a_10000_row_file_with_one_bad_value_stores_nothing_and_names_the_line(store, tmp_path):
    rows = generated_rows(10_000)
    rows[6_789][3] = "12,3x"
    path = write_csv(tmp_path / "big.csv", rows)
    with pytest.raises(ImportRejected) as err:
        import_observations(store, [path], user="admin")
    assert counts(store) == (0, 0)
    assert len(err.value.problems) == 1
    problem = err.value.problems[0]
    assert (problem.line, problem.field) == (6_791, "value")  # header is line 1, row i is line i + 2
    assert "line 6791" in str(err.value) and "big.csv" in str(err.value) and "12,3x" in str(err.value)


def test_a_10000_row_file_imported_twice_is_stored_once(store, tmp_path):
    path = write_csv(tmp_path / "big.csv", generated_rows(10_000))
    assert import_observations(store, [path], user="admin").stored == 10_000
    assert import_observations(store, [path], user="admin").stored == 0
    assert counts(store) == (10_000, 1)


def test_every_problem_is_listed_with_line_and_field(store, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        ["510000", "rd_expenditure", 2022, 1215.0, "亿元", "NBS"],        # line 2: fine
        ["Atlantis", "rd_expenditure", 2022, 1.0, "亿元", "NBS"],          # 3: unknown region
        ["510000", "happiness", 2022, 1.0, "亿元", "NBS"],                 # 4: unknown indicator
        ["500000", "rd_expenditure", "twenty", 1.0, "亿元", "NBS"],        # 5: not a year
        ["500000", "rd_expenditure", 1850, 1.0, "亿元", "NBS"],            # 6: impossible year
        ["500000", "rd_expenditure", 2021, "n/a", "亿元", "NBS"],          # 7: not a number
        ["500000", "rd_intensity", 2021, 2.1, "亿元", "NBS"],              # 8: unit does not convert
        ["510000", "rd_expenditure", 2022, 1215.0, "亿元", "NBS"],         # 9: duplicate of line 2
        ["500000", "gdp", 2021, 28077.3, "亿元", ""],                      # 10: no source
    ])
    with pytest.raises(ImportRejected) as err:
        import_observations(store, [path], user="admin")
    found = [(p.line, p.field) for p in err.value.problems]
    assert found == [(3, "region"), (4, "indicator"), (5, "year"), (6, "year"), (7, "value"), (8, "unit"),
                     (9, "region/indicator/year"), (10, "source")]
    text = str(err.value)
    assert "unknown region 'Atlantis'" in text and "duplicate of line 2" in text
    assert "'亿元' does not convert to '% of GDP'" in text
    assert counts(store) == (0, 0)


def test_a_near_miss_is_not_taken_for_a_region(store, tmp_path):
    # the gazetteer's search finds "China (Mianyang) Science and Technology City" for "China"
    path = write_csv(tmp_path / "near.csv", [["China", "gdp", 2022, 1210207.2, "亿元", "NBS"]])
    with pytest.raises(ImportRejected, match="unknown region 'China'"):
        import_observations(store, [path], user="admin")


def test_names_in_any_language_and_units_are_resolved(store, tmp_path):
    path = write_csv(tmp_path / "names.csv", [
        ["四川省", "研究与试验发展经费支出", 2022, 12_150_000, "万元", "NBS bulletin 2022"],
        ["Chongqing", "R&D expenditure", 2022, 68.66, "billion yuan", "NBS bulletin 2022"],
        ["Setchouan", "gdp", 2022, 56610.2, "亿元", "NBS"],
    ])
    import_observations(store, [path], user="admin")
    values = {(r["region"], r["indicator"]): r["value"] for r in list_observations(store)}
    assert values == {("510000", "rd_expenditure"): pytest.approx(1215.0),
                      ("500000", "rd_expenditure"): pytest.approx(686.6),
                      ("510000", "gdp"): pytest.approx(56610.2)}


def test_a_conflicting_value_is_shown_side_by_side_and_needs_revise(store, real_file, tmp_path):
    import_observations(store, [real_file], user="admin")
    path = write_csv(tmp_path / "revised.csv", [["500000", "rd_expenditure", 2022, 690.0, "亿元", "CQ bureau 2024"]])
    with pytest.raises(ImportRejected) as err:
        import_observations(store, [path], user="admin")
    message = str(err.value)
    assert "stored 686.6" in message and "new 690" in message
    assert "2022年全国科技经费投入统计公报" in message and "CQ bureau 2024" in message and "--revise" in message
    report = import_observations(store, [path], revise=True, user="reviser")
    assert report.revised == 1
    history = observation_history(store, "500000", "rd_expenditure", 2022)
    assert [(h["revision"], h["value"], h["current"]) for h in history] == [(1, 686.6, False), (2, 690.0, True)]
    assert history[1]["imported_by"] == "reviser"
    assert import_observations(store, [path], revise=True, user="admin").stored == 0  # same values again: nothing


def test_a_wide_yearbook_table_with_header_cells(store, tmp_path):
    path = tmp_path / "yearbook.csv"
    path.write_text("指标: 技术合同成交额\n单位: 万元\n来源: 中国科技统计年鉴 2023 表8-33\n"
                    "地区,2021年,2022年,2023年\n全国,372943000,477910000,614757000\n"
                    "四川省,12500000,16500000,…\n重庆市,2000000,—,2500000\n",
                    encoding="utf-8")
    report = import_observations(store, [path], wide=True, user="admin")
    assert report.stored == 4
    rows = {(r["region"], r["year"]): (r["value"], r["row"]) for r in list_observations(store)}
    assert rows[("510000", 2022)] == (pytest.approx(1650.0), 6)
    assert ("500000", 2022) not in rows and rows[("500000", 2023)][0] == pytest.approx(250.0)


def test_a_wide_xlsx_with_options_and_the_unit_in_the_corner_cell(store, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["R&D经费(亿元)", 2022, 2023])
    sheet.append(["Beijing", 2843.3, 2947.1])
    sheet.append(["Atlantis", 1.0, 2.0])
    path = tmp_path / "rd.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as err:
        import_observations(store, [path], wide=True, source="NBS", user="admin")
    assert [(p.line, p.field, p.locator) for p in err.value.problems] == [(3, "region", "row"), (3, "region", "row")]
    sheet.delete_rows(3)
    book.save(path)
    import_observations(store, [path], wide=True, source="NBS", indicator="rd_expenditure", user="admin")
    assert {r["year"]: r["value"] for r in list_observations(store, region="110000")} == {2022: 2843.3, 2023: 2947.1}


def test_a_json_file_names_its_records(store, tmp_path):
    path = tmp_path / "obs.json"
    path.write_text(json.dumps({"observations": [
        {"region": "110000", "indicator": "rd_intensity", "year": 2023, "value": 6.73, "unit": "%", "source": "NBS"},
        {"region": "110000", "indicator": "rd_intensity", "year": 2024, "value": "high", "unit": "%", "source": "NBS"},
    ]}), encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        import_observations(store, [path], user="admin")
    assert str(err.value.problems[0]).endswith("record 2, field value: not a number: 'high'")


def test_the_cli_reports_problems_and_exits_2(cli, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [["510000", "gdp", 2022, "abc", "亿元", "NBS"]])
    run = cli("import", "observations", str(path))
    assert run.returncode == 2 and run.stdout == ""
    assert "bad.csv, line 2, field value: not a number: 'abc'" in " ".join(run.stderr.split())
    assert "Traceback" not in run.stderr


def test_a_tidy_file_without_indicator_column_takes_the_option_and_the_batch_is_audited(store, tmp_path):
    from coopwatch.store.models import AuditEntry

    path = write_csv(tmp_path / "gdp.csv", [["510000", 2023, 60132.9, "亿元", "NBS"]],
                     header=("region", "year", "value", "unit", "source"))
    with pytest.raises(ImportRejected, match="missing column"):
        import_observations(store, [path], user="admin")
    import_observations(store, [path], indicator="地区生产总值", user="analyst")
    assert list_observations(store)[0]["indicator"] == "gdp"
    with store.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "import_observations")).one()
        assert (entry.actor, entry.after["file"], entry.after["stored"]) == ("analyst", "gdp.csv", 1)


def test_a_yearbook_table_with_title_rows_padded_names_and_a_national_total(store, tmp_path):
    path = tmp_path / "8-33.csv"
    path.write_text("表8-33 技术市场技术输出地域(合同金额),,,\n单位：万元,,,\n地区,2021,2022,2023\n"
                    "全 国,372943000,477910000,614757000\n北 京,70056500,79478300,85365200\n"
                    "注：本表数据来源于技术合同登记,,,\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        import_observations(store, [path], wide=True, source="中国科技统计年鉴 2023", user="admin")
    assert [(p.line, p.field) for p in err.value.problems] == [(3, "indicator")]
    import_observations(store, [path], wide=True, source="中国科技统计年鉴 2023", indicator="技术合同成交额", user="admin")
    assert {r["year"]: r["value"] for r in list_observations(store)} == {
        2021: pytest.approx(7005.65), 2022: pytest.approx(7947.83), 2023: pytest.approx(8536.52)}


def test_an_import_racing_another_stores_nothing_and_says_to_run_again(store, tmp_path, monkeypatch):
    """Two imports compare with the store before either inserts: the second insert meets the
    unique key and is rolled back whole, with a message instead of a traceback."""
    from coopwatch.errors import InputError
    from coopwatch.indicators import importer

    path = write_csv(tmp_path / "a.csv", [["510000", "gdp", 2023, 60132.9, "亿元", "NBS"],
                                          ["500000", "gdp", 2023, 30145.8, "亿元", "NBS"]])
    real = importer._stored_current
    monkeypatch.setattr(importer, "_stored_current", lambda session, new: real(session, new.head(0)))
    import_observations(store, [path], user="admin")
    with pytest.raises(InputError, match="run it again"):
        import_observations(store, [path], user="admin")  # it does not see the stored values: as if a race
    assert counts(store) == (2, 1)
