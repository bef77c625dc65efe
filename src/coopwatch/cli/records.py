"""Records: progress updates on plan items and their review; the case library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import app, cli_store, console, err_console, print_json, progress_bar

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
    from coopwatch.records import updates as progress

    u = progress.submit(cli_store(), item=item, period=period, status=status, region=region, narrative=narrative, author=by)
    console.print(f"progress update {u.id}: {u.item} {u.period} {u.status} (submitted)")


@progress_app.command("import")
def progress_import(path: Path = typer.Argument(..., exists=True, dir_okay=False),
                    by: Optional[str] = typer.Option(None, help="Who reports.")) -> None:
    """Import progress updates from CSV (item,period,status[,region,narrative]); all or nothing."""
    from coopwatch.records import updates as progress

    rows = progress.import_csv(cli_store(), path, author=by)
    console.print(f"{len(rows)} progress updates imported from {path}")


@progress_app.command("review")
def progress_review(update_id: int, decision: str = typer.Argument(..., help="approved | returned"),
                    by: Optional[str] = typer.Option(None), note: Optional[str] = typer.Option(None)) -> None:
    """Approve a submitted progress update or return it to its author (with --note)."""
    from coopwatch.records import updates as progress

    u = progress.review(cli_store(), update_id, decision, by=by, note=note)
    console.print(f"progress update {u.id}: {u.state}")


@progress_app.command("list")
def progress_list(item: Optional[str] = typer.Option(None), region: Optional[str] = typer.Option(None),
                  plan: Optional[str] = typer.Option(None), state: Optional[str] = typer.Option(None),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """List progress updates."""
    from coopwatch.records import updates as progress

    updates = progress.list_updates(cli_store(), item=item, region=region, plan=plan, state=state)
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
    from coopwatch.records.cases import add_case

    c = add_case(cli_store(), title=title, summary=summary, lessons=lessons, regions=region, items=item,
                 domains=domain, documents=document, by=by)
    console.print(f"case {c.id}: {c.title}")


@case_app.command("list")
def case_list(region: Optional[str] = typer.Option(None), item: Optional[str] = typer.Option(None),
              domain: Optional[str] = typer.Option(None), as_json: bool = typer.Option(False, "--json")) -> None:
    """List cases."""
    from coopwatch.records.cases import list_cases

    cases = list_cases(cli_store(), region=region, item=item, domain=domain)
    if as_json:
        print_json({"cases": [c.as_dict() for c in cases]})
        return
    for c in cases:
        console.print(f"{c.id}\t{c.title}\t{' '.join(c.items)}\t{' '.join(c.regions)}")
