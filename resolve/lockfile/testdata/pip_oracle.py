"""Expected answers for the requirements reader, from pip itself.

Runs pip's own requirements-file parser (pip._internal.req.req_file, the pip
installed with python3) on every *.txt under testdata/requirements/ and writes
testdata/requirements/pip.json: for each file either pip's error, or the
lines pip yields (requirement lines with their hashes, option lines with the
options that matter). The Go test compares the reader with it.

    python3 testdata/pip_oracle.py     # from resolve/lockfile
"""
import json, os, sys, glob

from pip._internal.req.req_file import RequirementsFileParser, get_line_parser
from pip._internal.network.session import PipSession
from pip._internal.req.constructors import parse_req_from_line

ENV = {"INDEX_TOKEN": "s3cret", "EMPTY": "", "HOST": "pypi.internal.example"}
os.environ.update(ENV)

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requirements")
os.chdir(here)
out = {"env": ENV, "files": {}}
for name in sorted(glob.glob("*.txt")):
    try:
        lines = []
        parser = RequirementsFileParser(PipSession(), get_line_parser(None))
        for pl in parser.parse(name, constraint=False):
            o = pl.opts
            entry = {"file": pl.filename, "line": pl.lineno, "constraint": pl.constraint}
            if pl.is_requirement:
                entry["requirement"] = pl.requirement.strip()
                entry["editable"] = pl.is_editable
                hashes = []
                if not pl.is_editable:
                    for alg, digests in sorted((o.hashes or {}).items()):
                        hashes += [alg + ":" + d for d in digests]
                entry["hashes"] = sorted(hashes)
                if not pl.is_editable:
                    parts = parse_req_from_line(pl.requirement, None)
                    req = parts.requirement
                    entry["name"] = req.name if req else ""
                    entry["specifier"] = str(req.specifier) if req else ""
                    entry["marker"] = str(parts.markers) if parts.markers else ""
                    entry["link"] = parts.link.url if parts.link else ""
            else:
                entry["index_url"] = o.index_url or ""
                entry["extra_index_urls"] = o.extra_index_urls or []
                entry["find_links"] = (o.find_links or [])[:1]
                entry["no_index"] = bool(o.no_index)
                entry["require_hashes"] = bool(o.require_hashes)
                entry["pre"] = bool(o.pre)
                entry["trusted_hosts"] = o.trusted_hosts or []
            lines.append(entry)
        out["files"][name] = {"lines": lines}
    except RecursionError:
        out["files"][name] = {"error": "RecursionError"}
    except Exception as e:  # noqa: BLE001
        out["files"][name] = {"error": type(e).__name__ + ": " + str(e).splitlines()[0]}

with open("pip.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
