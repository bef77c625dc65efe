"""Exports: observations, progress and cases round-trip through their importers into a fresh
database; the Frictionless data package validates; COINr's iData/iMeta hold the index's data."""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.fixture
def fresh(store):
    """An empty database with the gazetteer, roles and plans (what importers resolve against)."""
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.store.accounts import add_user, load_roles
    from coopwatch.store.regions import load_regions

    load_regions(store)
    load_roles(store)
    add_user(store, "evaluator", "evaluator", actor="admin")
    list(load_bundled_plans(store))
    return store


def test_observations_round_trip_through_the_importer(demo_store, fresh, tmp_path):
    from coopwatch.indicators.importer import import_observations
    from coopwatch.indicators.observations import list_observations
    from coopwatch.report.exports import export_table

    path = tmp_path / "observations.csv"
    export_table(demo_store, "observations", "csv", path)
    import_observations(fresh, [path], user="evaluator")

    def key(rows):
        return sorted((r["region"], r["indicator"], r["year"], round(r["value"], 9), r["unit"], r["source"]) for r in rows)

    original = [r for r in list_observations(demo_store) if r["derived_from"] is None]
    assert len(original) > 500
    assert key(list_observations(fresh)) == key(original)


def test_observations_export_as_xlsx_reads_back(demo_store, tmp_path):
    from openpyxl import load_workbook

    from coopwatch.report.exports import export_table

    path = tmp_path / "obs.xlsx"
    export_table(demo_store, "observations", "xlsx", path, {"region": "630000", "indicator": "rd_intensity"})
    rows = list(load_workbook(path).active.values)
    assert rows[0][:6] == ("region", "indicator", "year", "value", "unit", "source")
    assert {r[0] for r in rows[1:]} == {"630000"} and len(rows) > 5


def test_progress_round_trips_through_the_csv_importer(demo_store, fresh, tmp_path):
    from coopwatch.records.updates import import_csv, list_updates
    from coopwatch.report.exports import export_table

    path = tmp_path / "progress.csv"
    export_table(demo_store, "progress", "csv", path)
    imported = import_csv(fresh, path, author="evaluator")

    def key(updates):
        return sorted((u.item, u.period, u.status, u.region, u.narrative) for u in updates)

    assert imported and key(imported) == key(list_updates(demo_store))


def test_cases_round_trip_through_add_case(demo_store, fresh, tmp_path):
    """There is no case import command; `records.cases.add_case` is the one way in."""
    from coopwatch.records.cases import LANGS, TEXTS, add_case, list_cases
    from coopwatch.report.exports import export_table

    data = json.loads(export_table(demo_store, "cases", "json", None))["cases"]
    assert data
    for c in data:
        add_case(fresh, **{f"{t}_{lang}": c[f"{t}_{lang}"] for t in TEXTS for lang in LANGS},
                 regions=c["regions"].split("|"), items=c["items"].split("|"),
                 domains=[d for d in c["domains"].split("|") if d], by="evaluator")

    def key(cases):
        return sorted((c.title_zh or "", c.title_en or "", c.summary_zh or "", c.summary_en or "", c.lessons_zh or "",
                       c.lessons_en or "", c.regions, c.items, c.domains) for c in cases)

    assert key(list_cases(fresh)) == key(list_cases(demo_store))


def test_the_data_package_validates_and_holds_every_table_but_credentials(demo_store, tmp_path):
    from sqlalchemy import func, select

    from coopwatch.report.exports import export_package, validate_package
    from coopwatch.store.models import Base

    descriptor = export_package(demo_store, tmp_path / "pkg")
    assert validate_package(tmp_path / "pkg") == []
    names = {r["path"].split("/")[-1][:-4] for r in descriptor["resources"]}
    assert "api_token" not in names
    assert names == {t.name for t in Base.metadata.sorted_tables} - {"api_token"}
    with demo_store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in names:
                text = (tmp_path / "pkg" / "data" / f"{table.name}.csv").read_text(encoding="utf-8")
                rows = list(csv.reader(io.StringIO(text)))[1:]
                assert len(rows) == conn.execute(select(func.count()).select_from(table)).scalar()


def test_a_broken_package_does_not_validate(demo_store, tmp_path):
    from coopwatch.report.exports import export_package, validate_package

    export_package(demo_store, tmp_path / "pkg")
    path = tmp_path / "pkg" / "data" / "observation.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head, first = lines[0].split(","), next(csv.reader([lines[1]]))
    first[head.index("year")] = "not a year"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(first)
    path.write_text("\n".join([lines[0], buf.getvalue().rstrip("\n")] + lines[2:]) + "\n", encoding="utf-8")
    problems = validate_package(tmp_path / "pkg")
    assert problems and any("observation" in p for p in problems)


def test_coinr_export_holds_the_index_data_and_framework(demo_store, tmp_path):
    import pandas as pd

    from coopwatch.evaluate.china import build_china_index
    from coopwatch.report.exports import export_coinr

    china = build_china_index(demo_store, 2023, runs=10)
    idata, imeta = export_coinr(china.index, tmp_path)
    data = pd.read_csv(idata, dtype={"uCode": str}).set_index("uCode")
    meta = pd.read_csv(imeta)
    fw = china.index.framework
    assert len(data) == 31 and set(fw.indicators) <= set(data.columns)
    raw = china.index.inputs.raw
    assert data.loc["630000", "rd_intensity"] == pytest.approx(raw.at["630000", "rd_intensity"])
    assert list(meta.columns[:7]) == ["Level", "iCode", "iName", "Direction", "Weight", "Type", "Parent"]
    assert set(meta.loc[meta["Type"] == "Indicator", "iCode"]) == set(fw.indicators)
    assert meta.loc[meta["Level"] == fw.n_levels, "iCode"].tolist() == [fw.index_code]
