"""Exports: the record's tables as CSV, XLSX or JSON (`export_table`), the whole database as a
Frictionless data package (`export_package`, checked by `validate_package`), and an index's
data in COINr's iData / iMeta layout (`export_coinr`).

Every table comes from the library's own listing (observations with provenance, targets as
judged, scorecards, evidence that counts, progress updates, cases), so an export says what the
report and the dashboard say. Observations, progress and cases export in the columns their
importers read (`coopwatch import observations`, `coopwatch progress import`, `records.cases.add_case`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from coopwatch.errors import InputError

TABLES = ("observations", "targets", "scorecards", "evidence", "progress", "cases")
FORMATS = ("csv", "xlsx", "json")
SECRET_TABLES = {"api_token"}  # never exported: credentials


def _observations(store, f: dict) -> list[dict]:
    from coopwatch.indicators.observations import list_observations

    rows = list_observations(store, region=f.get("region"), indicator=f.get("indicator"), year=f.get("year"))
    return [{k: r[k] for k in ("region", "indicator", "year", "value", "unit", "source", "note")} |
            {"file": r["file"], "sha256": r["sha256"], "row": r["row"], "imported_at": r["imported_at"]}
            for r in rows if r["derived_from"] is None]


def _targets(store, f: dict) -> list[dict]:
    from coopwatch.indicators import evaluate_targets

    out = []
    for a in evaluate_targets(store, plan_id=f.get("plan"), as_of=int(f["year"]) if f.get("year") else None):
        c = a.as_contract()
        out.append({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in c.items()})
    return out


def _scorecards(store, f: dict) -> list[dict]:
    from coopwatch.evaluate.scorecard import build_scorecard, summary

    result = build_scorecard(store, f.get("plan"), f.get("as_of"))
    cards = [result] if f.get("plan") else result["plans"]
    return [{"plan": c["plan"], "as_of": c["as_of"], "item": e["item"], "kind": e["kind"], "title_zh": e["title"].get("zh"),
             "title_en": e["title"].get("en"), "score": e["score"], "grade": e["grade"], "rank": e["rank"],
             **{p: e["pillars"][p] for p in ("evidence", "progress", "outcomes")}, "why": summary(e, "en")}
            for c in cards for e in c["items"]]


def _evidence(store, f: dict) -> list[dict]:
    from coopwatch.evaluate.scorecard import parse_as_of
    from coopwatch.evidence.counting import plan_evidence
    from coopwatch.indicators.attainment import _plans

    as_of = parse_as_of(f.get("as_of"))
    out = []
    for plan in _plans(store, f.get("plan")):
        found, _ = plan_evidence(store, plan, as_of)
        for ref, ev in found.items():
            for d in ev.counted + ev.not_counted:
                out.append({"item": f"{plan.id}:{ref}", "document": d["document"], "path": d["path"], "title": d["title"],
                            "published": d["published"], "state": d["state"], "link_score": d["link_score"],
                            "counted": d["counted"], "why_not": d.get("why"), "amount": d.get("amount"),
                            "event": d.get("event"), "pairs": json.dumps(d.get("pairs", []))})
    return out


def _progress(store, f: dict) -> list[dict]:
    from coopwatch.records.updates import list_updates

    return [{"item": u.item, "period": u.period, "status": u.status, "region": u.region, "narrative": u.narrative,
             "author": u.author, "state": u.state, "id": u.id, "created_at": u.as_dict()["created_at"]}
            for u in list_updates(store, plan=f.get("plan"), region=f.get("region"), state=f.get("state"))]


def _cases(store, f: dict) -> list[dict]:
    from coopwatch.records.cases import list_cases

    out = []
    for c in list_cases(store, region=f.get("region"), domain=f.get("domain")):
        d = c.as_dict()
        out.append({k: ("|".join(str(x) for x in v) if isinstance(v, list) else v) for k, v in d.items()})
    return out


READERS = {"observations": _observations, "targets": _targets, "scorecards": _scorecards, "evidence": _evidence,
           "progress": _progress, "cases": _cases}


def table_rows(store, table: str, filters: dict | None = None) -> list[dict]:
    if table not in READERS:
        raise InputError(f"table: {table!r} is not one of {', '.join(TABLES)}")
    return READERS[table](store, {k: v for k, v in (filters or {}).items() if v is not None})


def write_rows(rows: list[dict], fmt: str, out: Path | None, name: str = "data") -> bytes:
    """The rows as CSV (UTF-8 with BOM-less header), XLSX or JSON; written to `out` when given."""
    if fmt not in FORMATS:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "json":
        data = json.dumps({name: rows}, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        data = buf.getvalue().encode("utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = name[:31]
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) for c in columns])
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    if out is not None:
        Path(out).write_bytes(data)
    return data


def export_table(store, table: str, fmt: str, out: Path | None, filters: dict | None = None) -> bytes:
    return write_rows(table_rows(store, table, filters), fmt, out, table)


# --- Frictionless data package ----------------------------------------------------------------

def _field_type(column) -> str:
    from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer

    t = column.type
    for kind, name in ((Boolean, "boolean"), (Integer, "integer"), (Float, "number"), (DateTime, "datetime"),
                       (Date, "date"), (JSON, "string")):
        if isinstance(t, kind):
            return name
    return "string"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def export_package(store, directory: Path) -> dict:
    """Every table of the database (credentials left out) as `DIR/data/TABLE.csv`, described by
    `DIR/datapackage.json` (Frictionless Data Package v1: tabular resources with table schemas,
    primary and foreign keys; JSON columns as JSON text). Returns the descriptor."""
    from sqlalchemy import select

    from coopwatch.store.models import Base

    directory = Path(directory)
    (directory / "data").mkdir(parents=True, exist_ok=True)
    tables = [t for t in Base.metadata.sorted_tables if t.name not in SECRET_TABLES]
    names = {t.name for t in tables}
    resources = []
    with store.engine.connect() as conn:
        for t in tables:
            path = directory / "data" / f"{t.name}.csv"
            cols = [c.name for c in t.columns]
            with path.open("w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(cols)
                for row in conn.execute(select(t).order_by(*t.primary_key.columns)):
                    w.writerow([_csv_value(v) for v in row])
            fields = []
            for c in t.columns:
                fd = {"name": c.name, "type": _field_type(c)}
                if c.type.__class__.__name__ == "JSON":
                    fd["format"] = "default"
                    fd["description"] = "JSON text"
                if not c.nullable and not c.primary_key:
                    fd["constraints"] = {"required": True}
                fields.append(fd)
            schema = {"fields": fields, "primaryKey": [c.name for c in t.primary_key.columns]}
            fks = []
            for fk in t.foreign_keys:
                if fk.column.table.name in names:
                    ref_table = fk.column.table.name
                    fks.append({"fields": [fk.parent.name],
                                "reference": {"resource": "" if ref_table == t.name else ref_table.replace("_", "-"),
                                              "fields": [fk.column.name]}})
            if fks:
                schema["foreignKeys"] = fks
            resources.append({"name": t.name.replace("_", "-"), "path": f"data/{t.name}.csv", "profile": "tabular-data-resource",
                              "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    descriptor = {"profile": "tabular-data-package", "name": "coopwatch-database",
                  "title": "coopwatch database export", "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "licenses": [{"name": "other-at", "title": "see data/SOURCES.md of coopwatch for each source's terms"}],
                  "resources": resources}
    (directory / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8")
    return descriptor


def validate_package(directory: Path) -> list[str]:
    """Problems the `frictionless` library finds in the package (types, keys, foreign keys);
    an empty list when it is valid."""
    from frictionless import validate

    report = validate(str(Path(directory) / "datapackage.json"))
    if report.valid:
        return []
    return [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors][:50] + \
           [e.message for e in report.errors]


# --- COINr ------------------------------------------------------------------------------------

def export_coinr(index, directory: Path) -> tuple[Path, Path]:
    """An index's raw data and framework as COINr's `iData` (uCode, uName, groups, indicators)
    and `iMeta` (Level, iCode, iName, Direction, Weight, Type, Parent, Unit) CSVs, so that
    `new_coin(iData, iMeta)` in R rebuilds it."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    fw = index.framework
    inputs = index.inputs
    data = inputs.units.copy()
    data.insert(0, "uCode", data.index)
    if "uName" not in data:
        data["uName"] = data["uCode"]
    if inputs.year is not None:
        data["Time"] = inputs.year
    data = data.join(inputs.raw[fw.indicators])
    idata = directory / "iData.csv"
    data.to_csv(idata, index=False)
    rows = [{"Level": n.level, "iCode": n.code, "iName": n.name, "Direction": n.direction, "Weight": n.weight,
             "Type": "Indicator" if n.level == 1 else "Aggregate", "Parent": n.parent if n.parent else "",
             "Unit": n.unit or ""} for n in fw.nodes.values()]
    rows += [{"Level": "", "iCode": g, "iName": g, "Direction": "", "Weight": "", "Type": "Group", "Parent": "",
              "Unit": ""} for g in fw.groups if g in data.columns]
    imeta = directory / "iMeta.csv"
    with imeta.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return idata, imeta
