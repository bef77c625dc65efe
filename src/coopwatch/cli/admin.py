"""Set-up and administration: init, regions, backup and restore, users and tokens."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import BY, acting_user, app, cli_store, console, err_console, print_json, progress_bar

# --- foundation ------------------------------------------------------------------------------

@app.command()
def init(
    no_plans: bool = typer.Option(False, "--no-plans", help="Do not load the bundled plans."),
) -> None:
    """Create or upgrade the database, load the vocabularies (and the bundled plans) and make
    the first account, `admin`, if there is no admin yet."""
    from coopwatch.plans.registry import load_bundled_plans
    from coopwatch.store.accounts import ensure_admin, load_roles
    from coopwatch.store.regions import load_regions

    store = cli_store()
    console.print(f"database ready: [bold]{store.url}[/bold] ({store.dialect})")
    console.print(f"  {load_regions(store)} regions in the gazetteer")
    console.print(f"  {load_roles(store)} roles")
    if ensure_admin(store) is not None:
        console.print("  user admin (role admin): act as it with --by admin or COOPWATCH_USER=admin")
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
def backup(path: Path = typer.Argument(..., help="File to write (gzipped JSON lines)."), by: Optional[str] = BY) -> None:
    """Write every table of the database to one file (restorable into SQLite or PostgreSQL)."""
    from coopwatch.store.backup import backup as write_backup

    counts = write_backup(cli_store(), path, actor=acting_user(by))
    console.print(f"{sum(counts.values())} rows from {len(counts)} tables written to {path}")


@app.command()
def restore(path: Path = typer.Argument(..., help="A file written by `coopwatch backup`."),
            yes: bool = typer.Option(False, "--yes", help="Replace the database's content without asking."),
            by: Optional[str] = BY) -> None:
    """Replace the database's content with a backup (all or nothing; every table checked
    against the backup's digests)."""
    from coopwatch.store.backup import backup_file, restore as read_backup

    path = backup_file(path)
    store = cli_store()
    if not yes and not typer.confirm(f"Replace everything in {store.url}?"):
        raise typer.Abort()
    counts = read_backup(store, path, actor=acting_user(by))
    console.print(f"{sum(counts.values())} rows restored into {store.url}, every table checked")


user_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str,
    role: str = typer.Option(..., help="admin | evaluator | reporter | viewer"),
    region: List[str] = typer.Option([], "--region", help="Region a reporter reports for (repeat)."),
    email: Optional[str] = typer.Option(None),
    password: bool = typer.Option(False, "--password", help="Ask for a log-in password (or read one line from standard input)."),
    by: Optional[str] = BY,
) -> None:
    """Add a user with a role (a reporter is scoped to regions)."""
    from coopwatch.store.accounts import add_user, set_password

    store = cli_store()
    secret = _ask_password() if password else None
    acting = acting_user(by)
    acc = add_user(store, name, role, regions=region, email=email, actor=acting)
    if secret is not None:
        set_password(store, name, secret, actor=acting)
    console.print(f"user {acc.name} ({acc.role}{', ' + ' '.join(acc.regions) if acc.regions else ''})")


def _ask_password() -> str:
    """A password typed twice at a terminal (not echoed), or one line of standard input."""
    from coopwatch.errors import InputError

    try:
        if not sys.stdin.isatty():
            line = sys.stdin.readline()
            if not line:
                raise InputError("password: none given (type it at a terminal, or give one line on standard input)")
            return line.rstrip("\n")
        return typer.prompt("password", hide_input=True, confirmation_prompt=True)
    except (OSError, EOFError, ValueError):  # no usable standard input (closed, or captured)
        raise InputError("password: none given (type it at a terminal, or give one line on standard input)") from None


@user_app.command("password")
def user_password(name: str, by: Optional[str] = BY) -> None:
    """Set or change a user's log-in password (asked for, or read from standard input); one's
    own, or anyone's by an admin."""
    from coopwatch.store.accounts import set_password

    set_password(cli_store(), name, _ask_password(), actor=acting_user(by))
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
               revoke: bool = typer.Option(False, "--revoke", help="Revoke the user's tokens instead."),
               by: Optional[str] = BY) -> None:
    """Create an API token for a user (printed once), or revoke their tokens."""
    from coopwatch.store.accounts import create_token, revoke_tokens

    if revoke:
        console.print(f"{revoke_tokens(cli_store(), name, actor=acting_user(by))} token(s) revoked")
    else:
        sys.stdout.write(create_token(cli_store(), name, label=label, days=days, actor=acting_user(by)) + "\n")


@app.command()
def audit(
    user: Optional[str] = typer.Option(None, "--user", help="Only what this user did (or was refused)."),
    since: Optional[str] = typer.Option(None, "--since", help="From this date or time (YYYY-MM-DD[THH:MM])."),
    action: Optional[str] = typer.Option(None, "--action", help="Only this action, e.g. refused."),
    limit: int = typer.Option(200, "--limit", help="At most this many entries, newest last."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    by: Optional[str] = BY,
) -> None:
    """The audit trail: who did what and when, refusals included (admins only)."""
    from coopwatch.store.audit import list_audit

    entries = list_audit(cli_store(), by=acting_user(by), actor=user, since=since, action=action, limit=limit)[::-1]
    if as_json:
        print_json({"entries": entries})
        return
    for e in entries:
        what = e["entity"] + (f" {e['entity_id']}" if e["entity_id"] else "")
        reason = (e["after"] or {}).get("reason") if e["action"] == "refused" else None
        console.print(f"{e['at']}  {e['actor'] or '-'}  {e['action']}  {what}" + (f": {reason}" if reason else ""),
                      markup=False, highlight=False, soft_wrap=True)
    if not entries:
        err_console.print("no audit entries match", markup=False)


# --- records: progress updates and cases ----------------------------------------------------
