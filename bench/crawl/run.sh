#!/usr/bin/env bash
# Crawl benchmark: govharvest vs wget --recursive vs Scrapy on a generated
# site served by nginx on loopback (no real host is contacted).
#   bench/crawl/run.sh [HOSTS] [PAGES_PER_HOST]     default 50 x 200 = 10,000 pages of ~20 KB
#   bench/crawl/run.sh --queue                      500,000 and 1,000,000 queued URLs: RSS and queue throughput
# Prints a Markdown table; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=site
if [ "${1:-}" = "--queue" ]; then mode=queue; shift; fi
hosts=${1:-50}
pages=${2:-200}
concurrency=200
per_host=4

.ci/bootstrap.sh build >/dev/null
need=()
for p in nginx-light python3-scrapy wget time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/govharvest-crawlbench.XXXXXX)
trap '[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

if [ $mode = site ]; then
  /usr/bin/python3 bench/crawl/gen_site.py "$work/site" "$hosts" "$pages"
  listen_hosts=$(seq 1 "$hosts")
else
  # Host 127.0.0.98: 50 pages of 10,000 unique links (500,000 URLs);
  # host 127.0.0.99: 100 pages of 10,000 unique links (1,000,000 URLs).
  /usr/bin/python3 bench/crawl/gen_site.py "$work/half" 0 0 50 10000
  /usr/bin/python3 bench/crawl/gen_site.py "$work/site" 0 0 100 10000
  mv "$work/half/queue" "$work/site/127.0.0.98"
  mv "$work/site/queue" "$work/site/127.0.0.99"
  listen_hosts="98 99"
fi
chmod -R a+rX "$work"
{
  echo "worker_processes 1; pid $work/nginx.pid; error_log $work/error.log;"
  echo "events { worker_connections 8192; }"
  echo "http { access_log off; sendfile on; keepalive_requests 1000000; types { text/html html; }"
  echo "  server {"
  for h in $listen_hosts; do echo "    listen 127.0.0.$h:$port;"; done
  echo "    root $work/site/\$host; location / { } } }"
} > "$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf" -e "$work/error.log"

cat > "$work/bench.toml" <<TOML
[politeness]
min_delay_ms = 0
max_delay_ms = 0
max_concurrent_per_host = $per_host
[limits]
max_in_flight = $concurrency
TOML

measure() {  # name, then the command; prints "wall user sys maxrss_kb"
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
    echo "$name failed:" >&2; tail -5 "$work/$name.err" >&2; }
  cat "$work/$name.time" | tail -1
}

gh=build/app/govharvest
if [ $mode = queue ]; then
  # Each crawl fetches the index and the 100 link pages, queues the item URLs, then stops
  # (--max-pages). The RSS slope between the two sizes is the cost of one more queued URL;
  # the absolute peak also holds LevelDB's fixed buffers (two 64 MB memtables, 64 MB cache).
  queue_run() {  # host, pages to fetch -> "queued wall rss"
    local out
    out=$(measure "q$1" "$gh" --archive "$work/archive$1" --config "$work/bench.toml" --log-level warn \
      crawl --start "http://127.0.0.$1:$port/index.html" --max-pages "$2" --summary-json "$work/q$1.json")
    local q
    q=$(/usr/bin/python3 -c "import json; print(sum(h['left_queued'] for h in json.load(open('$work/q$1.json'))['hosts'].values()))")
    read -r w u s m <<<"$out"
    echo "$q $w $m"
  }
  read -r q1 w1 m1 < <(queue_run 98 51)
  read -r q2 w2 m2 < <(queue_run 99 101)
  echo "| queued URLs | wall s | URLs queued/s | peak RSS MB |"
  echo "|---|---|---|---|"
  /usr/bin/python3 - "$q1" "$w1" "$m1" "$q2" "$w2" "$m2" <<'PY'
import sys
q1, w1, m1, q2, w2, m2 = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
for q, w, m in ((q1, w1, m1), (q2, w2, m2)):
    print(f"| {q:,} | {w:.1f} | {q / w:,.0f} | {m / 1024:.0f} |")
print()
print(f"RAM per additional queued URL (RSS slope): {(m2 - m1) * 1024 / (q2 - q1):.0f} bytes")
PY
  exit 0
fi

starts=()
for h in $(seq 1 "$hosts"); do starts+=("http://127.0.0.$h:$port/index.html"); done
total=$((hosts * (pages + 1)))

read -r gw gu gs gm < <(measure govharvest "$gh" --archive "$work/archive" --config "$work/bench.toml" \
  --log-level warn crawl "${starts[@]/#/--start=}" --summary-json "$work/gh.json")
gp=$(/usr/bin/python3 -c "import json; print(sum(h['fetched'] for h in json.load(open('$work/gh.json'))['hosts'].values()))")
read -r sw su ss sm < <(measure scrapy /usr/bin/python3 bench/crawl/spider.py "$concurrency" "$per_host" "${starts[@]}")
sp=$(grep -o 'scrapy_pages [0-9]*' "$work/scrapy.err" | awk '{print $2}')
read -r ww wu ws wm < <(measure wget wget -r -l inf -q -e robots=on -P "$work/wget" "${starts[@]}")
wp=$(find "$work/wget" -name '*.html' | wc -l)

echo "site: $hosts hosts x $pages pages (+ index) = $total pages, $(du -sh "$work/site" | cut -f1); nginx on 127.0.0.x:$port"
echo
echo "| crawler | pages | wall s | pages/s | CPU s/page (ms) | peak RSS MB |"
echo "|---|---|---|---|---|---|"
row() { /usr/bin/python3 -c "
import sys; n, p, w, u, s, m = sys.argv[1:]; p=int(p or 0); w=float(w); c=float(u)+float(s)
print(f'| {n} | {p:,} | {w:.1f} | {p/w:,.0f} | {1000*c/max(p,1):.2f} | {int(m)/1024:.0f} |')" "$@"; }
row "govharvest crawl (archiving to LevelDB)" "$gp" "$gw" "$gu" "$gs" "$gm"
row "Scrapy 2.8 (no storage)" "$sp" "$sw" "$su" "$ss" "$sm"
row "wget --recursive (files)" "$wp" "$ww" "$wu" "$ws" "$wm"
