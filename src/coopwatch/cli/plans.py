"""Plans: parse a plan document; the plan registry (add, list, show, export, import)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import BY, acting_user, app, cli_store, console, err_console, print_json, progress_bar

# --- plans (plan parser and registry) --------------------------------------------------------

@app.command("parse-plan")
def parse_plan_cmd(
    file: str = typer.Argument(..., help="A plan text in any common encoding (zh, en, fr, de)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON of contracts/plan-output.md."),
) -> None:
    """Read a plan into its results framework: items, regions, partners, leads, targets."""
    from coopwatch.text.plan_parser import parse_plan
    from coopwatch.cli.plan_tree import plan_tree

    result = parse_plan(file)
    if as_json:
        print_json(result)
    else:
        console.print(plan_tree(result))


plan_app = typer.Typer(help="Plans in the database: add, list, show, export and import (each change a new version).",
                       no_args_is_help=True)
app.add_typer(plan_app, name="plan")


@plan_app.command("add")
def plan_add(file: Path = typer.Argument(..., help="A plan document, a parse-plan .json output or a .yaml plan file."),
             plan_id: Optional[str] = typer.Option(None, "--id", help="Plan id (default: a slug of the title)."),
             force: bool = typer.Option(False, "--force", help="Store it even if no item or target is found."),
             by: Optional[str] = BY) -> None:
    """Parse a plan and store it as a new version (a file with no items and no targets is refused)."""
    from coopwatch.plans.registry import add_plan

    fw = add_plan(cli_store(), file, plan_id=plan_id, actor=acting_user(by), force=force)
    console.print(f"plan {fw.id}: version {fw.version}, {sum(1 for _ in fw.walk())} items, {len(fw.targets)} targets")


@plan_app.command("list")
def plan_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The plans in the database with their current version."""
    from dataclasses import asdict

    from coopwatch.plans.registry import list_plans

    plans = list_plans(cli_store())
    if as_json:
        print_json({"plans": [asdict(p) for p in plans]})
        return
    if not plans:
        err_console.print("no plans in the database; `coopwatch init` loads the bundled ones", markup=False)
    for p in plans:
        title = p.title.get("zh") or p.title.get("en") or next(iter(p.title.values()), "")
        console.print(f"{p.id}\tv{p.current_version} ({p.versions} versions)\t{p.items} items\t{p.targets} targets\t{title}",
                      markup=False, highlight=False, soft_wrap=True)


@plan_app.command("show")
def plan_show(plan_id: str, version: Optional[int] = typer.Option(None, help="A version (default: the current one)."),
              lang: str = typer.Option("zh", help="zh | en"), as_json: bool = typer.Option(False, "--json")) -> None:
    """The plan's item tree and targets, with low-confidence fields flagged (⚠)."""
    from coopwatch.errors import InputError
    from coopwatch.plans.registry import get_plan
    from coopwatch.plans.render import plan_json, plan_lines
    from coopwatch.plans.terms import region_name

    if lang not in ("zh", "en"):
        raise InputError(f"--lang: {lang!r} is not zh or en")
    fw = get_plan(cli_store(), plan_id, version)
    if as_json:
        print_json(plan_json(fw))
        return
    for line in plan_lines(fw, lang, region_name):
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@plan_app.command("export")
def plan_export(plan_id: str, output: Optional[Path] = typer.Option(None, "-o", "--output", help="YAML file (default: stdout)."),
                version: Optional[int] = typer.Option(None)) -> None:
    """Write a plan as a YAML plan file, to correct by hand and `plan import` back."""
    from coopwatch.plans.registry import export_plan

    text = export_plan(cli_store(), plan_id, version)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"plan {plan_id} written to {output}")


@plan_app.command("import")
def plan_import(file: Path = typer.Argument(..., help="A YAML plan file (e.g. a corrected export)."),
                by: Optional[str] = BY) -> None:
    """Load a plan file as a new version, checked against the vocabularies; all or nothing."""
    from coopwatch.plans.registry import import_plan

    fw = import_plan(cli_store(), file, actor=acting_user(by))
    console.print(f"plan {fw.id}: version {fw.version}, {sum(1 for _ in fw.walk())} items, {len(fw.targets)} targets")


@plan_app.command("remove")
def plan_remove(plan_id: str, version: Optional[int] = typer.Option(None, help="Only this version."),
                by: Optional[str] = BY) -> None:
    """Remove a plan with every version, or one version (admins only; audited)."""
    from coopwatch.plans.registry import remove_plan

    done = remove_plan(cli_store(), plan_id, version, actor=acting_user(by))
    left = f"; versions left: {', '.join(map(str, done['left']))}" if done["left"] else "; the plan is gone"
    console.print(f"plan {plan_id}: removed version(s) {', '.join(map(str, done['removed']))}{left}")
