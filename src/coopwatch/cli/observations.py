"""Observations and targets: import, list, history, derived values, data checks, attainment."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import BY, acting_user, app, cli_store, console, err_console, print_json, progress_bar

# --- indicators and targets ------------------------------------------------------------------

observations_app = typer.Typer(help="Observations: import, list, history of revisions, derived values, data checks.",
                               no_args_is_help=True)
app.add_typer(observations_app, name="observations")


@observations_app.command("import")
def import_observations_command(
    files: List[Path] = typer.Argument(..., help="CSV, XLSX or JSON files, tidy or (with --wide) yearbook tables."),
    wide: bool = typer.Option(False, "--wide", help="Regions as rows, years as columns, as yearbooks publish."),
    indicator: Optional[str] = typer.Option(None, help="Indicator id or name, for files without an indicator column."),
    unit: Optional[str] = typer.Option(None, help="Unit of values whose row or table gives none."),
    source: Optional[str] = typer.Option(None, help="Source of values whose row gives none."),
    user: Optional[str] = typer.Option(None, "--by", "--user", help="Who imports (default: $COOPWATCH_USER; kept with every value)."),
    revise: bool = typer.Option(False, "--revise", help="Store values that differ from stored ones as new revisions."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import observations, all or nothing: every problem (file, line, field) is listed and a file
    with any problem stores nothing. A value that differs from the stored one is a conflict unless
    --revise (then it becomes a new revision; the old one is kept). Re-importing changes nothing."""
    from coopwatch.indicators import import_observations

    progress, close = progress_bar("importing")
    try:
        report = import_observations(cli_store(), files, wide=wide, indicator=indicator, unit=unit, source=source,
                                     user=acting_user(user), revise=revise, progress=progress)
    finally:
        close()
    if as_json:
        print_json(report.as_dict())
        return
    for f in report.files:
        console.print(f"{f['file']}: {f['rows']} rows, {f['stored']} stored ({f['revised']} revisions), "
                      f"{f['unchanged']} unchanged" + (f", batch {f['batch']}" if f["batch"] else ""))


@observations_app.command("list")
def observations_list(
    region: Optional[str] = typer.Option(None, help="Region code or name."),
    indicator: Optional[str] = typer.Option(None, help="Indicator id or name."),
    year: Optional[int] = typer.Option(None),
    as_json: bool = typer.Option(False, "--json", help="Print JSON with the provenance of every value."),
) -> None:
    """Current values with their provenance (source, file, row, who and when)."""
    from coopwatch.indicators import list_observations
    from coopwatch.indicators.catalogue import resolve_indicator_id, resolve_region_code

    rows = list_observations(cli_store(), region=resolve_region_code(region) if region else None,
                             indicator=resolve_indicator_id(indicator) if indicator else None, year=year)
    if as_json:
        print_json({"observations": rows})
        return
    from rich.table import Table

    table = Table("region", "indicator", "year", "value", "unit", "rev", "source")
    for r in rows:
        table.add_row(r["region"], r["indicator"], str(r["year"]), f"{r['value']:g}", r["unit"] or "",
                      str(r["revision"]), (r["source"] or "")[:60])
    console.print(table)


@observations_app.command("history")
def observations_history(
    region: str = typer.Argument(..., help="Region code or name."),
    indicator: str = typer.Argument(..., help="Indicator id or name."),
    year: Optional[int] = typer.Option(None),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Every revision of a series, with where each value came from."""
    from coopwatch.indicators import observation_history
    from coopwatch.indicators.catalogue import resolve_indicator_id, resolve_region_code

    rows = observation_history(cli_store(), resolve_region_code(region), resolve_indicator_id(indicator), year)
    if as_json:
        print_json({"history": rows})
        return
    from rich.table import Table

    table = Table("year", "rev", "current", "value", "source", "file", "row", "by", "at")
    for r in rows:
        table.add_row(str(r["year"]), str(r["revision"]), "yes" if r["current"] else "", f"{r['value']:g}",
                      (r["source"] or "")[:50], r["file"] or "", str(r["row"] or ""), r["imported_by"] or "",
                      r["imported_at"])
    console.print(table)


@observations_app.command("derive")
def observations_derive(user: Optional[str] = typer.Option(None, "--by", "--user", help="Who acts (default: $COOPWATCH_USER).")) -> None:
    """Compute and store derived values (R&D intensity, group and macro-region totals)."""
    from coopwatch.indicators import store_derived_values

    counts = store_derived_values(cli_store(), user=acting_user(user))
    console.print(f"derived values: {counts['stored']} new, {counts['revised']} revised, "
                  f"{counts['unchanged']} unchanged")


@observations_app.command("check")
def check(
    z: float = typer.Option(3.0, "--z", help="z-score of year-on-year log changes above which a value is an outlier."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Data checks: outliers, breaks in series, missing years, values outside plausible ranges."""
    from coopwatch.indicators import check_observations

    findings = check_observations(cli_store(), z=z)
    if as_json:
        print_json({"findings": [f.as_dict() for f in findings]})
        return
    for f in findings:
        console.print(f"{f.check:8} {f.indicator} {f.region} {f.year}: {f.message}", markup=False)
    console.print(f"{len(findings)} finding(s)")


# The spellings before `observations import|check`, kept as aliases for one release.
import_app = typer.Typer(help="Import data files (alias: use `coopwatch observations import`).", no_args_is_help=True)
app.add_typer(import_app, name="import")
import_app.command("observations", help="Alias of `coopwatch observations import` (kept for a release).")(
    import_observations_command)
app.command("check", help="Alias of `coopwatch observations check` (kept for a release).")(check)


targets_app = typer.Typer(help="Attainment of plan targets.", invoke_without_command=True)
app.add_typer(targets_app, name="targets")


@targets_app.callback()
def targets(
    ctx: typer.Context,
    plan: Optional[str] = typer.Option(None, help="Only this plan."),
    region: Optional[str] = typer.Option(None, help="Judge the targets for this region (code or name)."),
    as_of: Optional[int] = typer.Option(None, "--as-of", help="Use data up to this year only."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (contract targets-output.md)."),
) -> None:
    """Status, projection and sources of every quantified target (progress measure of Open SDG)."""
    if ctx.invoked_subcommand is not None:
        return
    from coopwatch.indicators import evaluate_targets
    from coopwatch.indicators.catalogue import resolve_region_code

    results = evaluate_targets(cli_store(), plan_id=plan, regions=[resolve_region_code(region)] if region else None,
                               as_of=as_of)
    if as_json:
        print_json({"targets": [r.as_contract() for r in results]})
        return
    from rich.table import Table

    table = Table("plan", "indicator", "target", "region", "proxy", "baseline", "latest", "projected", "status")
    for r in results:
        c = r.as_contract()
        point = lambda p: f"{p['value']:.4g} ({p['year']})" if p and p.get("value") is not None else "-"
        table.add_row(c["plan"], c["indicator"] or "", f"{c['comparator']} {c['value']:g} {c['unit']} by {c['year']}",
                      c["region"] or "", c["proxy"] or "", point(c["baseline"]), point(c["latest"]),
                      point(c["projected"]), c["status"])
    console.print(table)


@targets_app.command("backtest")
def targets_backtest(
    plan: Optional[str] = typer.Option(None, help="Only this plan."),
    all_provinces: bool = typer.Option(False, "--all-provinces", help="Run every target for each of the 31 provinces."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """How often the status from an earlier as-of year agreed with the outcome on all the data."""
    from coopwatch.indicators import backtest
    from coopwatch.indicators.catalogue import province_codes

    result = backtest(cli_store(), plan_id=plan, regions=province_codes() if all_provinces else None)
    if as_json:
        print_json(result)
        return
    share = result["share_right"]
    console.print(f"{result['runs']} runs, {result['right']} right"
                  + (f" ({share:.0%})" if share is not None else ""))
    for status, s in sorted(result["by_status"].items()):
        console.print(f"  predicted {status}: {s['right']}/{s['runs']} right")



# --- evidence --------------------------------------------------------------------------------
