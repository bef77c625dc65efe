"""Evaluation: composite indices (run, uncertainty, the China index) and key-task scorecards."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import app, cli_store, console, err_console, print_json, progress_bar

# --- evaluation ------------------------------------------------------------------------------

index_app = typer.Typer(help="Composite indices (JRC/OECD method, COINr vocabulary).", no_args_is_help=True)
app.add_typer(index_app, name="index")
_DATA_DIR = typer.Option(None, "--data-dir", help="Resolve the spec's relative paths here, not next to the spec.")


def _index(spec: Path, data_dir: Optional[Path]):
    """The index a spec builds; the store is opened only for a spec that reads stored observations."""
    from coopwatch.evaluate import Index, load_spec

    loaded = load_spec(spec, data_dir)
    return Index.from_spec(loaded, cli_store() if loaded.data.get("observations") == "database" else None)


def _print_frame(frame, title: str, digits: int = 2) -> None:
    from rich.table import Table

    table = Table(frame.index.name or "code", *map(str, frame.columns), title=title)
    for key, row in frame.iterrows():
        table.add_row(str(key), *[f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)


@index_app.command("run")
def index_run(spec: Path = typer.Argument(..., help="Index spec (YAML)."),
              as_json: bool = typer.Option(False, "--json", help="Print JSON."),
              data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Build an index: every unit's scores and ranks, treated indicators, the steps applied."""
    index = _index(spec, data_dir)
    if as_json:
        print_json(index.to_dict())
        return
    fw = index.framework
    shown = ["uName", "Rank", fw.index_code] + fw.codes_at(fw.n_levels - 1)
    _print_frame(index.results()[shown].astype({"Rank": "Int64"}), fw.nodes[fw.index_code].name)


@index_app.command("uncertainty")
def index_uncertainty(spec: Path = typer.Argument(..., help="Index spec (YAML) with an `uncertainty` section."),
                      runs: int = typer.Option(1000, "--runs", help="Monte Carlo runs."),
                      seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (same seed, same output)."),
                      sensitivity: bool = typer.Option(False, "--sensitivity", help="Also Sobol indices of the inputs."),
                      as_json: bool = typer.Option(False, "--json", help="Print JSON."),
                      data_dir: Optional[Path] = _DATA_DIR,
                      workers: Optional[int] = typer.Option(None, "--workers", help="Run on a local Dask cluster of N workers."),
                      scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on this Dask scheduler (tcp://…).")) -> None:
    """Rank intervals under the spec's uncertain choices; with --sensitivity, which choice matters."""
    from coopwatch.evaluate.uncertainty import run_uncertainty

    index = _index(spec, data_dir)
    with err_console.status(f"{runs} runs…"):
        result = run_uncertainty(index, runs, seed, sensitivity, workers=workers, scheduler=scheduler)
    if as_json:
        print_json(result.to_dict())
        return
    _print_frame(result.summary(), f"ranks over {runs} runs (seed {seed})", digits=1)
    if result.sensitivity:
        import pandas as pd

        table = pd.DataFrame([{"input": s["input"], "Si": s["Si"], "Si 95% CI": "[{:.3f}, {:.3f}]".format(*s["Si_ci"]),
                               "STi": s["STi"], "STi 95% CI": "[{:.3f}, {:.3f}]".format(*s["STi_ci"])}
                              for s in result.sensitivity]).set_index("input")
        _print_frame(table, "Sobol indices of the mean absolute rank shift", digits=3)


@index_app.command("china")
def index_china(year: Optional[int] = typer.Option(None, "--year", help="Year (default: the latest with complete data)."),
                years: Optional[str] = typer.Option(None, "--years", help="Several years on one scale, e.g. 2018-2023."),
                runs: int = typer.Option(1000, "--runs", help="Monte Carlo runs for the rank intervals."),
                seed: int = typer.Option(0, "--seed"),
                top: int = typer.Option(5, "--top", help="How many regions to show at each end."),
                lang: str = typer.Option("en", "--lang", help="With --years: the table in zh or en."),
                as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The regional S&T cooperation index of the 31 provinces from the stored observations,
    with the top and bottom regions and their 5-95% rank intervals; with --years, every
    province's score and rank in each year with complete data and the change since the first."""
    from coopwatch.evaluate.china import build_china_index, latest_complete_year

    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    store = cli_store()
    if years is not None:
        _china_years(store, years, runs, seed, as_json, lang)
        return
    year = year or latest_complete_year(store)
    with err_console.status(f"China index {year}, {runs} runs…"):
        china = build_china_index(store, year, runs=runs, seed=seed)
    if as_json:
        table = china.table().reset_index().rename(columns={"uCode": "code", "uName": "name"})
        table["rank"] = table["rank"].astype(int)
        print_json({"year": year, "runs": runs, "seed": seed, "units": table.to_dict(orient="records")})
        return
    console.print(f"[bold]{china.index.framework.nodes[china.index.framework.index_code].name}, {year}[/bold]"
                  f" (rank intervals over {runs} runs)")
    for line in china.summary_lines(top):
        console.print(line, markup=False, highlight=False)


def _china_years(store, years: str, runs: int, seed: int, as_json: bool, lang: str) -> None:
    from coopwatch.evaluate.china import build_china_panel
    from coopwatch.evaluate.panel import parse_years

    asked = parse_years(years)
    with err_console.status(f"China index {asked[0]}-{asked[-1]}, {runs} runs…"):
        china = build_china_panel(store, asked, runs=runs, seed=seed)
    if as_json:
        print_json(china.to_dict())
        return
    for line in china.lines(lang):
        console.print(line, markup=False, highlight=False)


@index_app.command("audit")
def index_audit(spec: Path = typer.Argument(..., help="Index spec (YAML)."),
                as_json: bool = typer.Option(False, "--json", help="Print JSON."),
                lang: str = typer.Option("en", "--lang", help="Findings in zh or en."),
                runs: int = typer.Option(1000, "--runs", help="Runs of the sensitivity analysis (0: none)."),
                seed: int = typer.Option(0, "--seed"),
                data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Statistical audit: indicator statistics, correlations, Cronbach's alpha, PCA,
    effective vs nominal weights, removal effects and sensitivity, each finding with what
    to consider."""
    from coopwatch.evaluate.audit import run_audit, topic_label

    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    index = _index(spec, data_dir)
    with err_console.status("auditing…"):
        audit = run_audit(index, runs=max(runs, 1), seed=seed, sensitivity=runs > 0)
    if as_json:
        print_json(audit.to_dict())
        return
    from rich.text import Text

    out = audit.to_dict()
    heading = (f"{out['index']}：{out['units']}个单元，{out['indicators']}项指标，{len(audit.findings)}条发现"
               if lang == "zh" else f"{out['index']}: {out['units']} units, {out['indicators']} indicators, "
               f"{len(audit.findings)} findings")
    console.print(heading, markup=False, highlight=False)
    for topic in dict.fromkeys(f["topic"] for f in audit.findings):
        console.print(f"\n{topic_label(topic, lang)}", markup=False, highlight=False, style="bold")
        for f in (f for f in audit.findings if f["topic"] == topic):
            mark = "!" if f["severity"] == "warning" else "-"
            # rich wraps by display cells: a Chinese character takes two of the 80 columns
            console.print(Text(f"{mark} {f[lang]}"), width=min(console.width, 80))


@app.command()
def scorecard(plan: Optional[str] = typer.Option(None, "--plan", help="Only this plan (default: every plan)."),
              as_of: Optional[str] = typer.Option(None, "--as-of", help="Date of the scorecard, YYYY-MM-DD (default: today)."),
              as_json: bool = typer.Option(False, "--json", help="Print JSON."),
              lang: str = typer.Option("en", "--lang", help="Titles in zh or en."),
              uncertainty: int = typer.Option(0, "--uncertainty", help="Monte Carlo runs for rank intervals (0: none)."),
              seed: int = typer.Option(0, "--seed", help="Random seed of the runs."),
              wide: bool = typer.Option(False, "--wide", help="Titles and reasons in full (default: one line per task).")
              ) -> None:
    """Key tasks scored 0-100 with a grade from evidence, progress and outcomes, with reasons."""
    from coopwatch.cli.tables import Col, print_table
    from coopwatch.evaluate.scorecard import build_scorecard, table_rows

    result = build_scorecard(cli_store(), plan, as_of, uncertainty=uncertainty, seed=seed, lang=lang)
    if as_json:
        print_json(result)
        return
    for card in [result] if plan else result["plans"]:
        header, rows = table_rows(card, lang)
        # the figures keep their width; the title, then the reasons, give way to fit the terminal
        columns = [Col(h, h, shrink=0, justify="right" if i in (0, 3, 4, 5, 6) else "left")
                   for i, h in enumerate(header[:-2])]
        columns += [Col(header[-2], header[-2], min_width=10, shrink=1),
                    Col(header[-1], header[-1], min_width=10, shrink=2)]
        title = f"{card['plan']}（截至 {card['as_of']}）" if lang == "zh" else f"{card['plan']} (as of {card['as_of']})"
        print_table(columns, rows, lang=lang, wide=wide, title=title)


# --- web and reports -------------------------------------------------------------------------
