#!/usr/bin/env bash
# Smoke test of the published build on the production path: publishes the service exactly as the Dockerfile does,
# runs it against a throwaway PostgreSQL through ConnectionStrings__Proxbox with a bootstrap token, walks every
# resource over HTTP (walk.py), drives it with the real pynetbox client (pynetbox_smoke.py), and checks that a
# SIGTERM lets an in-flight bulk POST finish or leaves it uncommitted. Non-zero exit on any failure.
# Needs: the .NET SDK, PostgreSQL 15 server binaries, python3 with pynetbox (Debian: python3-pynetbox).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/lib/postgres.sh

work=$(mktemp -d /tmp/proxbox-smoke.XXXXXX)
service=""
cleanup() {
  [ -n "$service" ] && kill -TERM "$service" 2>/dev/null && wait "$service" 2>/dev/null || true
  pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
stage() { printf '%-40s %5ss\n' "$1" "$(( SECONDS - stage_started ))"; stage_started=$SECONDS; }
stage_started=$SECONDS

# The Dockerfile's build step, with the same flags.
dotnet publish Proxbox.Api.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/app" -p:UseAppHost=false -v quiet -nologo >/dev/null
stage "publish (Release, as the Dockerfile)"

pg_start "$work/pg" 55601
pg_create_database "$work/pg" 55601 smoke
stage "throwaway PostgreSQL"

port=18780
token=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)
start_service() {
  ConnectionStrings__Proxbox="Host=127.0.0.1;Port=55601;Username=postgres;Database=smoke" \
  Proxbox__SecretKey="$secret" Proxbox__BootstrapToken="$token" ASPNETCORE_URLS="http://0.0.0.0:$port" \
    dotnet "$work/app/Proxbox.Api.dll" >>"$work/service.log" 2>&1 &
  service=$!
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0
    sleep 0.2
  done
  echo "the published build did not become ready:" >&2; tail -n 30 "$work/service.log" >&2; return 1
}
secret=$(head -c 32 /dev/urandom | base64)
start_service
stage "service ready (external database)"

# The walk reaches the service over loopback (a trusted proxy) and, where the machine has one, over another address
# of its own, from which forwarded headers must be ignored.
other=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -v '^127\.' | grep -v ':' | head -n 1 || true)
python3 tests/smoke/walk.py "http://127.0.0.1:$port" "$token" ${other:+"http://$other:$port"}
stage "walk of every resource"

/usr/bin/python3 tests/smoke/pynetbox_smoke.py "http://127.0.0.1:$port" "$token"
stage "pynetbox"

# SIGTERM during a bulk POST: the request either finishes (201, every item stored) or is not committed at all.
python3 - "$port" "$token" >"$work/bulk.json" <<'PY'
import json, sys
print(json.dumps([{"name": f"sigterm-{i}", "slug": f"sigterm-{i}"} for i in range(10000)]))
PY
code_file="$work/bulk.code"
( curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Token $token" -H 'Content-Type: application/json' \
    --data-binary @"$work/bulk.json" "http://127.0.0.1:$port/api/extras/tags/" >"$code_file" || echo "000" >"$code_file" ) &
client=$!
sleep 0.3
kill -TERM "$service"
wait "$service" || true
service=""
wait "$client" || true
stored=$(psql -h 127.0.0.1 -p 55601 -U postgres -d smoke -Atc "SELECT count(*) FROM extras_tag WHERE name LIKE 'sigterm-%'")
code=$(cat "$code_file")
if [ "$code" = 201 ] && [ "$stored" = 10000 ]; then
  echo "sigterm: the in-flight bulk POST finished (201) and all 10,000 items are stored"
elif [ "$code" != 201 ] && [ "$stored" = 0 ]; then
  echo "sigterm: the in-flight bulk POST was not answered ($code) and nothing of it is stored"
else
  echo "FAIL sigterm: answer $code with $stored of 10,000 items stored" >&2; exit 1
fi
grep -q "Application is shutting down" "$work/service.log" || { echo "FAIL: no orderly shutdown in the log" >&2; exit 1; }
stage "SIGTERM during a bulk POST"

echo "smoke: all checks passed"
