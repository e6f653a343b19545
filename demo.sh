#!/usr/bin/env bash
# The main job, on the bundled demo portal: installs what is missing, builds,
# starts the portal simulator (govharvest-portal, six simulated government
# sites on 127.0.0.11-16) on a free port, harvests their annual-report columns
# with `govharvest crawl` and config/demo.toml into ./demo-archive, shows
# what was harvested next to the simulator's ground truth, and cleans every
# archived page into documents (`govharvest extract`).
#
# ./demo.sh --discover starts from home pages instead: the simulator's six
# portal trees (docs/portal.md, "Portal trees"), `govharvest discover` from
# their home pages to every body's annual-report column, then crawl, extract
# and export of what it found (docs/discovery.md).
set -euo pipefail
cd "$(dirname "$0")"
case "${1:-}" in
  "" | --discover) ;;
  *) echo "usage: ./demo.sh [--discover]" >&2; exit 2 ;;
esac
.ci/bootstrap.sh build
gh=build/app/govharvest
# Starts the portal simulator with ARGS on a free port, its ready line in
# $run/portal.ready and its manifest in $run/manifest.json; sets $portal and
# kills it on exit.
start_portal() {
  build/app/portal/govharvest-portal "$@" --port 0 --manifest-out "$run/manifest.json" >"$run/portal.ready" 2>"$run/portal.log" &
  portal=$!
  trap 'kill "$portal" 2>/dev/null || true; wait "$portal" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    [ -s "$run/portal.ready" ] && break
    sleep 0.1
  done
  if ! grep -q '"port"' "$run/portal.ready"; then
    echo "demo: the portal simulator did not start; see $run/portal.log" >&2
    exit 1
  fi
}

# ./demo.sh --discover (see the top of this file).
discover_demo() {
  gh=build/app/govharvest
  run=demo-run/discover          # simulator output, the discovered config, reports
  archive=demo-archive-discover  # recreated on every run: the port changes
  rm -rf "$run" "$archive"
  mkdir -p "$run"

  start_portal --trees
  proxy=$(sed -n 's/.*"proxy":"\([^"]*\)".*/\1/p' "$run/portal.ready")
  # The home pages of the trees, in the ready line's order.
  mapfile -t homes < <(grep -o '"http://www\.sim[a-z]*\.gov\.cn/"' "$run/portal.ready" | tr -d '"')
  sites=$run/sites.toml
  # The settings the discovered sites are crawled with, kept above them by discover:
  # the simulator as proxy, and a shorter delay than the default 1 s (the hosts are local).
  cat >"$sites" <<TOML
[harvest]
proxy = "$proxy"

[politeness]
min_delay_ms = 100
TOML
  echo "== portal trees: ${homes[*]} (through the proxy $proxy)"
  echo
  echo "== $gh --archive $archive --config $sites discover ${homes[*]} --out $sites --report-json $run/report.json"
  "$gh" --archive "$archive" --log-level warn --config "$sites" discover "${homes[@]}" --out "$sites" \
    --report-json "$run/report.json" 2>"$run/discover.log"
  echo
  python3 - "$run/manifest.json" "$run/report.json" <<'PY'
import json, sys
manifest, report = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda u: u.rstrip("/").removesuffix("index.html").removesuffix("index.htm").rstrip("/")
truth = {key(e): b for t in manifest["trees"].values() for b in t["bodies"] for e in b["entries"]}
found = {key(b["entries"][0]["url"]): b for b in report["bodies"]}
right = [u for u in found if u in truth]
names = sum(found[u]["agency"] == truth[u]["agency"] for u in right)
print(f"columns found {len(found)}, of them in the ground truth {len(right)} (of {len(truth)}); "
      f"agency names right {names}/{len(right)}")
print(f"bodies found {report['bodies_found']}, without a column {len(report['no_column'])}; "
      f"pages fetched {report['pages']} in {report['rounds']} rounds, {report['elapsed_s']:.1f} s")
for n in report["no_column"][:5]:
    print(f"   no column: {n['body']} {n['url']}: {n['detail']}")
print(f"   ... the full report: {sys.argv[2]}")
PY
  echo
  echo "== the first site of $sites:"
  awk '/^\[\[site\]\]/ { n++ } n == 1 && !/^$/' "$sites"
  echo
  echo "== $gh --archive $archive --config $sites crawl --summary-json $run/crawl.json"
  set +e
  "$gh" --archive "$archive" --log-level warn --config "$sites" crawl --summary-json "$run/crawl.json" 2>"$run/crawl.log"
  crawl_exit=$?
  set -e
  echo "crawl exit code: $crawl_exit; report pages archived: $("$gh" --archive "$archive" archive list --role report --outcome ok | wc -l)"
  if [ "$crawl_exit" -gt 1 ]; then
    echo "demo: govharvest crawl failed with exit code $crawl_exit; see $run/crawl.log" >&2
    exit "$crawl_exit"
  fi
  echo
  echo "== $gh --archive $archive --config $sites extract"
  "$gh" --archive "$archive" --config "$sites" extract 2>/dev/null
  echo
  echo "== $gh --archive $archive --config $sites export --out $run/snapshot --force"
  "$gh" --archive "$archive" --config "$sites" export --out "$run/snapshot" --force
  echo
  echo "Discovered config: $(pwd)/$sites   archive: $(pwd)/$archive   snapshot: $(pwd)/$run/snapshot"
}

if [ "${1:-}" = --discover ]; then
  discover_demo
  exit 0
fi
run=demo-run          # simulator output, the config used, the summary
archive=demo-archive  # the harvest (recreated on every demo run: the port changes)
rm -rf "$run" "$archive"
mkdir -p "$run"

start_portal
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$run/portal.ready")
sed "s/:8931\//:$port\//g" config/demo.toml >"$run/demo.toml"
echo "== portal simulator on port $port: $(tr -d '\n' <"$run/portal.ready")"
echo
echo "== $gh --archive $archive --config $run/demo.toml crawl --summary-json $run/summary.json"
set +e
"$gh" --archive "$archive" --config "$run/demo.toml" crawl --summary-json "$run/summary.json"
crawl_exit=$?
set -e
if [ "$crawl_exit" -gt 1 ]; then
  echo "demo: govharvest crawl failed with exit code $crawl_exit" >&2
  exit "$crawl_exit"
fi
echo
echo "crawl exit code: $crawl_exit (1 = some site did not go fully well: the simulator puts one Hanweb report"
echo "behind an anti-bot challenge, which govharvest reports and never tries to get around)"
echo
echo "== report pages archived per site ($gh --archive $archive archive list --role report --outcome ok)"
"$gh" --archive "$archive" archive list --role report --outcome ok | sed -n 's/.*"site":"\([a-z]*\)".*/\1/p' | sort | uniq -c
echo "   ground truth: the simulator lists $(grep -o '"title":' "$run/manifest.json" | wc -l) reports ($run/manifest.json);"
echo "   one is posted under two URLs, one is behind robots.txt and one behind the challenge"
echo
echo "== not fetched: robots.txt and challenges ($gh archive list --outcome robots_denied / blocked_challenge)"
{
  "$gh" --archive "$archive" archive list --outcome robots_denied
  "$gh" --archive "$archive" archive list --outcome blocked_challenge
} | sed -n 's/.*"error_detail":"\([^"]*\)".*"requested_url":"\([^"]*\)".*/   \2  (\1)/p'
echo
echo "== $gh --archive $archive --config $run/demo.toml extract   (clean every archived page into documents)"
"$gh" --archive "$archive" --config "$run/demo.toml" extract 2>/dev/null
echo
echo "== $gh --archive $archive --config $run/demo.toml export --out demo-snapshot --force   (snapshot for researchers)"
"$gh" --archive "$archive" --config "$run/demo.toml" export --out demo-snapshot --force
echo "Snapshot: $(pwd)/demo-snapshot (reports.jsonl, stats_long.csv, stats_wide.csv, govharvest.sqlite, summary.html, warc/)"
echo
echo "== $gh --archive $archive archive stats"
"$gh" --archive "$archive" archive stats
echo
echo "Archive: $(pwd)/$archive   summary: $run/summary.json"
echo "Try: $gh --archive $archive archive list --role report | head -1"
echo "     $gh --archive $archive clean <URL of a report above> --format text"
