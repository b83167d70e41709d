#!/usr/bin/env bash
# The soak, by hand (not in CI): mixed reads and writes at 32 connections against the Release build for 5 minutes.
#   tests/faults/soak.sh [--seconds N] [--connections N] [--warmup N]
# Passes with 0 × 5xx and RSS growth after the warm-up under 10 %; prints p50/p99 and RSS every 10 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
NEEDS_WRK=1
# shellcheck source=tests/faults/prerequisites.sh
. tests/faults/prerequisites.sh

build=$(mktemp -d /tmp/proxbox-soak-build.XXXXXX)
trap 'rm -rf "$build"' EXIT
if ! dotnet publish Proxbox.Api.csproj -c Release -o "$build" --nologo -v q >"$build/publish.log" 2>&1; then
  cat "$build/publish.log" >&2
  exit 1
fi
"$PYTHON" tests/faults/soak.py --build "$build" "$@"
