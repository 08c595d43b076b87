# shellcheck shell=bash
# NATS for tests and the local stack: a throwaway nats-server on a free loopback port.
#   source scripts/lib/nats.sh
#   nats_start DIR      # installs nats-server if missing, starts it (pid DIR/nats.pid, log DIR/nats.log),
#                       # waits until it accepts connections, exports NATS_SERVERS=nats://127.0.0.1:PORT
#   nats_stop DIR       # stops it (SIGTERM, then SIGKILL after 5 s) and removes the pid file
# Core NATS only (no JetStream). `nats_start` fails (non-zero) if the server does not come up in 10 s.

nats__free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

nats__accepts() {  # nats__accepts PORT: the server sends its INFO line on connect
  python3 - "$1" <<'PY'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
    s.settimeout(1)
    ok = s.recv(5).startswith(b"INFO")
    s.close()
    sys.exit(0 if ok else 1)
except OSError:
    sys.exit(1)
PY
}

nats_install() {
  command -v nats-server >/dev/null 2>&1 && return 0
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "nats: installing nats-server (apt)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nats-server >/dev/null
}

nats_start() {
  local dir=${1:?usage: nats_start DIR}
  nats_install || return 1
  mkdir -p "$dir"
  if [ -f "$dir/nats.pid" ] && kill -0 "$(cat "$dir/nats.pid")" 2>/dev/null; then
    nats_stop "$dir"
  fi
  local port pid i attempt
  for attempt in 1 2 3; do            # another process may take the free port first: try another
    port=$(nats__free_port) || return 1
    nats-server -a 127.0.0.1 -p "$port" >"$dir/nats.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/nats.pid"
    echo "$port" >"$dir/nats.port"
    for i in $(seq 1 100); do
      if nats__accepts "$port"; then
        export NATS_SERVERS="nats://127.0.0.1:$port"
        echo "nats: nats-server $pid on $NATS_SERVERS (log $dir/nats.log)"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    echo "nats: nats-server did not start on port $port (attempt $attempt); log:" >&2
    cat "$dir/nats.log" >&2
    nats_stop "$dir"
  done
  return 1
}

nats_stop() {
  local dir=${1:?usage: nats_stop DIR} pid i
  [ -f "$dir/nats.pid" ] || return 0
  pid=$(cat "$dir/nats.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/nats.pid" "$dir/nats.port"
}
