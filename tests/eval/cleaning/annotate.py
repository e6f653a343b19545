#!/usr/bin/env python3
"""Helper used to write the annotations in pages/*.json (not run by ctest).

It turns a raw page into text segments with Python's own html.parser (not the
cleaner under test) and splits them by hand-chosen markers:

  annotate.py PAGE.json

PAGE.json gives "source" (fixture path), "url", "body_start" and "body_end"
(strings that open the first and close the last segment of the article body,
chosen by reading the page), optional "neutral" (substrings whose segments are
in neither list: the title, the 信息公开 metadata block) and "neutral_exact"
(whole segments), optional "replace"
({spam chain: real name} for mirror pages, where the cleaner is expected to put
the inferred name back; map each chain to the name it stands for in the real
report, longest chain first). Text sources are read line by line, a line with
"|" as table cells (one piece over 200 characters is a paragraph). Segments between the markers become "with" (table
cells go to "cells" instead), segments outside become "without". The result is
written back into PAGE.json and was then reviewed by hand.
"""
import html.parser
import json
import re
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
         "article", "dd", "dt", "dl", "form", "header", "footer", "nav", "aside", "center", "hr", "tbody",
         "thead", "title", "option", "select", "span_block"}
SKIP = {"script", "style", "noscript", "head", "select", "textarea", "iframe"}
VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "param", "source", "wbr"}


class Segmenter(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments = []  # (text, is_cell)
        self.buf = []
        self.skip = 0
        self.stack = []

    def flush(self, is_cell=False):
        text = re.sub(r"[\s\u3000\xa0]+", " ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.segments.append((text, is_cell))

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        if tag in ("td", "th") or tag in BLOCK:
            self.flush()
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in SKIP:
                self.skip = max(0, self.skip - 1)
            if top == tag:
                break
        if tag in ("td", "th"):
            self.flush(is_cell=True)
        elif tag in BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def decode(raw):
    head = raw[:2048].decode("ascii", "replace").lower()
    for enc in ("utf-8", "gb18030"):
        if enc == "utf-8" and re.search(r"charset=[\"']?(gbk|gb2312|gb18030)", head):
            continue
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "replace")


def segments_of(source):
    raw = (FIXTURES / source).read_bytes()
    text = decode(raw)
    if source.endswith(".txt"):
        out = []
        for line in text.splitlines():
            line = re.sub(r"[\s\u3000\xa0]+", " ", line).strip()
            if not line:
                continue
            if "|" in line:  # the seeds flatten tables as "cell |" lines and "a | b |" rows
                cells = [c.strip() for c in line.strip("|").split("|") if c.strip()]
                if len(cells) == 1 and len(cells[0]) > 200:  # a paragraph the dump ran into a row of pipes
                    out.append((cells[0], False))
                else:
                    out += [(c, True) for c in cells]
            else:
                out.append((line, False))
        return out
    p = Segmenter()
    p.feed(text)
    p.flush()
    return p.segments


def squash(s):
    return re.sub(r"[\s\u3000\xa0]+", "", s)


def meaningful(s):
    return len(re.findall(r"[\u4e00-\u9fffA-Za-z]", s)) >= 2


def main(path):
    spec = json.loads(Path(path).read_text())
    segs = segments_of(spec["source"])
    joined = [squash(t) for t, _ in segs]
    start = next(i for i, t in enumerate(joined) if squash(spec["body_start"]) in t)
    end = max(i for i, t in enumerate(joined) if squash(spec["body_end"]) in t)
    neutral = [squash(n) for n in spec.get("neutral", [])]
    neutral_exact = {squash(n) for n in spec.get("neutral_exact", [])}
    replace = spec.get("replace", {})
    with_, without, cells = [], [], []
    for i, (text, is_cell) in enumerate(segs):
        for chain, name in replace.items():
            text = text.replace(chain, name)
        if squash(text) in neutral_exact or any(n in squash(text) for n in neutral) or not meaningful(text) and not is_cell:
            continue
        if start <= i <= end:
            (cells if is_cell else with_).append(text)
        elif meaningful(text):
            without.append(text)
    body = "".join(squash(t) for t in with_ + cells)
    without = [t for t in dict.fromkeys(without) if squash(t) not in body]
    spec.update({"with": with_, "without": without, "cells": cells})
    Path(path).write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n")
    print(f"{path}: {len(with_)} with, {len(without)} without, {len(cells)} cells")


if __name__ == "__main__":
    for a in sys.argv[1:]:
        main(a)
