"""Expected answers for the pylock.toml reader, from pypa/packaging.

For every testdata/pylock/*.toml, loads it with Python's tomllib (TOML 1.0)
and validates it with packaging.pylock.Pylock.from_dict, and writes
testdata/pylock/packaging.json: "ok" or the error. The Go test requires the
reader to accept exactly the files packaging accepts.

    PYTHONPATH=/tmp/packaging/src python3 testdata/pylock_oracle.py
"""
import glob, json, os, tomllib

import packaging
from packaging.pylock import Pylock

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pylock")
out = {"packaging": packaging.__version__, "files": {}}
for path in sorted(glob.glob(os.path.join(here, "*.toml"))):
    name = os.path.basename(path)
    try:
        with open(path, "rb") as f:
            Pylock.from_dict(tomllib.load(f))
        out["files"][name] = "ok"
    except Exception as e:  # noqa: BLE001
        out["files"][name] = type(e).__name__ + ": " + str(e)
with open(os.path.join(here, "packaging.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
