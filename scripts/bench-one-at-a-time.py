#!/usr/bin/env python3
"""For scripts/bench: fetches one page N times, one request at a time, as a browser does
(gzipped, over one kept-alive connection), and prints the median time of the whole answer as
the client saw it beside the median time its own database statements took in the server
(the `db` part of the Server-Timing header, `[server] timing_header`), and their ratio.

    bench-one-at-a-time.py URL COOKIE N [--with-audit]
prints: page_ms db_ms ratio [audit_ms]

--with-audit adds the median time the server waited for the page's read audit to be stored
(the `audit` part of the header), which its statements do not include.

COOKIE may instead be "Bearer TOKEN", sent as the Authorization header (the JSON API).
"""
import http.client
import statistics
import sys
import time
import urllib.parse

url, cookie, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with_audit = "--with-audit" in sys.argv[4:]
credential = ("Authorization", cookie) if cookie.startswith("Bearer ") else ("Cookie", cookie)
parts_of_url = urllib.parse.urlsplit(url)
path = parts_of_url.path + (f"?{parts_of_url.query}" if parts_of_url.query else "")
conn = http.client.HTTPConnection(parts_of_url.hostname, parts_of_url.port)
pages, dbs, audits = [], [], []
for i in range(n + 1):
    start = time.perf_counter()
    conn.request("GET", path, headers={credential[0]: credential[1], "Accept-Encoding": "gzip"})
    res = conn.getresponse()
    res.read()
    took = (time.perf_counter() - start) * 1000
    if res.status != 200:
        sys.exit(f"{url} answered {res.status}")
    timing = res.getheader("Server-Timing", "")
    if i == 0:
        continue  # the first answer warms the connection and any kept report
    parts = dict(p.strip().split(";dur=") for p in timing.split(",") if ";dur=" in p)
    if "db" not in parts:
        sys.exit(f"no Server-Timing from {url}: is [server] timing_header on?")
    pages.append(took)
    dbs.append(float(parts["db"]))
    audits.append(float(parts.get("audit", "0")))
page, db = statistics.median(pages), statistics.median(dbs)
line = f"{page:.2f} {db:.2f} {page / db if db > 0 else float('inf'):.2f}"
print(f"{line} {statistics.median(audits):.2f}" if with_audit else line)
