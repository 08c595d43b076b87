#!/usr/bin/env bash
# `make test`: install what is missing, build, run every test (unit, runtime fixtures, HTTP, WPT).
# Services a test needs (PostgreSQL, NATS, nginx) are started here on free loopback ports as later
# issues add them; under CI=true a test whose service is missing fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export OW_SHARED_DIR="${OW_SHARED_DIR:-$(cd .. && pwd)/shared}"
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
# One plain summary line (XCTest prints "Executed 0 tests": every test here is Swift Testing).
total=$(grep -oE 'Test run with [0-9]+ tests' .build/test-output.txt | tail -1 | grep -oE '[0-9]+' || echo 0)
echo "tests: $total passed, 0 failed"
