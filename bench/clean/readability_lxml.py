#!/usr/bin/env python3
"""readability-lxml (Debian python3-readability) over the annotated accuracy
corpus, for bench/clean/run.sh: the same pages as clean_bench, from their raw
bytes (readability-lxml detects the encoding itself), timed rounds.

  readability_lxml.py --pages DIR --fixtures DIR --out DIR [--min-seconds S] [--html-only]

Writes the text of each page's summary() to OUT/<stem>.txt and prints one
JSON line like clean_bench.
"""
import argparse
import json
import logging
import time
from pathlib import Path

import lxml.html
from readability import Document

logging.disable(logging.CRITICAL)


def clean(page):
    summary = Document(page["bytes"], url=page["url"] or None).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-seconds", type=float, default=5)
    ap.add_argument("--html-only", action="store_true")
    a = ap.parse_args()
    pages = []
    for f in sorted(Path(a.pages).glob("*.json")):
        spec = json.loads(f.read_text())
        if a.html_only and spec["source"].endswith(".txt"):
            continue
        pages.append({"stem": f.stem, "url": spec.get("url", ""),
                      "bytes": (Path(a.fixtures) / spec["source"]).read_bytes()})
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for p in pages:
        (out / (p["stem"] + ".txt")).write_text(clean(p))
    start = time.perf_counter()
    rounds, seconds, sink = 0, 0.0, 0
    while rounds < 1 or seconds < a.min_seconds:
        for p in pages:
            sink += len(clean(p))
        rounds += 1
        seconds = time.perf_counter() - start
    total = sum(len(p["bytes"]) for p in pages)
    import readability
    print(json.dumps({"cleaner": "readability-lxml", "version": getattr(readability, "__version__", "?"),
                      "pages": len(pages), "bytes": total, "rounds": rounds, "seconds": seconds,
                      "pages_per_s": len(pages) * rounds / seconds, "mb_per_s": total * rounds / seconds / 1e6,
                      "text_chars": sink / rounds}))


if __name__ == "__main__":
    main()
