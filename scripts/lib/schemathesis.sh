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

# The pinned schemathesis, installed only when missing (as scripts/lib/deps.sh does for yt-dlp).
if ! compgen -G "$venv/lib/python3*/site-packages/schemathesis-$INTELLIMIX_SCHEMATHESIS_VERSION.dist-info" >/dev/null \
  || ! "$venv/bin/python" -c '' 2>/dev/null; then
  rm -rf "$venv"
  log "installing schemathesis $INTELLIMIX_SCHEMATHESIS_VERSION into $venv"
  /usr/bin/python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    "schemathesis==$INTELLIMIX_SCHEMATHESIS_VERSION" >&2
fi
[[ -x $bin ]] || { log "no server binary at $bin (run swift build first)"; exit 1; }

work=$(mktemp -d)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  mkdir -p "$repo/.build/schemathesis" && cp "$work/server.log" "$repo/.build/schemathesis/server.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log "starting the server on 127.0.0.1:$port (storage $work)"
env -i PATH="$PATH" HOME="$work" LANG=C.UTF-8 \
  APP_ENV=development STORAGE_ROOT="$work/storage" DATABASE_URL="sqlite://$work/intellimix.sqlite3" \
  JWT_SECRET_KEY=schemathesis-run-secret-key-0123456789abcdef HOST=127.0.0.1 PORT="$port" BCRYPT_COST=4 \
  AUTH_RATE_LIMIT_PER_IP=100000 AUTH_RATE_LIMIT_PER_EMAIL=100000 JOB_MAX_ATTEMPTS=1 MAX_JOBS_IN_FLIGHT=1000 \
  "$bin" serve --env-file /dev/null --workers 1 --log-level "${SCHEMATHESIS_LOG_LEVEL:-error}" >"$work/server.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 100); do
  curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { log "the server exited:"; cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done

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
