#!/usr/bin/env bash
# `make bench`: hello world under the runner, `deno serve` (PyPI `deno`) and nginx `return 200`,
# measured with wrk on loopback in one command, printed with ratios; then the runtime's cold start
# and RSS per extra warm worker. Figures are for comparison on this machine, not absolutes: the load
# generator shares the cores with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
scripts/bootstrap.sh bench

DURATION=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-2}
LOOPS=$(nproc)
WORK=$(mktemp -d /tmp/ow-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.05; done; echo "bench: nothing answers on port $1" >&2; return 1; }

# deno from PyPI into a project-local venv.
VENV=$ROOT/.deps/venv
if [ ! -x "$VENV/bin/deno" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q deno
fi
DENO=$(ls "$VENV"/bin/deno 2>/dev/null || "$VENV/bin/python" -c 'import deno,os;print(os.path.join(os.path.dirname(deno.__file__),"bin","deno"))')

swift build -c release --product runner >/dev/null
swift build -c release --product RuntimeBench >/dev/null
BIN=$(swift build -c release --show-bin-path)

RUNNER_PORT=$(free_port); ADMIN_PORT=$(free_port); DENO_PORT=$(free_port); NGINX_PORT=$(free_port)

# Cold start of the process: spawn → first 200.
start_ns=$(date +%s%N)
HTTP_LISTENERS=$LOOPS "$BIN/runner" --script bench/hello.js --port "$RUNNER_PORT" --admin-port "$ADMIN_PORT" >"$WORK/runner.log" 2>&1 &
pids+=($!)
until curl -fs -o /dev/null "http://127.0.0.1:$RUNNER_PORT/"; do sleep 0.001; done
end_ns=$(date +%s%N)
process_cold_ms=$(( (end_ns - start_ns) / 1000000 ))

"$DENO" serve --quiet --parallel --port "$DENO_PORT" bench/hello.js >"$WORK/deno.log" 2>&1 &
pids+=($!)
wait_http "$DENO_PORT"

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $LOOPS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$NGINX_PORT reuseport; location / { return 200 "Hello, World!"; } }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_http "$NGINX_PORT"

rps() { wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {print $2}'; }
best() { printf '%s\n' "$@" | sort -g | tail -1; }

echo "hello world, wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS interleaved rounds, best of each (req/s):"
r=(); d=(); n=()
for i in $(seq 1 "$ROUNDS"); do
  r+=("$(rps "$RUNNER_PORT")"); d+=("$(rps "$DENO_PORT")"); n+=("$(rps "$NGINX_PORT")")
done
R=$(best "${r[@]}"); D=$(best "${d[@]}"); N=$(best "${n[@]}")
printf '  runner           %10.0f   (rounds: %s)\n' "$R" "${r[*]}"
printf '  deno serve       %10.0f   (rounds: %s)\n' "$D" "${d[*]}"
printf '  nginx return 200 %10.0f   (rounds: %s)\n' "$N" "${n[*]}"
python3 - "$R" "$D" "$N" <<'PY'
import sys
r, d, n = map(float, sys.argv[1:])
print(f"  ratio runner/deno  = {r/d:.2f}x")
print(f"  ratio runner/nginx = {r/n:.2f}x")
print(f"  ratio deno/nginx   = {d/n:.2f}x")
PY
echo "cold start, process start → first 200: ${process_cold_ms} ms (runner, snapshot built at start)"
"$BIN/RuntimeBench" "${BENCH_WORKERS:-200}"
