"""No command ends in a traceback: every command `coopwatch --help` lists, run in-process
through the one error path (`coopwatch.cli.run`) with a missing argument, a bad option, a
missing file, a folder, a binary file and an empty file. A user mistake is one line on standard
error and exit status 2; nothing takes the unexpected-error path (exit 1 with a log file)."""

from __future__ import annotations

import os

import click
import pytest
import typer

from coopwatch.cli import app, run

PG_URL = os.environ.get("COOPWATCH_TEST_DATABASE_URL")


def _leaf_commands(group: click.Command, path=()):
    """(words, click command) of every runnable command, sub-commands included."""
    if isinstance(group, click.Group) or hasattr(group, "commands"):
        for name, cmd in sorted(getattr(group, "commands", {}).items()):
            if getattr(cmd, "hidden", False):
                continue
            if getattr(cmd, "commands", None):
                if getattr(cmd, "invoke_without_command", False):
                    yield (*path, name), cmd
                yield from _leaf_commands(cmd, (*path, name))
            else:
                yield (*path, name), cmd


COMMANDS = list(_leaf_commands(typer.main.get_command(app)))


def _arguments(cmd) -> list:
    return [p for p in cmd.params if p.__class__.__name__.endswith("Argument")]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """An initialised database (on the lane), acting as admin, and the bad inputs."""
    from coopwatch.store.database import create_database, drop_database

    root = tmp_path_factory.mktemp("cli-errors")
    url = create_database(PG_URL, prefix="t_") if PG_URL else f"sqlite:///{root / 'c.db'}"
    saved = {k: os.environ.get(k) for k in ("COOPWATCH_DATABASE_URL", "COOPWATCH_USER", "COOPWATCH_LOG_DIR")}
    os.environ.update(COOPWATCH_DATABASE_URL=url, COOPWATCH_USER="admin", COOPWATCH_LOG_DIR=str(root / "logs"))
    assert run(["init"]) == 0
    inputs = {"missing file": str(root / "no" / "such.yaml"), "folder": str(root / "folder"),
              "binary file": str(root / "binary.yaml"), "empty file": str(root / "empty.csv")}
    yield root, inputs
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    if PG_URL:
        drop_database(PG_URL, url)


def _reset(inputs) -> None:
    import shutil
    from pathlib import Path

    shutil.rmtree(inputs["folder"], ignore_errors=True)
    Path(inputs["folder"]).mkdir()
    Path(inputs["binary file"]).write_bytes(bytes(range(256)) * 16)
    Path(inputs["empty file"]).write_bytes(b"")


def _cases():
    for words, cmd in COMMANDS:
        name = " ".join(words)
        yield pytest.param(words, "bad option", id=f"{name}: bad option")
        if any(p.required for p in _arguments(cmd)):
            yield pytest.param(words, "missing argument", id=f"{name}: missing argument")
        if _arguments(cmd):
            for case in ("missing file", "folder", "binary file", "empty file"):
                yield pytest.param(words, case, id=f"{name}: {case}")


def test_every_command_of_the_help_is_covered():
    top = {w[0] for w, _ in COMMANDS}
    assert {"init", "regions", "backup", "restore", "user", "audit", "plan", "observations", "link", "ingest",
            "evidence", "progress", "case", "index", "scorecard", "targets"} <= top
    assert len(COMMANDS) >= 40


@pytest.mark.parametrize("words,case", list(_cases()))
def test_no_command_ends_in_a_traceback(env, capsys, words, case):
    root, inputs = env
    _reset(inputs)  # a command before (backup PATH) may have written over one
    cmd = dict((w, c) for w, c in COMMANDS)[words]
    if case == "bad option":
        argv = [*words, "--no-such-option"]
    elif case == "missing argument":
        argv = list(words)
    else:
        # every argument gets the bad path; `--yes` keeps restore from asking
        argv = [*words, *[inputs[case]] * sum(p.nargs if p.nargs > 0 else 1 for p in _arguments(cmd))]
        if words == ("restore",):
            argv.append("--yes")
    rc = run(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "unexpected error" not in err, err
    assert rc in (0, 1, 2), (rc, err)
    if case in ("bad option", "missing argument"):
        assert rc == 2 and len(err.strip().splitlines()) == 1, err
        assert err.startswith("coopwatch: ")
    if rc == 2:
        assert err.strip(), "exit 2 says why"


def test_version_is_printed(capsys):
    from coopwatch import __version__

    assert run(["--version"]) == 0
    assert capsys.readouterr().out == f"coopwatch {__version__}\n"


def test_a_bug_is_one_line_and_a_log_file_with_the_traceback(env, capsys, monkeypatch):
    from coopwatch.reference import gazetteer

    def broken(*args, **kwargs):
        raise RuntimeError("an invariant broke")

    monkeypatch.setattr(type(gazetteer()), "lookup", broken)
    assert run(["regions", "青海"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "unexpected error RuntimeError: an invariant broke" in err
    log = err.strip().rsplit(" ", 1)[-1]
    assert "Traceback" in open(log, encoding="utf-8").read() and "Traceback" not in err


def test_a_concurrent_write_conflict_is_one_line_and_exit_2(env, capsys, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    import coopwatch.records.cases as cases

    def conflict(*args, **kwargs):
        raise IntegrityError("INSERT INTO case ...", {}, Exception("UNIQUE constraint failed: case.id"))

    monkeypatch.setattr(cases, "add_case", conflict)
    assert run(["case", "add", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coopwatch: conflict: another write stored the same record") and len(err.splitlines()) == 1
