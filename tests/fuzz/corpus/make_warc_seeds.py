#!/usr/bin/env python3
"""Writes the WARC seed corpus of warc_fuzz (tests/fuzz/corpus/warc).

Each file starts with one byte, the fuzz target's mode byte (a newline, which
the WARC reader skips as a blank line when the smoke driver prepends its own).
Run from anywhere: python3 tests/fuzz/corpus/make_warc_seeds.py
"""
import gzip, hashlib, base64, os, zlib

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "warc")


def rec(typ, uri, block, extra=b"", content_type=b"application/http; msgtype=response", rid=b"1", date=b"2024-03-01T08:00:00Z"):
    head = b"WARC/1.1\r\nWARC-Type: " + typ + b"\r\n"
    if uri:
        head += b"WARC-Target-URI: " + uri + b"\r\n"
    head += b"WARC-Date: " + date + b"\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000" + rid + b">\r\n"
    head += extra
    if content_type:
        head += b"Content-Type: " + content_type + b"\r\n"
    head += b"Content-Length: %d\r\n\r\n" % len(block)
    return head + block + b"\r\n\r\n"


def digest(b):
    return b"sha256:" + base64.b32encode(hashlib.sha256(b).digest())


html = "<html><body>2023年政府信息公开工作年度报告</body></html>".encode()
resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(html) + html
req = b"POST /list.jsp HTTP/1.1\r\nHost: www.example.gov.cn\r\nContent-Length: 7\r\n\r\ncol=1&p"
basic = (rec(b"warcinfo", None, b"software: seed\r\nformat: WARC File Format 1.1\r\n", content_type=b"application/warc-fields", rid=b"0")
         + rec(b"request", b"http://www.example.gov.cn/list.jsp", req, b"WARC-Concurrent-To: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n",
               b"application/http; msgtype=request", rid=b"1")
         + rec(b"response", b"http://www.example.gov.cn/list.jsp", resp, b"WARC-Payload-Digest: " + digest(html) + b"\r\n", rid=b"2")
         + rec(b"revisit", b"<http://www.example.gov.cn/copy.html>", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
               b"WARC-Refers-To: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\nWARC-Payload-Digest: " + digest(html)
               + b"\r\nWARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n", rid=b"3"))

gz = gzip.compress(html, mtime=0)
chunks = b"%x\r\n" % 10 + gz[:10] + b"\r\n" + b"%x;ext=1\r\n" % (len(gz) - 10) + gz[10:] + b"\r\n0\r\nX-Trailer: y\r\n\r\n"
coded = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\nTransfer-Encoding: chunked\r\n"
         b"Content-Encoding: gzip\r\n\r\n" + chunks)
deflated = zlib.compress(b"%PDF-1.4 attachment", 9)[2:-4]  # raw deflate
raw = b"HTTP/1.0 304 Not Modified\r\nContent-Encoding: deflate\r\n\r\n" + deflated
coding = (rec(b"response", b"https://www.example.gov.cn/nb/2023.html", coded, rid=b"4")
          + rec(b"response", b"https://www.example.gov.cn/nb/2023.pdf", raw, rid=b"5", date=b"2024-03-01T08:00:01.5Z"))

capture = (b'govharvest-capture: {"requested_url":"http://www.example.gov.cn/a","final_url":"http://www.example.gov.cn/a",'
           b'"http_status":0,"fetched_at":"2024-03-01T08:00:00Z","outcome":"error:timeout","method":"GET"}\r\n')
resource = (rec(b"resource", b"file:///srv/reports/2022.pdf", b"%PDF-1.7 bytes", content_type=b"application/pdf", rid=b"6")
            + rec(b"resource", b"dns:www.example.gov.cn", b"20240301080000\nwww.example.gov.cn. 600 IN A 10.0.0.1\n",
                  content_type=b"text/dns", rid=b"7")
            + rec(b"metadata", b"http://www.example.gov.cn/a", capture, content_type=b"application/warc-fields", rid=b"8")
            + b"WARC/1.0\nWARC-Type: response\nWARC-Target-URI: http://lf.example/\nContent-Length: 19\n\nHTTP/1.1 200 OK\n\nx\n\n")

os.makedirs(here, exist_ok=True)
for name, body in [("basic.warc", basic), ("coding.warc", coding), ("resource.warc", resource)]:
    with open(os.path.join(here, name), "wb") as f:
        f.write(b"\n" + body)
# Mode byte 0: the bytes are read as they are, here two gzip members.
members = b"".join(gzip.compress(r, mtime=0) for r in [basic, coding])
with open(os.path.join(here, "members.warc.gz.seed"), "wb") as f:
    f.write(b"\0" + members)
