#!/usr/bin/env python3
"""Print what pip's own link parser reads from Simple API pages, as JSON.

Used by TestPipDifferential (simpleapi/pip_test.go). Reads from stdin a JSON
list of {"path", "url", "content_type"} and writes to stdout a JSON list,
one entry per page, of the links pip finds: filename, URL without fragment
(percent-decoded, for comparison), hashes, requires-python, yank and core
metadata. Only links naming a file over http, https or file are listed,
the same filter the Go parser applies (pip lists every <a href> and
filters later by extension).

This script calls pip's internal API (pip._internal.index.collector,
pip 23.2.1); it copies nothing from it.
"""
import json
import sys
import urllib.parse

from pip._internal.index.collector import IndexContent, parse_links


def links(path, url, content_type):
    with open(path, "rb") as f:
        content = f.read()
    page = IndexContent(content, content_type, encoding=None, url=url, cache_link_parsing=False)
    out = []
    for link in parse_links(page):
        parts = urllib.parse.urlsplit(link.url)
        if parts.scheme.lower() not in ("http", "https", "file"):
            continue
        last = parts.path.rsplit("/", 1)[-1]
        if not last:
            continue
        md = link.metadata_file_data
        out.append({
            "filename": link.filename,
            "url": urllib.parse.unquote(link.url_without_fragment),
            "hashes": {k: v for k, v in (link._hashes or {}).items()},
            "requires_python": link.requires_python or "",
            "yanked": link.yanked_reason is not None,
            "yanked_reason": link.yanked_reason or "",
            "metadata": None if md is None else {"hashes": md.hashes or {}},
        })
    return out


def main():
    pages = json.load(sys.stdin)
    json.dump([links(p["path"], p["url"], p["content_type"]) for p in pages], sys.stdout)


if __name__ == "__main__":
    main()
