"""Evidence: link and ingest documents, the digest, and the review of links."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from coopwatch.cli.app import BY, acting_user, app, cli_plans, cli_store, console, err_console, print_json, progress_bar

@app.command()
def link(
    paths: List[Path] = typer.Argument(..., help="News or evidence files, or folders of them (.txt .md .html .pdf)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON of contracts/link-output.md."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Run on a local Dask cluster of N processes."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on an existing Dask cluster (tcp://HOST:PORT)."),
) -> None:
    """Link documents to plan items: item, score, candidates, event, regions, places, amounts."""
    from coopwatch.evidence.analyse import link_paths

    progress, stop = progress_bar("linking")
    try:
        result = link_paths([str(p) for p in paths], cli_plans(), workers=workers, scheduler=scheduler, progress=progress)
    finally:
        stop()
    if as_json:
        print_json(result)
        _batch_end(paths, result["errors"], as_json)
        return
    from rich.table import Table

    table = Table("source", "lang", "item", "score", "event", "regions", "amounts (yuan)")
    for d in result["documents"]:
        table.add_row(d["source"], d["language"] or "", d["item"] or "-", f"{d['score']:.2f}", d["event"] or "",
                      " ".join(d["regions"]), " ".join(f"{a['value']:,}" for a in d["amounts"]))
    console.print(table)
    _batch_end(paths, result["errors"], as_json)


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(..., help="News or evidence files, or folders of them."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet or collection name stored with the documents."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Run on a local Dask cluster of N processes."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on an existing Dask cluster (tcp://HOST:PORT)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    by: Optional[str] = BY,
) -> None:
    """Store documents and their links to plan items as evidence (review state is kept)."""
    from coopwatch.evidence.ingest import ingest_paths

    store = cli_store()
    progress, stop = progress_bar("ingesting")
    try:
        summary = ingest_paths(store, [str(p) for p in paths], source=source, workers=workers,
                               scheduler=scheduler, progress=progress, actor=acting_user(by))
    finally:
        stop()
    if as_json:
        print_json(summary)
    else:
        console.print(f"{summary['documents']} documents ({summary['new']} new, {summary['updated']} updated, "
                      f"{summary['duplicates']} duplicates), {summary['links']} links")
    _batch_end(paths, summary["errors"], as_json)


def _batch_end(paths: List[Path], errors: list[dict], as_json: bool) -> None:
    """List what a batch skipped; exit 2 when a named path does not exist (after the batch)."""
    from coopwatch.errors import InputError
    from coopwatch.evidence.documents import missing_paths

    if not as_json:
        for e in errors:
            err_console.print(f"skipped {e['source']}: {e['error']}", markup=False, highlight=False, soft_wrap=True)
    missing = missing_paths(paths)
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)} (the other paths were read)")


@app.command()
def digest(
    since: Optional[str] = typer.Option(None, "--since", help="First date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Last date (YYYY-MM-DD)."),
    lang: str = typer.Option("en", "--lang", help="zh or en."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Digest of stored evidence: topics, pairings, tasks and typical cases, each with its documents."""
    from coopwatch.evidence.digest import build_digest, render_digest

    result = build_digest(cli_store(), since=since, until=until, lang=lang)
    if as_json:
        print_json(result)
    else:
        console.print(render_digest(result), markup=False, highlight=False)


evidence_app = typer.Typer(help="Review links of documents to plan items.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("list")
def evidence_list(
    state: Optional[str] = typer.Option(None, help="proposed | confirmed | rejected"),
    item: Optional[str] = typer.Option(None, help="Item reference, e.g. eastwest-14fyp:3.2."),
    document: Optional[int] = typer.Option(None, help="Document id."),
    best: bool = typer.Option(False, "--best", help="Only each document's best link."),
    limit: Optional[int] = typer.Option(None),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Evidence rows with their score, rank and review state."""
    from coopwatch.evidence.review import list_evidence

    rows = list_evidence(cli_store(), state=state, item=item, document=document, best_only=best, limit=limit)
    if as_json:
        print_json({"evidence": rows})
        return
    from rich.table import Table

    table = Table("doc", "item", "score", "rank", "state", "by", "path")
    for r in rows:
        table.add_row(str(r["document"]), r["item"], f"{r['score']:.2f}", str(r["rank"]), r["state"],
                      r["reviewed_by"] or "", r["path"] or "")
    console.print(table)


def _review(doc_id: int, item_ref: str, decision: str, by: Optional[str], note: Optional[str], as_json: bool) -> None:
    from coopwatch.evidence.review import review

    row = review(cli_store(), doc_id, item_ref, decision, by=acting_user(by), note=note)
    if as_json:
        print_json(row)
    else:
        console.print(f"document {row['document']} → {row['item']}: {row['state']}")


@evidence_app.command("confirm")
def evidence_confirm(doc_id: int, item_ref: str, by: Optional[str] = BY,
                     note: Optional[str] = typer.Option(None, "--note"),
                     as_json: bool = typer.Option(False, "--json")) -> None:
    """Confirm that document DOC_ID reports on ITEM_REF (audited)."""
    _review(doc_id, item_ref, "confirmed", by, note, as_json)


@evidence_app.command("reject")
def evidence_reject(doc_id: int, item_ref: str, by: Optional[str] = BY,
                    note: Optional[str] = typer.Option(None, "--note"),
                    as_json: bool = typer.Option(False, "--json")) -> None:
    """Reject the link of document DOC_ID to ITEM_REF (audited)."""
    _review(doc_id, item_ref, "rejected", by, note, as_json)
