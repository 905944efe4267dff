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

# shellcheck source=scripts/lib/live-server.sh
. "$repo/scripts/lib/live-server.sh"
pinned_venv "$venv" selenium "$INTELLIMIX_SELENIUM_VERSION"
[[ -x $bin ]] || { log "no server binary at $bin (run swift build first)"; exit 1; }

work=$(mktemp -d)
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

start_live_server "$bin" "$work" "${BROWSER_TEST_LOG_LEVEL:-error}" SIGNED_URL_SECONDS=$signed_url_seconds \
  JWT_ACCESS_TOKEN_MINUTES=1 ${INTELLIMIX_WEB_DIR:+INTELLIMIX_WEB_DIR="$INTELLIMIX_WEB_DIR"}

log "running against $base"
status=0
"$venv/bin/python" "$repo/scripts/lib/browser_test.py" "$base" "$work" "$signed_url_seconds" || status=$?
if [[ $status -ne 0 ]]; then log "failed (server log: last lines follow; screenshots in .build/browser-test/shots)"; tail -20 "$work/server.log" >&2; fi
exit "$status"
