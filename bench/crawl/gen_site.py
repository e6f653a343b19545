#!/usr/bin/python3
"""Generates the benchmark site: HOSTS virtual hosts (127.0.0.1..N) of PAGES
pages each, about 20 KB per page, every page linking to the next five pages of
its host and back to the host's index. Optionally a "queue" host whose pages
each link to many unique URLs (for the 1,000,000-queued-URL run).

usage: gen_site.py OUT_DIR HOSTS PAGES [QUEUE_PAGES QUEUE_LINKS_PER_PAGE]
"""
import os
import random
import sys

TEXT = ("根据《中华人民共和国政府信息公开条例》要求，本机关编制了本年度政府信息公开工作年度报告。"
        "全年主动公开政府信息，办理依申请公开，行政复议和行政诉讼情况如下。")


def page(host, i, pages, rng):
    links = "".join(
        f'<li><a href="/xxgk/p{(i + k) % pages}.html">政府信息公开工作年度报告 {(i + k) % pages}</a></li>'
        for k in range(1, 6))
    rows = "".join(
        f"<tr><td>{r}</td><td>{rng.randint(0, 9999)}</td><td>{rng.randint(0, 999)}</td></tr>" for r in range(40))
    body = []
    size = 0
    while size < 16000:
        para = f"<p>{TEXT}{rng.randint(0, 10**9)}</p>"
        body.append(para)
        size += len(para.encode())
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{host} 报告 {i}</title></head>"
            f"<body><div class=\"nav\"><a href=\"/index.html\">首页</a></div><ul>{links}</ul>"
            f"<table>{rows}</table>{''.join(body)}</body></html>")


def main():
    out, hosts, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    queue_pages = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    queue_links = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    rng = random.Random(20261122)
    for h in range(1, hosts + 1):
        host = f"127.0.0.{h}"
        d = os.path.join(out, host, "xxgk")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(out, host, "index.html"), "w") as f:
            f.write('<html><body><a href="/xxgk/p0.html">年报</a></body></html>')
        for i in range(pages):
            with open(os.path.join(d, f"p{i}.html"), "w") as f:
                f.write(page(host, i, pages, rng))
    if queue_pages:
        d = os.path.join(out, "queue")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "index.html"), "w") as f:
            f.write("<html><body>" + "".join(f'<a href="/q{i}.html">q</a>' for i in range(queue_pages)) + "</body></html>")
        n = 0
        for i in range(queue_pages):
            with open(os.path.join(d, f"q{i}.html"), "w") as f:
                f.write("<html><body>")
                for _ in range(queue_links):
                    f.write(f'<a href="/item/{n}.html">i</a>')
                    n += 1
                f.write("</body></html>")


if __name__ == "__main__":
    main()
