"""The `coopwatch` command: one Typer sub-app per job, each command a few lines over the library.

    admin         init, regions, backup, restore, user, audit
    plans         parse-plan, plan
    observations  observations (import, list, history, derive, check), targets
    evidence      link, ingest, digest, evidence
    records       progress, case
    evaluate      index, scorecard
    report        report, export
    web           serve

The one error path (`run`): every user mistake — usage, file, value, permission, conflict, a
concurrent write — is one line on standard error naming what and where, exit status 2; an
unexpected error is one line and the path of a log file holding the traceback, exit status 1.
Never a traceback on the terminal.
"""

from __future__ import annotations

import sys

import typer

# Imported for their commands, in the order `coopwatch --help` lists them.
from coopwatch.cli import admin, plans, observations, evidence, records, evaluate, report, web  # noqa: F401,I001
from coopwatch.cli.app import app, err_console
from coopwatch.errors import CoopwatchError

__all__ = ["app", "main", "run"]

USAGE_EXIT = 2


def _say(message: str) -> None:
    err_console.print(f"coopwatch: {message}", markup=False, highlight=False, soft_wrap=True)


def _click_exception_classes() -> tuple[type, ...]:
    """click's exception classes and the copies Typer bundles (`typer._click`), which are not
    subclasses of click's: both must be caught."""
    classes = []
    try:
        import click

        classes.append(click.ClickException)
    except ImportError:  # pragma: no cover - Typer without click
        pass
    try:
        from typer._click import exceptions as bundled

        classes.append(bundled.ClickException)
    except ImportError:
        pass
    return tuple(classes)


def _usage_line(exc) -> str:
    """One line for a click usage error: the command, what is wrong, where to look."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "coopwatch"
    message = " ".join(exc.format_message().split())
    hint = f" (see `{command} --help`)" if ctx is not None else ""
    return f"{command.removeprefix('coopwatch').strip() or 'coopwatch'}: {message}{hint}"


def _database_conflict(exc) -> str | None:
    """The one line for a database error a concurrent writer causes, or None for other errors."""
    from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

    if not isinstance(exc, DBAPIError):
        return None
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, IntegrityError):
        return f"conflict: another write stored the same record ({reason}); nothing was changed, run it again"
    if isinstance(exc, OperationalError) and ("locked" in reason or "could not serialize" in reason
                                              or "deadlock" in reason):
        return f"the database is busy with another write ({reason}); nothing was changed, run it again"
    return None


def _log_traceback(exc: BaseException) -> str:
    """Write the traceback to a log file; its path (or why it could not be written)."""
    import datetime as dt
    import os
    import traceback

    from coopwatch.settings import log_dir

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"coopwatch-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
        path.write_text(f"coopwatch {' '.join(sys.argv[1:])}\n{text}", encoding="utf-8")
        return str(path)
    except OSError as err:
        return f"(the log could not be written: {err})"


def run(argv: list[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); the exit status."""
    try:
        rc = app(args=argv, prog_name="coopwatch", standalone_mode=False)
    except CoopwatchError as exc:
        _say(str(exc))
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _say("aborted")
        return 130
    except BrokenPipeError:  # `coopwatch ... | head`: the reader left; nothing to say
        return 0
    except Exception as exc:
        if isinstance(exc, _click_exception_classes()):  # looked up only now: click loads slowly
            _say(_usage_line(exc))
            return getattr(exc, "exit_code", USAGE_EXIT) or USAGE_EXIT
        conflict = _database_conflict(exc)
        if conflict:
            _say(conflict)
            return USAGE_EXIT
        _say(f"unexpected error {type(exc).__name__}: {' '.join(str(exc).split())[:200]} "
             f"— a bug; the traceback is in {_log_traceback(exc)}")
        return 1
    return rc if isinstance(rc, int) else 0


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
