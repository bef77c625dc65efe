#!/usr/bin/env bash
# `make demo`: builds the embedded database and runs the main job end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
CW=.venv/bin/coopwatch
SHARED=${SHARED:-../shared}
OUT=out/demo
mkdir -p "$OUT"
export COOPWATCH_DATABASE_URL=${COOPWATCH_DATABASE_URL:-sqlite:///coopwatch.db}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. database, gazetteer, roles and bundled plans"
$CW init

step "2. a region name in any language"
$CW regions "Mongolie intérieure"
$CW regions 海西州

echo
echo "Done. Database: ${COOPWATCH_DATABASE_URL}; outputs in $OUT/"
