"""Reports and exports: `coopwatch report` (the periodic evaluation report, HTML or PDF, zh or
en) and `coopwatch export` (tables, a Frictionless data package, COINr iData/iMeta)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from coopwatch.cli.app import app, cli_store, console, err_console, progress_bar


@app.command()
def report(plan: Optional[str] = typer.Option(None, "--plan", help="Only this plan (default: every plan)."),
           period: Optional[int] = typer.Option(None, "--period", help="Year of the period (default: the as-of year)."),
           as_of: Optional[str] = typer.Option(None, "--as-of", help="Date of the report, YYYY-MM-DD (default: end of period or today)."),
           since: Optional[str] = typer.Option(None, "--since", help="As-of date of the previous report to compare with (default: a year earlier)."),
           previous: Optional[Path] = typer.Option(None, "--previous", exists=True, dir_okay=False,
                                                   help="A previous report's FILE.snapshot.json to compare with."),
           lang: str = typer.Option("zh", "--lang", help="zh or en."),
           fmt: str = typer.Option("html", "--format", help="html or pdf."),
           out: Path = typer.Option(..., "--out", help="File to write.")) -> None:
    """The periodic evaluation report: targets, map and pairings, scorecards, index, digest,
    cases, data quality, methods and sources; every number referenced."""
    from coopwatch.report import snapshot_path, write_report

    update, stop = progress_bar("report")
    try:
        write_report(cli_store(), out, fmt=fmt, lang=lang, plan=plan, period=period, as_of=as_of, since=since,
                     previous=previous, progress=update)
    finally:
        stop()
    console.print(f"report written: {out} (snapshot {snapshot_path(out)})")


export_app = typer.Typer(help="Exports: tables, a Frictionless data package, COINr iData/iMeta.", no_args_is_help=True)
app.add_typer(export_app, name="export")


def _table_command(table: str):
    def command(fmt: str = typer.Option("csv", "--format", help="csv, xlsx or json."),
                out: Optional[Path] = typer.Option(None, "--out", "-o", help="File (default: standard output; xlsx needs a file)."),
                plan: Optional[str] = typer.Option(None, "--plan"), region: Optional[str] = typer.Option(None, "--region"),
                indicator: Optional[str] = typer.Option(None, "--indicator"), year: Optional[int] = typer.Option(None, "--year"),
                as_of: Optional[str] = typer.Option(None, "--as-of"), state: Optional[str] = typer.Option(None, "--state"),
                domain: Optional[str] = typer.Option(None, "--domain")) -> None:
        import sys

        from coopwatch.errors import InputError
        from coopwatch.report.exports import export_table

        if fmt == "xlsx" and out is None:
            raise InputError("--format xlsx: give a file with --out")
        data = export_table(cli_store(), table, fmt, out, {"plan": plan, "region": region, "indicator": indicator,
                                                            "year": year, "as_of": as_of, "state": state, "domain": domain})
        if out is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            err_console.print(f"{table} written: {out}")

    command.__doc__ = f"Export {table} as CSV, XLSX or JSON (filters: --plan --region --indicator --year --as-of --state --domain)."
    return command


for _name in ("observations", "targets", "scorecards", "evidence", "progress", "cases"):
    export_app.command(_name)(_table_command(_name))


@export_app.command("package")
def export_package_command(directory: Path = typer.Argument(..., file_okay=False, help="Folder to write.")) -> None:
    """The whole database as a Frictionless data package (one CSV per table, datapackage.json), validated."""
    from coopwatch.errors import CoopwatchError
    from coopwatch.report.exports import export_package, validate_package

    descriptor = export_package(cli_store(), directory)
    problems = validate_package(directory)
    if problems:
        raise CoopwatchError(f"{directory}: the data package does not validate: " + "; ".join(problems[:5]))
    console.print(f"data package written: {directory}/datapackage.json ({len(descriptor['resources'])} tables, valid)")


@export_app.command("coinr")
def export_coinr_command(spec: Path = typer.Argument(..., exists=True, dir_okay=False, help="Index spec (YAML)."),
                         directory: Path = typer.Argument(..., file_okay=False, help="Folder to write."),
                         data_dir: Optional[Path] = typer.Option(None, "--data-dir")) -> None:
    """An index's data in COINr's layout: iData.csv and iMeta.csv (new_coin(iData, iMeta) in R)."""
    from coopwatch.cli.evaluate import _index
    from coopwatch.report.exports import export_coinr

    idata, imeta = export_coinr(_index(spec, data_dir), directory)
    console.print(f"COINr data written: {idata}, {imeta}")
