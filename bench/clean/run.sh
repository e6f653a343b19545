#!/usr/bin/env bash
# Cleaning benchmark (docs/benchmarks.md): govharvest's cleaner, Mozilla
# Readability (npm @mozilla/readability + jsdom) and readability-lxml (Debian
# python3-readability) on the same pages, the HTML pages of the annotated
# accuracy corpus (tests/eval/cleaning/pages), one after the other in one run,
# each single-threaded from the raw bytes; then every output is scored with the
# same segment F1 (clean_eval --texts).
#
#   bench/clean/run.sh [BUILD_DIR] [--min-seconds S]     (default build-bench, 10 s per cleaner)
#
# Installs python3-readability with apt-get and the npm packages into
# BUILD_DIR/bench-clean-node when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=build-bench
min_seconds=10
while [ $# -gt 0 ]; do
  case $1 in
    --min-seconds) min_seconds=$2; shift 2 ;;
    *) build=$1; shift ;;
  esac
done
pages=$root/tests/eval/cleaning/pages
fixtures=$root/tests/fixtures
leaks=$root/tests/eval/cleaning/leaks.txt

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target clean_bench clean_eval >/dev/null

py=/usr/bin/python3  # Debian's, where python3-readability and python3-lxml live
if ! $py -c 'import readability, lxml.html' 2>/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq --no-install-recommends python3-readability >/dev/null
fi
node_dir=$root/$build/bench-clean-node
if [ ! -d "$node_dir/node_modules/@mozilla/readability" ] || [ ! -d "$node_dir/node_modules/jsdom" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
   npm install --no-audit --no-fund --silent @mozilla/readability jsdom >/dev/null)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
common=(--pages "$pages" --fixtures "$fixtures" --min-seconds "$min_seconds" --html-only)
echo "== throughput (single thread, $(nproc) cores, HTML pages of the accuracy corpus)" >&2
"$build/bench/clean_bench" "${common[@]}" --out "$out/govharvest" | tee "$out/govharvest.json"
NODE_PATH=$node_dir/node_modules node "$root/bench/clean/readability.js" "${common[@]}" --out "$out/readability.js" |
  tee "$out/readability.js.json"
$py "$root/bench/clean/readability_lxml.py" "${common[@]}" --out "$out/readability-lxml" | tee "$out/readability-lxml.json"

echo "== accuracy (same annotations, same scorer: clean_eval --texts; segments and leaks)" >&2
for cleaner in govharvest readability.js readability-lxml; do
  "$build/tests/clean_eval" --pages "$pages" --fixtures "$fixtures" --leaks "$leaks" --html-only --json \
    --texts "$out/$cleaner" > "$out/$cleaner.score.json" || true
done
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
rows = []
for c in ("govharvest", "readability.js", "readability-lxml"):
    t = json.load(open(f"{out}/{c}.json"))
    s = json.load(open(f"{out}/{c}.score.json"))
    rows.append((c, t, s))
print("| cleaner | pages | MB | pages/s | MB/s | segment P | segment R | segment F1 | leaks |")
print("|---|---|---|---|---|---|---|---|---|")
for c, t, s in rows:
    print(f"| {c} | {t['pages']} | {t['bytes']/1e6:.2f} | {t['pages_per_s']:.1f} | {t['mb_per_s']:.2f} | "
          f"{s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['leaks']} |")
g = rows[0][1]["mb_per_s"]
print(f"\ngovharvest / readability.js throughput: {g / rows[1][1]['mb_per_s']:.1f}x; "
      f"/ readability-lxml: {g / rows[2][1]['mb_per_s']:.1f}x")
print("\nper page F1 (govharvest / readability.js / readability-lxml):")
per = {c: {p['page']: p for p in s['pages']} for c, _, s in rows}
for page in per["govharvest"]:
    print(f"  {page:22s} " + " / ".join(f"{per[c][page]['f1']:.3f}" for c in per))
PY
