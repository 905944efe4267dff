#!/usr/bin/env bash
# The web studio in a real browser: headless Chromium driven by Selenium (pinned, in $REPO/.venv-browser) against a
# live `intellimix serve` on loopback with a throwaway storage root and SQLite (scripts/lib/browser_test.py has the steps).
#
#   scripts/lib/browser-test.sh            # builds nothing: needs .build/debug/intellimix (INTELLIMIX_BIN to override)
#   BROWSER_TEST_LOG_LEVEL=info            # the server's log level (default error)
# The server log and the screenshots of every step are kept in .build/browser-test/ after the run.
# Exits non-zero when a step fails or the server does not start.
set -euo pipefail

INTELLIMIX_SELENIUM_VERSION=4.40.0
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${INTELLIMIX_BIN:-$repo/.build/debug/intellimix}
venv=$repo/.venv-browser
signed_url_seconds=10   # the shortest the server allows: the test waits past it and plays again
# Access tokens last 1 minute (the shortest allowed), so the last step sees one expire and the studio refresh it.
log() { printf 'browser-test: %s\n' "$*" >&2; }

# Chromium, its driver and ffmpeg (the test's audio), installed only when missing.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]}"
  sudo=; [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

# The pinned Selenium, installed only when missing (as scripts/lib/schemathesis.sh does for schemathesis).
if ! compgen -G "$venv/lib/python3*/site-packages/selenium-$INTELLIMIX_SELENIUM_VERSION.dist-info" >/dev/null \
  || ! "$venv/bin/python" -c '' 2>/dev/null; then
  rm -rf "$venv"
  log "installing selenium $INTELLIMIX_SELENIUM_VERSION into $venv"
  /usr/bin/python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    "selenium==$INTELLIMIX_SELENIUM_VERSION" >&2
fi
[[ -x $bin ]] || { log "no server binary at $bin (run swift build first)"; exit 1; }

work=$(mktemp -d)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  out=$repo/.build/browser-test
  rm -rf "$out" && mkdir -p "$out"
  cp "$work/server.log" "$out/server.log" 2>/dev/null || true
  cp -r "$work/shots" "$out/shots" 2>/dev/null || true
  cp "$work/studio.png" "$out/studio.png" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log "starting the server on 127.0.0.1:$port (storage $work)"
env -i PATH="$PATH" HOME="$work" LANG=C.UTF-8 \
  APP_ENV=development STORAGE_ROOT="$work/storage" DATABASE_URL="sqlite://$work/intellimix.sqlite3" \
  JWT_SECRET_KEY=browser-test-run-secret-key-0123456789abcdef HOST=127.0.0.1 PORT="$port" BCRYPT_COST=4 \
  AUTH_RATE_LIMIT_PER_IP=100000 AUTH_RATE_LIMIT_PER_EMAIL=100000 JOB_MAX_ATTEMPTS=1 MAX_JOBS_IN_FLIGHT=1000 \
  SIGNED_URL_SECONDS=$signed_url_seconds JWT_ACCESS_TOKEN_MINUTES=1 ${INTELLIMIX_WEB_DIR:+INTELLIMIX_WEB_DIR="$INTELLIMIX_WEB_DIR"} \
  "$bin" serve --env-file /dev/null --workers 1 --log-level "${BROWSER_TEST_LOG_LEVEL:-error}" >"$work/server.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 100); do
  curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { log "the server exited:"; cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done

log "running against $base"
status=0
"$venv/bin/python" "$repo/scripts/lib/browser_test.py" "$base" "$work" "$signed_url_seconds" || status=$?
if [[ $status -ne 0 ]]; then log "failed (server log: last lines follow; screenshots in .build/browser-test/shots)"; tail -20 "$work/server.log" >&2; fi
exit "$status"
