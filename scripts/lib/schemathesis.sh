#!/usr/bin/env bash
# Runs schemathesis (pinned, in $REPO/.venv-schemathesis) against a live `intellimix serve` on loopback,
# with a throwaway storage root and SQLite: every operation but logout/refresh, --checks all, fixed seed.
#
#   scripts/lib/schemathesis.sh            # builds nothing: needs .build/debug/intellimix (INTELLIMIX_BIN to override)
#   SCHEMATHESIS_MAX_EXAMPLES=N            # examples per operation (default 20)
#   SCHEMATHESIS_SEED=N                    # another seed (default 20261201, the one scripts/test uses)
#   SCHEMATHESIS_LOG_LEVEL=info            # the server's log level (default error); the log is kept in
#                                          # .build/schemathesis/server.log after the run
# Exits non-zero when schemathesis reports a failure or the server does not start.
set -euo pipefail

INTELLIMIX_SCHEMATHESIS_VERSION=4.32.5
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${INTELLIMIX_BIN:-$repo/.build/debug/intellimix}
venv=$repo/.venv-schemathesis
log() { printf 'schemathesis: %s\n' "$*" >&2; }

# shellcheck source=scripts/lib/live-server.sh
. "$repo/scripts/lib/live-server.sh"
pinned_venv "$venv" schemathesis "$INTELLIMIX_SCHEMATHESIS_VERSION"
[[ -x $bin ]] || { log "no server binary at $bin (run swift build first)"; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  mkdir -p "$repo/.build/schemathesis" && cp "$work/server.log" "$repo/.build/schemathesis/server.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_live_server "$bin" "$work" "${SCHEMATHESIS_LOG_LEVEL:-error}"

token=$(curl -fsS -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
  -d '{"name":"Schemathesis","email":"schemathesis@example.com","password":"correct horse battery"}' \
  | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

log "running against $base"
status=0
"$venv/bin/schemathesis" --config-file "$repo/scripts/lib/schemathesis.toml" run "$base/api/v1/openapi.yaml" --url "$base" \
  --checks all --seed "${SCHEMATHESIS_SEED:-20261201}" --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-20}" \
  --exclude-operation-id logout --exclude-operation-id refreshSession \
  --header "Authorization: Bearer $token" --no-color \
  --generation-database none || status=$?
if [[ $status -ne 0 ]]; then log "failures (server log: last lines follow)"; tail -20 "$work/server.log" >&2; fi
exit "$status"
