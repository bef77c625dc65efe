"""The `coopwatch` command: one Typer sub-app per job, each command a few lines over the library.

    admin         init, regions, backup, restore, user
    plans         parse-plan, plan
    observations  observations (import, list, history, derive, check), targets
    evidence      link, ingest, digest, evidence
    records       progress, case
    evaluate      index, scorecard
    report        report, export
    web           serve

User mistakes raise `CoopwatchError` in the library; `main()` prints them as one line on
standard error and exits with status 2, never with a traceback.
"""

from __future__ import annotations

import sys

import typer

# Imported for their commands, in the order `coopwatch --help` lists them.
from coopwatch.cli import admin, plans, observations, evidence, records, evaluate  # noqa: F401,I001
from coopwatch.cli import report  # noqa: F401,I001
from coopwatch.cli import web  # noqa: F401
from coopwatch.cli.app import app, err_console
from coopwatch.errors import CoopwatchError

__all__ = ["app", "main"]


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
