"""Who may run which write command: every CLI command that writes, run as an admin, an
evaluator, a reporter for its own region and for another region, a viewer, a name that is no
user and nobody. Allowed: exit 0. Refused: exit 2, one line saying who and why, and the
refusal in the audit trail (issue 11, reproduction 2: viewers, unknown names and no name at
all could submit and accept progress; a Qinghai reporter could report on a Ningxia task)."""

from __future__ import annotations

import sys

import itertools
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coopwatch.cli import run

PG_URL = os.environ.get("COOPWATCH_TEST_DATABASE_URL")
FIXTURES = Path(__file__).parent / "plans" / "fixtures"
ACTORS = {"admin": "admin", "evaluator": "eva", "reporter, own region": "qinghai-dost",
          "reporter, other region": "ningxia-dost", "viewer": "reader", "unknown name": "nobody-here",
          "no name": None}
EVERYONE = {"admin", "evaluator", "reporter, own region"}  # the widest any write allows
STAFF = {"admin", "evaluator"}
ADMIN = {"admin"}
_n = itertools.count(1)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from coopwatch.store import open_store
    from coopwatch.store.accounts import add_user
    from coopwatch.store.database import create_database, drop_database
    from coopwatch.store.models import Document

    root = tmp_path_factory.mktemp("roles")
    url = create_database(PG_URL, prefix="t_") if PG_URL else f"sqlite:///{root / 'c.db'}"
    saved = {k: os.environ.get(k) for k in ("COOPWATCH_DATABASE_URL", "COOPWATCH_USER", "COOPWATCH_LOG_DIR")}
    os.environ.update(COOPWATCH_DATABASE_URL=url, COOPWATCH_LOG_DIR=str(root / "logs"))
    os.environ.pop("COOPWATCH_USER", None)
    assert run(["init"]) == 0
    store = open_store(url)
    add_user(store, "eva", "evaluator", actor="admin")
    add_user(store, "qinghai-dost", "reporter", regions=["青海"], actor="admin")
    add_user(store, "ningxia-dost", "reporter", regions=["宁夏"], actor="admin")
    add_user(store, "reader", "viewer", actor="admin")
    with store.session() as s:
        s.add(Document(content_hash="f" * 64, text="青海省与天津市共建盐湖产业基地", path="n.txt"))
    (root / "qinghai.csv").write_text("region,indicator,year,value,unit,source\n"
                                      "青海,rd_expenditure,2023,30.1,亿元,test bulletin\n", encoding="utf-8")
    (root / "progress.csv").write_text("item,period,status,region\neastwest-14fyp:3.2,2024,in_progress,630000\n",
                                       encoding="utf-8")
    (root / "news").mkdir()
    assert run(["backup", str(root / "setup.gz"), "--by", "admin"]) == 0
    yield store, root
    store.dispose()
    for k, v in saved.items():
        os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    if PG_URL:
        drop_database(PG_URL, url)


def _update(store) -> int:
    """A fresh update submitted by the Qinghai reporter, for a review."""
    from coopwatch.records import updates

    return updates.submit(store, item="eastwest-14fyp:3.2", period="2024", status="in_progress",
                          region="630000", author="qinghai-dost").id


def _plan(store, root) -> str:
    from coopwatch.plans.registry import add_plan

    plan_id = f"to-remove-{next(_n)}"
    add_plan(store, FIXTURES / "parsed_plan.json", plan_id=plan_id, actor="admin")
    return plan_id


def _exported(root) -> str:
    path = root / "export.yaml"
    assert run(["plan", "export", "western-science-city-2023", "-o", str(path)]) == 0
    return str(path)


def _password_on_stdin(argv: list[str]) -> list[str]:
    """`user password` reads the new password from standard input when it is not a terminal."""
    import io

    sys.stdin = io.StringIO("long enough secret\n")
    return argv


# command: (who may, argv given the store and the folder)
COMMANDS = {
    "backup": (ADMIN, lambda store, root: ["backup", str(root / f"b{next(_n)}.gz")]),
    "restore": (ADMIN, lambda store, root: ["restore", str(root / "setup.gz"), "--yes"]),
    "user add": (ADMIN, lambda store, root: ["user", "add", f"new{next(_n)}", "--role", "viewer"]),
    "user password": (ADMIN, lambda store, root: _password_on_stdin(["user", "password", "admin"])),
    "user token": (ADMIN, lambda store, root: ["user", "token", "reader"]),
    "audit": (ADMIN, lambda store, root: ["audit", "--json"]),
    "plan add": (STAFF, lambda store, root: ["plan", "add", str(FIXTURES / "parsed_plan.json"),
                                             "--id", f"added-{next(_n)}"]),
    "plan import": (STAFF, lambda store, root: ["plan", "import", _exported(root)]),
    "plan remove": (ADMIN, lambda store, root: ["plan", "remove", _plan(store, root)]),
    "observations import": (EVERYONE, lambda store, root: ["observations", "import", str(root / "qinghai.csv")]),
    "import observations": (EVERYONE, lambda store, root: ["import", "observations", str(root / "qinghai.csv")]),
    "observations derive": (STAFF, lambda store, root: ["observations", "derive"]),
    "ingest": (STAFF, lambda store, root: ["ingest", str(root / "news")]),
    "evidence confirm": (STAFF, lambda store, root: ["evidence", "confirm", "1", "eastwest-14fyp:3.2"]),
    "evidence reject": (STAFF, lambda store, root: ["evidence", "reject", "1", "eastwest-14fyp:3.2"]),
    "progress submit": (EVERYONE, lambda store, root: ["progress", "submit", "eastwest-14fyp:3.2", "--period", "2024",
                                                       "--status", "in_progress", "--region",
                                                       "{region}"]),
    "progress import": (EVERYONE, lambda store, root: ["progress", "import", str(root / "progress.csv")]),
    "progress review": (STAFF, lambda store, root: ["progress", "review", str(_update(store)), "returned", "--note", "figures missing"]),
    "case add": (STAFF, lambda store, root: ["case", "add", "盐湖产业合作", "--item", "eastwest-14fyp:3.2"]),
}
OWN_REGION = {"reporter, other region": "宁夏"}


def _refusals(store, name) -> int:
    from coopwatch.store.models import AuditEntry

    with store.session() as s:
        return s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "refused",
                                                                AuditEntry.actor.is_(name) if name is None
                                                                else AuditEntry.actor == name))


def test_every_write_command_is_in_the_matrix():
    import typer

    from coopwatch.cli import app

    assert {"backup", "restore", "audit", "ingest"} <= set(COMMANDS)
    group = typer.main.get_command(app)
    for name in ("plan", "progress", "evidence", "case", "user", "observations"):
        writes = {f"{name} {c}" for c in group.commands[name].commands
                  if c not in ("list", "show", "export", "history", "check")}
        assert writes <= set(COMMANDS), writes - set(COMMANDS)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("actor", list(ACTORS))
def test_who_may_run_each_write_command(db, capsys, command, actor):
    store, root = db
    allowed, argv = COMMANDS[command]
    name = ACTORS[actor]
    args = [a.replace("{region}", OWN_REGION.get(actor, "青海")) for a in argv(store, root)]
    if name is not None:
        args += ["--by", name]
    capsys.readouterr()
    before = _refusals(store, name)
    rc = run(args)
    out, err = capsys.readouterr()
    if actor in allowed:
        assert rc == 0, err
    else:
        assert rc == 2, (out, err)
        assert len(err.strip().splitlines()) == 1 and err.startswith("coopwatch: "), err
        assert "Traceback" not in err
        assert _refusals(store, name) == before + 1
        if name is None:
            assert "no user" in err
        elif actor == "unknown name":
            assert "no user called 'nobody-here'" in err


def test_a_qinghai_reporter_cannot_report_on_a_ningxia_task_by_naming_qinghai(db, capsys):
    store, _ = db
    rc = run(["progress", "submit", "eastwest-14fyp:5.1", "--period", "2024", "--status", "completed",
              "--region", "青海", "--by", "qinghai-dost"])
    assert rc == 2 and "eastwest-14fyp:5.1 is not a task of 630000" in capsys.readouterr().err


def test_nobody_reviews_their_own_submission(db, capsys):
    from coopwatch.records import updates

    store, _ = db
    own = updates.submit(store, item="eastwest-14fyp:3.2", period="2024", status="in_progress", author="eva")
    rc = run(["progress", "review", str(own.id), "returned", "--note", "figures missing", "--by", "eva"])
    assert rc == 2 and "cannot review their own submission" in capsys.readouterr().err


def test_the_audit_command_reads_refusals_by_user_and_date(db, capsys):
    store, _ = db
    run(["progress", "submit", "eastwest-14fyp:3.2", "--period", "2024", "--status", "completed", "--by", "reader"])
    capsys.readouterr()
    assert run(["audit", "--user", "reader", "--since", "2000-01-01", "--json", "--by", "admin"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert entries and all(e["actor"] == "reader" for e in entries)
    assert entries[-1]["action"] == "refused" and "viewer 'reader' may not" in entries[-1]["after"]["reason"]
    assert run(["audit", "--since", "yesterday", "--by", "admin"]) == 2
    assert "--since: 'yesterday' is not a date" in capsys.readouterr().err
