"""`coopwatch serve`: the web app (JSON API and pages) on uvicorn."""

from __future__ import annotations

import typer

from coopwatch.cli.app import app, console


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback unless told)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, help="Server processes."),
) -> None:
    """Serve the web API and dashboard (log in at /login; API docs at /api/docs)."""
    import uvicorn

    from coopwatch.settings import database_url_from_environment

    console.print(f"coopwatch on http://{host}:{port}/  (database {database_url_from_environment()}; "
                  f"API docs /api/docs)")
    uvicorn.run("coopwatch.web.serve:app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, log_level="info")
