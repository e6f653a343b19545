#!/usr/bin/env bash
# A coverage-guided fuzzing campaign in CI-sized form: builds the five
# libFuzzer targets (tests/fuzz: clean_fuzz, report_fuzz, warc_fuzz,
# robots_fuzz, column_fuzz) with clang, ASan and UBSan in build-fuzz/, runs each for a
# bounded time from its seed corpus, and fails when any of them finds a crash,
# a sanitizer error, a leak, a hang (-timeout) or an input using too much
# memory (-rss_limit_mb, -malloc_limit_mb). The input that did it is kept in
# build-fuzz/crashes/<target>/ (reproduce: build-fuzz/tests/<target> FILE).
# Each run starts from the seeds alone: libFuzzer replays a corpus before
# -max_total_time applies, so a corpus grown by earlier runs would make the
# run longer every time (build-fuzz/corpus/<target>/ holds this run's).
#
#   .ci/fuzz.sh [SECONDS_PER_TARGET]     (default 15, or $FUZZ_SECONDS)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FUZZ_SECONDS:-15}}
build=build-fuzz
targets=(clean_fuzz report_fuzz warc_fuzz robots_fuzz column_fuzz)
start=$(date +%s)

# Packages (clang and libFuzzer's runtime included), configure, and build only
# the fuzz targets. -O1 with line tables: faster to build, readable stacks.
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
GOVHARVEST_BOOTSTRAP_TARGETS="${targets[*]}" .ci/bootstrap.sh "$build" \
  -DCMAKE_CXX_COMPILER=clang++ -DGOVHARVEST_FUZZ=ON -DGOVHARVEST_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only -DNDEBUG" "${launcher[@]}"
built=$(date +%s)
echo "fuzz: built ${targets[*]} in $((built - start)) s" >&2

# Seeds: the fixtures (pages and text dumps) for the cleaner and the report
# mapper, tests/fuzz/corpus for the others. libFuzzer writes new inputs into
# the first directory given, so the seeds stay untouched.
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/pages"
find tests/fixtures -type f \( -name '*.html' -o -name '*.htm' -o -name '*.txt' \) -size -300k \
  -exec cp {} "$seeds/pages/" \;
declare -A seed_dir=([clean_fuzz]="$seeds/pages" [report_fuzz]="$seeds/pages"
                     [warc_fuzz]=tests/fuzz/corpus/warc [robots_fuzz]=tests/fuzz/corpus/robots
                     [column_fuzz]="$seeds/pages")
declare -A max_len=([clean_fuzz]=32768 [report_fuzz]=32768 [warc_fuzz]=65536 [robots_fuzz]=8192
                    [column_fuzz]=32768)

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions="$PWD/.ci/lsan.supp"
failed=()
for t in "${targets[@]}"; do
  rm -rf "$build/corpus/$t"
  mkdir -p "$build/corpus/$t" "$build/crashes/$t" "$build/logs"
  log="$build/logs/$t.log"
  if "$build/tests/$t" "$build/corpus/$t" "${seed_dir[$t]}" \
       -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
       -max_len="${max_len[$t]}" -artifact_prefix="$build/crashes/$t/" -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "fuzz: $t ok: $runs inputs in ${seconds} s, ${cov:-cov: ?}, corpus $(ls "$build/corpus/$t" | wc -l) files" >&2
  else
    failed+=("$t")
    echo "fuzz: $t FAILED; log $log; input(s) kept:" >&2
    ls -1 "$build/crashes/$t" >&2 || true
    grep -A40 -m1 -E '^==[0-9]+==ERROR|runtime error|invariant violated|ALARM|out-of-memory|malloc\(' "$log" >&2 || tail -40 "$log" >&2
  fi
done
echo "fuzz: done in $(( $(date +%s) - start )) s" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in $build/crashes/)" >&2
  exit 1
fi
