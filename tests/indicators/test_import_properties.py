"""Property: whatever is wrong with a generated file, an import either stores all of it or
nothing, and every corrupted line is named. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from coopwatch.indicators import ImportRejected, import_observations
from coopwatch.store.models import ImportBatch, Observation

from .helpers import generated_rows, write_csv

POOL = generated_rows(200, start_year=2000)
CORRUPTIONS = {
    "region": lambda row, other: ["Atlantis"] + row[1:],
    "indicator": lambda row, other: row[:1] + ["no_such_indicator"] + row[2:],
    "year": lambda row, other: row[:2] + ["20x1"] + row[3:],
    "future": lambda row, other: row[:2] + [2999] + row[3:],
    "value": lambda row, other: row[:3] + ["1.2.3"] + row[4:],
    "unit": lambda row, other: row[:4] + ["% of GDP"] + row[5:],
    "source": lambda row, other: row[:5] + [""],
    "duplicate": lambda row, other: list(other),
}


def _counts(store) -> tuple[int, int]:
    with store.session() as s:
        return (s.scalar(select(func.count()).select_from(Observation)),
                s.scalar(select(func.count()).select_from(ImportBatch)))


@st.composite
def bad_files(draw):
    indices = draw(st.lists(st.integers(0, len(POOL) - 1), min_size=2, max_size=40, unique=True))
    rows = [list(POOL[i]) for i in indices]
    bad = draw(st.lists(st.integers(1, len(rows) - 1), min_size=1, max_size=len(rows) - 1, unique=True))
    kinds = {}
    for position in bad:
        kind = draw(st.sampled_from(sorted(CORRUPTIONS)))
        rows[position] = CORRUPTIONS[kind](rows[position], rows[0])
        kinds[position] = kind
    fmt = draw(st.sampled_from(["csv", "json"]))
    return rows, kinds, fmt


def _write(rows, fmt: str, folder: Path) -> Path:
    if fmt == "csv":
        return write_csv(folder / "generated.csv", rows)
    keys = ["region", "indicator", "year", "value", "unit", "source"]
    path = folder / "generated.json"
    path.write_text(json.dumps([dict(zip(keys, r)) for r in rows], ensure_ascii=False), encoding="utf-8")
    return path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=bad_files())
def test_a_file_with_any_bad_row_stores_nothing_and_names_each_bad_line(store, case):
    rows, kinds, fmt = case
    before = _counts(store)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(rows, fmt, Path(folder))
        try:
            import_observations(store, [path], user="admin")
        except ImportRejected as err:
            named = {p.line for p in err.problems}
        else:
            raise AssertionError("a file with bad rows was accepted")
    assert _counts(store) == before
    first_line = 2 if fmt == "csv" else 1  # CSV: header is line 1; JSON: records count from 1
    assert {first_line + position for position in kinds} <= named


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(indices=st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=30, unique=True),
       changed=st.integers(0, 29))
def test_a_conflict_with_stored_values_stores_nothing_unless_revised(store, indices, changed):
    """Half the pool is stored; a file that changes one stored value is rejected whole."""
    if _counts(store)[0] == 0:
        with tempfile.TemporaryDirectory() as folder:
            import_observations(store, [write_csv(Path(folder) / "base.csv", POOL[:100])], user="admin")
    before = _counts(store)
    rows = [list(POOL[i]) for i in indices]
    stored = [i for i, pool_index in enumerate(indices) if pool_index < 100]
    if not stored:
        return
    target = stored[changed % len(stored)]
    rows[target][3] = float(rows[target][3]) + 1.0
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "conflict.csv", rows)
        try:
            import_observations(store, [path], user="admin")
        except ImportRejected as err:
            assert [p.line for p in err.problems] == [target + 2]
        else:
            raise AssertionError("a conflicting value was accepted")
    assert _counts(store) == before


PROVINCES = [("北京", "110000"), ("Tianjin", "120000"), ("河北省", "130000"), ("Shanxi", "140000"),
             ("四 川", "510000"), ("重慶", "500000")]
MARKS = ["", "…", "—", "-", "NA"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(years=st.lists(st.integers(2005, 2024), min_size=1, max_size=6, unique=True),
       regions=st.lists(st.sampled_from(PROVINCES), min_size=1, max_size=6, unique=True),
       cells=st.lists(st.one_of(st.floats(0.01, 1e7, allow_nan=False).map(lambda x: round(x, 2)),
                                st.sampled_from(MARKS)), min_size=36, max_size=36))
def test_a_wide_table_stores_exactly_its_numeric_cells_converted(store, years, regions, cells):
    """Every number of a wide 万元 table is stored once, in 亿元; no-data marks are skipped; a
    second import of the same table stores nothing."""
    header = "地区," + ",".join(f"{y}年" for y in years)
    lines, expected = [], {}
    for i, (name, code) in enumerate(regions):
        row = cells[i * 6:i * 6 + len(years)]
        lines.append(name + "," + ",".join(str(c) for c in row))
        expected.update({(code, y): c / 1e4 for y, c in zip(years, row) if not isinstance(c, str)})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wide.csv"
        path.write_text("指标: 技术合同成交额\n单位: 万元\n来源: test\n" + header + "\n" + "\n".join(lines) + "\n",
                        encoding="utf-8")
        first = import_observations(store, [path], wide=True, revise=True, user="admin")  # examples share the store
        assert first.stored + first.unchanged == len(expected)
        assert import_observations(store, [path], wide=True, user="admin").stored == 0
    from coopwatch.indicators import list_observations

    stored = {(r["region"], r["year"]): r["value"] for r in list_observations(store, indicator="technology_contract_turnover")}
    for key, value in expected.items():
        assert stored[key] == pytest.approx(value)
