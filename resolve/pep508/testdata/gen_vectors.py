#!/usr/bin/env python3
"""Differential test vectors for resolve/pep508, produced by pypa/packaging.

Written for safeindex. It only calls packaging's public API
(packaging.requirements.Requirement, packaging.markers.Marker and
Marker.evaluate) and prints what packaging answers, one JSON object a line:

  {"kind": "envs", "envs": {NAME: {"context": C, "values": {...}}}}   (first line)
  {"kind": "req", "in": S, "valid": B, "str": S|null, "str_ok": B,
   "name": S, "extras": [S], "specifier": S, "url": S|null, "marker": S|null}
  {"kind": "marker", "in": S, "valid": B, "str": S|null, "str_ok": B,
   "results": [{"env": NAME, "value": true|false|"UndefinedComparison"|...}]}

"str" is null when str() raises; "str_ok" says whether str() parses back to an
equal object. Regenerate (python 3.11, packaging 26.4.dev0 at /tmp/packaging):

  PYTHONPATH=/tmp/packaging/src python3 testdata/gen_vectors.py | gzip -9n > testdata/vectors.jsonl.gz
"""

import json
import random
import sys
import warnings

import packaging
from packaging.markers import Marker
from packaging.requirements import Requirement

warnings.simplefilter("ignore")  # invalid escape sequences in quoted strings

BASE = {
    "implementation_name": "cpython",
    "implementation_version": "3.12.4",
    "os_name": "posix",
    "platform_machine": "x86_64",
    "platform_release": "5.15.0-1051-azure",
    "platform_system": "Linux",
    "platform_version": "#51-Ubuntu SMP Thu Jan 1 00:00:00 UTC 2024",
    "python_full_version": "3.12.4",
    "platform_python_implementation": "CPython",
    "python_version": "3.12",
    "sys_platform": "linux",
}


def env(context, **kw):
    values = dict(BASE)
    values.update(kw)
    return {"context": context, "values": values}


ENVS = {
    "linux312": env("metadata", extra=""),
    "linux312-extra": env("metadata", extra="Security_Extra"),
    "win27": env(
        "metadata",
        extra="test",
        implementation_version="2.7.10",
        os_name="nt",
        platform_machine="AMD64",
        platform_release="10",
        platform_system="Windows",
        platform_version="10.0.19041",
        python_full_version="2.7.10",
        python_version="2.7",
        sys_platform="win32",
    ),
    "mac312rc": env(
        "requirement",
        implementation_version="3.12.0rc1",
        platform_machine="arm64",
        platform_release="23.1.0",
        platform_system="Darwin",
        platform_version="Darwin Kernel Version 23.1.0",
        python_full_version="3.12.0rc1",
        sys_platform="darwin",
    ),
    "lock311": env(
        "lock_file",
        extras=["Foo", "bar_baz"],
        dependency_groups=["dev", "Test.Docs"],
        python_full_version="3.11.1+",
        python_version="3.11",
        implementation_version="3.11.1",
    ),
    "odd": env(
        "metadata",
        extra="v2",
        implementation_name="pypy",
        implementation_version="7.3.13",
        os_name="c",
        platform_python_implementation="PyPy",
        platform_release="13",
        platform_version="13",
        python_full_version="3.11.0a5",
        python_version="3.9",
        sys_platform="1.0.0",
    ),
}


def evaluate(m, name):
    e = ENVS[name]
    values = dict(e["values"])
    for k in ("extras", "dependency_groups"):
        if k in values:
            values[k] = frozenset(values[k])
    try:
        return m.evaluate(values, context=e["context"])
    except Exception as exc:  # the class name is the answer
        return type(exc).__name__


def req_record(s):
    rec = {"kind": "req", "in": s}
    try:
        r = Requirement(s)
    except Exception as exc:
        rec.update(valid=False, error=type(exc).__name__)
        return rec
    rec["valid"] = True
    try:
        out = str(r)
        rec["str"] = out
        try:
            rec["str_ok"] = Requirement(out) == r and str(Requirement(out)) == out
        except Exception:
            rec["str_ok"] = False
    except Exception:
        rec["str"] = None
        rec["str_ok"] = False
    rec["name"] = r.name
    rec["extras"] = sorted(r.extras)
    rec["specifier"] = str(r.specifier)
    rec["url"] = r.url
    try:
        rec["marker"] = None if r.marker is None else str(r.marker)
    except Exception:
        rec["marker"] = "<str error>"
    return rec


def marker_record(s):
    rec = {"kind": "marker", "in": s}
    try:
        m = Marker(s)
    except Exception as exc:
        rec.update(valid=False, error=type(exc).__name__)
        return rec
    rec["valid"] = True
    try:
        out = str(m)
        rec["str"] = out
        try:
            rec["str_ok"] = Marker(out) == m
        except Exception:
            rec["str_ok"] = False
    except Exception:
        rec["str"] = None
        rec["str_ok"] = False
    rec["results"] = [{"env": n, "value": evaluate(m, n)} for n in ENVS]
    return rec


# (a) the digest's vectors, (b) hand-picked edge cases.
REQS = [
    'requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7"',
    'requests[security, tests]>=2.8.1,==2.8.*;python_version<"2.7"',
    "name (>=1.0, <2)", "name>=1.0,", 'name[a_b, C]>=1.0,<2;python_version>="3"',
    'name[b,a]@ https://x/y.whl ; os_name=="nt"',
    "", "==0.0", "name (>= 1.0", "name[bar baz]", "name[bar, baz,]", "black (>=20.*)",
    "name==1.2.3.post4.*", "name<=1.0+local", "demo===x,y", "name; invalid_name", "name @ ",
    "name==1.0 ;", "name @ https://example.com/; extra == 'example'",
    'name @ https://x/a.whl;python_version<"3"', "name @ file:///absolute/path",
    "scikit-learn==1.0.1", "scikit_learn==1.0.1", "foo==1.0.0", "foo==1.0.0.0",
    "packaging>20.1", "packaging>=20.1", 'mariadb>=1.0.1; extra == "mariadb_connector"',
    "foo_", "foo-", "-foo", "foo.", "name[]", "name()", "name[ ]", "name( )", "name\n",
    "name>=1.0\n", "name\r", "name @ http://x\n", "name>=\n1.0", "name===\u00a0x",
    "name>=\u00a01.0", "name@http://foo.com", "name @ http://foo.com ; ",
    "name @ http://foo.com ;", "name @ http://foo.com\t", "  name  ", "\tname\t",
    "name [extra] (>=1)", "name[extra](>=1)", "name (>=1) ; os_name == 'nt'",
    "name (>=1);os_name=='nt'", "name >=1 ,<2 ,", "name>=1,,<2", "name,",
    "name~=1", "name~=1.0", "name~=1.0.*", "name==1.0.*", "name!=1.0.*", "name>=1.0.*",
    "name==1.0+local", "name!=1.0+Local", "name>=1.0+local", "name>=1.0+LOCAL",
    "name==1.0a1.*", "name===1.0", "name=== 1.0", "name===1.0 ; os_name=='a'",
    "name===", "name==", "name>=v1.0", "name>=V1.0", "name>=1!2.0", "name>=1!",
    "name==1.0.post1.dev2+abc.1", "name==1.0-1", "name==1.0_a_1", "name==1.0.PRE1",
    "name==1.0alpha", "name==1.0ab", "name==1.", "name==01.02", "name<1.0rc1",
    "name[a,a,A]", "name[a.b, a_b]", "name[é]", "namé", "name²", "ñame", "name[a-]",
    "name[-a]", "name[a.]", "name[_a]", "name[a_]", "name @ url; os_name=='a'",
    'name; os_name == "a" and', 'name; (os_name == "a"', 'name; os_name == "a")',
    "name[bar]@ http://x", "name@http://x;os_name=='a'", "name @ http://x ;os_name=='a'",
    "name (>=1.0) @ http://x", "name==1" + "0" * 5000, "name >= 1.0 , < 2.0 ; python_version >= '3'",
    'name; extra == "Foo.Bar"', 'name; "FOO" == extra', 'name; "Foo" in extras',
    "name\x00", "name;os_name=='\x00'", "name ; os_name == 'a\\nb'",
]

MARKERS = [
    '"3.4" < python_version < "3.9"', "python_version", "(python_version)",
    "this_isnt_a_real_variable >= '1.0'", 'python_version >= "3" and',
    'python_version >= "3"\n', 'python_version == "3.9" and os_name == "nt" or sys_platform == "linux"',
    "a and b", 'os_name == "a" and os_name == "b" or os_name == "c"',
    'os_name == "a" or os_name == "b" and os_name == "c"',
    'python_version > "3.10"', 'python_version ~= "3.0"', 'python_version ~= "3"',
    'python_full_version == "3.9.*"', 'python_full_version > "3.6.2"',
    "python_full_version < '3.12'", '"2.7.9" < python_full_version',
    'python_full_version >= "3.12"', '"3.12" > python_full_version',
    '"b" < python_full_version', 'os_name <= "posix"', 'os_name < "zzz"',
    'sys_platform == "1.0"', "os_name === 'posix'", "os_name ~= 'posix'",
    'platform_release == "5.15.0-1051-azure"', 'platform_release >= "5"',
    'platform_release != "5.0"', 'platform_version >= "1"', "'2.7' in python_version",
    "'2.7' not in python_version", 'extra == "im_valid"', "extra == 'SECURITY'",
    "extra == 'security-extra'", "extra == 'Different.punctuation..is...equal'",
    'extra == "v2a3"', 'extra == "v2"', '"foo" in extras', '"Foo" in extras',
    '"baz" not in extras', "extras == 'foo'", '"dev" in dependency_groups',
    '"test-docs" in dependency_groups', "os.name == 'posix'", "python_implementation=='Jython'",
    "platform.machine=='x86_64'", "sys.platform == 'linux'", "platform.version == '13'",
    "platform.python_implementation == 'CPython'", "os-name == 'posix'",
    "implementation_name == 'cpython'", "implementation_version >= '3.12'",
    '"a" == "b"', '"posix" == "os_name"', '"a" == "extra"', "extra == extra",
    "os_name == os_name", "os_name == extra", "(os_name == 'posix')", "((os_name == 'posix'))",
    "(os_name == 'a' or os_name == 'b') and os_name == 'c'",
    "os_name == 'a' or (os_name == 'b' and os_name == 'c')",
    "os_name == 'a' and ((os_name == 'b' or os_name == 'c'))",
    "(os_name == 'a' and os_name == 'b')", "os_name == 'a' and (os_name == 'b')",
    "os_name=='a'and os_name=='b'", "os_name=='a'andos_name=='b'", "os_name in'posix'",
    "'p'in os_name", "'p' not  in os_name", "'p' notin os_name", "'p' not\tin os_name",
    "os_name == \"it's\"", "os_name == 'say \"hi\"'", "os_name == '\\x41'", "os_name == 'C:\\'",
    "os_name == 'a\\\\b'", "os_name == 'a\\bb'", "os_name == 'a\\qb'", "os_name == 'a\\nb'",
    "os_name == '\\u00e9'", "os_name == '\\U0001F600'", "os_name == '\\777'", "os_name == '\\x4'",
    "os_name == '\\N{DASH}'", "os_name == '\\N{EM DASH}'", "os_name == '\\ud800'", "os_name == 'a\\\nb'", "os_name == 'a\nb'",
    "os_name == 'a\rb'", "os_name == '\x00'", "os_name == 'a\\'b'", "os_name == '\\x27\\x22'",
    "os_name == ''", "os_name == \"\"", "'''a''' == os_name", "os_name == 'posix' ", " os_name == 'posix'",
    "\tos_name\t==\t'posix'\t", "os_name == 'posix' or", "or os_name == 'posix'", "",
    "()", "(os_name == 'posix'", "os_name == 'posix')", "extra == 'ΑΣ'", "extra == 'İ'",
    "extra == 'ß'", "'ΑΣ' in extras", "python_version >= ' 3.0 '", "python_version == '3.12.0'",
    "python_version === '3.12'", "python_version === '3.12.0'", "python_full_version === '3.12.4'",
    "python_version < '3.12.*'", "python_version == 'x'", "python_version != 'x'",
    "python_version in '3.12'", "python_version <= 'x'", "'3.12' == python_version",
    "platform_release === '5.15.0-1051-AZURE'", "python_version in 'X3.12X'",
    "extra < 'a'", "extra >= 'v2'", "extra != 'v2'", "'Foo' == extras", "'Foo' != extras",
    "'Foo' ~= extras", "'Foo' === extras", "extras in 'foo'", "dependency_groups == 'dev'",
    "extra == 'ΑΣ b'", "extra == 'aΣ'", "extra == 'Σa'", "extra == 'a.Σ'", "extra == 'aΣ.'",
    "extra == 'a\u0301Σ'", "extra == 'ǅ'", "extra == '\u212a'", "extra == 'ΣΣ'",
    "extra == '--a__b..c--'", "extra == 'A'", "'A' == extra", "'Test' == extra",
    "python_full_version === '3.12.4'", "implementation_name === 'cpython'",
    "python_version == '3.12' and (os_name == 'posix' or (sys_platform == 'win32' and extra == 'x'))",
    "platform_release >= '5.15'", "platform_release < '24'", "'23' < platform_release",
    "python_version >= '3.12' and python_version < '4'", "python_version > '3.12.0'",
    "python_full_version != '3.12.*'", "python_full_version ~= '3.12.0'",
    "python_version ~= '3.12.0'", "os_name == 'posix' and 'a' in extras",
    "os_name == 'posix' or 'a' in extras", "'a' in extras or os_name == 'posix'",
]
REQS += [
    "name >=\u20031.0", "name===a\u2003", "name==\u00851.0", "name==1.0\u2003",
    "name @ https://user:secret@host/x.whl", "name[a]==1.0;extra=='B_c'",
    "name (==1.0)", "name(==1.0);os_name=='a'", "name ( ==1.0 , )", "name (==1.0,,)",
]

# (c) random strings, seeded: grammar-shaped pieces, then mutations.
NAMES = ["name", "Foo.Bar", "foo_bar", "a", "A-1", "x9", "foo_", "requests", "zope.interface"]
BAD_NAMES = ["foo-", "-foo", "é", "9.", ""]
EXTRAS = ["a", "B", "c_d", "e.f", "g-h", "a", "A", "x_", "b2"]
OPS = ["==", "!=", "<=", ">=", "<", ">", "~=", "===", "in", "not in"]
BAD_OPS = ["=", "=>", "not  in", "notin", "is"]
VERS = ["1.0", "1", "1.0.*", "1.0a1", "1.0.post1", "1.0+local", "1!2.0", "v1.0", "1.0.dev0",
        "2.*", "3.12", "3.12.0rc1", "1.0-1", "2.0.0", "0.9"]
BAD_VERS = ["x", "1.0rc1.*", "", "1.0+Local", "1..0", "1.0.", "1.*.0"]
URLS = ["https://x/y.whl", "file:///p", "git+https://h/r@v1#egg=x", "http://a;b", "u"]
VARS = ["python_version", "python_full_version", "os_name", "os.name", "sys_platform", "sys.platform",
        "platform_release", "platform_system", "platform_version", "platform.version",
        "platform_machine", "platform.machine", "platform_python_implementation",
        "platform.python_implementation", "python_implementation", "implementation_name",
        "implementation_version", "extra", "extras", "dependency_groups"]
BAD_VARS = ["os-name", "bogus", "Python_version", "python_versions"]
VALUES = ["3.12", "3.12.4", "2.7", "3", "3.9", "3.11.0a5", "3.12.0rc1", "posix", "nt", "linux",
          "win32", "darwin", "Linux", "Windows", "x86_64", "AMD64", "CPython", "PyPy", "cpython",
          "5.15.0-1051-azure", "5", "13", "10", "1.0.0", "1.0", "", "c", "b", "zzz", "test",
          "security-extra", "Security.Extra", "v2", "foo", "Foo", "bar-baz", "dev", "test-docs",
          "3.*", "3.12.*", "p", "os_name", "extra", "extras", "a b", "it's", "2.7.10", "3.11.1+"]
MUT = list(" \t\n\r()[],;@'\"\\<>=!~.*+-_aZ9éΣ\x00") + ["and", "or", "not", "in", "\\x41", "\u00a0"]


def pick(r, good, bad):
    return r.choice(good) if r.random() < 0.95 else r.choice(bad)


def ws(r):
    return r.choice(["", "", "", " ", "  ", "\t", " \t"])


def quote(r, v):
    q = r.choice(["'", '"']) if r.random() < 0.98 else "'''"
    return q + v + q


def rand_cmp(r):
    k = r.random()
    if k < 0.1:
        lhs, rhs = quote(r, r.choice(VALUES)), quote(r, r.choice(VALUES + VARS))
    elif k < 0.35:
        lhs, rhs = quote(r, r.choice(VALUES)), pick(r, VARS, BAD_VARS)
    else:
        lhs, rhs = pick(r, VARS, BAD_VARS), quote(r, r.choice(VALUES))
    return ws(r) + lhs + ws(r) + pick(r, OPS, BAD_OPS) + ws(r) + rhs + ws(r)


def rand_marker(r, depth=0):
    n = r.choice([1, 1, 2, 2, 3])
    parts = []
    for i in range(n):
        if depth < 2 and r.random() < 0.25:
            atom = ws(r) + "(" + rand_marker(r, depth + 1) + ")" + ws(r)
        else:
            atom = rand_cmp(r)
        if i:
            parts.append(pick(r, ["and", "or"], ["AND", "&&", "Or"]))
        parts.append(atom)
    return " ".join(parts) if r.random() < 0.9 else "".join(parts)


def rand_req(r):
    s = ws(r) + pick(r, NAMES, BAD_NAMES) + ws(r)
    if r.random() < 0.3:
        xs = r.sample(EXTRAS, r.randint(0, 3))
        s += "[" + ws(r) + ("," + ws(r)).join(xs) + ws(r) + pick(r, ["]"], [",]", ""]) + ws(r)
    if r.random() < 0.2:
        s += "@" + ws(r) + r.choice(URLS) + pick(r, [" "], ["", "\t"])
    elif r.random() < 0.7:
        clauses = [pick(r, OPS[:8], BAD_OPS) + ws(r) + pick(r, VERS, BAD_VERS)
                   for _ in range(r.randint(1, 3))]
        spec = (ws(r) + "," + ws(r)).join(clauses) + r.choice(["", "", ","])
        if r.random() < 0.2:
            spec = "(" + ws(r) + spec + ws(r) + pick(r, [")"], [""])
        s += spec + ws(r)
    if r.random() < 0.4:
        s += ";" + rand_marker(r)
    return s


def mutate(r, s):
    for _ in range(r.randint(1, 3)):
        i = r.randint(0, len(s))
        k = r.random()
        if k < 0.4:
            s = s[:i] + r.choice(MUT) + s[i:]
        elif k < 0.8:
            s = s[:i] + s[i + 1 :]
        else:
            j = r.randint(0, len(s))
            s = s[:i] + s[j:] if j > i else s
    return s


def main():
    r = random.Random(20260508)
    reqs, markers = list(REQS), list(MARKERS)
    for _ in range(2500):
        s = rand_req(r)
        reqs.append(mutate(r, s) if r.random() < 0.25 else s)
    for _ in range(2500):
        s = rand_marker(r)
        markers.append(mutate(r, s) if r.random() < 0.25 else s)
    out = sys.stdout
    out.write(json.dumps({"kind": "envs", "packaging": packaging.__version__,
                          "python": sys.version.split()[0], "envs": ENVS}) + "\n")
    seen = set()
    for s in reqs:
        if ("r", s) not in seen:
            seen.add(("r", s))
            out.write(json.dumps(req_record(s)) + "\n")
    for s in markers:
        if ("m", s) not in seen:
            seen.add(("m", s))
            out.write(json.dumps(marker_record(s)) + "\n")


if __name__ == "__main__":
    main()
