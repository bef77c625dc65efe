"""The `coopwatch` command: one Typer command per job, each a few lines over the library.

User mistakes raise `CoopwatchError` in the library; `main()` prints them as one line on
standard error and exits with status 2, never with a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from coopwatch.errors import CoopwatchError

app = typer.Typer(help="Monitor and evaluate regional S&T cooperation plans.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
console = Console()
err_console = Console(stderr=True)


def print_json(obj) -> None:
    """JSON on standard output, UTF-8, non-ASCII kept readable."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")


def _store():
    from coopwatch.store import open_store

    return open_store()


# --- foundation ------------------------------------------------------------------------------

@app.command()
def init(
    no_plans: bool = typer.Option(False, "--no-plans", help="Do not load the bundled plans."),
) -> None:
    """Create or upgrade the database and load the vocabularies (and the bundled plans)."""
    from coopwatch.setup import initialise

    store = _store()
    summary = initialise(store, load_plans=not no_plans)
    console.print(f"database ready: [bold]{store.url}[/bold] ({store.dialect})")
    for line in summary:
        console.print(f"  {line}")


@app.command()
def regions(
    query: str = typer.Argument(..., help="A name in zh/en/fr/de, a short name, or a GB/T 2260 code."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int = typer.Option(10, help="At most this many matches."),
) -> None:
    """Resolve a region name or code: code, names, level, province, macro-region."""
    from coopwatch.reference import gazetteer

    matches = gazetteer().lookup(query)[:limit]
    if as_json:
        print_json({"matches": [m.as_match() for m in matches]})
        return
    if not matches:
        err_console.print(f"no region matches {query!r}")
        raise typer.Exit(1)
    from rich.table import Table

    table = Table("code", "name (zh)", "name (en)", "level", "province", "macro-region")
    for m in matches:
        table.add_row(m.code, m.name_zh, m.name_en or "", m.level, m.province or "", m.macro_region or "")
    console.print(table)


@app.command()
def backup(path: Path = typer.Argument(..., help="File to write (gzipped JSON lines).")) -> None:
    """Write every table of the database to one file (restorable into SQLite or PostgreSQL)."""
    from coopwatch.store.backup import backup as write_backup

    counts = write_backup(_store(), path)
    console.print(f"{sum(counts.values())} rows from {len(counts)} tables written to {path}")


@app.command()
def restore(path: Path = typer.Argument(..., exists=True, dir_okay=False),
            yes: bool = typer.Option(False, "--yes", help="Replace the database's content without asking.")) -> None:
    """Replace the database's content with a backup (all or nothing)."""
    from coopwatch.store.backup import restore as read_backup

    store = _store()
    if not yes and not typer.confirm(f"Replace everything in {store.url}?"):
        raise typer.Abort()
    counts = read_backup(store, path)
    console.print(f"{sum(counts.values())} rows restored into {store.url}")


user_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str,
    role: str = typer.Option(..., help="admin | evaluator | reporter | viewer"),
    region: List[str] = typer.Option([], "--region", help="Region a reporter reports for (repeat)."),
    email: Optional[str] = typer.Option(None),
) -> None:
    """Add a user with a role (a reporter is scoped to regions)."""
    from coopwatch.store.accounts import add_user

    acc = add_user(_store(), name, role, regions=region, email=email)
    console.print(f"user {acc.name} ({acc.role}{', ' + ' '.join(acc.regions) if acc.regions else ''})")


@user_app.command("list")
def user_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """List users with their roles and regions."""
    from coopwatch.store.accounts import list_users

    users = list_users(_store())
    if as_json:
        print_json({"users": [dict(name=u.name, role=u.role, regions=list(u.regions), active=u.active) for u in users]})
        return
    for u in users:
        console.print(f"{u.name}\t{u.role}\t{' '.join(u.regions)}")


@user_app.command("token")
def user_token(name: str, label: Optional[str] = typer.Option(None), days: Optional[int] = typer.Option(None),
               revoke: bool = typer.Option(False, "--revoke", help="Revoke the user's tokens instead.")) -> None:
    """Create an API token for a user (printed once), or revoke their tokens."""
    from coopwatch.store.accounts import create_token, revoke_tokens

    if revoke:
        console.print(f"{revoke_tokens(_store(), name)} token(s) revoked")
    else:
        sys.stdout.write(create_token(_store(), name, label=label, days=days) + "\n")


# --- records: progress updates and cases ----------------------------------------------------

progress_app = typer.Typer(help="Progress updates on plan tasks, and their review.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")


@progress_app.command("submit")
def progress_submit(
    item: str = typer.Argument(..., help="Plan item, e.g. eastwest-14fyp:3.2"),
    period: str = typer.Option(..., help="2024, 2024H1 or 2024Q3"),
    status: str = typer.Option(..., help="not_started | in_progress | completed | delayed | suspended"),
    region: Optional[str] = typer.Option(None, help="Region reporting (code or name)."),
    narrative: Optional[str] = typer.Option(None, help="What was done."),
    by: Optional[str] = typer.Option(None, help="Who reports (a user name)."),
) -> None:
    """Report progress on a plan item for a period."""
    from coopwatch import progress

    u = progress.submit(_store(), item=item, period=period, status=status, region=region, narrative=narrative, author=by)
    console.print(f"progress update {u.id}: {u.item} {u.period} {u.status} (submitted)")


@progress_app.command("import")
def progress_import(path: Path = typer.Argument(..., exists=True, dir_okay=False),
                    by: Optional[str] = typer.Option(None, help="Who reports.")) -> None:
    """Import progress updates from CSV (item,period,status[,region,narrative]); all or nothing."""
    from coopwatch import progress

    rows = progress.import_csv(_store(), path, author=by)
    console.print(f"{len(rows)} progress updates imported from {path}")


@progress_app.command("review")
def progress_review(update_id: int, decision: str = typer.Argument(..., help="accepted | returned"),
                    by: Optional[str] = typer.Option(None), note: Optional[str] = typer.Option(None)) -> None:
    """Accept a progress update or return it to its author."""
    from coopwatch import progress

    u = progress.review(_store(), update_id, decision, by=by, note=note)
    console.print(f"progress update {u.id}: {u.state}")


@progress_app.command("list")
def progress_list(item: Optional[str] = typer.Option(None), region: Optional[str] = typer.Option(None),
                  plan: Optional[str] = typer.Option(None), state: Optional[str] = typer.Option(None),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """List progress updates."""
    from coopwatch import progress

    updates = progress.list_updates(_store(), item=item, region=region, plan=plan, state=state)
    if as_json:
        print_json({"updates": [u.as_dict() for u in updates]})
        return
    for u in updates:
        console.print(f"{u.id}\t{u.item}\t{u.period}\t{u.status}\t{u.state}\t{u.region or ''}\t{u.narrative or ''}")


case_app = typer.Typer(help="The library of good practices and typical cases.", no_args_is_help=True)
app.add_typer(case_app, name="case")


@case_app.command("add")
def case_add(
    title: str,
    summary: Optional[str] = typer.Option(None), lessons: Optional[str] = typer.Option(None),
    region: List[str] = typer.Option([], "--region"), item: List[str] = typer.Option([], "--item"),
    domain: List[str] = typer.Option([], "--domain"), document: List[int] = typer.Option([], "--document"),
    by: Optional[str] = typer.Option(None),
) -> None:
    """Add a case, with the items, regions, domains and documents it rests on."""
    from coopwatch.cases import add_case

    c = add_case(_store(), title=title, summary=summary, lessons=lessons, regions=region, items=item,
                 domains=domain, documents=document, by=by)
    console.print(f"case {c.id}: {c.title}")


@case_app.command("list")
def case_list(region: Optional[str] = typer.Option(None), item: Optional[str] = typer.Option(None),
              domain: Optional[str] = typer.Option(None), as_json: bool = typer.Option(False, "--json")) -> None:
    """List cases."""
    from coopwatch.cases import list_cases

    cases = list_cases(_store(), region=region, item=item, domain=domain)
    if as_json:
        print_json({"cases": [c.as_dict() for c in cases]})
        return
    for c in cases:
        console.print(f"{c.id}\t{c.title}\t{' '.join(c.items)}\t{' '.join(c.regions)}")


# --- plans (plan parser and registry) --------------------------------------------------------

@app.command("parse-plan")
def parse_plan_cmd(
    file: str = typer.Argument(..., help="A plan text in any common encoding (zh, en, fr, de)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON of contracts/plan-output.md."),
) -> None:
    """Read a plan into its results framework: items, regions, partners, leads, targets."""
    from coopwatch.text.plan_parser import parse_plan
    from coopwatch.text.render import plan_tree

    result = parse_plan(file)
    if as_json:
        print_json(result)
    else:
        console.print(plan_tree(result))


plan_app = typer.Typer(help="Plans in the database: add, list, show, export and import (each change a new version).",
                       no_args_is_help=True)
app.add_typer(plan_app, name="plan")


@plan_app.command("add")
def plan_add(file: Path = typer.Argument(..., help="A plan document, a parse-plan .json output or a .yaml plan file."),
             plan_id: Optional[str] = typer.Option(None, "--id", help="Plan id (default: a slug of the title)."),
             by: Optional[str] = typer.Option(None, help="Who adds it (for the audit trail).")) -> None:
    """Parse a plan and store it as a new version."""
    from coopwatch.plans.registry import add_plan

    fw = add_plan(_store(), file, plan_id=plan_id, actor=by)
    console.print(f"plan {fw.id}: version {fw.version}, {sum(1 for _ in fw.walk())} items, {len(fw.targets)} targets")


@plan_app.command("list")
def plan_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The plans in the database with their current version."""
    from dataclasses import asdict

    from coopwatch.plans.registry import list_plans

    plans = list_plans(_store())
    if as_json:
        print_json({"plans": [asdict(p) for p in plans]})
        return
    if not plans:
        err_console.print("no plans in the database; `coopwatch init` loads the bundled ones", markup=False)
    for p in plans:
        title = p.title.get("zh") or p.title.get("en") or next(iter(p.title.values()), "")
        console.print(f"{p.id}\tv{p.current_version} ({p.versions} versions)\t{p.items} items\t{p.targets} targets\t{title}",
                      markup=False, highlight=False, soft_wrap=True)


@plan_app.command("show")
def plan_show(plan_id: str, version: Optional[int] = typer.Option(None, help="A version (default: the current one)."),
              lang: str = typer.Option("zh", help="zh | en"), as_json: bool = typer.Option(False, "--json")) -> None:
    """The plan's item tree and targets, with low-confidence fields flagged (⚠)."""
    from coopwatch.plans.registry import get_plan
    from coopwatch.plans.render import plan_json, plan_lines
    from coopwatch.plans.vocabulary import region_name

    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang is zh or en")
    fw = get_plan(_store(), plan_id, version)
    if as_json:
        print_json(plan_json(fw))
        return
    for line in plan_lines(fw, lang, region_name):
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@plan_app.command("export")
def plan_export(plan_id: str, output: Optional[Path] = typer.Option(None, "-o", "--output", help="YAML file (default: stdout)."),
                version: Optional[int] = typer.Option(None)) -> None:
    """Write a plan as a YAML plan file, to correct by hand and `plan import` back."""
    from coopwatch.plans.registry import export_plan

    text = export_plan(_store(), plan_id, version)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"plan {plan_id} written to {output}")


@plan_app.command("import")
def plan_import(file: Path = typer.Argument(..., help="A YAML plan file (e.g. a corrected export)."),
                by: Optional[str] = typer.Option(None, help="Who imports it (for the audit trail).")) -> None:
    """Load a plan file as a new version, checked against the vocabularies; all or nothing."""
    from coopwatch.plans.registry import import_plan

    fw = import_plan(_store(), file, actor=by)
    console.print(f"plan {fw.id}: version {fw.version}, {sum(1 for _ in fw.walk())} items, {len(fw.targets)} targets")



# --- indicators and targets ------------------------------------------------------------------

import_app = typer.Typer(help="Import data files.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("observations")
def import_observations_command(
    files: List[Path] = typer.Argument(..., help="CSV, XLSX or JSON files, tidy or (with --wide) yearbook tables."),
    wide: bool = typer.Option(False, "--wide", help="Regions as rows, years as columns, as yearbooks publish."),
    indicator: Optional[str] = typer.Option(None, help="Indicator id or name, for files without an indicator column."),
    unit: Optional[str] = typer.Option(None, help="Unit of values whose row or table gives none."),
    source: Optional[str] = typer.Option(None, help="Source of values whose row gives none."),
    user: Optional[str] = typer.Option(None, "--user", help="Who imports (kept with every value)."),
    revise: bool = typer.Option(False, "--revise", help="Store values that differ from stored ones as new revisions."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import observations, all or nothing: every problem (file, line, field) is listed and a file
    with any problem stores nothing. A value that differs from the stored one is a conflict unless
    --revise (then it becomes a new revision; the old one is kept). Re-importing changes nothing."""
    from coopwatch.indicators import import_observations

    progress, close = _progress_bar("importing")
    try:
        report = import_observations(_store(), files, wide=wide, indicator=indicator, unit=unit, source=source,
                                     user=user, revise=revise, progress=progress)
    finally:
        close()
    if as_json:
        print_json(report.as_dict())
        return
    for f in report.files:
        console.print(f"{f['file']}: {f['rows']} rows, {f['stored']} stored ({f['revised']} revisions), "
                      f"{f['unchanged']} unchanged" + (f", batch {f['batch']}" if f["batch"] else ""))


observations_app = typer.Typer(help="Stored observations: list, history of revisions, derived values.",
                               no_args_is_help=True)
app.add_typer(observations_app, name="observations")


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

    rows = list_observations(_store(), region=resolve_region_code(region) if region else None,
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

    rows = observation_history(_store(), resolve_region_code(region), resolve_indicator_id(indicator), year)
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
def observations_derive(user: Optional[str] = typer.Option(None, "--user")) -> None:
    """Compute and store derived values (R&D intensity, group and macro-region totals)."""
    from coopwatch.indicators import store_derived_values

    counts = store_derived_values(_store(), user=user)
    console.print(f"derived values: {counts['stored']} new, {counts['revised']} revised, "
                  f"{counts['unchanged']} unchanged")


@app.command()
def check(
    z: float = typer.Option(3.0, "--z", help="z-score of year-on-year log changes above which a value is an outlier."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Data checks: outliers, breaks in series, missing years, values outside plausible ranges."""
    from coopwatch.indicators import check_observations

    findings = check_observations(_store(), z=z)
    if as_json:
        print_json({"findings": [f.as_dict() for f in findings]})
        return
    for f in findings:
        console.print(f"{f.check:8} {f.indicator} {f.region} {f.year}: {f.message}", markup=False)
    console.print(f"{len(findings)} finding(s)")


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

    results = evaluate_targets(_store(), plan_id=plan, regions=[resolve_region_code(region)] if region else None,
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

    result = backtest(_store(), plan_id=plan, regions=province_codes() if all_provinces else None)
    if as_json:
        print_json(result)
        return
    share = result["share_right"]
    console.print(f"{result['runs']} runs, {result['right']} right"
                  + (f" ({share:.0%})" if share is not None else ""))
    for status, s in sorted(result["by_status"].items()):
        console.print(f"  predicted {status}: {s['right']}/{s['runs']} right")



# --- evidence --------------------------------------------------------------------------------

def _progress_bar(label: str):
    """A rich progress callback on standard error (only on a terminal), and its closer."""
    if not err_console.is_terminal:
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=err_console, transient=True)
    task = bar.add_task(label, total=None)
    bar.start()
    return (lambda done, total: bar.update(task, completed=done, total=total)), bar.stop


@app.command()
def link(
    paths: List[Path] = typer.Argument(..., help="News or evidence files, or folders of them (.txt .md .html .pdf)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON of contracts/link-output.md."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Run on a local Dask cluster of N processes."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on an existing Dask cluster (tcp://HOST:PORT)."),
) -> None:
    """Link documents to plan items: item, score, candidates, event, regions, places, amounts."""
    from coopwatch.text.pipeline import link_paths

    progress, stop = _progress_bar("linking")
    try:
        result = link_paths([str(p) for p in paths], workers=workers, scheduler=scheduler, progress=progress)
    finally:
        stop()
    if as_json:
        print_json(result)
        return
    from rich.table import Table

    table = Table("source", "lang", "item", "score", "event", "regions", "amounts (yuan)")
    for d in result["documents"]:
        table.add_row(d["source"], d["language"] or "", d["item"] or "-", f"{d['score']:.2f}", d["event"] or "",
                      " ".join(d["regions"]), " ".join(f"{a['value']:,}" for a in d["amounts"]))
    console.print(table)
    for e in result["errors"]:
        err_console.print(f"skipped {e['source']}: {e['error']}", markup=False, highlight=False)


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(..., help="News or evidence files, or folders of them."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet or collection name stored with the documents."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Run on a local Dask cluster of N processes."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on an existing Dask cluster (tcp://HOST:PORT)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Store documents and their links to plan items as evidence (review state is kept)."""
    from coopwatch.text.ingest import ingest_paths

    store = _store()
    progress, stop = _progress_bar("ingesting")
    try:
        summary = ingest_paths(store, [str(p) for p in paths], source=source, workers=workers,
                               scheduler=scheduler, progress=progress)
    finally:
        stop()
    if as_json:
        print_json(summary)
        return
    console.print(f"{summary['documents']} documents ({summary['new']} new, {summary['updated']} updated, "
                  f"{summary['duplicates']} duplicates), {summary['links']} links")
    for e in summary["errors"]:
        err_console.print(f"skipped {e['source']}: {e['error']}", markup=False, highlight=False)


@app.command()
def digest(
    since: Optional[str] = typer.Option(None, "--since", help="First date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Last date (YYYY-MM-DD)."),
    lang: str = typer.Option("en", "--lang", help="zh or en."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Digest of stored evidence: topics, pairings, tasks and typical cases, each with its documents."""
    from coopwatch.text.digest import build_digest, render_digest

    result = build_digest(_store(), since=since, until=until, lang=lang)
    if as_json:
        print_json(result)
    else:
        console.print(render_digest(result), markup=False, highlight=False)


evidence_app = typer.Typer(help="Review links of documents to plan items.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("list")
def evidence_list(
    state: Optional[str] = typer.Option(None, help="proposed | confirmed | rejected"),
    item: Optional[str] = typer.Option(None, help="Item reference, e.g. eastwest-14fyp:3.2."),
    document: Optional[int] = typer.Option(None, help="Document id."),
    best: bool = typer.Option(False, "--best", help="Only each document's best link."),
    limit: Optional[int] = typer.Option(None),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Evidence rows with their score, rank and review state."""
    from coopwatch.text.review import list_evidence

    rows = list_evidence(_store(), state=state, item=item, document=document, best_only=best, limit=limit)
    if as_json:
        print_json({"evidence": rows})
        return
    from rich.table import Table

    table = Table("doc", "item", "score", "rank", "state", "by", "path")
    for r in rows:
        table.add_row(str(r["document"]), r["item"], f"{r['score']:.2f}", str(r["rank"]), r["state"],
                      r["reviewed_by"] or "", r["path"] or "")
    console.print(table)


def _review(doc_id: int, item_ref: str, decision: str, by: Optional[str], note: Optional[str], as_json: bool) -> None:
    from coopwatch.text.review import review

    row = review(_store(), doc_id, item_ref, decision, by=by, note=note)
    if as_json:
        print_json(row)
    else:
        console.print(f"document {row['document']} → {row['item']}: {row['state']}")


@evidence_app.command("confirm")
def evidence_confirm(doc_id: int, item_ref: str, by: Optional[str] = typer.Option(None, "--by"),
                     note: Optional[str] = typer.Option(None, "--note"),
                     as_json: bool = typer.Option(False, "--json")) -> None:
    """Confirm that document DOC_ID reports on ITEM_REF (audited)."""
    _review(doc_id, item_ref, "confirmed", by, note, as_json)


@evidence_app.command("reject")
def evidence_reject(doc_id: int, item_ref: str, by: Optional[str] = typer.Option(None, "--by"),
                    note: Optional[str] = typer.Option(None, "--note"),
                    as_json: bool = typer.Option(False, "--json")) -> None:
    """Reject the link of document DOC_ID to ITEM_REF (audited)."""
    _review(doc_id, item_ref, "rejected", by, note, as_json)



# --- evaluation ------------------------------------------------------------------------------

index_app = typer.Typer(help="Composite indices (JRC/OECD method, COINr vocabulary).", no_args_is_help=True)
app.add_typer(index_app, name="index")
_DATA_DIR = typer.Option(None, "--data-dir", help="Resolve the spec's relative paths here, not next to the spec.")


def _print_frame(frame, title: str, digits: int = 2) -> None:
    from rich.table import Table

    table = Table(frame.index.name or "code", *map(str, frame.columns), title=title)
    for key, row in frame.iterrows():
        table.add_row(str(key), *[f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)


@index_app.command("run")
def index_run(spec: Path = typer.Argument(..., help="Index spec (YAML)."),
              as_json: bool = typer.Option(False, "--json", help="Print JSON."),
              data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Build an index: every unit's scores and ranks, treated indicators, the steps applied."""
    from coopwatch.evaluate import Index, load_spec

    index = Index.from_spec(load_spec(spec, data_dir))
    if as_json:
        print_json(index.to_dict())
        return
    fw = index.framework
    shown = ["uName", "Rank", fw.index_code] + fw.codes_at(fw.n_levels - 1)
    _print_frame(index.results()[shown].astype({"Rank": "Int64"}), fw.nodes[fw.index_code].name)


@index_app.command("uncertainty")
def index_uncertainty(spec: Path = typer.Argument(..., help="Index spec (YAML) with an `uncertainty` section."),
                      runs: int = typer.Option(1000, "--runs", help="Monte Carlo runs."),
                      seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (same seed, same output)."),
                      sensitivity: bool = typer.Option(False, "--sensitivity", help="Also Sobol indices of the inputs."),
                      as_json: bool = typer.Option(False, "--json", help="Print JSON."),
                      data_dir: Optional[Path] = _DATA_DIR,
                      workers: Optional[int] = typer.Option(None, "--workers", help="Run on a local Dask cluster of N workers."),
                      scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on this Dask scheduler (tcp://…).")) -> None:
    """Rank intervals under the spec's uncertain choices; with --sensitivity, which choice matters."""
    from coopwatch.evaluate import Index, load_spec
    from coopwatch.evaluate.uncertainty import run_uncertainty

    index = Index.from_spec(load_spec(spec, data_dir))
    with err_console.status(f"{runs} runs…"):
        result = run_uncertainty(index, runs, seed, sensitivity, workers=workers, scheduler=scheduler)
    if as_json:
        print_json(result.to_dict())
        return
    _print_frame(result.summary(), f"ranks over {runs} runs (seed {seed})", digits=1)
    if result.sensitivity:
        import pandas as pd

        table = pd.DataFrame([{"input": s["input"], "Si": s["Si"], "Si 95% CI": "[{:.3f}, {:.3f}]".format(*s["Si_ci"]),
                               "STi": s["STi"], "STi 95% CI": "[{:.3f}, {:.3f}]".format(*s["STi_ci"])}
                              for s in result.sensitivity]).set_index("input")
        _print_frame(table, "Sobol indices of the mean absolute rank shift", digits=3)


@index_app.command("china")
def index_china(year: Optional[int] = typer.Option(None, "--year", help="Year (default: the latest with complete data)."),
                runs: int = typer.Option(1000, "--runs", help="Monte Carlo runs for the rank intervals."),
                seed: int = typer.Option(0, "--seed"),
                top: int = typer.Option(5, "--top", help="How many regions to show at each end."),
                as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The regional S&T cooperation index of the 31 provinces from the stored observations,
    with the top and bottom regions and their 5-95% rank intervals."""
    from coopwatch.evaluate.china import build_china_index, latest_complete_year

    store = _store()
    year = year or latest_complete_year(store)
    with err_console.status(f"China index {year}, {runs} runs…"):
        china = build_china_index(store, year, runs=runs, seed=seed)
    if as_json:
        table = china.table().reset_index().rename(columns={"uCode": "code", "uName": "name"})
        table["rank"] = table["rank"].astype(int)
        print_json({"year": year, "runs": runs, "seed": seed, "units": table.to_dict(orient="records")})
        return
    console.print(f"[bold]{china.index.framework.nodes[china.index.framework.index_code].name}, {year}[/bold]"
                  f" (rank intervals over {runs} runs)")
    for line in china.summary_lines(top):
        console.print(line, markup=False, highlight=False)


@app.command()
def scorecard(plan: Optional[str] = typer.Option(None, "--plan", help="Only this plan (default: every plan)."),
              as_of: Optional[str] = typer.Option(None, "--as-of", help="Date of the scorecard, YYYY-MM-DD (default: today)."),
              as_json: bool = typer.Option(False, "--json", help="Print JSON."),
              lang: str = typer.Option("en", "--lang", help="Titles in zh or en."),
              uncertainty: int = typer.Option(0, "--uncertainty", help="Monte Carlo runs for rank intervals (0: none)."),
              seed: int = typer.Option(0, "--seed", help="Random seed of the runs.")) -> None:
    """Key tasks scored 0-100 with a grade from evidence, progress and outcomes, with reasons."""
    from coopwatch.evaluate.scorecard import build_scorecard, table_rows

    result = build_scorecard(_store(), plan, as_of, uncertainty=uncertainty, seed=seed, lang=lang)
    if as_json:
        print_json(result)
        return
    from rich.table import Table

    for card in [result] if plan else result["plans"]:
        header, rows = table_rows(card, lang)
        table = Table(*header, title=f"{card['plan']} (as of {card['as_of']})")
        for row in rows:
            table.add_row(*row)
        console.print(table)


# --- web and reports -------------------------------------------------------------------------


def main() -> None:
    try:
        rc = app(standalone_mode=False)
    except CoopwatchError as exc:
        err_console.print(f"coopwatch: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("coopwatch: aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":
    main()
