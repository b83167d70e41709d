#!/usr/bin/env bash
# Bulk ingest of task history (W6): the service's bulk POST against psql on the same PostgreSQL, side by side.
#
#   tests/bench/ingest/task-history-ingest.sh [--quick] [--reps N] [--rows N] [--sizes "1000 5000 10000"]
#                                             [--drop-indexes "name,name"] [--index-cost]
#
# Publishes the service (Release), starts a throwaway PostgreSQL 15 (as `postgres` when run as root), lets the
# service migrate one database and copies its schema into a second one for the anchor, so both write the same
# table with the same indexes. Generates ROWS task-history items (default 100,000) as JSON arrays of each batch
# size and the same rows as CSV, then, for each batch size, runs four passes over the rows:
#
#   fresh        empty table, every row inserted
#   unchanged    the same rows again: nothing may be rewritten
#   5% changed   every 20th row finished differently
#   all changed  every row differs
#
# Service: one bulk POST per batch over one keep-alive connection (curl). Anchor: one psql session, per batch one
# transaction: \copy into a temp table, then INSERT … ON CONFLICT (upid) DO UPDATE … WHERE (…) IS DISTINCT FROM (…).
# The two alternate (which goes first alternates per repetition); the table shows the median rows/s of each and
# the ratio service / psql. Timing covers the whole pass, client start-up included, on both sides.
#
#   --quick           10,000 rows, one repetition: proves the script works, says nothing about speed
#   --drop-indexes    drop these indexes in both databases first (to see what they cost)
#   --index-cost      instead of the table above: the cost of each trigram index of the table, measured as
#                     10,000-item POSTs (fresh and all changed) with no trigram index, then with each one alone
#
# Needs: the .NET 10 SDK, PostgreSQL 15 server binaries under /usr/lib/postgresql/15/bin (with pg_trgm), psql,
# curl, python3. Nothing here is a test: timing is never asserted.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ROWS=100000 REPS=3 SIZES="1000 5000 10000" VMS=2000 DROP_INDEXES="" INDEX_COST=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) ROWS=10000 REPS=1 ;;
    --reps) REPS=${2:?}; shift ;;
    --rows) ROWS=${2:?}; shift ;;
    --sizes) SIZES=${2:?}; shift ;;
    --drop-indexes) DROP_INDEXES=${2:?}; shift ;;
    --index-cost) INDEX_COST=1 ;;
    -h | --help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

PGBIN=/usr/lib/postgresql/15/bin
TABLE=netbox_proxbox_vmtaskhistory
log() { printf '[ingest %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
for tool in "$PGBIN/initdb" "$PGBIN/pg_ctl" "$PGBIN/pg_dump" psql curl python3 dotnet; do
  command -v "$tool" >/dev/null || [[ -x $tool ]] || die "$tool is missing"
done

work=$(mktemp -d /tmp/proxbox-ingest.XXXXXX)
chmod 755 "$work"
service_pid="" pg_started=0
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  local status=$?
  set +e
  if [[ -n $service_pid ]]; then kill -TERM "$service_pid" 2>/dev/null; wait "$service_pid" 2>/dev/null; fi
  if ((pg_started)); then as_postgres "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1; fi
  if [[ -n ${KEEP_WORK:-} ]]; then log "work directory kept: $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# ------------------------------------------------------------------------------------------------------ build
commit=$(git -C "$repo" rev-parse --short HEAD)
[[ -z $(git -C "$repo" status --porcelain --untracked-files=no) ]] || commit="$commit-dirty"
log "publishing the service (Release) at $commit"
dotnet publish "$repo/Proxbox.Api.csproj" -c Release -o "$work/service" >"$work/publish.log" 2>&1 \
  || { tail -n 40 "$work/publish.log" >&2; die "dotnet publish"; }

# ------------------------------------------------------------------------------------------------- PostgreSQL
pg_port=$(free_port)
mkdir -p "$work/pg"
[[ $(id -u) -eq 0 ]] && chown postgres "$work/pg"
log "starting PostgreSQL 15 on port $pg_port"
as_postgres "$PGBIN/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 >"$work/initdb.log" 2>&1 || die "initdb"
as_postgres "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null \
  || { cat "$work/pg/server.log" >&2; die "pg_ctl start"; }
pg_started=1
psql_to() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" "${@:2}"; }
psql_to postgres -c "CREATE DATABASE svc" -c "CREATE DATABASE anchor"

# ----------------------------------------------------------------------------------------------------- service
port=$(free_port)
token=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 40 || true)
export ConnectionStrings__Proxbox="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=svc"
export Proxbox__SecretKey=$(head -c 32 /dev/urandom | base64)
export Proxbox__BootstrapToken=$token
export Serilog__MinimumLevel__Default=Warning
log "starting the service on port $port"
"$work/service/Proxbox.Api" --urls "http://127.0.0.1:$port" >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 600); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/ready" || true) == 200 ]] && break
  kill -0 "$service_pid" 2>/dev/null || { tail -n 30 "$work/service.log" >&2; die "the service exited"; }
  sleep 0.1
done
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready") == 200 ]] || die "the service is not ready"

# The anchor gets the service's schema, so both sides maintain exactly the same table and indexes.
"$PGBIN/pg_dump" -h 127.0.0.1 -p "$pg_port" -U postgres -s svc | psql_to anchor >/dev/null
for db in svc anchor; do
  psql_to "$db" -c "INSERT INTO virtualization_virtualmachine (id, name, status) SELECT g, 'vm-' || g, 'active' FROM generate_series(1, $VMS) g"
  for index in ${DROP_INDEXES//,/ }; do psql_to "$db" -c "DROP INDEX $index"; done
done

# -------------------------------------------------------------------------------------------------- datasets
log "generating $ROWS task-history rows per variant as JSON arrays and CSV ($SIZES per batch)"
python3 "$here/generate-task-history.py" "$work/data" "$ROWS" "$VMS" $SIZES

columns="virtual_machine_id, vm_type, upid, node, pid, pstart, task_id, task_type, username, start_time, end_time, description, status, task_state, exitstatus, custom_field_data"
changing=${columns/upid, /}
set_list=$(sed -E 's/([a-z_]+)/\1 = EXCLUDED.\1/g' <<<"$changing")
target_list=$(sed -E 's/([a-z_]+)/t.\1/g' <<<"$changing")
excluded_list=$(sed -E 's/([a-z_]+)/EXCLUDED.\1/g' <<<"$changing")

# One psql script per (variant, size): per batch one transaction, \copy into a temp table, one upsert.
anchor_script() { # anchor_script VARIANT SIZE
  local file
  echo '\set ON_ERROR_STOP 1'
  for file in "$work/data/csv/$1-$2-"*.csv; do
    cat <<SQL
BEGIN;
CREATE TEMP TABLE stage (virtual_machine_id bigint, vm_type text, upid text, node text, pid integer, pstart bigint, task_id text,
  task_type text, username text, start_time timestamptz, end_time timestamptz, description text, status text, task_state text,
  exitstatus text, custom_field_data jsonb) ON COMMIT DROP;
\\copy stage FROM '$file' WITH (FORMAT csv)
INSERT INTO $TABLE AS t ($columns)
SELECT $columns FROM stage
ON CONFLICT (upid) DO UPDATE SET $set_list, last_updated = now()
WHERE ($target_list) IS DISTINCT FROM ($excluded_list);
COMMIT;
SQL
  done
}

# One curl configuration per (variant, size): every batch a POST on the same connection.
service_config() { # service_config VARIANT SIZE
  local file first=1
  for file in "$work/data/json/$1-$2-"*.json; do
    ((first)) || echo next
    first=0
    cat <<CONF
url = "http://127.0.0.1:$port/api/plugins/proxbox/task-history/"
request = "POST"
data-binary = "@$file"
header = "Content-Type: application/json"
header = "Authorization: Token $token"
output = "/dev/null"
write-out = "%{http_code}\\n"
silent
CONF
  done
}

for variant in base changed5 changedall; do
  for size in $SIZES; do
    anchor_script "$variant" "$size" >"$work/anchor-$variant-$size.sql"
    service_config "$variant" "$size" >"$work/service-$variant-$size.curl"
  done
done

now() { date +%s.%N; }
rate() { python3 -c "import sys; print(round(float(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2]))))" "$1" "$2" "$3"; }

run_service() { # run_service VARIANT SIZE -> rows/s
  local start end codes
  start=$(now)
  codes=$(curl -K "$work/service-$1-$2.curl")
  end=$(now)
  [[ -z $(grep -v '^201$' <<<"$codes") ]] || die "service answered $(sort <<<"$codes" | uniq -c | tr '\n' ' ') for $1/$2"
  rate "$ROWS" "$start" "$end"
}

run_anchor() { # run_anchor VARIANT SIZE -> rows/s
  local start end
  start=$(now)
  psql_to anchor -f "$work/anchor-$1-$2.sql" >/dev/null
  end=$(now)
  rate "$ROWS" "$start" "$end"
}

reset_tables() {
  for db in svc anchor; do psql_to "$db" -c "TRUNCATE $TABLE CASCADE" -c "VACUUM ANALYZE $TABLE" >/dev/null; done
}

check_same() { # both sides hold the same rows after every pass
  local a b
  a=$(psql_to svc -At -c "SELECT count(*), md5(string_agg(upid || status || coalesce(end_time::text, ''), ',' ORDER BY upid)) FROM $TABLE")
  b=$(psql_to anchor -At -c "SELECT count(*), md5(string_agg(upid || status || coalesce(end_time::text, ''), ',' ORDER BY upid)) FROM $TABLE")
  [[ $a == "$b" ]] || die "service and anchor differ after $1: $a vs $b"
}

median() { tr ' ' '\n' <<<"$*" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

# Warm-up, unmeasured: the service's code reaches its final tier only after a method has run some 60 times (tiered
# compilation with profile-guided optimisation), and a method of the write path runs once per POST. So the service
# sends at least WARMUP_POSTS bulk POSTs of the first batch size before anything is timed; psql runs each pass once.
WARMUP_POSTS=${WARMUP_POSTS:-80}
first_size=${SIZES%% *}
posts_per_round=$((4 * ((ROWS + first_size - 1) / first_size)))
log "warming up ($(((WARMUP_POSTS + posts_per_round - 1) / posts_per_round)) rounds of $posts_per_round POSTs)"
for round in $(seq $(((WARMUP_POSTS + posts_per_round - 1) / posts_per_round))); do
  reset_tables
  for pass in base base changed5 changedall; do
    run_service "$pass" "$first_size" >/dev/null
    ((round > 1)) || run_anchor "$pass" "$first_size" >/dev/null
  done
done

declare -A svc_rates anchor_rates
passes=("fresh:base" "unchanged:base" "5% changed:changed5" "all changed:changedall")

if ((INDEX_COST)); then
  # The cost of each trigram index on the 10,000-item POST: every trigram index dropped, then each one alone.
  size=${SIZES##* }
  mapfile -t trigram < <(psql_to svc -At -c "SELECT indexname FROM pg_indexes WHERE tablename = '$TABLE' AND indexdef LIKE '%gin_trgm_ops%' ORDER BY 1")
  mapfile -t definitions < <(psql_to svc -At -c "SELECT indexdef FROM pg_indexes WHERE tablename = '$TABLE' AND indexdef LIKE '%gin_trgm_ops%' ORDER BY 1")
  for db in svc anchor; do for index in "${trigram[@]}"; do psql_to "$db" -c "DROP INDEX $index"; done; done
  echo
  echo "Trigram index write cost, $ROWS rows in POSTs of $size items, median of $REPS; commit $commit, $(nproc) CPUs"
  echo
  echo "| index | fresh rows/s | vs none | all changed rows/s | vs none | psql fresh | psql all changed |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  base_fresh="" base_all=""
  for k in -1 $(seq 0 $((${#trigram[@]} - 1))); do
    name="(no trigram index)"
    if ((k >= 0)); then
      name=${trigram[$k]}
      for db in svc anchor; do psql_to "$db" -c "${definitions[$k]}"; done
    fi
    f=() a=() pf=() pa=()
    for rep in $(seq "$REPS"); do
      reset_tables
      f+=("$(run_service base "$size")"); pf+=("$(run_anchor base "$size")")
      a+=("$(run_service changedall "$size")"); pa+=("$(run_anchor changedall "$size")")
    done
    mf=$(median "${f[*]}") ma=$(median "${a[*]}")
    [[ -n $base_fresh ]] || { base_fresh=$mf; base_all=$ma; }
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$mf" "$(python3 -c "print(f'{$mf / $base_fresh:.2f}')")" \
      "$ma" "$(python3 -c "print(f'{$ma / $base_all:.2f}')")" "$(median "${pf[*]}")" "$(median "${pa[*]}")"
    if ((k >= 0)); then for db in svc anchor; do psql_to "$db" -c "DROP INDEX ${trigram[$k]}"; done; fi
  done
  exit 0
fi

for rep in $(seq "$REPS"); do
  for size in $SIZES; do
    log "repetition $rep, batches of $size"
    reset_tables
    for pass in "${passes[@]}"; do
      name=${pass%%:*} variant=${pass#*:}
      if ((rep % 2)); then
        s=$(run_service "$variant" "$size"); a=$(run_anchor "$variant" "$size")
      else
        a=$(run_anchor "$variant" "$size"); s=$(run_service "$variant" "$size")
      fi
      check_same "$name"
      svc_rates["$size/$name"]+="$s "
      anchor_rates["$size/$name"]+="$a "
      log "  $name: service $s rows/s, psql $a rows/s"
    done
  done
done

indexes=$(psql_to svc -At -c "SELECT count(*) FROM pg_indexes WHERE tablename = '$TABLE'")
echo
echo "W6 task-history bulk upsert: $ROWS rows per pass, median of $REPS; commit $commit, $(nproc) CPUs, $indexes indexes on the table${DROP_INDEXES:+ (dropped: $DROP_INDEXES)}"
echo
echo "| batch | pass | service rows/s | psql rows/s | ratio |"
echo "|---:|---|---:|---:|---:|"
for size in $SIZES; do
  for pass in "${passes[@]}"; do
    name=${pass%%:*}
    s=$(median "${svc_rates["$size/$name"]}")
    a=$(median "${anchor_rates["$size/$name"]}")
    printf '| %s | %s | %s | %s | %s |\n' "$size" "$name" "$s" "$a" "$(python3 -c "print(f'{$s / $a:.2f}')")"
  done
done
