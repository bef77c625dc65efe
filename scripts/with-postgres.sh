#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster in a temporary directory on a free local
# port, with COOPWATCH_TEST_DATABASE_URL pointing at it; the cluster is stopped and removed after.
set -euo pipefail
BINDIR=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
DIR=$(mktemp -d /tmp/coopwatch-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DIR"; RUN=(runuser -u postgres --)
fi
cleanup() { "${RUN[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
"${RUN[@]}" "$BINDIR/initdb" -D "$DIR/data" -U coopwatch --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U coopwatch coopwatch
export COOPWATCH_TEST_DATABASE_URL="postgresql+psycopg://coopwatch@127.0.0.1:$PORT/coopwatch"
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($DIR)"
"$@"
