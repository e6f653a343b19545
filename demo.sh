#!/usr/bin/env bash
# The main job, on the bundled demo portal: installs what is missing, builds,
# starts the portal simulator (govharvest-portal, six simulated government
# sites on 127.0.0.11-16) on a free port, harvests their annual-report columns
# with `govharvest crawl` and config/demo.toml into ./demo-archive, shows
# what was harvested next to the simulator's ground truth, and cleans every
# archived page into documents (`govharvest extract`).
set -euo pipefail
cd "$(dirname "$0")"
.ci/bootstrap.sh build
gh=build/app/govharvest
run=demo-run          # simulator output, the config used, the summary
archive=demo-archive  # the harvest (recreated on every demo run: the port changes)
rm -rf "$run" "$archive"
mkdir -p "$run"

build/app/portal/govharvest-portal --port 0 --manifest-out "$run/manifest.json" >"$run/portal.ready" 2>"$run/portal.log" &
portal=$!
trap 'kill "$portal" 2>/dev/null || true; wait "$portal" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$run/portal.ready" ] && break
  sleep 0.1
done
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$run/portal.ready")
if [ -z "$port" ]; then
  echo "demo: the portal simulator did not start; see $run/portal.log" >&2
  exit 1
fi
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
