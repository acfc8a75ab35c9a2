#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests, on a Unix socket.
# Prints the SQLAlchemy URL on stdout. Installs the Debian packages if missing.
set -euo pipefail
PGROOT=${PGROOT:-/tmp/saisie-pg}
PORT=${PGPORT_TEST:-54329}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); else RUN=(); fi
if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
    rm -rf "$PGROOT"
    mkdir -p "$PGROOT/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres "$PGROOT"
    "${RUN[@]}" "$BIN/initdb" -D "$PGROOT/data" -U postgres -A trust >/dev/null
    "${RUN[@]}" "$BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
        -o "-k $PGROOT/sock -p $PORT -c listen_addresses='' -c fsync=off" start >/dev/null
    "${RUN[@]}" "$BIN/createdb" -h "$PGROOT/sock" -p "$PORT" -U postgres saisie_test
fi
echo "postgresql+psycopg://postgres@/saisie_test?host=$PGROOT/sock&port=$PORT"
