# shellcheck shell=bash
# Throwaway PostgreSQL clusters for tests and the local stack (design.md §7; feasibility.md §4).
# Source it, then:
#   pg_start DIR     initdb (trust auth, UTF8) into DIR/data if needed, start on a free 127.0.0.1 port
#                    with the socket in DIR, wait until ready, export DATABASE_URL / PG_DIR / PG_PORT
#   pg_stop [DIR]    pg_ctl -m fast stop (default: the last started DIR); safe to call twice
# The caller owns cleanup:   pg_start "$dir"; trap 'pg_stop "$dir"' EXIT
# When run as root the server runs as the `postgres` user (initdb refuses root) via runuser.
# Installs postgresql + libpq-dev with apt when missing.

pg__bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg__ensure_installed() {
  if pg__bindir >/dev/null && [ -f /usr/include/postgresql/libpq-fe.h ]; then return 0; fi
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "postgres.sh: installing postgresql libpq-dev" >&2
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql libpq-dev >/dev/null; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql libpq-dev >/dev/null
  fi
  pg__bindir >/dev/null || { echo "postgres.sh: initdb not found after install" >&2; return 1; }
}

# Runs a server binary as the cluster owner (postgres when we are root, else ourselves).
pg__as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A loopback TCP port nobody listens on (asks the kernel, then checks it is still free).
pg__free_port() {
  python3 - <<'PY'
import socket
for _ in range(50):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", port)); t.close(); print(port); break
    except OSError:
        t.close()
PY
}

pg_start() {
  local dir=${1:?usage: pg_start DIR}
  pg__ensure_installed || return 1
  local bin; bin=$(pg__bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg__as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 \
      || { echo "postgres.sh: initdb failed, see $dir/initdb.log" >&2; cat "$dir/initdb.log" >&2; return 1; }
  fi
  # A stale server from an earlier run in this directory: stop it first.
  pg__as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && pg__as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(pg__free_port)
    [ -n "$port" ] || { echo "postgres.sh: no free port" >&2; return 1; }
    if pg__as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c max_connections=100" start >/dev/null; then
      break
    fi
    # Lost a race for the port (or another failure): retry with a new port, show the log at the end.
    port=""
  done
  [ -n "$port" ] || { echo "postgres.sh: server did not start, see $dir/server.log" >&2; tail -20 "$dir/server.log" >&2; return 1; }
  local i
  for i in $(seq 1 100); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && break
    sleep 0.1
  done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres || { echo "postgres.sh: server not ready" >&2; return 1; }
  export PG_DIR="$dir" PG_PORT="$port"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$port ($dir)" >&2
}

pg_stop() {
  local dir=${1:-${PG_DIR:-}}
  [ -n "$dir" ] && [ -f "$dir/data/PG_VERSION" ] || return 0
  local bin; bin=$(pg__bindir) || return 0
  if pg__as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    pg__as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
