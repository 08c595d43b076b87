#!/usr/bin/env bash
# `make test`: install what is missing, build, start the services the tests need (a throwaway
# PostgreSQL cluster and a nats-server, each on a free loopback port), run every test, stop them.
# Under CI=true a test whose service is missing fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export OW_SHARED_DIR="${OW_SHARED_DIR:-$(cd .. && pwd)/shared}"

# Services live in /tmp (the postgres user must be able to reach the data directory).
SERVICES=$(mktemp -d /tmp/ow-test-services.XXXXXX)
chmod 755 "$SERVICES"
source scripts/lib/postgres.sh
source scripts/lib/nats.sh
cleanup() {
  pg_stop "$SERVICES/pg" >/dev/null 2>&1 || true
  nats_stop "$SERVICES/nats" >/dev/null 2>&1 || true
  rm -rf "$SERVICES"
}
trap cleanup EXIT
pg_start "$SERVICES/pg"        # exports DATABASE_URL
nats_start "$SERVICES/nats"    # exports NATS_SERVERS
echo "test services: DATABASE_URL=$DATABASE_URL NATS_SERVERS=$NATS_SERVERS"

swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
# One plain summary line (XCTest prints "Executed 0 tests": every test here is Swift Testing).
total=$(grep -oE 'Test run with [0-9]+ tests' .build/test-output.txt | tail -1 | grep -oE '[0-9]+' || echo 0)
echo "tests: $total passed, 0 failed"
