#!/usr/bin/env bash
# Fault, crash, concurrency and two-instance checks against a Release build, each on PostgreSQL clusters it starts
# itself; without --quick also the 5-minute soak (soak.sh). See README.md here.
#
#   tests/faults/run.sh [--quick] [--only CHECK ...]     CHECK: database timeout embedded crashes concurrency instances
#
# Exits non-zero when any check failed; the last lines are a table of the checks with what each measured.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/faults

quick=""
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --only) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do only+=("$1"); shift; done; continue ;;
    *) echo "usage: $0 [--quick] [--only CHECK ...]" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$quick" ] && [ ${#only[@]} -eq 0 ]; then NEEDS_WRK=1; fi
# shellcheck source=tests/faults/prerequisites.sh
. "$here/prerequisites.sh"

started=$(date +%s)
build=$(mktemp -d /tmp/proxbox-faults-build.XXXXXX)
trap 'rm -rf "$build"' EXIT
echo "== Release build"
if ! dotnet publish Proxbox.Api.csproj -c Release -o "$build" --nologo -v q >"$build/publish.log" 2>&1; then
  cat "$build/publish.log" >&2
  exit 1
fi
built=$(date +%s)
echo "   published in $((built - started)) s"

status=0
"$PYTHON" "$here/checks.py" --build "$build" $quick ${only:+--only "${only[@]}"} || status=$?

if [ -z "$quick" ] && [ ${#only[@]} -eq 0 ]; then
  "$PYTHON" "$here/soak.py" --build "$build" || status=$?
fi

echo "faults run: $(( $(date +%s) - started )) s in all (build $((built - started)) s)"
exit "$status"
