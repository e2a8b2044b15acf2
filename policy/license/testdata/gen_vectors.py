#!/usr/bin/env python3
"""Write license expression vectors judged by pypa/packaging.

Usage: PYTHONPATH=/path/to/packaging/src python3 gen_vectors.py > vectors.jsonl

Each line is {"expr": ..., "valid": bool, "canonical": str or null,
"error": packaging's message}, from
packaging.licenses.canonicalize_license_expression. The expressions use
no DocumentRef (PEP 639 has none), except one hand-written case.
packaging refuses identifiers that are not on the SPDX list, as the Go
parser does.
"""
import json
import random

from packaging.licenses import canonicalize_license_expression

HAND = [
    "MIT", "mit", "MIT+", "Apache-2.0 OR MIT", "apache-2.0 or mit",
    "GPL-2.0-or-later WITH Classpath-exception-2.0", "(MIT AND BSD-2-Clause) OR ISC",
    "LicenseRef-acme", "LicenseRef-acme+", "MIT AND", "AND MIT", "()", "(MIT", "MIT)",
    "MIT WITH", "WITH MIT", "MIT WITH Classpath-exception-2.0 WITH Classpath-exception-2.0",
    "(MIT OR ISC) WITH Classpath-exception-2.0", "MIT OR (ISC AND (Zlib OR BSD-3-Clause))",
    "MIT  and\tISC", "MIT ++", "+MIT", "MIT OR OR ISC", "MIT ISC", "", "   ",
    "GPL-2.0+ WITH Classpath-exception-2.0", "MIT AND (ISC)", "((MIT))",
    # Identifiers not on the SPDX list, and spellings packaging canonicalizes.
    "Foo-1.0", "MIT OR Apache2", "MIT WITH Foo-exception", "DocumentRef-a:LicenseRef-b",
    "MIT WITH AdditionRef-x", "licenseref-Acme", "gpl-2.0+", "BSD-3-CLAUSE AND isc",
]
IDS = ["MIT", "Apache-2.0", "gpl-2.0-or-later", "LicenseRef-x.1", "BSD-3-Clause"]
TOKENS = IDS + ["AND", "OR", "and", "Or", "WITH", "with", "(", ")", "+", "Classpath-exception-2.0"]


def judge(expr):
    try:
        return {"expr": expr, "valid": True, "canonical": canonicalize_license_expression(expr)}
    except Exception as e:
        return {"expr": expr, "valid": False, "canonical": None, "error": str(e)}


def gen(rnd, depth):
    """A random expression from the grammar, as tokens."""
    r = rnd.random()
    if depth > 3 or r < 0.4:
        t = [rnd.choice(IDS)]
        if rnd.random() < 0.15 and not t[0].startswith("LicenseRef"):
            t.append("+")
        if rnd.random() < 0.2:
            t += [rnd.choice(["WITH", "with"]), "Classpath-exception-2.0"]
        return t
    if r < 0.55:
        return ["("] + gen(rnd, depth + 1) + [")"]
    op = rnd.choice(["AND", "OR", "and", "or", "Or"])
    return gen(rnd, depth + 1) + [op] + gen(rnd, depth + 1)


def main():
    rnd = random.Random(639)
    exprs = list(HAND)
    seen = set(exprs)
    while len(exprs) < 2000:
        toks = gen(rnd, 0)
        if rnd.random() < 0.5:  # one random edit
            i = rnd.randrange(len(toks))
            k = rnd.randrange(3)
            if k == 0:
                del toks[i]
            elif k == 1:
                toks.insert(i, rnd.choice(TOKENS))
            else:
                toks[i] = rnd.choice(TOKENS)
        e = " ".join(toks).replace("( ", "(").replace(" )", ")").replace(" +", "+")
        if e not in seen:
            seen.add(e)
            exprs.append(e)
    for e in exprs:
        print(json.dumps(judge(e)))


if __name__ == "__main__":
    main()
