#!/usr/bin/env python3
"""Time pip's own Simple API parser on the benchmark page; print MB/s.

    python3 pip_bench.py html|json [PAGE_FILE]

Without PAGE_FILE, the page is generated like BenchmarkParseHTML/JSON do:
gen_simple_page.py project botocore --versions 2000 --wheels 2 (path from
$GEN_SIMPLE_PAGE or /work/shared/tools/gen_simple_page.py). Calls pip's
internal parse_links (pip 23.2.1); copies nothing from pip.
"""
import os
import subprocess
import sys
import time

from pip._internal.index.collector import IndexContent, parse_links

fmt = sys.argv[1] if len(sys.argv) > 1 else "html"
if len(sys.argv) > 2:
    with open(sys.argv[2], "rb") as f:
        data = f.read()
else:
    gen = os.environ.get("GEN_SIMPLE_PAGE", "/work/shared/tools/gen_simple_page.py")
    data = subprocess.run([sys.executable, gen, "project", "botocore", "--versions", "2000",
                           "--wheels", "2", "--format", fmt], check=True, capture_output=True).stdout
ct = "text/html" if fmt == "html" else "application/vnd.pypi.simple.v1+json"
url = "https://pypi.org/simple/botocore/"


def once():
    page = IndexContent(data, ct, encoding=None, url=url, cache_link_parsing=False)
    return sum(1 for _ in parse_links(page))


n = once()
runs, start = 0, time.perf_counter()
while time.perf_counter() - start < 3 or runs < 3:
    once()
    runs += 1
elapsed = (time.perf_counter() - start) / runs
print(f"pip {fmt}: {n} links, {len(data)} bytes, {elapsed * 1000:.1f} ms/op, {len(data) / elapsed / 1e6:.2f} MB/s")
