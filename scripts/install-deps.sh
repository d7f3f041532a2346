#!/usr/bin/env bash
# Installs what building and testing confide needs on Debian 12, skipping what is there.
#   scripts/install-deps.sh           build and run dependencies, and the npm packages (the
#                                     chat page's socket.io-client is built into the binary)
#   scripts/install-deps.sh --cluster and what a local cluster needs (scripts/cluster.sh):
#                                     PostgreSQL 15, nats-server, HAProxy, curl
#   scripts/install-deps.sh --test    and what the tests need: wrk, sqlite3, nats-server,
#                                     PostgreSQL 15 (the PostgreSQL backend's tests run a
#                                     throwaway server), HAProxy (the cluster's tests), clang
#                                     with its sanitizer and libFuzzer runtimes for the
#                                     fuzzers, and Debian's chromium with a colour emoji font
#                                     for the browser test
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev
  libnats-dev libpq-dev libgtest-dev libgmock-dev libbenchmark-dev ca-certificates nodejs npm)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(wrk sqlite3 nats-server postgresql-15 postgresql-contrib haproxy curl clang
    libclang-rt-14-dev chromium fonts-noto-color-emoji)
elif [[ "${1:-}" == "--cluster" ]]; then
  packages+=(nats-server postgresql-15 postgresql-contrib haproxy curl)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian's package; what matters is that it runs.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q "${missing[@]}" || {
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q "${missing[@]}"
  }
fi

# The build embeds node_modules/socket.io-client/dist/socket.io.min.js, so both modes need it.
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund
fi
