"""Observations and targets: import, list, history, derived values, data checks, attainment."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import BY, acting_user, app, cli_store, console, err_console, print_json, progress_bar
from coopwatch.cli.tables import Col, check_lang, number, point, print_table

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


OBSERVATION_COLUMNS = [
    Col("region", "地区", min_width=6, max_width=14), Col("indicator", "指标", min_width=8, max_width=18),
    Col("year", "年份", shrink=0), Col("value", "数值", justify="right", shrink=0), Col("unit", "单位", max_width=10),
    Col("rev", "版本", justify="right", shrink=0), Col("note", "备注", min_width=6, max_width=16),
    Col("source", "来源", min_width=10, shrink=2), Col("file", "文件", wide_only=True), Col("row", "行", wide_only=True),
    Col("by", "导入者", wide_only=True), Col("at", "导入时间", wide_only=True),
]
HISTORY_COLUMNS = [
    Col("year", "年份", shrink=0), Col("rev", "版本", justify="right", shrink=0), Col("current", "当前", shrink=0),
    Col("value", "数值", justify="right", shrink=0), Col("note", "备注", min_width=8, max_width=28),
    Col("source", "来源", min_width=10, shrink=2), Col("file", "文件", min_width=6, max_width=16),
    Col("row", "行", justify="right", shrink=0), Col("by", "导入者", wide_only=True), Col("at", "导入时间", wide_only=True),
]


def _note(r: dict, lang: str) -> str:
    """A value's flags in brief (the full note with --wide)."""
    from coopwatch.indicators.notes import flag_label

    flags = ", ".join(flag_label(f, lang) for f in r["flags"]) if lang == "en" else "、".join(
        flag_label(f, lang) for f in r["flags"])
    return flags or (r["note"] or "")


def _provenance_cells(r: dict) -> list[str]:
    return [r["file"] or "", str(r["row"] or ""), r["imported_by"] or "", r["imported_at"]]


@observations_app.command("list")
def observations_list(
    region: Optional[str] = typer.Option(None, help="Region code or name."),
    indicator: Optional[str] = typer.Option(None, help="Indicator id or name."),
    year: Optional[int] = typer.Option(None),
    lang: str = typer.Option("en", "--lang", help="Region and indicator names in zh or en."),
    wide: bool = typer.Option(False, "--wide", help="Every column in full (default: one line per value)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON with the provenance of every value."),
) -> None:
    """Current values with their provenance (source, file, row, who and when) and notes."""
    from coopwatch.indicators import list_observations
    from coopwatch.indicators.catalogue import indicator_label, region_name, resolve_indicator_id, resolve_region_code

    check_lang(lang)
    rows = list_observations(cli_store(), region=resolve_region_code(region) if region else None,
                             indicator=resolve_indicator_id(indicator) if indicator else None, year=year)
    if as_json:
        print_json({"observations": rows})
        return
    print_table(OBSERVATION_COLUMNS, [
        [region_name(r["region"], lang), indicator_label(r["indicator"], lang), str(r["year"]), f"{r['value']:g}",
         r["unit"] or "", str(r["revision"]), (r["note"] or "") if wide else _note(r, lang), r["source"] or "",
         *_provenance_cells(r)] for r in rows], lang=lang, wide=wide)


@observations_app.command("history")
def observations_history(
    region: str = typer.Argument(..., help="Region code or name."),
    indicator: str = typer.Argument(..., help="Indicator id or name."),
    year: Optional[int] = typer.Option(None),
    lang: str = typer.Option("en", "--lang", help="Names and notes in zh or en."),
    wide: bool = typer.Option(False, "--wide", help="Every column in full (default: one line per revision)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Every revision of a series, with where each value came from and what its note says
    (lower bound, snapshot, inferred year, rounded, mirror copy)."""
    from coopwatch.indicators import observation_history
    from coopwatch.indicators.catalogue import indicator_label, region_name, resolve_indicator_id, resolve_region_code

    check_lang(lang)
    code, indicator_id = resolve_region_code(region), resolve_indicator_id(indicator)
    rows = observation_history(cli_store(), code, indicator_id, year)
    if as_json:
        print_json({"history": rows})
        return
    yes = "是" if lang == "zh" else "yes"
    print_table(HISTORY_COLUMNS, [
        [str(r["year"]), str(r["revision"]), yes if r["current"] else "", f"{r['value']:g}",
         (r["note"] or "") if wide else _note(r, lang), r["source"] or "", *_provenance_cells(r)] for r in rows],
        lang=lang, wide=wide, title=f"{region_name(code, lang)} · {indicator_label(indicator_id, lang)}")


@observations_app.command("derive")
def observations_derive(user: Optional[str] = typer.Option(None, "--by", "--user", help="Who acts (default: $COOPWATCH_USER).")) -> None:
    """Compute and store derived values (R&D intensity, group and macro-region totals)."""
    from coopwatch.indicators import store_derived_values

    counts = store_derived_values(cli_store(), user=acting_user(user))
    console.print(f"derived values: {counts['stored']} new, {counts['revised']} revised, "
                  f"{counts['unchanged']} unchanged")


CHECK_COLUMNS = [
    Col("check", "检查", shrink=0), Col("region", "地区", min_width=6, max_width=14),
    Col("indicator", "指标", min_width=8, max_width=18), Col("year", "年份", shrink=0),
    Col("value", "数值", justify="right", shrink=0), Col("finding", "发现", min_width=12, shrink=2),
]


@observations_app.command("check")
def check(
    z: float = typer.Option(3.0, "--z", help="z-score of year-on-year log changes above which a value is an outlier."),
    lang: str = typer.Option("en", "--lang", help="Region and indicator names in zh or en."),
    wide: bool = typer.Option(False, "--wide", help="Every finding in full (default: one line each)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Data checks: outliers, breaks in series, missing years, values outside plausible ranges."""
    from coopwatch.indicators import check_observations
    from coopwatch.indicators.catalogue import indicator_label, region_name
    from coopwatch.indicators.checks import CHECK_LABELS

    check_lang(lang)
    findings = check_observations(cli_store(), z=z)
    if as_json:
        print_json({"findings": [f.as_dict() for f in findings]})
        return
    print_table(CHECK_COLUMNS, [[CHECK_LABELS.get(f.check, {}).get(lang, f.check), region_name(f.region, lang), indicator_label(f.indicator, lang), str(f.year),
                                 "-" if f.value is None else f"{f.value:g}", f.text(lang)] for f in findings],
                lang=lang, wide=wide)
    console.print(f"{len(findings)} 条发现" if lang == "zh" else f"{len(findings)} finding(s)")


# The spellings before `observations import|check`, kept as aliases for one release.
import_app = typer.Typer(help="Import data files (alias: use `coopwatch observations import`).", no_args_is_help=True)
app.add_typer(import_app, name="import")
import_app.command("observations", help="Alias of `coopwatch observations import` (kept for a release).")(
    import_observations_command)
app.command("check", help="Alias of `coopwatch observations check` (kept for a release).")(check)


targets_app = typer.Typer(help="Attainment of plan targets.", invoke_without_command=True)
app.add_typer(targets_app, name="targets")


TARGET_COLUMNS = [
    Col("plan", "计划", min_width=8, max_width=16, wide_only=True), Col("item", "条目", wide_only=True),
    Col("indicator", "指标", min_width=8, max_width=18), Col("target", "目标", min_width=8, max_width=14),
    Col("by", "年份", shrink=0), Col("region", "地区", min_width=6, max_width=14),
    Col("proxy", "代理地区", wide_only=True), Col("judged on", "评判依据", wide_only=True),
    Col("baseline", "基线", wide_only=True), Col("latest", "最新", min_width=6, max_width=14),
    Col("projected", "预测", wide_only=True), Col("pace", "进度比", justify="right", wide_only=True),
    Col("status", "状态", shrink=0), Col("why", "说明", min_width=14, shrink=2),
    Col("proxy figures", "代理地区数据", wide_only=True), Col("method", "方法", wide_only=True),
]


def _target_row(a, lang: str) -> list[str]:
    from coopwatch.indicators.attainment import JUDGED_ON_LABELS, status_label
    from coopwatch.indicators.catalogue import indicator_catalogue, region_name

    c = a.as_contract(lang)
    info = indicator_catalogue().get(a.indicator) if a.indicator else None
    projected = c["projected"]
    context = c["proxy_context"]
    judged = JUDGED_ON_LABELS.get(c["judged_on"], {}).get(lang, "")
    why = c["reason"] or (("依据" if lang == "zh" else "on ") + judged)
    return [
        c["plan"], c["item"] or "", info.label(lang) if info else (a.indicator or ""),
        a.threshold_words(lang), str(c["year"]), region_name(c["region"], lang),
        region_name(c["proxy"], lang) if c["proxy"] else "", judged, point(c["baseline"]), point(c["latest"]),
        "-" if not projected or projected.get("value") is None else
        f"{number(projected['value'])} [{number(projected['low'])}–{number(projected['high'])}]",
        "-" if c["ratio"] is None else f"{c['ratio']:.2f}", status_label(c["status"], lang, short=True), why,
        "" if not context else "; ".join(f"{k}: {point(context[k])}" for k in ("baseline", "latest")),
        c["method"],
    ]


@targets_app.callback()
def targets(
    ctx: typer.Context,
    plan: Optional[str] = typer.Option(None, help="Only this plan."),
    region: Optional[str] = typer.Option(None, help="Judge the targets for this region (code or name)."),
    as_of: Optional[int] = typer.Option(None, "--as-of", help="Use data up to this year only."),
    lang: str = typer.Option("en", "--lang", help="Names and reasons in zh or en."),
    wide: bool = typer.Option(False, "--wide", help="Every column in full (default: one line per target)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (contract targets-output.md)."),
) -> None:
    """Status, projection and sources of every quantified target (progress measure of Open SDG).
    A zone's target is judged on the zone's data or its parts'; a wider proxy area is context."""
    if ctx.invoked_subcommand is not None:
        return
    from coopwatch.indicators import evaluate_targets
    from coopwatch.indicators.catalogue import resolve_region_code

    check_lang(lang)
    results = evaluate_targets(cli_store(), plan_id=plan, regions=[resolve_region_code(region)] if region else None,
                               as_of=as_of)
    if as_json:
        print_json({"targets": [r.as_contract(lang) for r in results]})
        return
    columns = TARGET_COLUMNS
    if len({r.plan for r in results}) > 1:  # the plan column too, when the targets are of several plans
        columns = [dataclasses.replace(c, wide_only=False) if c.en == "plan" else c for c in columns]
    print_table(columns, [_target_row(r, lang) for r in results], lang=lang, wide=wide)


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
