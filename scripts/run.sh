#!/usr/bin/env bash
# `make run`: install what is missing, build in release mode, serve examples/hello.js with the
# standalone runner (no database yet: the platform stack replaces this with the control-plane issue).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh build
swift build -c release --product runner
BIN=$(swift build -c release --show-bin-path)
PORT=${PORT:-8081}
ADMIN_PORT=${ADMIN_PORT:-9081}
echo "make run: http://127.0.0.1:$PORT/ serves examples/hello.js (Ctrl-C stops it)"
exec "$BIN/runner" --script examples/hello.js --name hello --port "$PORT" --admin-port "$ADMIN_PORT" --var NAME=World
