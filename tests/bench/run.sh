#!/usr/bin/env bash
# The benchmark harness: the service against its floor (and psql), side by side on one machine.
#
#   tests/bench/run.sh [--quick] [--only W1,W6] [--wait-idle MINUTES]
#
# Builds the service (Release) and the floor app, starts a throwaway PostgreSQL 15, lets the service migrate it,
# generates the datasets with generate_series, runs every workload of workloads.sh interleaved with its anchor
# (S, A, S, A, S, A), and writes a markdown table to tests/bench/results/<UTC timestamp>.md. --quick (2 s warm-up +
# 3 s measured, one S/A pair, 2,000 VMs, 20,000 tasks) only proves that the harness works: never judge speed from it.
# --wait-idle N waits up to N minutes for the machine to be idle (≥ 90 %) before measuring, then measures anyway.
# See tests/bench/README.md.
set -euo pipefail

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---------------------------------------------------------------------------------------------------------- options
QUICK=0
ONLY=""
WAIT_IDLE=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) QUICK=1 ;;
    --only) ONLY=${2:?--only needs a list such as W1,W6}; shift ;;
    --wait-idle) WAIT_IDLE=${2:?--wait-idle needs minutes}; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if ((QUICK)); then
  WARMUP=2 MEASURE=3 PAIRS=1 VMS=2000 TASKS=20000 BULK_REQUESTS=5 STARTS=1
else
  # TASKS: task-history rows; the performance guide measures that resource at a million.
  WARMUP=10 MEASURE=15 PAIRS=3 VMS=20000 TASKS=1000000 BULK_REQUESTS=20 STARTS=3
fi
BULK_PER_REQUEST=1000
HOST_HEADER="proxbox.bench" # both apps see the same Host, so their absolute URLs (and bytes) are the same

log() { printf '\033[1m[bench %s]\033[0m %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ------------------------------------------------------------------------------------------------- tools we need
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
need_package() { # need_package COMMAND-OR-PATH PACKAGE…
  local probe=$1; shift
  if [[ $probe == /* ]] && compgen -G "$probe" >/dev/null; then return; fi
  if [[ $probe != /* ]] && command -v "$probe" >/dev/null 2>&1; then return; fi
  log "installing $*"
  ((apt_updated)) || { as_root apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
need_package wrk wrk
need_package curl curl
need_package jq jq
need_package vmstat procps
need_package '/usr/lib/postgresql/15/bin/initdb' postgresql-15
need_package '/usr/share/postgresql/15/extension/pg_trgm.control' postgresql-contrib-15 # pg_trgm, pg_stat_statements
command -v dotnet >/dev/null || die "the .NET 10 SDK is required"
PGBIN=/usr/lib/postgresql/15/bin

# ----------------------------------------------------------------------------------------- scratch space, clean-up
work=$(mktemp -d /tmp/proxbox-bench.XXXXXX)
chmod 755 "$work" # PostgreSQL runs as `postgres` and must reach its directory inside
declare -a started_pids=()
pg_started=0

# PostgreSQL refuses to run as root: then its commands run as `postgres`.
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_pid() { # stop_pid PID: TERM, up to 10 s to exit, then KILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  set +e
  for pid in "${started_pids[@]}"; do stop_pid "$pid"; done
  if ((pg_started)); then as_postgres "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1; fi
  if [[ -n ${KEEP_WORK:-} ]]; then log "work directory kept: $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a port nothing listens on (bash's /dev/tcp fails to connect)
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

wait_ready() { # wait_ready URL PID LOG: until GET URL answers 200, or the process dies, or 60 s pass
  local url=$1 pid=$2 logfile=$3 i
  for i in $(seq 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true) == 200 ]] && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$logfile" >&2; die "process $pid exited before $url was ready"; }
    sleep 0.1
  done
  tail -n 30 "$logfile" >&2
  die "$url not ready after 60 s"
}

# ------------------------------------------------------------------------------------------------------- building
commit=$(git -C "$repo" rev-parse --short HEAD)
[[ -z $(git -C "$repo" status --porcelain --untracked-files=no) ]] || commit="$commit-dirty"

log "building the service (Release, ReadyToRun, as the container ships it) and the floor (Release)"
dotnet publish "$repo/Proxbox.Api.csproj" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o "$work/service" >"$work/build-service.log" 2>&1 \
  || { tail -n 40 "$work/build-service.log" >&2; die "dotnet publish Proxbox.Api.csproj"; }
dotnet publish "$bench/Floor/Floor.csproj" -c Release -o "$work/floor" >"$work/build-floor.log" 2>&1 \
  || { tail -n 40 "$work/build-floor.log" >&2; die "dotnet publish Floor.csproj"; }

# ----------------------------------------------------------------------------------------------------- PostgreSQL
log "starting PostgreSQL 15 (fsync off, 256 MB shared buffers, pg_stat_statements)"
mkdir -p "$work/pg"
as_root chown postgres: "$work/pg" 2>/dev/null || true
as_postgres "$PGBIN/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; die "initdb"; }
PGSOCK="$work/pg" PGPORT=5432 # Unix socket only (listen_addresses=''), in the scratch directory
as_postgres "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 -o "-k $PGSOCK -p $PGPORT \
  -c listen_addresses='' -c fsync=off -c shared_buffers=256MB -c max_connections=200 \
  -c shared_preload_libraries=pg_stat_statements" start >/dev/null \
  || { cat "$work/pg/server.log" >&2; die "pg_ctl start"; }
pg_started=1

psql_as() { # psql_as ROLE [psql args…] against the benchmark database
  local role=$1; shift
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PGPORT" -U "$role" -d bench "$@"
}
psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PGPORT" -U postgres -d postgres <<'SQL'
-- The service and the floor use roles of their own, so pg_stat_statements tells their statements apart.
CREATE ROLE proxbox LOGIN SUPERUSER; -- the service's migrations create extensions
CREATE ROLE floor LOGIN;
CREATE DATABASE bench OWNER proxbox;
SQL
psql_as postgres -c "CREATE EXTENSION pg_stat_statements"

# --------------------------------------------------------------------------------------------------- the service
TOKEN=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 40 || true) # a v1 token: 40 characters [A-Za-z0-9]
SECRET=$(head -c 32 /dev/urandom | base64)
SERVICE_DB="Host=$PGSOCK;Port=$PGPORT;Username=proxbox;Database=bench"
FLOOR_DB="Host=$PGSOCK;Port=$PGPORT;Username=floor;Database=bench"
SERVICE_PORT=$(free_port)
FLOOR_PORT=$(free_port)
while [[ $FLOOR_PORT == "$SERVICE_PORT" ]]; do FLOOR_PORT=$(free_port); done
SERVICE="http://127.0.0.1:$SERVICE_PORT"
FLOOR="http://127.0.0.1:$FLOOR_PORT"
mkdir -p "$work/run"

service_pid=""
start_service() { # start_service LOGFILE: its normal configuration and request log (stdout) into LOGFILE
  (cd "$work/run" && exec env ConnectionStrings__Proxbox="$SERVICE_DB" Proxbox__SecretKey="$SECRET" \
    Proxbox__BootstrapToken="$TOKEN" Proxbox__DataDir="$work/run/.proxbox" \
    "$work/service/Proxbox.Api" --urls "$SERVICE" >"$1" 2>&1) &
  service_pid=$!
  started_pids+=("$service_pid")
}

log "migrating: the service's first start creates the schema"
start_service "$work/service-migrate.log"
wait_ready "$SERVICE/health/ready" "$service_pid" "$work/service-migrate.log"
stop_pid "$service_pid"

# ------------------------------------------------------------------------------------------------------- datasets
# Every datasets/*.sql, in name order (a later one may refer to an earlier one's rows), with the sizes as psql
# variables: :vms, :task_history, and :quick (1 or 0) for a generator that sizes itself.
for generator in "$bench"/datasets/*.sql; do
  log "generating $(basename "$generator") (vms=$VMS, task_history=$TASKS, quick=$QUICK)"
  psql_as postgres -v vms="$VMS" -v task_history="$TASKS" -v quick="$QUICK" -f "$generator" >/dev/null
done
psql_as postgres -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO floor"

log "starting the service (request log → $work/service.log) and the floor"
start_service "$work/service.log"
wait_ready "$SERVICE/health/ready" "$service_pid" "$work/service.log"
(exec env FLOOR_DB="$FLOOR_DB" "$work/floor/Floor" --urls "$FLOOR" >"$work/floor.log" 2>&1) &
floor_pid=$!
started_pids+=("$floor_pid")
wait_ready "$FLOOR/health/ready" "$floor_pid" "$work/floor.log"

# ------------------------------------------------------------------------------------------------ same bytes?
# The floor must write exactly what the service writes, or the comparison is unfair. Checked on one object and on
# one counted page; a difference does not stop the run but is shouted in the output and in the results.
byte_check="identical"
compare_bytes() { # compare_bytes PATH
  local path=$1
  curl -s -H "Host: $HOST_HEADER" -H "Authorization: Token $TOKEN" "$SERVICE$path" >"$work/bytes-service.json"
  curl -s -H "Host: $HOST_HEADER" -H "X-Floor-Count: 1" "$FLOOR$path" >"$work/bytes-floor.json"
  if ! cmp -s "$work/bytes-service.json" "$work/bytes-floor.json"; then
    byte_check="DIFFERENT on $path"
    log "!!!!!!!!!! WARNING: the floor's bytes differ from the service's for $path !!!!!!!!!!"
    diff <(jq -S . "$work/bytes-service.json") <(jq -S . "$work/bytes-floor.json") | head -n 20 >&2 || true
    cmp "$work/bytes-service.json" "$work/bytes-floor.json" >&2 || true
  fi
}
compare_bytes "/api/virtualization/virtual-machines/$((VMS / 2))/"
compare_bytes "/api/virtualization/virtual-machines/?cluster_id=3&status=active"
# Task history: an object (a tagged one, so the tags list is compared too), two filtered counted pages (between them
# every filter shape of T3), the unfiltered first page (its count comes from row_counts) and a cursor page.
compare_bytes "/api/plugins/proxbox/task-history/$((TASKS / 2))/"
compare_bytes "/api/plugins/proxbox/task-history/?task_type=vzdump&status=OK"
compare_bytes "/api/plugins/proxbox/task-history/?virtual_machine_id=$((VMS / 2))&task_type=vzdump&status__n=OK&start_time__gte=2025-09-01T00:00:00Z"
compare_bytes "/api/plugins/proxbox/task-history/?limit=50"
compare_bytes "/api/plugins/proxbox/task-history/?limit=50&start=$((TASKS / 3))"
log "floor vs service bytes: $byte_check"

# --------------------------------------------------------------------------------------------------- idle check
idle_now() { vmstat 1 5 | awk 'NR > 3 { sum += $15; n++ } END { printf "%.0f", sum / n }'; } # first sample is since boot
log "checking the machine is idle (vmstat 1 5)"
idle=$(idle_now)
waited=0
while ((idle < 90 && waited < WAIT_IDLE * 60)); do
  log "idle ${idle} %: waiting for a quieter machine (--wait-idle $WAIT_IDLE)"
  sleep 25
  waited=$((waited + 30))
  idle=$(idle_now)
done
idle_note="idle ${idle} %"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
((idle >= 90)) || { idle_note="BUSY: idle ${idle} %"; log "WARNING: the machine is not idle (${idle} % idle): absolute numbers are noise, ratios less so"; }

# ------------------------------------------------------------------------------------------------------ measuring
rows_tsv="$work/rows.tsv" # one line per workload row, rendered as markdown at the end
profile="$work/profile.md" # per-workload pg_stat_statements excerpt
: >"$rows_tsv"
: >"$profile"
failed=0

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p"; } # field NAME < "BENCH …" line
fmt_int() { # 12345.6 → 12,346
  awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } print s out }'
}
selected() { [[ -z $ONLY ]] || [[ ",$ONLY," == *",$1,"* ]]; }

reset_stats() { psql_as postgres -c "SELECT pg_stat_statements_reset()" >/dev/null; }
db_ms() { # db_ms ROLE: total execution time (ms) of ROLE's statements since the last reset
  psql_as postgres -tA -c "SELECT coalesce(round(sum(total_exec_time)::numeric, 3), 0) FROM pg_stat_statements WHERE userid = '$1'::regrole"
}
profile_top() { # profile_top TITLE: the service's three most expensive statements since the last reset
  {
    echo "#### $1"
    echo
    echo "| role | calls | mean ms | total ms | statement |"
    echo "|---|---:|---:|---:|---|"
    psql_as postgres -tA -F '|' -c "
      SELECT rolname, calls, round(mean_exec_time::numeric, 3), round(total_exec_time::numeric, 1),
             left(regexp_replace(query, '\s+', ' ', 'g'), 160)
      FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
      WHERE rolname IN ('proxbox', 'floor') ORDER BY total_exec_time DESC LIMIT 5" \
      | sed -e 's/`/\\`/g' -e 's/|\([^|]*\)$/| `\1` |/' -e 's/^/| /'
    echo
  } >>"$profile"
}

wrk_run() { # wrk_run BASE PATH CONNS SECONDS HEADERS IDRANGE → the BENCH line
  local base=$1 path=$2 conns=$3 seconds=$4 headers=$5 range=${6:-1:1}
  BENCH_PATH=$path BENCH_HEADERS=$headers BENCH_ID_MIN=${range%%:*} BENCH_ID_MAX=${range##*:} \
    wrk -t1 -c"$conns" -d"${seconds}s" --timeout 10s -s "$bench/wrk/request.lua" "$base" | grep '^BENCH ' \
    || die "wrk produced no result for $base$path"
}

rows_per_response() { # rows_per_response PATH: 1 for an object, the page's length for a list
  local path=${1//\{id\}/1} body
  body=$(curl -s -H "Host: $HOST_HEADER" -H "Authorization: Token $TOKEN" "$SERVICE$path")
  jq 'if type == "object" and has("results") then (.results | length) else 1 end' <<<"$body"
}

http_workload() { # see workloads.sh
  local id=$1 conns=$2 label=$3 path=$4 anchor=$5 range=${6:-1:1}
  selected "$id" || return 0
  local s_base=$SERVICE s_headers="Host: $HOST_HEADER"$'\n'"Authorization: Token $TOKEN"
  local a_base a_path a_headers anchor_label
  case $anchor in
    floor) a_base=$FLOOR a_path=$path a_headers="Host: $HOST_HEADER"$'\n'"X-Floor-Count: 0" anchor_label="floor, no count" ;;
    floor+count) a_base=$FLOOR a_path=$path a_headers="Host: $HOST_HEADER"$'\n'"X-Floor-Count: 1" anchor_label="floor, same SQL" ;;
    service:*) a_base=$SERVICE a_path=${anchor#service:} a_headers=$s_headers anchor_label="service ${anchor#service:}" ;;
    *) die "$id: unknown anchor $anchor" ;;
  esac
  log "$id ($label), $conns connection(s): $PAIRS × (service, anchor), ${WARMUP} s warm-up + ${MEASURE} s each"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg) # this run's own previous workload adds about 2; much more is someone else

  local rows s_rps=() s_p50=() s_p99=() a_rps=() a_p50=() a_p99=() errors=0 s_requests=0 a_requests=0 line i
  rows=$(rows_per_response "$path")
  reset_stats
  for ((i = 1; i <= PAIRS; i++)); do
    for side in S A; do
      local base=$s_base p=$path h=$s_headers
      [[ $side == A ]] && base=$a_base p=$a_path h=$a_headers
      line=$(wrk_run "$base" "$p" "$conns" "$WARMUP" "$h" "$range")
      [[ $side == S ]] && s_requests=$((s_requests + $(field requests <<<"$line"))) || a_requests=$((a_requests + $(field requests <<<"$line")))
      line=$(wrk_run "$base" "$p" "$conns" "$MEASURE" "$h" "$range")
      echo "  $side$i $line" >&2
      if [[ $side == S ]]; then
        s_requests=$((s_requests + $(field requests <<<"$line")))
        s_rps+=("$(field rps <<<"$line")") s_p50+=("$(field p50_ms <<<"$line")") s_p99+=("$(field p99_ms <<<"$line")")
      else
        a_requests=$((a_requests + $(field requests <<<"$line")))
        a_rps+=("$(field rps <<<"$line")") a_p50+=("$(field p50_ms <<<"$line")") a_p99+=("$(field p99_ms <<<"$line")")
      fi
      errors=$((errors + $(field non2xx <<<"$line") + $(field socket_errors <<<"$line")))
    done
  done

  # DB time per request: the service's and the floor's statements, told apart by role. A service anchor
  # (W5) shares the role, so its time is in the service's figure and the anchor's is left out.
  local s_db a_db
  s_db=$(db_ms proxbox) a_db=$(db_ms floor)
  if [[ $anchor == service:* ]]; then
    s_db=$(awk -v t="$s_db" -v n="$((s_requests + a_requests))" 'BEGIN { printf "%.2f", n ? t / n : 0 }')
    a_db="–"
    s_db="$s_db (S+A)"
  else
    s_db=$(awk -v t="$s_db" -v n="$s_requests" 'BEGIN { printf "%.2f", n ? t / n : 0 }')
    a_db=$(awk -v t="$a_db" -v n="$a_requests" 'BEGIN { printf "%.2f", n ? t / n : 0 }')
  fi
  profile_top "$id, $conns conn, $label"

  local sr ar s50 s99 a50 a99 ratio
  sr=$(median <<<"${s_rps[*]}") ar=$(median <<<"${a_rps[*]}")
  s50=$(median <<<"${s_p50[*]}") s99=$(median <<<"${s_p99[*]}") a50=$(median <<<"${a_p50[*]}") a99=$(median <<<"${a_p99[*]}")
  ratio=$(awk -v s="$sr" -v a="$ar" 'BEGIN { printf "%.2f", (a > 0 ? s / a : 0) }')
  local note=""
  if ((errors > 0)); then note=" **ERRORS: $errors**"; failed=1; log "$id: $errors failed requests"; fi
  printf '%s|%s|%s|%s req/s|%s req/s (%s)|%s|%.2f / %.2f · %.2f / %.2f|%s|%s · %s|%s\n' \
    "$id" "$label$note" "$conns" "$(fmt_int "$sr")" "$(fmt_int "$ar")" "$anchor_label" "$ratio" "$s50" "$s99" "$a50" "$a99" \
    "$(fmt_int "$(awk -v r="$sr" -v n="$rows" 'BEGIN { print r * n }')")" "$s_db" "$a_db" "$load" >>"$rows_tsv"
  log "$id: service $(fmt_int "$sr") req/s, anchor $(fmt_int "$ar") req/s, ratio $ratio"
}

bulk_workload() { # see workloads.sh: W6, POSTs of JSON arrays against psql \copy + INSERT … SELECT
  local id=$1 label=$2 path=$3 set=$4
  selected "$id" || return 0
  local rows=$((BULK_REQUESTS * BULK_PER_REQUEST)) generator="$bench/datasets/$set.sh" anchor_sql="$bench/anchors/$set.sql"
  local reset_sql="$bench/anchors/$set-reset.sql" count_sql="$bench/anchors/$set-count.sql" f
  for f in "$generator" "$anchor_sql" "$reset_sql" "$count_sql"; do [[ -f $f ]] || die "$id: $f is missing"; done
  log "$id ($label): $PAIRS × (service, psql), $BULK_REQUESTS × $BULK_PER_REQUEST rows each"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)

  post_all() { # post_all DIR → seconds for all of DIR's payloads, one request after the other
    local dir=$1 t0 t1 code f
    t0=$(date +%s%N)
    for f in "$dir"/post-*.json; do
      code=$(curl -s -o "$work/bulk-response.json" -w '%{http_code}' -H "Host: $HOST_HEADER" -H "Authorization: Token $TOKEN" \
        -H 'Content-Type: application/json' --data-binary "@$f" "$SERVICE$path")
      [[ $code == 201 ]] || { head -c 600 "$work/bulk-response.json" >&2; echo >&2; die "$id: POST $f answered $code"; }
    done
    t1=$(date +%s%N)
    awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.3f", ns / 1e9 }'
  }
  copy_all() { # copy_all DIR → seconds for psql to load DIR/rows.csv
    local dir=$1 t0 t1
    t0=$(date +%s%N)
    psql_as postgres -f "$anchor_sql" <"$dir/rows.csv" >/dev/null || die "$id: the psql anchor failed"
    t1=$(date +%s%N)
    awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.3f", ns / 1e9 }'
  }
  reset() { psql_as postgres -f "$reset_sql" >/dev/null; }
  count_new() { psql_as postgres -tA -f "$count_sql"; }

  # Warm-up: one payload through each path (JIT, plans, pool), then the table as it was.
  "$generator" bulk-warm 1 "$BULK_PER_REQUEST" "$work/bulk-warm" >/dev/null
  post_all "$work/bulk-warm" >/dev/null
  reset
  copy_all "$work/bulk-warm" >/dev/null
  reset

  # The psql anchor and the resets run as `postgres`: the statistics since this reset are the service's alone.
  local s_rate=() a_rate=() seconds i n s_db
  reset_stats
  for ((i = 1; i <= PAIRS; i++)); do
    # Fresh names every run; the same rows for the service and the anchor of a pair.
    "$generator" "bulk-r$i" "$BULK_REQUESTS" "$BULK_PER_REQUEST" "$work/bulk-$i"
    seconds=$(post_all "$work/bulk-$i")
    n=$(count_new)
    [[ $n == "$rows" ]] || die "$id: the service stored $n of $rows rows"
    s_rate+=("$(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%.1f", r / s }')")
    echo "  S$i $rows rows in $seconds s" >&2
    reset
    seconds=$(copy_all "$work/bulk-$i")
    n=$(count_new)
    [[ $n == "$rows" ]] || die "$id: psql stored $n of $rows rows"
    a_rate+=("$(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%.1f", r / s }')")
    echo "  A$i $rows rows in $seconds s" >&2
    reset
  done
  s_db=$(awk -v t="$(db_ms proxbox)" -v n="$((PAIRS * BULK_REQUESTS))" 'BEGIN { printf "%.1f", t / n }')
  profile_top "$id, $label"
  local sr ar ratio
  sr=$(median <<<"${s_rate[*]}") ar=$(median <<<"${a_rate[*]}")
  ratio=$(awk -v s="$sr" -v a="$ar" 'BEGIN { printf "%.2f", (a > 0 ? s / a : 0) }')
  printf '%s|%s|%s|%s rows/s|%s rows/s (psql \\copy + INSERT … SELECT)|%s|–|%s|%s · –|%s\n' \
    "$id" "$label ($BULK_REQUESTS requests)" 1 "$(fmt_int "$sr")" "$(fmt_int "$ar")" "$ratio" "$(fmt_int "$sr")" \
    "$s_db per POST" "$load" >>"$rows_tsv"
  log "$id: service $(fmt_int "$sr") rows/s, psql $(fmt_int "$ar") rows/s, ratio $ratio"
}

ingest_reader_workload() { # see workloads.sh: W8, a reader's p99 alone and while VM bulk POSTs run
  local id=$1 label=$2 path=$3 set=$4
  selected "$id" || return 0
  local generator="$bench/datasets/$set.sh" reset_sql="$bench/anchors/$set-reset.sql"
  # Enough payloads to keep the writer busy through the warm-up and the measurement (W6 writes ~7k rows/s).
  local requests=$(((WARMUP + MEASURE) * 10000 / BULK_PER_REQUEST + 5))
  log "$id ($label): $PAIRS × (reader alone, reader during ingest), ${WARMUP} s warm-up + ${MEASURE} s each"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local headers="Host: $HOST_HEADER"$'\n'"Authorization: Token $TOKEN" alone=() during=() p50_alone=() p50_during=() writer_rate=() i line writer written
  reset_stats
  for ((i = 1; i <= PAIRS; i++)); do
    wrk_run "$SERVICE" "$path" 1 "$WARMUP" "$headers" >/dev/null
    line=$(wrk_run "$SERVICE" "$path" 1 "$MEASURE" "$headers")
    echo "  alone$i $line" >&2
    alone+=("$(field p99_ms <<<"$line")") p50_alone+=("$(field p50_ms <<<"$line")")
    "$generator" "bulk-w8r$i" "$requests" "$BULK_PER_REQUEST" "$work/bulk-w8" >/dev/null
    # The writer: one bulk POST after the other until stopped (the sync backend's pattern).
    (for f in "$work"/bulk-w8/post-*.json; do
      curl -s -o /dev/null -H "Host: $HOST_HEADER" -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' \
        --data-binary "@$f" "$SERVICE/api/virtualization/virtual-machines/" || break
    done) &
    writer=$!
    wrk_run "$SERVICE" "$path" 1 "$WARMUP" "$headers" >/dev/null
    line=$(wrk_run "$SERVICE" "$path" 1 "$MEASURE" "$headers")
    kill "$writer" 2>/dev/null || true
    wait "$writer" 2>/dev/null || true
    # What the writer got done while the reader measured (and warmed up): proof that the two overlapped.
    written=$(psql_as postgres -tA -c "SELECT count(*) FROM virtualization_virtualmachine WHERE name LIKE 'bulk-w8r$i-%'")
    ((written > 0)) || die "$id: the writer stored nothing while the reader ran"
    echo "  during$i $line (writer: $written rows)" >&2
    during+=("$(field p99_ms <<<"$line")") p50_during+=("$(field p50_ms <<<"$line")")
    writer_rate+=("$(awk -v n="$written" -v s="$((WARMUP + MEASURE))" 'BEGIN { printf "%.0f", n / s }')")
    psql_as postgres -f "$reset_sql" >/dev/null
  done
  local da a a50 d50 ratio
  da=$(median <<<"${during[*]}") a=$(median <<<"${alone[*]}") a50=$(median <<<"${p50_alone[*]}") d50=$(median <<<"${p50_during[*]}")
  ratio=$(awk -v d="$da" -v a="$a" 'BEGIN { printf "%.2f", (a > 0 ? d / a : 0) }')
  printf '%s|%s|%s|p99 %s ms during ingest|p99 %s ms alone|%s (p99 during / alone; ≤ 2 is the target)|%s / %s · %s / %s|%s (the writer'"'"'s VMs)|–|%s\n' \
    "$id" "$label" 1 "$da" "$a" "$ratio" "$d50" "$da" "$a50" "$a" "$(fmt_int "$(median <<<"${writer_rate[*]}")")" "$load" >>"$rows_tsv"
  log "$id: reader p99 $da ms during ingest, $a ms alone, ratio $ratio"
}

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
rss_after=""

startup_workload() { # see workloads.sh: W10
  local id=$1 label=$2
  selected "$id" || return 0
  # The measured service's memory after everything before it ran, then it makes way for fresh starts.
  rss_after=$(rss_mb "$service_pid")
  stop_pid "$service_pid"
  log "$id ($label): $STARTS start(s); RSS after the workloads before it: $rss_after MB"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local ms=() rss=() i t0 t1 code
  for ((i = 1; i <= STARTS; i++)); do
    t0=$(date +%s%N)
    start_service "$work/service-start-$i.log"
    while :; do
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$SERVICE/health/ready" || true)
      [[ $code == 200 ]] && break
      kill -0 "$service_pid" 2>/dev/null || { tail -n 20 "$work/service-start-$i.log" >&2; die "$id: the service exited"; }
      (($(date +%s%N) - t0 < 60000000000)) || die "$id: not ready after 60 s"
      sleep 0.01
    done
    t1=$(date +%s%N)
    ms+=("$(((t1 - t0) / 1000000))")
    rss+=("$(rss_mb "$service_pid")")
    echo "  start $i: first 200 after ${ms[-1]} ms, RSS ${rss[-1]} MB" >&2
    stop_pid "$service_pid"
  done
  local m r
  m=$(median <<<"${ms[*]}") r=$(median <<<"${rss[*]}")
  printf '%s|%s; RSS %s MB after start, %s MB after the workloads before it|–|%s ms to first 200|–|–|–|–|–|%s\n' \
    "$id" "$label" "$r" "${rss_after:-?}" "$m" "$load" >>"$rows_tsv"
}

log "running the workloads (tests/bench/workloads.sh)"
# shellcheck source=workloads.sh
source "$bench/workloads.sh"
[[ -n $rss_after ]] || rss_after=$(rss_mb "$service_pid") # W10 not selected: still report the memory
# ------------------------------------------------------------------------------------------------------- report
# The measured service's log: how much the request log wrote, and any warning or error it gave (slow requests…).
log_summary=$(awk -v bytes="$(stat -c %s "$work/service.log")" '
  { lines++ }
  /"@l":"(Warning|Error|Fatal)"/ { level = $0; sub(/.*"@l":"/, "", level); sub(/".*/, "", level)
    message = $0; sub(/.*"@m":"/, "", message); sub(/","@.*/, "", message); gsub(/[0-9]+(\.[0-9]+)?/, "N", message)
    seen[level ": " substr(message, 1, 140)]++ }
  END {
    printf "%d lines, %.1f MB (the request log at its normal level).", lines, bytes / 1048576
    n = 0; for (m in seen) { printf "%s\n- %d × %s", (n++ ? "" : " Warnings and errors, numbers as N:\n"), seen[m], m }
    if (n == 0) printf " No warnings or errors."
  }' "$work/service.log")
mkdir -p "$bench/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$bench/results/$stamp.md"
{
  echo "# Benchmark run $stamp"
  echo
  echo "Mode: $( ((QUICK)) && echo "**quick** (proves the harness works; numbers mean nothing)" || echo full). Commit \`$commit\`."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); idle check (vmstat 1 5): $idle_note; load average before the workloads: $load_before."
  echo "Data: $VMS virtual machines, 10 clusters, 5 tags; $TASKS task-history rows. Each run: ${WARMUP} s warm-up + ${MEASURE} s measured with \`wrk -t1\`; $PAIRS × (service, anchor) interleaved; medians."
  echo "Service: Release build, its normal request log to a file, token auth. Floor: same SQL, raw reader, source-generated JSON; bytes $byte_check."
  echo "Service RSS after the workloads: ${rss_after:-?} MB."
  echo
  echo "| workload | what | conns | service | anchor | ratio | p50 / p99 ms (service · anchor) | rows/s (service) | DB ms/req (service · anchor) | commit | idle check · load |"
  echo "|---|---|---:|---:|---:|---:|---|---:|---|---|---|"
  while IFS='|' read -r wid label conns s a ratio lat rows db load; do
    echo "| $wid | $label | $conns | $s | $a | $ratio | $lat | $rows | $db | \`$commit\` | $idle_note · $load |"
  done <"$rows_tsv"
  echo
  echo "## The service's own log"
  echo
  echo "$log_summary"
  echo
  echo "## Where the database time goes (pg_stat_statements, per workload)"
  echo
  echo "Roles: \`proxbox\` is the service, \`floor\` the floor. Mean/total execution time, planning not included."
  echo
  cat "$profile"
} >"$out"
echo
cat "$out"
echo
log "results: $out"
((failed == 0)) || die "some requests failed (see ERRORS above)"
