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


# --- plans (plan parser and registry) --------------------------------------------------------


# --- indicators and targets ------------------------------------------------------------------


# --- evidence --------------------------------------------------------------------------------


# --- evaluation ------------------------------------------------------------------------------


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
