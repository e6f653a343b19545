#!/usr/bin/env bash
# Discovery benchmark (issue 16) on the simulator's portal trees
# (govharvest-portal --trees, named *.gov.cn hosts on 127.0.0.200 reached
# through the simulator as HTTP proxy; no real host is contacted):
#   1. `govharvest discover` from each tree's home page, at a 50 ms delay,
#      side by side with the baseline, an ad-hoc breadth-first crawl from the
#      same home page in the same domain (`govharvest crawl --start HOME
#      --scope domain`) at the same delay: pages fetched in all and pages
#      fetched until the last column of the ground truth was fetched;
#   2. discover on T5 (60 bodies, one host) at the default politeness
#      (1 s minimum delay, adaptive): wall time.
#   bench/discover/run.sh [--skip-default]
# Prints Markdown tables; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/bootstrap.sh build >/dev/null
gh=$(pwd)/build/app/govharvest
work=$(mktemp -d /tmp/govharvest-discoverbench.XXXXXX)
build/app/portal/govharvest-portal --trees --port 0 --manifest-out "$work/manifest.json" >"$work/ready" 2>/dev/null &
portal=$!
trap 'kill $portal 2>/dev/null; wait $portal 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/ready" ] && break; sleep 0.1; done
proxy=$(sed -n 's/.*"proxy":"\([^"]*\)".*/\1/p' "$work/ready")
printf '[harvest]\nproxy = "%s"\n' "$proxy" >"$work/default.toml"
printf '[harvest]\nproxy = "%s"\n[politeness]\nmin_delay_ms = 50\nmax_delay_ms = 200\n' "$proxy" >"$work/fast.toml"

/usr/bin/python3 - "$gh" "$work" "${1:-}" <<'PY'
import json, subprocess, sys, time
gh, work, flag = sys.argv[1], sys.argv[2], sys.argv[3]
manifest = json.load(open(f"{work}/manifest.json"))
key = lambda u: u.rstrip("/").removesuffix("index.html").removesuffix("index.htm").rstrip("/")

def discover(tree_id, home, config):
    out = f"{work}/{tree_id}-{config}"
    t0 = time.monotonic()
    subprocess.run([gh, "--config", f"{work}/{config}.toml", "--archive", f"{out}.archive", "--log-level", "error",
                    "discover", home, "--out", f"{out}.toml", "--report-json", f"{out}.json"],
                   check=True, stdout=subprocess.DEVNULL)
    return json.load(open(f"{out}.json")), time.monotonic() - t0

def bfs(tree_id, home, truth):
    archive = f"{work}/{tree_id}-bfs.archive"
    t0 = time.monotonic()
    subprocess.run([gh, "--config", f"{work}/fast.toml", "--archive", archive, "--log-level", "error", "crawl",
                    "--start", home, "--scope", "domain"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - t0
    lines = subprocess.run([gh, "--archive", archive, "archive", "list"], capture_output=True, text=True).stdout
    caps = sorted((json.loads(l) for l in lines.splitlines()), key=lambda c: c["fetched_at"])
    pages = [c for c in caps if c.get("role") != "robots"]
    last = 0
    for i, c in enumerate(pages, 1):
        if key(c["requested_url"]) in truth: last = i
    found = {key(c["requested_url"]) for c in pages} & truth
    return len(pages), (last if len(found) == len(truth) else None), len(found), seconds

print("| tree | bodies | columns | discover: found / right / names | discover pages (per body) | discover s |"
      " BFS crawl pages | BFS pages until the last column | BFS columns reached | BFS s |")
print("|---|---|---|---|---|---|---|---|---|---|")
for tree_id, tree in manifest["trees"].items():
    truth = {key(e): b for b in tree["bodies"] for e in b["entries"]}
    report, seconds = discover(tree_id, tree["homes"][0], "fast")
    found = {key(b["entries"][0]["url"]): b for b in report["bodies"]}
    right = [u for u in found if u in truth]
    names = sum(found[u]["agency"] == truth[u]["agency"] for u in right)
    bodies = len(tree["bodies"])
    pages, until, reached, bfs_seconds = bfs(tree_id, tree["homes"][0], set(truth))
    print(f"| {tree_id} | {bodies} | {len(truth)} | {len(found)} / {len(right)} / {names} | {report['pages']} "
          f"({report['pages'] / bodies:.2f}) | {seconds:.1f} | {pages} | {until if until else 'not all'} | "
          f"{reached}/{len(truth)} | {bfs_seconds:.1f} |")

if flag != "--skip-default":
    tree = manifest["trees"]["t5-simxj"]
    report, seconds = discover("t5-simxj", tree["homes"][0], "default")
    print()
    print("| T5 at the default politeness (1 s minimum delay) | bodies | columns found | pages | wall time |")
    print("|---|---|---|---|---|")
    print(f"| t5-simxj | {len(tree['bodies'])} | {len(report['bodies'])} | {report['pages']} | {seconds:.0f} s |")
PY
