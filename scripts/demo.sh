#!/usr/bin/env bash
# `make demo`: builds the embedded database and runs the main job end to end:
# plans → observations → target monitoring → evidence → evaluation, printing where to look.
set -euo pipefail
cd "$(dirname "$0")/.."
CW=.venv/bin/coopwatch
PY=.venv/bin/python
SHARED=${SHARED:-../shared}
OUT=out/demo
mkdir -p "$OUT"
export COOPWATCH_DATABASE_URL=${COOPWATCH_DATABASE_URL:-sqlite:///coopwatch.db}
export COLUMNS=${COLUMNS:-160}  # rich tables stay readable when the output is not a terminal

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. Database, gazetteer, roles, the bundled plans and the first user, admin"
$CW init
export COOPWATCH_USER=admin  # every write acts as a named user; init made this one

step "2. A region name in any language resolves to its GB/T 2260 code"
$CW regions "Mongolie intérieure"
$CW regions 海西州

step "3. A plan's text into a results framework"
if [ -d "$SHARED/seeds" ]; then
  $CW parse-plan "$SHARED"/seeds/001_*.txt --json > "$OUT/parse-eastwest-en.json"
  $CW parse-plan "$SHARED"/seeds/002_*.txt --json > "$OUT/parse-eastwest-zh.json"
  $CW parse-plan "$SHARED"/seeds/004_*.txt --json > "$OUT/parse-western-science-city.json"
  $PY - "$OUT" <<'PYEOF'
import json, sys, pathlib
for f in sorted(pathlib.Path(sys.argv[1]).glob("parse-*.json")):
    d = json.loads(f.read_text())
    def walk(items):
        for it in items:
            yield it; yield from walk(it.get("items", []))
    kinds = {}
    for it in walk(d["items"]):
        kinds[it["kind"]] = kinds.get(it["kind"], 0) + 1
    print(f"  {f.name}: language {d['language']}, {', '.join(f'{n} {k}s' for k, n in sorted(kinds.items()))}, "
          f"{len(d['targets'])} targets, {len(d['repairs'])} repairs")
PYEOF
else
  echo "  (no seeds folder at $SHARED/seeds; skipped)"
fi
$CW plan list

step "4. Real provincial observations and the Science City supplement, with provenance and notes (re-importing changes nothing)"
SHIPPED=$($PY -c 'from coopwatch.indicators.shipped import shipped_observation_files as f; print(*f())')
$CW observations import $SHIPPED
$CW observations history 500000 national_high_tech_enterprises  # notes: lower bound, inferred year
$CW check > "$OUT/data-checks.txt" || true
echo "  data checks written to $OUT/data-checks.txt ($(wc -l < "$OUT/data-checks.txt") lines)"

step "5. Target attainment of the Western Science City opinions (2025): the Science City is judged on its own data; Chengdu-Chongqing is context"
$CW targets --plan western-science-city-2023 --json > "$OUT/targets-western-science-city.json"
$CW targets --plan western-science-city-2023

step "6. Evidence: news linked to plan tasks, events across languages, digest"
if [ -d "$SHARED/data/news-dev" ]; then
  $CW ingest "$SHARED/data/news-dev" --source news-dev
  $CW digest --lang en --json > "$OUT/digest.json"
  $CW digest --lang en | head -40
else
  echo "  (no news folder at $SHARED/data/news-dev; skipped)"
fi

step "7. Evaluation: the regional S&T cooperation index of the provinces, with rank intervals"
$CW index china --runs 1000 --top 5
$CW index china --runs 1000 --json > "$OUT/china-index.json"

step "8. Key-task scorecards: evidence, progress and outcomes per task, with reasons"
$CW scorecard --plan eastwest-14fyp --lang en
$CW scorecard --plan eastwest-14fyp --json --uncertainty 200 > "$OUT/scorecard-eastwest.json"

step "9. The periodic evaluation report of the latest period, zh and en, HTML and PDF"
for lang in zh en; do
  for fmt in html pdf; do
    $CW report --lang $lang --format $fmt --out "$OUT/report-$lang.$fmt"
  done
done
$CW export package "$OUT/datapackage"


step "10. The web app: accounts for the API and the dashboard"
# An admin who can log in. The password comes from COOPWATCH_ADMIN_PASSWORD, or is generated the
# first time and printed this once (only its argon2id hash is stored).
$PY - <<'PYEOF'
import os, secrets
from coopwatch.settings import database_url_from_environment
from coopwatch.store import open_store
from coopwatch.store.accounts import set_password
from coopwatch.store.models import User
from sqlalchemy import select

store = open_store(database_url_from_environment())
with store.session() as s:
    has_password = s.scalars(select(User.password_hash).where(User.name == "admin")).first() is not None
given = os.environ.get("COOPWATCH_ADMIN_PASSWORD")
if given:
    set_password(store, "admin", given, actor="admin")
    print("  admin password: the one in COOPWATCH_ADMIN_PASSWORD")
elif not has_password:
    generated = secrets.token_urlsafe(12)
    set_password(store, "admin", generated, actor="admin")
    print(f"  admin password (generated, shown this once): {generated}")
else:
    print("  admin has a password already (printed when it was set); change it: coopwatch user password admin")
PYEOF

echo
echo "Done. Database: ${COOPWATCH_DATABASE_URL}"
echo "Reports: $OUT/report-zh.pdf $OUT/report-en.pdf $OUT/report-zh.html $OUT/report-en.html"
echo "Web app (nothing was started):  $CW serve --host 127.0.0.1 --port 8000"
echo "  then open http://127.0.0.1:8000/login and log in as admin; API docs at http://127.0.0.1:8000/api/docs"
echo "  scripts: $CW user token admin  ->  curl -H 'Authorization: Bearer cw_...' http://127.0.0.1:8000/api/targets"
echo "Outputs in $OUT/: parse-*.json (results frameworks), targets-*.json, digest.json, china-index.json, scorecard-eastwest.json, data-checks.txt"
echo "Try: $CW plan show eastwest-14fyp --lang zh | $CW targets | $CW regions 呼包鄂"
echo "Dashboard: http://127.0.0.1:8000/ once served as above; log in as admin (password above), or add"
echo "  e.g. a Qinghai reporter: $CW user add qinghai --role reporter --region 630000 --password"
echo "  pages in zh, with the English switch at the top right (remembered)"
