# Sourced by scripts/lib/schemathesis.sh and scripts/lib/browser-test.sh: a pinned Python tool in a venv of its own,
# and a throwaway `intellimix serve` on loopback (storage and SQLite under a work folder) to run it against.
# Needs `log` from the caller. shellcheck shell=bash

# pinned_venv VENV PACKAGE VERSION: installs PACKAGE==VERSION into VENV unless it is there already.
pinned_venv() {
  local venv=$1 package=$2 version=$3
  if ! compgen -G "$venv/lib/python3*/site-packages/$package-$version.dist-info" >/dev/null \
    || ! "$venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$venv"
    log "installing $package $version into $venv"
    /usr/bin/python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$package==$version" >&2
  fi
}

# start_live_server BIN WORK LOG_LEVEL [NAME=VALUE ...]: starts the server with one worker on a free loopback port,
# its log in WORK/server.log, extra variables added; sets server_pid and base, and returns once /health answers
# (exits when the server dies first).
start_live_server() {
  local bin=$1 work=$2 level=$3 port
  shift 3
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log "starting the server on 127.0.0.1:$port (storage $work)"
  env -i PATH="$PATH" HOME="$work" LANG=C.UTF-8 \
    APP_ENV=development STORAGE_ROOT="$work/storage" DATABASE_URL="sqlite://$work/intellimix.sqlite3" \
    JWT_SECRET_KEY=live-server-run-secret-key-0123456789abcdef HOST=127.0.0.1 PORT="$port" BCRYPT_COST=4 \
    AUTH_RATE_LIMIT_PER_IP=100000 AUTH_RATE_LIMIT_PER_EMAIL=100000 JOB_MAX_ATTEMPTS=1 MAX_JOBS_IN_FLIGHT=1000 "$@" \
    "$bin" serve --env-file /dev/null --workers 1 --log-level "$level" >"$work/server.log" 2>&1 &
  server_pid=$!
  base=http://127.0.0.1:$port
  for _ in $(seq 1 100); do
    curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { log "the server exited:"; cat "$work/server.log" >&2; exit 1; }
    sleep 0.2
  done
}
