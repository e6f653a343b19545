#!/usr/bin/env bash
# Installs the Debian 12 packages the build needs (only those missing), then
# configures and builds. Usage: .ci/bootstrap.sh BUILD_DIR [extra cmake args...]
# With GOVHARVEST_BOOTSTRAP_TARGETS="a b", builds only those targets (.ci/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:?usage: .ci/bootstrap.sh BUILD_DIR [cmake args...]}
shift

packages=(
  cmake g++ make pkg-config
  libleveldb-dev libsnappy-dev libssl-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev
  libcurl4-openssl-dev libuchardet-dev libpsl-dev libboost-dev libgumbo-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libpoppler-cpp-dev libzip-dev libpugixml-dev  # report attachments: PDF, DOCX (extract/attachment.h)
  wget nodejs  # WARC interop tests: wget --warc-file, and npm's warcio (webrecorder) as a reader
  libsqlite3-dev sqlite3 python3 chromium  # export: govharvest.sqlite; tests read it, the CSVs and summary.html
  python3-pandas  # DocsExamples runs the pandas snippets of docs/export.md with /usr/bin/python3
  clang libclang-rt-14-dev  # .ci/fuzz.sh: libFuzzer targets (tests/fuzz)
)
# npm ships inside some nodejs builds (NodeSource); Debian packages it apart.
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "bootstrap: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
targets=()
for t in ${GOVHARVEST_BOOTSTRAP_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
