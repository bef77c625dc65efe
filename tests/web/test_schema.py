"""schemathesis against /openapi.json on a live uvicorn (loopback) with an admin token: no
5xx and every response matches its schema, on a bounded number of examples per operation.
Runs schemathesis's own command line (its pytest plugin does not load with this pytest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.web.live import live_server

EXAMPLES = 5
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_api_answers_generated_requests_without_5xx_and_as_documented(app, tokens, tmp_path):
    with live_server(app) as base:
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", f"{base}/openapi.json", "-H", f"Authorization: Bearer {tokens['admin']}",
             "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", str(EXAMPLES),
             "--seed", "1", "--phases", "examples,fuzzing", "--request-timeout", "60",
             "--suppress-health-check", "all", "--no-color"],
            capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"},
            timeout=1200)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout or "No issues found" in run.stdout, run.stdout[-3000:]
