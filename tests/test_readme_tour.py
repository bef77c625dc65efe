"""The README's tour runs as written: every command of it, in order, exits 0 (in-process,
through the one error path `coopwatch.cli.run`, on the lane's database)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from coopwatch.cli import run

REPO = Path(__file__).resolve().parent.parent


def tour_commands() -> list[str]:
    """The tour's command lines: continuation lines joined, comments dropped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A tour\n.*?```\n(.*?)```", text, re.S).group(1)
    lines = []
    for line in block.replace("\\\n", " ").splitlines():
        line = line.split("  #")[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def test_the_tour_has_the_main_commands():
    words = {shlex.split(c)[1] for c in tour_commands() if c.startswith("coopwatch ")}
    assert {"init", "plan", "ingest", "progress", "index", "scorecard", "backup", "restore", "audit"} <= words


def test_every_tour_command_runs_as_written(database_url, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COOPWATCH_USER")  # the tour says who acts
    monkeypatch.chdir(tmp_path)
    for name in ("docs", "src"):
        (tmp_path / name).symlink_to(REPO / name)
    for command in tour_commands():
        words = shlex.split(command)
        if words[0] == "export":
            key, value = words[1].split("=", 1)
            monkeypatch.setenv(key, value)
            continue
        assert words[0] == "coopwatch", command
        rc = run(words[1:])
        out, err = capsys.readouterr()
        assert rc == 0, f"{command}\n{err}"
        assert "Traceback" not in err
    assert os.path.exists("p.yaml") and os.path.exists("backup.jsonl.gz")
