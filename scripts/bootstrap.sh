#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian bookworm machine, and nothing twice.
#   - Debian packages (apt) for the C libraries and the servers the tests start;
#   - libnode108 + libnode-dev (V8 10.2) unpacked into a project-local prefix (.deps/node), never
#     installed system-wide: on this image a NodeSource node 20 blocks `apt-get install libnode-dev`
#     and owns /usr/include/node with mismatched V8 headers (shared/spec/feasibility.md §1).
# Usage: scripts/bootstrap.sh [build|test|bench]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-build}

build_pkgs=(libicu-dev libpq-dev libssl-dev zlib1g-dev libcurl4-openssl-dev libuv1 libc-ares2 libbrotli1 libnghttp2-14 libnats-dev)
test_pkgs=(curl python3 postgresql nats-server)
bench_pkgs=(wrk nginx-light)

need=()
want=("${build_pkgs[@]}")
case "$MODE" in
  test)  want+=("${test_pkgs[@]}") ;;
  bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
esac
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
apt_updated=0
apt_update() { [ $apt_updated = 1 ] || { $SUDO apt-get update -qq; apt_updated=1; }; }

if [ ${#need[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# V8 from Debian's libnode, unpacked into .deps/node (usr/include/node, usr/lib/x86_64-linux-gnu).
NODE_PREFIX="$ROOT/.deps/node"
if [ ! -f "$NODE_PREFIX/usr/include/node/v8.h" ] || [ ! -e "$NODE_PREFIX/usr/lib/x86_64-linux-gnu/libnode.so" ]; then
  echo "bootstrap: unpacking libnode108 + libnode-dev into .deps/node"
  apt_update
  tmp=$(mktemp -d); chmod 777 "$tmp"
  (cd "$tmp" && apt-get download -qq libnode108 libnode-dev)
  rm -rf "$NODE_PREFIX"; mkdir -p "$NODE_PREFIX"
  for d in "$tmp"/*.deb; do dpkg -x "$d" "$NODE_PREFIX"; done
  rm -rf "$tmp"
  # libnode-dev's libnode.so symlink points at libnode.so.108 in the same directory.
  test -f "$NODE_PREFIX/usr/include/node/v8.h"
fi
echo "bootstrap: ok ($MODE)"
