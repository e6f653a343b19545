#!/usr/bin/env bash
# Extraction benchmark (docs/benchmarks.md, issue 6): reports per second for
# `govharvest extract` over an archive of generated report pages, on one core
# and on all cores.
#
#   bench/extract/run.sh [BUILD_DIR] [--pages N]     (default build-bench, 2,016 pages)
#
# bench/extract/gen_pages.py makes N distinct report pages from the corpus
# (tests/fixtures/portal-pages: 31 HTML pages in six CMS chromes, UTF-8 and
# GBK, including spam mirrors; tests/fixtures/seeds: 5 plain-text reports),
# each copy with another place name, year and a few counts. They are imported
# with `govharvest archive import FILE...` (500 files per invocation; URLs
# file://<path>) into a scratch archive, which is copied once per run so that
# `extract --jobs 1` and `extract --jobs $(nproc)` do the same work from the
# same state. Everything is written under BUILD_DIR/bench-extract; no network.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=build-bench
pages=2016
while [ $# -gt 0 ]; do
  case $1 in
    --pages) pages=$2; shift 2 ;;
    *) build=$1; shift ;;
  esac
done

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target govharvest >/dev/null
gh=$root/$build/app/govharvest
work=$root/$build/bench-extract
rm -rf "$work"
mkdir -p "$work"

python3 "$root/bench/extract/gen_pages.py" "$root/tests/fixtures" "$work/pages" "$pages"
bytes=$(cat "$work"/pages/* | wc -c)
(cd "$work/pages" && ls | sed "s|^|$work/pages/|") |
  xargs -n 500 "$gh" --log-level warn --archive "$work/base" archive import --fetched-at 2024-03-01 >/dev/null

cores=$(nproc)
run() {  # run NAME JOBS: extract on a fresh copy of the base archive
  local name=$1 jobs=$2
  cp -r "$work/base" "$work/$name"
  sync
  local t0 t1 timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f "%U %S %M" -o "$work/$name.cpu")
  t0=$(date +%s.%N)
  "${timer[@]}" "$gh" --log-level warn --archive "$work/$name" extract --jobs "$jobs" >"$work/$name.json" \
    2>"$work/$name.err"
  t1=$(date +%s.%N)
  echo "$t0 $t1" >"$work/$name.time"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "== govharvest extract over $pages generated pages ($((bytes / 1000)) KB), $cores cores" >&2
run jobs1 1
run jobsN "$cores"

python3 - "$work" "$bytes" "$cores" <<'PY'
import json, os, sys
work, nbytes, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print("| run | pages | documents | reports extracted | seconds | pages/s | reports/s | MB/s | CPU s | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, label in (("jobs1", "--jobs 1"), ("jobsN", f"--jobs {cores}")):
    s = json.load(open(f"{work}/{name}.json"))
    t0, t1 = map(float, open(f"{work}/{name}.time").read().split())
    sec = t1 - t0
    cpu, rss = "-", "-"
    if os.path.exists(f"{work}/{name}.cpu"):
        u, sy, kb = open(f"{work}/{name}.cpu").read().split()[-3:]
        cpu, rss = f"{float(u) + float(sy):.1f}", f"{int(kb) // 1024}"
    print(f"| {label} | {s['pages_cleaned']} | {s['documents_created']} | {s['reports_extracted']} | "
          f"{sec:.2f} | {s['pages_cleaned'] / sec:.1f} | {s['reports_extracted'] / sec:.1f} | "
          f"{nbytes / 1e6 / sec:.2f} | {cpu} | {rss} |")
    if s["pages_failed"] or s["documents_created"] != s["pages_cleaned"]:
        print(f"  note: {s['pages_failed']} failed, {s['pages_cleaned'] - s['documents_created']} "
              f"pages merged into another document", file=sys.stderr)
    print(f"  {label}: templates {s['report_templates']}, failing identities "
          f"{s['reports_failing_identities']}, spam pages {s['spam_pages']}", file=sys.stderr)
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
