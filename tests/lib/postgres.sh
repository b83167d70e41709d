# Throwaway PostgreSQL clusters for the scripts under tests/ (smoke, bench). Sourced, not run.
# PostgreSQL refuses to run as root: when we are root, every server command runs as the `postgres` OS user, and the
# cluster (data and socket) lives in a folder that user owns.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DIR PORT [extra postgres -c options...]
pg_start() {
  local dir=$1 port=$2; shift 2
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    chmod a+x "$(dirname "$dir")" # a mktemp -d parent is private to root; the postgres user must pass through it
  fi
  as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust --no-locale --no-sync -E UTF8 >/dev/null
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
  for option in "$@"; do options="$options -c $option"; done
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$options" start >/dev/null
}

# pg_create_database DIR PORT NAME
pg_create_database() {
  psql -q -h 127.0.0.1 -p "$2" -U postgres -c "CREATE DATABASE $3"
}

# pg_stop DIR: stops the cluster if it runs (safe to call twice, or when it never started).
pg_stop() {
  [ -f "$1/data/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true
}
