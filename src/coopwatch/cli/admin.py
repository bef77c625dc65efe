"""Set-up and administration: init, regions, backup and restore, users and tokens."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import app, cli_store, console, err_console, print_json, progress_bar

# --- foundation ------------------------------------------------------------------------------

@app.command()
def init(
    no_plans: bool = typer.Option(False, "--no-plans", help="Do not load the bundled plans."),
) -> None:
    """Create or upgrade the database and load the vocabularies (and the bundled plans)."""
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.store.accounts import load_roles
    from coopwatch.store.regions import load_regions

    store = cli_store()
    console.print(f"database ready: [bold]{store.url}[/bold] ({store.dialect})")
    console.print(f"  {load_regions(store)} regions in the gazetteer")
    console.print(f"  {load_roles(store)} roles")
    if not no_plans:
        for plan_id, n_items, n_targets in load_bundled_plans(store):
            console.print(f"  plan {plan_id}: {n_items} items, {n_targets} targets")


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

    counts = write_backup(cli_store(), path)
    console.print(f"{sum(counts.values())} rows from {len(counts)} tables written to {path}")


@app.command()
def restore(path: Path = typer.Argument(..., exists=True, dir_okay=False),
            yes: bool = typer.Option(False, "--yes", help="Replace the database's content without asking.")) -> None:
    """Replace the database's content with a backup (all or nothing)."""
    from coopwatch.store.backup import restore as read_backup

    store = cli_store()
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
    password: bool = typer.Option(False, "--password", help="Ask for a log-in password (or read one line from standard input)."),
) -> None:
    """Add a user with a role (a reporter is scoped to regions)."""
    from coopwatch.store.accounts import add_user, set_password

    store = cli_store()
    secret = _ask_password() if password else None
    acc = add_user(store, name, role, regions=region, email=email)
    if secret is not None:
        set_password(store, name, secret)
    console.print(f"user {acc.name} ({acc.role}{', ' + ' '.join(acc.regions) if acc.regions else ''})")


def _ask_password() -> str:
    """A password typed twice at a terminal (not echoed), or one line of standard input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@user_app.command("password")
def user_password(name: str) -> None:
    """Set or change a user's log-in password (asked for, or read from standard input)."""
    from coopwatch.store.accounts import set_password

    set_password(cli_store(), name, _ask_password())
    console.print(f"password of {name} set")


@user_app.command("list")
def user_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """List users with their roles and regions."""
    from coopwatch.store.accounts import list_users

    users = list_users(cli_store())
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
        console.print(f"{revoke_tokens(cli_store(), name)} token(s) revoked")
    else:
        sys.stdout.write(create_token(cli_store(), name, label=label, days=days) + "\n")


# --- records: progress updates and cases ----------------------------------------------------
