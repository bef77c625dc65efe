"""The Typer application and what every command shares: the consoles, JSON output, the store
named by the environment, and progress bars. Commands live in one module per job."""

from __future__ import annotations

import json
import sys

import typer

app = typer.Typer(help="Monitor and evaluate regional S&T cooperation plans.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)


class LazyConsole:
    """A rich Console made on its first use, so that a command printing only JSON
    (`parse-plan --json`) does not load rich; every attribute is the Console's."""

    def __init__(self, **options):
        self._options = options
        self._console = None

    def real(self):
        """The rich Console itself (for rich objects that take one: `Progress(console=...)`)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name):
        return getattr(self.real(), name)


console = LazyConsole()
err_console = LazyConsole(stderr=True)


def _print_version(value: bool) -> None:
    if value:
        from coopwatch import __version__

        sys.stdout.write(f"coopwatch {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                          help="Print the version and exit.")) -> None:
    """Monitor and evaluate regional S&T cooperation plans."""


# Every command that writes takes `--by NAME`; without it, the user named by COOPWATCH_USER.
# The library checks that this user exists and holds the role (`store.permissions`).
BY = typer.Option(None, "--by", help="Who acts: a user name (default: $COOPWATCH_USER).")


def acting_user(by: str | None) -> str | None:
    """The user a write acts as: `--by`, else COOPWATCH_USER, else nobody (refused)."""
    from coopwatch.settings import user_from_environment

    return by or user_from_environment()


def print_json(obj) -> None:
    """JSON on standard output, UTF-8, non-ASCII kept readable."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")


def cli_store():
    """The store the environment names (`COOPWATCH_DATABASE_URL`, else ./coopwatch.db), opened
    and migrated; the library is always handed its store, it never reads the environment."""
    from coopwatch.settings import database_url_from_environment
    from coopwatch.store import open_store

    return open_store(database_url_from_environment())


def cli_plans():
    """The plans a read-only command (parse, link) works with: the current plans of the
    database when one is configured or ./coopwatch.db exists, else the bundled plans — so that
    `coopwatch link` on a fresh machine does not create a database."""
    from coopwatch.plans import bundled_plans
    from coopwatch.plans.registry import current_plans
    from coopwatch.settings import database_configured

    return current_plans(cli_store()) if database_configured() else bundled_plans()


def progress_bar(label: str):
    """A rich progress callback on standard error (only on a terminal), and its closer."""
    if not err_console.is_terminal:
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=err_console.real(), transient=True)
    task = bar.add_task(label, total=None)
    bar.start()
    return (lambda done, total: bar.update(task, completed=done, total=total)), bar.stop
