"""The Pipfile hash pipenv records in Pipfile.lock _meta.hash.sha256.

Our own re-implementation, from the description in pipfilehash.go, used to
make the expected digests of testdata/pipfile/*: prints the digests of the
three variants (plette without categories, plette with categories, pipenv's
normalized names) for the Pipfile given.

    python3 testdata/pipfile_hash.py testdata/pipfile/Pipfile
"""
import hashlib, json, re, sys, tomllib

SKIP = {"source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv", "default", "develop"}


def norm(section):
    return {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in section.items()}


def digest(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


with open(sys.argv[1], "rb") as f:
    doc = tomllib.load(f)
sources = doc.get("source", [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}])


def base(n=lambda s: s):
    return {"_meta": {"sources": sources, "requires": doc.get("requires", {})},
            "default": n(doc.get("packages", {})), "develop": n(doc.get("dev-packages", {}))}


old, cats, normed = base(), base(), base(norm)
for k, v in doc.items():
    if k not in SKIP:
        cats[k] = v
        normed[k] = norm(v)
for o in (old, cats, normed):
    print(digest(o))
