#!/usr/bin/env python3
"""Generate filename_vectors.jsonl: what pypa/packaging makes of distribution filenames.

Run from simpleapi/testdata with the packaging source on the path:

    PYTHONPATH=/tmp/packaging/src python3 gen_filename_vectors.py > filename_vectors.jsonl

Each line: {"filename", "func" ("wheel" or "sdist"), "ok", and when ok
"name", "version" (str of packaging's Version), "build" ([] or [int, str]),
"tags" (sorted "interp-abi-plat" strings)}. The inputs are the cases of the
spec digest (requirements-and-files.md section 6.3), variations on them, and the
filenames of the page corpus. This script only calls packaging.utils.
"""
import glob
import json
import os
import re
import sys

import packaging
from packaging.utils import parse_sdist_filename, parse_wheel_filename

CASES = [
    # wheels: valid
    "foo-1.0-py3-none-any.whl",
    "some_PACKAGE-1.0-py3-none-any.whl",
    "Foo.Bar-1.0-py3-none-any.whl",
    "foo_bár-1.0-py3-none-any.whl",
    "foo-1.0-1000-py3-none-any.whl",
    "foo-1.0-1000abc-py3-none-any.whl",
    "foo-1.0-01a-py3-none-any.whl",
    "foo-1.0-0-py3-none-any.whl",
    "foo-1.0-123456789012345678901234567890x-py3-none-any.whl",
    "foo-2-py2.py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "foo-1.0-py3.py2-none-any.whl",
    "foo-1.0-py3-NONE-Any.whl",
    "torch-2.0.0+cu118-cp310-cp310-linux_x86_64.whl",
    "foo-v1.0-py3-none-any.whl",
    "foo-1.0.post1.dev2-cp39-abi3-win_amd64.whl",
    "foo-1!2.0rc1-py3-none-any.whl",
    "foo-1.0RC1-py3-none-any.whl",
    "foo-1.0-cp311-cp311-macosx_10_9_universal2.whl",
    "numpy-1.26.4-pp39-pypy39_pp73-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "a-1-py3-none-any.whl",
    "_foo-1.0-py3-none-any.whl",
    "foo.-1.0-py3-none-any.whl",
    "foo_-1.0-py3-none-any.whl",
    "foo-1.0-_py-none-any.whl",
    # wheels: invalid
    "foo-1.0.whl",
    "foo-1.0-py3-none-any.wheel",
    "foo-1.0-200-py3-none-any-junk.whl",
    "foo-1.0--none-any.whl",
    "foo-1.0-py3-none-.whl",
    "foo-1.0-py3.-none-any.whl",
    "playlyfe-0.1.1-2.7.6-none-any.whl",
    "foo-1.0-py3-none-any.WHL",
    "foo__bar-1.0-py3-none-any.whl",
    "foo\n-1.0-py3-none-any.whl",
    "foo#bar-1.0-py3-none-any.whl",
    "-1.0-py3-none-any.whl",
    "foobar-1.x-py3-none-any.whl",
    "foo-1.0_1-py3-none-any.whl",
    "foo-1.0-abc-py3-none-any.whl",
    "foo-1.0-3py-none-any.whl",
    "foo-1.0-py-3-none-any.whl",
    "foo-bar-1.0-py3-none-any.whl",
    "foo bar-1.0-py3-none-any.whl",
    ".whl",
    "-----.whl",
    "foo-1.0-py3..py2-none-any.whl",
    # sdists: valid
    "foo-1.0.tar.gz",
    "foo-1.0.zip",
    "zope.interface-5.0.0.tar.gz",
    "foo-v1.0.tar.gz",
    "python-dateutil-2.8.2.tar.gz",
    "Foo_Bar-1.0.post1.tar.gz",
    "foo-1.0-1.tar.gz",
    "foo-bar-1.0.zip",
    "foo-1.0+local.1.tar.gz",
    # sdists: invalid
    "foo-1.0.xz",
    "foo1.0.tar.gz",
    "foo-1.x.tar.gz",
    "-1.0.tar.gz",
    "-1.0.zip",
    "foo-bar-1.0.tar.bz2",
    "foo-.tar.gz",
    "foo.tar.gz",
    "exampleproject-1.0.macosx-10.11-x86_64.tar.gz",
    "foo-1.0.TAR.GZ",
]


def corpus_filenames():
    names = set()
    for path in glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages", "*")):
        if path.endswith(".golden.json"):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        names.update(re.findall(r'"filename": "([^"]+)"', text))
        names.update(re.findall(r">([^<>\s]+\.(?:whl|tar\.gz|zip))<", text))
    return sorted(names)


def vector(filename):
    func = "wheel" if filename.endswith(".whl") or ".wh" in filename[-6:] else "sdist"
    out = {"filename": filename, "func": func}
    try:
        if func == "wheel":
            name, version, build, tags = parse_wheel_filename(filename)
            out.update(ok=True, name=name, version=str(version), build=list(build),
                       tags=sorted(str(t) for t in tags))
        else:
            name, version = parse_sdist_filename(filename)
            out.update(ok=True, name=name, version=str(version))
    except ValueError as e:  # InvalidWheelFilename, InvalidSdistFilename
        out.update(ok=False, error=type(e).__name__)
    return out


def main():
    print(json.dumps({"packaging": packaging.__version__}), file=sys.stderr)
    seen = set()
    for fn in CASES + corpus_filenames():
        if fn in seen:
            continue
        seen.add(fn)
        print(json.dumps(vector(fn), ensure_ascii=False))


if __name__ == "__main__":
    main()
