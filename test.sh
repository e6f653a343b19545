#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
#   ./test.sh             Release build in build/
#   ./test.sh --sanitize  AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "--sanitize" ]; then
  # -O1, as the sanitizers' authors advise: a fifth less build time than -O2 on
  # 2 cores, and the suite runs as fast (issue 13: CI under 30 minutes).
  .ci/bootstrap.sh build-asan -DGOVHARVEST_SANITIZE=ON -DGOVHARVEST_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 LSAN_OPTIONS=suppressions="$PWD/.ci/lsan.supp"
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
else
  .ci/bootstrap.sh build
  ctest --test-dir build --output-on-failure -j"$(nproc)"
fi
