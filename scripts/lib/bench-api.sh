# Sourced by scripts/bench: (f) HTTP load with wrk on loopback and (g) queue claim throughput.
#
#   bench_api OUT_MD   runs both and writes the "HTTP API and queue" section of docs/benchmarks.md
#
# (f) `intellimix serve --workers 0` on SQLite and on PostgreSQL (a throwaway cluster from
#     scripts/lib/postgres.sh); one registered user with 25 jobs in history; wrk with 2 threads
#     and 64 connections for 10 s against GET /api/v1/auth/me and GET /api/v1/history.
# (g) `intellimix bench-queue`: 4 concurrent claimers on PostgreSQL taking 4000 no-op jobs
#     (claim with FOR UPDATE SKIP LOCKED, then a fenced finish), in jobs per second.
# Needs BIN, WORK, log(), die() and scripts/lib/postgres.sh from the caller, whose EXIT trap should call
# bench_api_stop_servers and pg_stop.
# shellcheck shell=bash

# Servers started by _serve_bench (which runs in a subshell, so their pids go to a file) are
# stopped by bench_api_stop_servers, from the caller's EXIT trap.
bench_api_stop_servers() {
  local pid
  [[ -f $WORK/api-pids ]] || return 0
  while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done <"$WORK/api-pids"
  rm -f "$WORK/api-pids"
}

_api_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# _wrk_json URL TOKEN: wrk's figures as JSON (req/s, p50 and p99 in ms, errors).
_wrk_json() {
  wrk -t2 -c64 -d10s --latency -H "Authorization: Bearer $2" "$1" | python3 -c '
import json, re, sys
text = sys.stdin.read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(json.dumps({"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                  "p50": ms(lat["50"]), "p99": ms(lat["99"]),
                  "errors": errors + (int(non2xx.group(1)) if non2xx else 0)}))'
}

# _serve_bench NAME DATABASE_URL: starts a server, loads it with wrk, stops it; prints JSON.
_serve_bench() {
  local name=$1 url=$2 port storage pid token i
  port=$(_api_port)
  storage="$WORK/api-$name"
  mkdir -p "$storage"
  env STORAGE_ROOT="$storage" DATABASE_URL="$url" PORT="$port" JWT_SECRET_KEY="bench-secret-bench-secret-bench-secret-42" \
    MAX_JOBS_IN_FLIGHT=1000 AUTH_RATE_LIMIT_PER_IP=100000 "$BIN" serve --workers 0 --log-level error --env-file /dev/null \
    >"$storage/server.log" 2>&1 &
  pid=$!
  echo "$pid" >>"$WORK/api-pids"
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
  token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d '{"name":"bench","email":"bench@example.com","password":"benchmark password"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || { cat "$storage/server.log" >&2; die "register failed"; }
  for i in $(seq 1 25); do
    curl -fs -X POST "http://127.0.0.1:$port/api/v1/jobs" -H "Authorization: Bearer $token" -H 'Content-Type: application/yaml' \
      --data-binary "$(printf 'version: 1\nname: h%s\nstages:\n  - id: a\n    kind: fetch\n    url: https://93.184.216.34/%s.mp3\n' "$i" "$i")" >/dev/null
  done
  local me history missing health
  me=$(_wrk_json "http://127.0.0.1:$port/api/v1/auth/me" "$token")
  history=$(_wrk_json "http://127.0.0.1:$port/api/v1/history?limit=20" "$token")
  # An unknown route (404 through every middleware) and the health check (a database ping).
  missing=$(_wrk_json "http://127.0.0.1:$port/no/such-route" "$token")
  health=$(_wrk_json "http://127.0.0.1:$port/api/v1/health" "$token")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  printf '{"me": %s, "history": %s, "missing": %s, "health": %s}\n' "$me" "$history" "$missing" "$health"
}

# _floor_bench: a bare Hummingbird route in the same binary (`intellimix bench-floor`), loaded the same way.
_floor_bench() {
  local port pid result
  port=$(_api_port)
  "$BIN" bench-floor --port "$port" >"$WORK/floor.log" 2>&1 &
  pid=$!
  echo "$pid" >>"$WORK/api-pids"
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/hello" >/dev/null 2>&1 && break; sleep 0.1; done
  result=$(_wrk_json "http://127.0.0.1:$port/hello" "-")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$result"
}

bench_api() {
  local out=$1 sqlite postgres queue floor
  command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
  pg_start
  log "(f) the floor: a bare Hummingbird route"
  floor=$(_floor_bench)
  log "(f) HTTP load on SQLite"
  sqlite=$(_serve_bench sqlite "")
  log "(f) HTTP load on PostgreSQL"
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "create database bench_api" >&2
  postgres=$(_serve_bench postgres "postgres://postgres@127.0.0.1:$PGPORT/bench_api")
  log "(g) queue claims on PostgreSQL, 4 workers"
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "create database bench_queue" >&2
  # The median of 3 runs (each counts only its own jobs), beside pgbench doing a comparable claim-and-finish on the
  # same server in the same run: the database's own limit for this pattern.
  local runs=() i
  for i in 1 2 3; do
    runs+=("$("$BIN" bench-queue --database-url "postgres://postgres@127.0.0.1:$PGPORT/bench_queue" --workers 4 --jobs 4000)")
  done
  queue=$(python3 -c 'import json, sys, statistics
r = [json.loads(a) for a in sys.argv[1:]]
m = statistics.median(x["jobs_per_second"] for x in r)
print(json.dumps({**r[0], "jobs_per_second": m, "runs": [x["jobs_per_second"] for x in r]}))' "${runs[@]}")
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d bench_queue -qc "
    create table pgq (id bigserial primary key, status text not null default 'queued', created_at timestamptz not null default now());
    create index pgq_ready on pgq (status, created_at, id);
    insert into pgq (created_at) select now() + make_interval(secs => g / 1000.0) from generate_series(1, 200000) g;" >&2
  cat >"$WORK/pgq.sql" <<'SQL'
UPDATE pgq SET status = 'running' WHERE id = (SELECT id FROM pgq WHERE status = 'queued' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id AS claimed \gset
UPDATE pgq SET status = 'succeeded' WHERE id = :claimed AND status = 'running';
SQL
  local pgbench_tps
  pgbench_tps=$("$PGBIN/pgbench" -h 127.0.0.1 -p "$PGPORT" -U postgres -n -c 4 -j 2 -T 10 -f "$WORK/pgq.sql" bench_queue 2>/dev/null \
    | awk '/^tps = / {print $3; exit}')
  queue=$(python3 -c 'import json, sys; q = json.loads(sys.argv[1]); q["pgbench_tps"] = float(sys.argv[2] or 0); print(json.dumps(q))' "$queue" "$pgbench_tps")
  pg_stop
  python3 - "$out" "$sqlite" "$postgres" "$queue" "$(nproc)" "$floor" <<'PY'
import json, sys
out, s, p, q, cores, f = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5], json.loads(sys.argv[6])
rows = []
def share(x):
    return f"{x['rps'] / f['rps'] * 100:.0f} %"
floor_rows = [
    f"| bare Hummingbird `GET /hello` (the floor) | — | {f['rps']:,.0f} | 100 % | — |",
    f"| unknown route (404, every middleware) | SQLite | {s['missing']['rps']:,.0f} | {share(s['missing'])} | ≥ 70 % |",
    f"| `GET /api/v1/health` | SQLite | {s['health']['rps']:,.0f} | {share(s['health'])} | — |",
    f"| `GET /api/v1/auth/me` | SQLite | {s['me']['rps']:,.0f} | {share(s['me'])} | ≥ 50 %, p99 ≤ 25 ms |",
    f"| `GET /api/v1/auth/me` | PostgreSQL | {p['me']['rps']:,.0f} | {share(p['me'])} | ≥ 40 %, p99 ≤ 25 ms |",
]
for db, r in (("SQLite", s), ("PostgreSQL", p)):
    for route, key in (("GET /api/v1/auth/me", "me"), ("GET /api/v1/history?limit=20", "history")):
        x = r[key]
        rows.append(f"| {route} | {db} | {x['rps']:,.0f} | {x['p50']:.2f} ms | {x['p99']:.2f} ms | {x['errors']} |")
def verdict(me):
    return "meets" if me["rps"] >= 5000 and me["p99"] <= 25 and me["errors"] == 0 else "misses"
text = f"""## HTTP API and queue

(f) `intellimix serve --workers 0` (release build) on loopback, one user with 25 jobs in history,
`wrk -t2 -c64 -d10s --latency` with a bearer token, on this {cores}-core machine; wrk, the server
and (for PostgreSQL) the database share the same cores. A token the process has checked before is
answered from its token cache (`AUTH_CACHE_SIZE`) while the revocation epoch is unchanged: one small read
per request, shared by the requests that arrive while it runs and always started after they arrived, so
revocation stays exact in every process. A new token is verified and checked in one query. History pages
20 jobs with a count.

| route | store | req/s | p50 | p99 | errors |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Against the floor measured in the same run (`intellimix bench-floor`: a bare Hummingbird route in the same binary, no
middleware, no database, no logging), with the same wrk settings:

| route | store | req/s | share of the floor | target |
|---|---|---|---|---|
{chr(10).join(floor_rows)}

Access-log lines are sampled (`REQUEST_LOG_SAMPLE`, one in 100 ordinary requests at info; every error and slow request).

Against the target for `me` (5,000 req/s, p99 at most 25 ms, no errors): SQLite {verdict(s["me"])} it, PostgreSQL
{verdict(p["me"])} it. On PostgreSQL the lookup is a named prepared statement, planned once per connection.

(g) `intellimix bench-queue`: {q['workers']} concurrent claimers on PostgreSQL take {q['jobs']} no-op jobs (only the run's own
jobs count); each claim is one `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)` and each finish one fenced update:
**{q['jobs_per_second']:,.0f} jobs/s**, the median of 3 runs ({", ".join(f"{x:,.0f}" for x in q['runs'])}). In the same run, `pgbench`
with 4 clients doing the same claim and finish on a bare table: {q['pgbench_tps']:,.0f} claims/s, so the queue reaches
**{q['jobs_per_second'] / q['pgbench_tps'] * 100 if q['pgbench_tps'] else 0:.0f} %** of the database's own figure (target: 1,000 jobs/s, or 50 % of pgbench).
"""
open(out, "w").write(text)
print(text)
PY
}
