#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL for the tests and benchmarks: initdb into a temp folder, listening on
# 127.0.0.1 only, trust auth for the local test user. Prints the database URL on start.
#   scripts/test-postgres.sh start   # idempotent; prints postgres://jobhunter@127.0.0.1:PORT/jobhunter_test
#   scripts/test-postgres.sh clean   # drops the per-test scratch databases (jh_test_*, jh_e2e_*) runs left behind
#   scripts/test-postgres.sh stop
set -euo pipefail
PGDIR="${JOBHUNTER_PG_DIR:-/tmp/jobhunter-test-pg}"
PORT="${JOBHUNTER_PG_PORT:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
# PostgreSQL refuses to run as root; run it as the postgres user the Debian package creates.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
URL="postgres://jobhunter@127.0.0.1:$PORT/jobhunter_test"
psql_admin() { as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U jobhunter -d postgres -v ON_ERROR_STOP=1 "$@"; }

# Each store-contract and scale-out test makes a database of its own; they are kept for a failed test to be read,
# and dropped here, by name, so a busy test server does not collect thousands of them.
drop_scratch_databases() {
    psql_admin -tAc "SELECT datname FROM pg_database WHERE datname ~ '^jh_(test|e2e)_[0-9a-f]+$'" |
        while read -r name; do psql_admin -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"; done
}

case "${1:-start}" in
start)
    if as_owner "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then echo "$URL"; exit 0; fi
    # Not running: a lock file left by a killed server (a session that ended) would only stop the start.
    rm -f "$PGDIR/data/postmaster.pid"
    mkdir -p "$PGDIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDIR"
    if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
        as_owner "$BIN/initdb" -D "$PGDIR/data" -U jobhunter -A trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 \
            || { cat "$PGDIR/initdb.log" >&2; exit 1; }
    fi
    as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c max_connections=200 -c fsync=off -c shared_buffers=256MB" start >/dev/null \
        || { cat "$PGDIR/server.log" >&2; exit 1; }
    # Freshly started, so no test is using them.
    drop_scratch_databases
    psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'jobhunter_test'" | grep -q 1 \
        || as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U jobhunter jobhunter_test
    echo "$URL"
    ;;
clean)
    drop_scratch_databases
    ;;
stop)
    as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 start|clean|stop" >&2; exit 2
    ;;
esac
