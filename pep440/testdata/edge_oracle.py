#!/usr/bin/env python3
"""Expected results for hand-picked PEP 440 edge cases, from pypa/packaging.

Our own script (it only calls packaging's public API). Regenerate with:

    PYTHONPATH=/path/to/packaging/src python3 testdata/edge_oracle.py | gzip -9 -n > testdata/edge.jsonl.gz

Every line is one JSON object; the first names the packaging version.
"""
import json

import packaging
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version, parse
from packaging.utils import canonicalize_version

VERSIONS = [
    # dev, pre and post spellings
    "1.0dev", "1.0-DEV1", "1.0.dev", "1.0.alpha1", "1.0-b", "1.0C", "1.0c056", "1.0-pre2",
    "1.0preview", "1.0PREVIEW3", "1.0post", "1.0-5", "1.0-rev5", "1.0r", "1.0.r1", "1.0rev",
    "1.0a.", "1.0.post.", "1.0.dev.", "1.0a.post1", "1.0.post-dev", "1.0-r", "1.0alpha-1",
    "1.0a.1", "1.0.1-alpha.1", "1.0-1.dev1", "1.0a1-1", "1.0.postdev", "1.0a-", "1.0_a_1",
    "1.0rc", "1.0c", "1.0.rc.1", "1.0re1", "1.0alphabet",
    # integers and epochs
    "1.01", "1.1.dev09000", "00!1.2", "0100!0.0", "0!0", "000", "1.100000000000000000000000000000",
    "18446744073709551615", "18446744073709551616", "99999999999999999999.1",
    "1!" + "9" * 40 + ".0", "1.0a" + "1" * 30, "1.0.post" + "0" * 25 + "7",
    "0" * 4300, "0" * 4301, "1." + "1" * 4301, "1.0+" + "1" * 4300, "1.0+" + "1" * 4301,
    # case, v, whitespace and local
    "1.0+AbC", "   v1.0\t\n", "V1.0", "vv1.0", "1.0+ubuntu-1", "1.0+00", "1.0+foo0100",
    "1.0+ubuntu_1.2-B", "\u00a01.0\u2029", "\x1c1.0\x1f", "\u30001.0", "\u200b1.0",
    "1.0\u0085", "1.0+\u0130", "1.0+\u212a", "\u0661.0", "1.\u0660",
    # invalid syntax and segment use
    "", " ", "french toast", "1. 0", "1.0 a1", "1..0", "1.0.", ".1.0", "1_0", "1.0-",
    "1.0_1", "1.0.dev1.post1", "1.0a1b1", "1.0+a+", "1.0+_foobar", "1.0+1+1", "1.0+",
    "1.0+a..b", "1.0+a.", "1!", "!1", "1!2!3", "1.0a1.a2", "v", "1.0.*", "1.0 ", "+1",
    "1.0-post", "1.0--1", "1.0.-1", "1.0a.-1", "1.0-dev", "1.0.devdev",
]

ORDERS = [
    ["1.0.dev456", "1.0a0", "1.0a0.post0.dev0", "1.0a0.post0", "1.0a1.dev1", "1.0a1",
     "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346", "1.0rc1.dev1", "1.0c1", "1.0rc2",
     "1.0", "1.0.post0.dev0", "1.0.post0", "1.0.post456", "1.0.1.dev1", "1.0.1a1", "1.0.1",
     "1.0.1.post1", "1.1.dev1", "1.2.r32", "1!1.0.dev0"],
    ["1.0.dev456", "1.0.dev456+local", "1.0a0"],
    ["1.0a1", "1.0a1+local", "1.0b0"],
    ["1.2", "1.2+a", "1.2+abc", "1.2+abcdef", "1.2+def", "1.2+0", "1.2+1", "1.2+1.abc",
     "1.2+1.1", "1.2+1.1.0", "1.2+2", "1.2+123"],
    ["1.0rc1", "1.0c1", "1.0", "1.0.0", "1.0+ABC", "1.0+abc", "1.0+01", "1.0+1", "1.0+1.0"],
    ["1", "1.0", "1.0.0.0.0.0", "1.0.0.0.0.1", "1.0.0.0.1", "1.0.0.1", "1.0.1", "1.1"],
    ["1." + "9" * 25, "1." + "1" + "0" * 25, "1." + "1" + "0" * 25 + ".0", "2",
     "99999999999999999999", "100000000000000000000", "1!0"],
    ["1.0a" + "9" * 25, "1.0b" + "0" * 20, "1.0.post" + "9" * 30 + ".dev" + "9" * 30,
     "1.0.post" + "9" * 30, "1.0.post1" + "0" * 30],
]

SPECS = [
    "==2", "==2.0.0", "==2.0+deadbeef", "==2.0.0+deadbeef.00", "!=2.0", "==2.0.*", "==2.0.0.*",
    "==2.1.*", "==1.1.*", "==1.*", "==2!1.0.0.0.*", ">=2", "<=2", ">2", ">1.0a1", ">1.0.dev1",
    ">1.0.post1", "<2", "<2.1", "<3.0.0a8", "<1.0.post1", "~=1.0", "~=1.0a1", "~=1.0.0",
    "~=2.2.post3", "~=1.4.5a4", "~=2022.01.01", ">2.0", ">=2.0", "!=1.0", "<2!0.1", "===1.0",
    "===1.0a1.post2.dev3", "===LOLWAT", "===1.1", ">=1.0", ">1.0", "<2.0", "<1.0.dev1",
    "==1.0.dev1", ">=1.0.dev1", "<=1.0.dev1", "~=1.0.dev1", "!=1.0.dev1", "==1.0.*",
    ">=1.0,<=2.0dev", ">=0.9,!=0.9,<=1.0", ">=1,!=1.*,!=2.*,!=3.0,<=3.0", "", " , ,",
    ">=1.2.3", "!=2.0a1", "~=2.0a1", "==1.0,", " >= 1.0 , < 2 ", "==1.0,==1.0.0", "<0",
    "===", "=== foo", "==v1.0.*", ">v1.0", "~=1!1.0", ">1.0.post1.dev1", ">1!1.0",
    ">=1.0.0,==1.0", "===1.0,>=1.0", "===foobar,===FOOBAR", "===1.0a1", "<1.0a1", "!=1.0.*",
    "==1." + "9" * 25 + ".*", "~=1." + "9" * 25, ">1." + "9" * 25, "<" + "9" * 25,
    "\u00a0>=1.0\u2029", ">=\u30001.0",
]

INVALID_SPECS = [
    "2.0", "=>2.0", "==", "~=1", "~=1.0+5", ">=1.0+deadbeef", "<1.0+1.0", "~=1.0.*",
    ">=1.0.*", "<1.0.*", "==1.0.*+5", "==2.0a1.*", "==2.0.post1.*", "==2.0.dev1.*", "==1.0+5.*",
    "==1.0.*.5", "==1.2+\u0130", "=1.0", "== 1.0 .*", "===foo bar", "===a;b", "===a)",
    "==1.0 a1", "<<1.0", "!==1.0", "~1.0", ">=1.0;", "~=v1", "==.*", "==1.*.*", ">=", "lolwat",
    ">=1.0,foo", "==1.0,,<=", "==\u0661.0", "<=1.0+0",
]

CANDIDATES = [
    "0", "0.9", "0.9.post1", "1.0.dev0", "1.0a1", "1.0", "1.0+local", "1.0.post0", "1.0.post1",
    "1.0.post1.dev0", "1.0.post2+local", "1.1", "1.1.post1", "1.4.5a3", "1.5a1", "1.9999999",
    "2", "2.0", "2.0.0", "2.0a1", "2.0.dev1", "2.0+deadbeef", "2.0+deadbeef.0", "2.0.post1",
    "2.0.post1.dev1", "2.0b1.post1", "2c1.post1.dev1", "2.1+local.version", "2.1.0.0", "2.3",
    "3.0.dev0", "3.0a1", "3.0.0a7", "4.0", "1.10", "2!1.0", "2!1.0.0", "1.0A1.POST2.DEV3",
    "2022.01.01", "1.01", "1.1", "lolwat", "LOLWAT", "FOOBAR", "not a valid version",
    "1." + "9" * 25, "1." + "9" * 24 + "8", "2.0.0.dev0", "1!1.0",
]


def main():
    print(json.dumps({"packaging": packaging.__version__, "kind": "edge"}))
    for s in VERSIONS:
        try:
            v = Version(s)
        except InvalidVersion:
            print(json.dumps({"kind": "version", "in": s, "valid": False}))
            continue
        except ValueError:  # CPython's int digit limit
            print(json.dumps({"kind": "version", "in": s, "valid": False, "value_error": True}))
            continue
        print(json.dumps({"kind": "version", "in": s, "valid": True, "str": str(v),
                          "canonical": canonicalize_version(v), "public": v.public,
                          "base": v.base_version, "is_prerelease": v.is_prerelease}))
    for chain in ORDERS:
        vs = [Version(s) for s in chain]
        for a in range(len(vs)):
            for b in range(len(vs)):
                va, vb = vs[a], vs[b]
                print(json.dumps({"kind": "order", "a": chain[a], "b": chain[b],
                                  "cmp": (va > vb) - (va < vb)}))
    print(json.dumps({"kind": "candidates", "list": CANDIDATES}))
    for spec in SPECS:
        ss = SpecifierSet(spec)
        print(json.dumps({"kind": "set", "spec": spec, "str": str(ss),
                          "prereleases": ss.prereleases}))
        for c in CANDIDATES:
            out = {"kind": "contains", "spec": spec, "version": c,
                   "string": ss.contains(c),
                   "string_pre": ss.contains(c, prereleases=True),
                   "string_nopre": ss.contains(c, prereleases=False)}
            try:
                v = Version(c)
                out["version_obj"] = ss.contains(v)
                out["version_obj_nopre"] = ss.contains(v, prereleases=False)
            except InvalidVersion:
                pass
            print(json.dumps(out))
        for pre in (None, True, False):
            print(json.dumps({"kind": "filter", "spec": spec, "prereleases": pre,
                              "out": list(ss.filter(CANDIDATES, prereleases=pre))}))
    for spec in INVALID_SPECS:
        try:
            SpecifierSet(spec)
            valid = True
        except InvalidSpecifier:
            valid = False
        print(json.dumps({"kind": "invalid", "spec": spec, "valid": valid}))
    pairs = [("==1.2.3", "== 1.2.3.0"), ("~=1.18.0", "~=1.18"), ("==1.0.*", "==1.0.0.*"),
             (">=1.0,<2", "<2,>=1.0"), (">=1.0,<2", "<2.0,>=1"), ("==1.0+A", "==1.0.0+a"),
             ("===foo", "===FOO"), ("", ","), (">=1", ">=1,>=1.0")]
    for a, b in pairs:
        print(json.dumps({"kind": "equal", "a": a, "b": b, "equal": SpecifierSet(a) == SpecifierSet(b)}))


if __name__ == "__main__":
    main()
