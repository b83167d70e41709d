#!/usr/bin/env bash
# Starts a throwaway Proxbox.Api on the embedded default and drives it with the real pynetbox 7.0 client.
# Needs Debian's python3-pynetbox (apt-get install -y python3-pynetbox). Not part of `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=$(mktemp -d /tmp/proxbox-smoke.XXXXXX)
port=18765
dotnet build -v q >/dev/null
dotnet run --no-build -- --Proxbox:DataDir="$data" --urls "http://127.0.0.1:$port" >"$data/service.log" 2>&1 &
service=$!
trap 'kill -TERM $service 2>/dev/null; wait $service 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  [ -f "$data/admin-token" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && break
  sleep 0.2
done
/usr/bin/python3 tests/smoke/pynetbox_smoke.py "http://127.0.0.1:$port" "$(cat "$data/admin-token")"
