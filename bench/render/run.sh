#!/usr/bin/env bash
# Rendering benchmark (issue 17) on the simulator's script-built columns
# (govharvest-portal --columns: c27, a JSON API behind a 下一页 button; c28,
# a hash-routed single-page app), loopback only:
#   - `govharvest columns URL --render` N times per column (each run starts
#     its own headless Chromium): wall time per rendered column, requests per
#     rendered column page, side by side with the static reading of the same
#     page (`govharvest columns URL`), which finds nothing there;
#   - a crawl of both columns with render = "auto" (one browser for the job);
#   - the memory of the browser and its tab (PSS), sampled every 50 ms.
#   bench/render/run.sh [N]      (default 10)
# Prints Markdown tables; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10}
.ci/bootstrap.sh build >/dev/null
gh=$(pwd)/build/app/govharvest
work=$(mktemp -d /tmp/govharvest-renderbench.XXXXXX)
build/app/portal/govharvest-portal --columns --port 0 --config-out "$work/columns.toml" >"$work/ready" 2>/dev/null &
portal=$!
trap 'kill $portal 2>/dev/null; wait $portal 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/ready" ] && break; sleep 0.1; done

/usr/bin/python3 - "$gh" "$work" "$n" <<'PY'
import json, os, subprocess, sys, threading, time
gh, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ready = json.load(open(f"{work}/ready"))
manifest = json.loads(subprocess.run(["curl", "-s", "--noproxy", "*", ready["manifest"]], capture_output=True, text=True).stdout)
config = f"{work}/columns.toml"

# Proportional set size (shared pages divided among the processes that map
# them; a sum of RSS would count the shared libraries once per process).
peak = {"pss": 0, "processes": 0, "renderer": 0}
stop = threading.Event()
def pss(pid):
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith("Pss:"): return int(line.split()[1])
    return 0
def sample():
    while not stop.is_set():
        total, count, renderer = 0, 0, 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit(): continue
            try:
                cmd = open(f"/proc/{pid}/cmdline", "rb").read()
                if b"govharvest-chromium" not in cmd: continue
                kb = pss(pid)
                total += kb; count += 1
                if b"--type=renderer" in cmd: renderer = max(renderer, kb)
            except OSError:
                pass
        if total > peak["pss"]: peak.update(pss=total, processes=count)
        peak["renderer"] = max(peak["renderer"], renderer)
        time.sleep(0.05)
sampler = threading.Thread(target=sample); sampler.start()

print("| column | static: reports found | static s/page | rendered: reports found (of) | rendered s/column (browser start included) | requests per rendered column | states |")
print("|---|---|---|---|---|---|---|")
for vid in ["c27-json-api-nextbutton", "c28-hash-spa"]:
    v = manifest["variants"][vid]
    t0 = time.monotonic()
    static = subprocess.run([gh, "--config", config, "columns", v["entry"], "--json"], capture_output=True, text=True)
    static_s = time.monotonic() - t0
    static_reports = sum(l["kind"] == "report" for l in json.loads(static.stdout)["links"])
    times, reports, requests, states = [], 0, 0, 0
    for _ in range(n):
        t0 = time.monotonic()
        out = subprocess.run([gh, "--config", config, "columns", v["entry"], "--render", "--json"], capture_output=True, text=True, check=True)
        times.append(time.monotonic() - t0)
        j = json.loads(out.stdout)
        reports = sum(l["kind"] == "report" for l in j["links"])
        requests = len(j["render"]["requests"])
        states = len(j["render"]["states"])
    times.sort()
    print(f"| {vid} | {static_reports} | {static_s:.2f} | {reports} ({len(v['reports'])}) | {times[len(times)//2]:.2f} (median of {n}) | {requests} | {states} |")

t0 = time.monotonic()
subprocess.run([gh, "--config", config, "--archive", f"{work}/archive", "--log-level", "error", "crawl", "--site",
                "c27-json-api-nextbutton", "--site", "c28-hash-spa", "--summary-json", f"{work}/crawl.json"],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
crawl_s = time.monotonic() - t0
stop.set(); sampler.join()
summary = json.load(open(f"{work}/crawl.json"))
sites = summary["sites"]
print()
print("| crawl of c27 + c28, render = auto | reports | rendered pages | browser requests | wall time | peak PSS, browser and its tab (processes) | peak PSS of the tab's renderer |")
print("|---|---|---|---|---|---|---|")
reports = sum(sum(s["reports_by_year"].values()) for s in sites.values())
print(f"| 2 sites, politeness 50 ms | {reports} | {sum(s['rendered_pages'] for s in sites.values())} | "
      f"{sum(s['browser_requests'] for s in sites.values())} | {crawl_s:.1f} s | {peak['pss']/1024:.0f} MB ({peak['processes']}) | "
      f"{peak['renderer']/1024:.0f} MB |")
PY
