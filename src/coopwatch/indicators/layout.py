"""The two layouts of an observation file, both turned into the same records (one row per
value, with its line in the file):

- tidy: a header row `region,indicator,year,value,unit,source[,note]` (headers also in Chinese:
  地区, 指标, 年份, 数值, 单位, 来源, 备注), one value per row;
- wide, as yearbooks publish tables: regions down the first column, years across a header row
  ("2019" or "2019年"); the indicator, unit and source come from the options or from cells
  above the header ("指标: R&D经费", "unit | 亿元") or from the corner cell ("R&D经费(亿元)").
  Empty cells and the yearbooks' "no data" marks (…, —, -, NA) are skipped, and so is the
  national total row (全国, 合计, total), which the gazetteer has no region for.
"""

from __future__ import annotations

import re

import pandas as pd

from coopwatch.errors import InputError
from coopwatch.indicators.readers.table import RawTable

RECORD_COLUMNS = ["region", "indicator", "year", "value", "unit", "source", "note", "line", "value_field"]
REQUIRED = ("region", "indicator", "year", "value")

HEADER_ALIASES = {
    "region": ("region", "region_code", "code", "地区", "省份", "地区代码", "region code", "province"),
    "indicator": ("indicator", "indicator_id", "指标", "指标名称"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "数据"),
    "unit": ("unit", "units", "单位", "计量单位"),
    "source": ("source", "来源", "数据来源", "资料来源"),
    "note": ("note", "notes", "备注", "注释", "comment"),
}
_ALIAS_TO_FIELD = {a: f for f, aliases in HEADER_ALIASES.items() for a in aliases}
NATIONAL_TOTALS = {"全国", "全国合计", "合计", "总计", "全 国", "total", "national", "national total", "china", "全国总计"}
NO_DATA = {"", "...", "…", "……", "—", "——", "-", "–", "na", "n/a", "nan", "null", "none", ".."}
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:年)?\s*(?:\.0)?\s*$")


class LayoutError(InputError):
    """The table's layout cannot be read (a missing column, no header row): names the place."""

    def __init__(self, table: RawTable, index: int, field: str, message: str):
        self.file, self.line, self.field, self.locator = str(table.path), table.line_of(index), field, table.locator
        self.message = message
        super().__init__(f"{table.path}, {table.locator} {self.line}, field {field}: {message}")


def stripped(column: pd.Series) -> pd.Series:
    """The column's text without surrounding spaces; each distinct text is stripped once, since a
    million-row file repeats a few region, indicator and unit names."""
    codes, uniques = pd.factorize(column.astype(str), use_na_sentinel=False)
    clean = pd.Index(uniques).astype(str).str.strip().to_numpy(dtype=object)
    return pd.Series(clean[codes], index=column.index, dtype=object)


def _field(header: str) -> str | None:
    return _ALIAS_TO_FIELD.get(" ".join(str(header).strip().lower().split()))


def tidy_records(table: RawTable, *, indicator: str | None = None) -> pd.DataFrame:
    """Records of a tidy table (the first row is the header). `indicator` stands in for a
    missing indicator column or empty indicator cells."""
    cells = table.cells
    if cells.empty:
        raise InputError(f"{table.path}: the file has no rows")
    header = [str(h) for h in cells.iloc[0].tolist()]
    fields = {}
    unknown = []
    for col, h in enumerate(header):
        f = _field(h)
        if f and f not in fields:
            fields[f] = col
        elif h.strip() and f is None:
            unknown.append(h)
    missing = [f for f in REQUIRED if f not in fields and not (f == "indicator" and indicator)]
    if missing:
        hint = " (a wide yearbook table? use --wide)" if any(_YEAR.match(h) for h in header) else ""
        raise LayoutError(table, 0, "/".join(missing), f"missing column(s) {', '.join(missing)}; "
                          f"a tidy file needs region,indicator,year,value,unit,source{hint}")
    body = cells.iloc[1:]
    records = pd.DataFrame({f: (stripped(body[fields[f]]) if f in fields else "")
                            for f in ("region", "indicator", "year", "value", "unit", "source", "note")})
    if table.line_numbers is None:
        records["line"] = range(2, len(body) + 2)
    else:
        records["line"] = table.line_numbers.iloc[1:].to_numpy()
    records["value_field"] = "value"
    if indicator:
        records["indicator"] = records["indicator"].where(records["indicator"] != "", indicator)
    # A blank line carries no observation; it is not an error.
    blank = (records[list(fields)] == "").all(axis=1).to_numpy()
    return records.loc[~blank].reset_index(drop=True)


_META_KEYS = {
    "indicator": ("indicator", "指标", "指标名称", "表名"),
    "unit": ("unit", "单位", "计量单位"),
    "source": ("source", "来源", "数据来源", "资料来源"),
}
_META = {k: f for f, keys in _META_KEYS.items() for k in keys}
_KEY_VALUE = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(.+?)\s*$")
_NAME_WITH_UNIT = re.compile(r"^\s*(.+?)\s*[(（]\s*([^()（）]+?)\s*[)）]\s*$")
_REGION_HEADERS = {"region", "地区", "省份", "地 区", "area", "province", "code", "region code", ""}


def wide_records(table: RawTable, *, indicator: str | None = None, unit: str | None = None,
                 source: str | None = None) -> pd.DataFrame:
    """Records of a wide table; options given here win over cells in the file."""
    cells = table.cells.astype(str)
    header_index = None
    for i in range(min(len(cells), 50)):
        row = cells.iloc[i].tolist()
        if sum(bool(_YEAR.match(c)) for c in row[1:]) >= 1:
            header_index = i
            break
    if header_index is None:
        raise LayoutError(table, 0, "header", "no header row with years (such as 2019 or 2019年) in the first "
                          "50 rows of this wide table")
    meta: dict[str, str] = {}
    for i in range(header_index):
        row = [c.strip() for c in cells.iloc[i].tolist()]
        for j, cell in enumerate(row):
            m = _KEY_VALUE.match(cell)
            if m and m.group(1).lower() in _META:
                meta.setdefault(_META[m.group(1).lower()], m.group(2))
            elif cell.lower() in _META and j + 1 < len(row) and row[j + 1]:
                meta.setdefault(_META[cell.lower()], row[j + 1])
    corner = cells.iloc[header_index, 0].strip()
    if corner.lower() not in _REGION_HEADERS:
        m = _NAME_WITH_UNIT.match(corner)
        meta.setdefault("indicator", m.group(1) if m else corner)
        if m:
            meta.setdefault("unit", m.group(2))
    indicator = indicator or meta.get("indicator")
    unit = unit or meta.get("unit") or ""
    source = source or meta.get("source") or ""
    if not indicator:
        raise LayoutError(table, header_index, "indicator", "a wide table needs its indicator: give --indicator, "
                          "or a cell 'indicator: <id or name>' above the header")
    header = cells.iloc[header_index].tolist()
    year_columns = [(j, _YEAR.match(h).group(1), h.strip()) for j, h in enumerate(header) if j and _YEAR.match(h)]
    body = cells.iloc[header_index + 1:]
    lines = ([table.line_of(i) for i in range(header_index + 1, len(cells))])
    frames = []
    regions = body[0].str.strip().to_numpy()
    for j, year, label in year_columns:
        values = body[j].str.strip().to_numpy()
        frames.append(pd.DataFrame({"region": regions, "year": year, "value": values, "line": lines,
                                    "value_field": label}))
    records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RECORD_COLUMNS)
    keep = ((records["region"] != "") & ~records["value"].str.lower().isin(NO_DATA)
            & ~records["region"].str.lower().isin(NATIONAL_TOTALS))
    records = records.loc[keep].copy()
    records["indicator"] = indicator
    records["unit"] = unit
    records["source"] = source
    records["note"] = ""
    return records[RECORD_COLUMNS].sort_values(["line", "year"], kind="stable").reset_index(drop=True)
