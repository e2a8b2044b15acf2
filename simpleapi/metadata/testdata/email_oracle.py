#!/usr/bin/env python3
"""Print how Python reads core metadata files, as JSON, for the Go tests.

Usage: email_oracle.py FILE...

For each file, prints one JSON object: the fields in order as Python's
email parser (compat32 policy, the one pip, importlib.metadata and
packaging use) stores them, the body, the parser's defects, and, when
pypa/packaging with packaging.metadata.parse_email can be imported, the
raw and unparsed dicts of parse_email. Run with PYTHONPATH pointing at a
packaging source tree to get the latter.
"""
import email.parser
import email.policy
import json
import os
import sys

try:
    from packaging.metadata import parse_email
except ImportError:  # no packaging, or one without the metadata module
    parse_email = None


def utf8(s):
    # The bytes parser decodes as ASCII with surrogateescape: undo it.
    return s.encode("ascii", "surrogateescape").decode("utf-8")


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    msg = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data)
    out = {
        "file": os.path.basename(path),
        "fields": [[utf8(k), utf8(v)] for k, v in msg._headers],
        "body": msg.get_payload(decode=True).decode("utf-8"),
        "defects": sorted(type(d).__name__ for d in msg.defects),
    }
    if parse_email is not None:
        raw, unparsed = parse_email(data)
        out["packaging"] = {"raw": raw, "unparsed": sorted(unparsed)}
    return out


def main():
    for path in sys.argv[1:]:
        print(json.dumps(read(path), sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main()
