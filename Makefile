# The README's two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

help:
	@echo "make run    - install what is missing, build, serve examples/hello.js on http://127.0.0.1:8081/"
	@echo "make test   - install what is missing, build, run every test"
	@echo "make bench  - hello-world req/s: runner vs deno serve vs nginx, cold start, RSS per worker"
	@echo "make build  - release build"

build:
	@scripts/bootstrap.sh build
	swift build -c release

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

.PHONY: help build run test bench
