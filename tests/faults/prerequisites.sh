# Sourced by run.sh and soak.sh: finds (does not install) what the checks need, and says what is missing.
# .ci/run installs these on a fresh machine: postgresql, postgresql-contrib, python3, wrk.

missing=()
command -v dotnet >/dev/null 2>&1 || missing+=("dotnet (the .NET SDK 10)")
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=("PostgreSQL server binaries (apt-get install postgresql)")
compgen -G "/usr/share/postgresql/*/extension/pg_trgm.control" >/dev/null || missing+=("pg_trgm (apt-get install postgresql-contrib)")
command -v psql >/dev/null 2>&1 || missing+=("psql (apt-get install postgresql-client)")
# Debian's own Python first: a user-level shim on PATH may point at an interpreter CI does not have.
PYTHON=$(command -v /usr/bin/python3 || command -v python3 || true)
[ -n "$PYTHON" ] || missing+=("python3 (apt-get install python3)")
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  missing+=("the postgres OS user (PostgreSQL refuses to run as root; the postgresql package creates it)")
fi
if [ "${NEEDS_WRK:-}" = 1 ] && ! command -v wrk >/dev/null 2>&1; then
  missing+=("wrk (apt-get install wrk)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  printf 'missing: %s\n' "${missing[@]}" >&2
  exit 1
fi
export PYTHON DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
