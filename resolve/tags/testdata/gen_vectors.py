#!/usr/bin/env python3
"""Generate vectors.jsonl.gz: supported-tag lists made by pypa/packaging.

Run from this directory:

    PYTHONPATH=/path/to/packaging/src python3 gen_vectors.py

Each output line after the first is {"target": T, "tags": [...], "ranks": [...]}
where T is the target in safeindex's ParseTarget form, "tags" is the full
ordered list packaging's sys_tags() would produce on that target, and "ranks"
pairs wheel tag sets with the smallest index of any of their tags in that list
(null when none is supported).

packaging only inspects the running machine in a few places; we call its
public functions with explicit arguments where they take them
(cpython_tags, generic_tags, compatible_tags, mac_platforms, ios_platforms,
android_platforms) and, for the pieces that have no arguments, replace the
probes by the target's facts before calling packaging's own generators:

- _manylinux._get_glibc_version  -> the target's glibc version (or none)
- _manylinux._is_linux_armhf / _is_linux_i686 -> True (the interpreter is
  taken to be a hard-float ARM or a 32-bit x86 ELF)
- _manylinux._get_manylinux_module -> None (no _manylinux veto module)
- _musllinux._get_musl_version -> the target's musl version (or none)
- sysconfig.get_platform -> "linux-ARCH" / "win-amd64" / "win32", so that
  tags._linux_platforms(is_32bit=False) and tags._generic_platforms() run
  unchanged
- tags._get_config_var -> the build's Py_DEBUG / Py_GIL_DISABLED /
  WITH_PYMALLOC, so that tags._cpython_abis computes the ABIs

The list is then composed as sys_tags() does it: cpython_tags (or
generic_tags) followed by compatible_tags with the interpreter's own
none-any tag ("cpXY", "pp3", or none).
"""

import gzip
import json
import sysconfig

import packaging
from packaging import _manylinux, _musllinux, tags

# (ParseTarget text, implementation, (X, Y), build config or explicit abi,
#  platform kind, platform args)
TARGETS = [
    ("cp312-manylinux_2_17_x86_64", "cp", (3, 12), {}, "linux", ("x86_64", (2, 17), None)),
    ("cp312-manylinux_2_28_x86_64", "cp", (3, 12), {}, "linux", ("x86_64", (2, 28), None)),
    ("cp311-manylinux_2_35_x86_64", "cp", (3, 11), {}, "linux", ("x86_64", (2, 35), None)),
    ("cp38-manylinux_2_17_x86_64", "cp", (3, 8), {}, "linux", ("x86_64", (2, 17), None)),
    ("cp37-manylinux_2_28_x86_64", "cp", (3, 7), {}, "linux", ("x86_64", (2, 28), None)),
    ("cp312d-manylinux_2_28_x86_64", "cp", (3, 12), {"Py_DEBUG": 1}, "linux", ("x86_64", (2, 28), None)),
    ("cp312-manylinux_2_28_aarch64", "cp", (3, 12), {}, "linux", ("aarch64", (2, 28), None)),
    ("cp310-manylinux_2_35_aarch64", "cp", (3, 10), {}, "linux", ("aarch64", (2, 35), None)),
    ("cp39-manylinux_2_17_i686", "cp", (3, 9), {}, "linux", ("i686", (2, 17), None)),
    ("cp311-manylinux_2_31_armv7l", "cp", (3, 11), {}, "linux", ("armv7l", (2, 31), None)),
    ("cp312-manylinux_2_36_armv8l", "cp", (3, 12), {}, "linux", ("armv8l", (2, 36), None)),
    ("cp312-manylinux_2_39_riscv64", "cp", (3, 12), {}, "linux", ("riscv64", (2, 39), None)),
    ("cp312-manylinux_2_36_armv6l", "cp", (3, 12), {}, "linux", ("armv6l", (2, 36), None)),
    ("cp312-manylinux_2_12_x86_64", "cp", (3, 12), {}, "linux", ("x86_64", (2, 12), None)),
    ("cp312-manylinux_3_2_aarch64", "cp", (3, 12), {}, "linux", ("aarch64", (3, 2), None)),
    ("cp312-linux_x86_64", "cp", (3, 12), {}, "linux", ("x86_64", None, None)),
    ("cp312-musllinux_1_1_x86_64", "cp", (3, 12), {}, "linux", ("x86_64", None, (1, 1))),
    ("cp313-musllinux_1_2_aarch64", "cp", (3, 13), {}, "linux", ("aarch64", None, (1, 2))),
    ("cp313t-musllinux_1_2_aarch64", "cp", (3, 13), {"Py_GIL_DISABLED": 1}, "linux", ("aarch64", None, (1, 2))),
    ("cp314td-manylinux_2_28_x86_64", "cp", (3, 14), {"Py_GIL_DISABLED": 1, "Py_DEBUG": 1}, "linux", ("x86_64", (2, 28), None)),
    ("cp315t-manylinux_2_34_x86_64", "cp", (3, 15), {"Py_GIL_DISABLED": 1}, "linux", ("x86_64", (2, 34), None)),
    ("cp27-cp27mu-manylinux_2_17_x86_64", "cp", (2, 7), "cp27mu", "linux", ("x86_64", (2, 17), None)),
    ("cp38-macosx_10_9_x86_64", "cp", (3, 8), {}, "mac", ((10, 9), "x86_64")),
    ("cp39-macosx_11_0_arm64", "cp", (3, 9), {}, "mac", ((11, 0), "arm64")),
    ("cp310-macosx_12_3_x86_64", "cp", (3, 10), {}, "mac", ((12, 3), "x86_64")),
    ("cp312-macosx_14_0_arm64", "cp", (3, 12), {}, "mac", ((14, 0), "arm64")),
    ("cp314-macosx_26_0_arm64", "cp", (3, 14), {}, "mac", ((26, 0), "arm64")),
    ("cp312-macosx_10_15_arm64", "cp", (3, 12), {}, "mac", ((10, 15), "arm64")),
    ("cp37-macosx_10_6_i386", "cp", (3, 7), {}, "mac", ((10, 6), "i386")),
    ("cp312-win32", "cp", (3, 12), {}, "win", ("win32",)),
    ("cp313-win_amd64", "cp", (3, 13), {}, "win", ("win-amd64",)),
    ("cp314-win_arm64", "cp", (3, 14), {}, "win", ("win-arm64",)),
    ("cp313t-win_amd64", "cp", (3, 13), {"Py_GIL_DISABLED": 1}, "win", ("win-amd64",)),
    ("cp37-win_amd64", "cp", (3, 7), {}, "win", ("win-amd64",)),
    ("pp310-manylinux_2_28_x86_64", "pp", (3, 10), "pypy310_pp73", "linux", ("x86_64", (2, 28), None)),
    ("pp311-macosx_14_0_arm64", "pp", (3, 11), "pypy311_pp73", "mac", ((14, 0), "arm64")),
    ("pp310-win_amd64", "pp", (3, 10), "pypy310_pp73", "win", ("win-amd64",)),
    ("graalpy311-graalpy242_311_native-manylinux_2_28_x86_64", "graalpy", (3, 11), "graalpy242_311_native", "linux", ("x86_64", (2, 28), None)),
    ("cp313-ios_17_2_arm64_iphoneos", "cp", (3, 13), {}, "ios", ((17, 2), "arm64_iphoneos")),
    ("cp314-ios_13_0_arm64_iphonesimulator", "cp", (3, 14), {}, "ios", ((13, 0), "arm64-iphonesimulator")),
    ("cp313-android_24_arm64_v8a", "cp", (3, 13), {}, "android", (24, "arm64_v8a")),
    ("cp314-android_21_x86_64", "cp", (3, 14), {}, "android", (21, "x86_64")),
]

# Wheel tag sets to rank on every target (spec 7.5 #11 and #12, and more).
WHEELS = [
    "cp312-cp312-manylinux_2_5_x86_64.manylinux1_x86_64",
    "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
    "cp312-abi3-manylinux1_x86_64",
    "cp39-abi3-manylinux_2_28_x86_64",
    "py3-none-manylinux_2_28_x86_64",
    "cp312-none-any",
    "py312-none-any",
    "py2.py3-none-any",
    "py30-none-any",
    "cp312-cp312-manylinux_2_31_x86_64",
    "cp312-cp312t-manylinux_2_28_x86_64",
    "cp312-cp312-musllinux_1_1_x86_64",
    "cp313-cp313-manylinux_2_28_x86_64",
    "py313-none-any",
    "cp313-cp313t-musllinux_1_2_aarch64",
    "cp39-abi3t-musllinux_1_1_aarch64",
    "cp312-cp312-macosx_11_0_arm64",
    "cp312-cp312-macosx_10_9_universal2",
    "cp312-cp312-macosx_10_9_x86_64",
    "cp312-cp312-win_amd64",
    "cp313-cp313-win_amd64",
    "pp310-pypy310_pp73-manylinux_2_17_x86_64.manylinux2014_x86_64",
    "pp3-none-any",
    "cp313-cp313-ios_13_0_arm64_iphoneos",
    "cp313-cp313-android_21_arm64_v8a",
    "cp311-cp311-linux_armv7l",
    "cp312-cp312-manylinux_2_17_armv7l.manylinux2014_armv7l",
]


def patch_linux(arch, glibc, musl):
    _manylinux._get_glibc_version = lambda: _manylinux._GLibCVersion(*(glibc or (-1, -1)))
    _manylinux._is_linux_armhf = lambda executable: True
    _manylinux._is_linux_i686 = lambda executable: True
    _manylinux._get_manylinux_module = lambda: None
    _musllinux._get_musl_version = lambda executable: (
        _musllinux._MuslVersion(*musl) if musl else None
    )
    sysconfig.get_platform = lambda: "linux-" + arch


def platforms(kind, args):
    if kind == "linux":
        arch, glibc, musl = args
        patch_linux(arch, glibc, musl)
        return list(tags._linux_platforms(is_32bit=False))
    if kind == "mac":
        return list(tags.mac_platforms(*args))
    if kind == "win":
        sysconfig.get_platform = lambda: args[0]
        return list(tags._generic_platforms())
    if kind == "ios":
        return list(tags.ios_platforms(*args))
    if kind == "android":
        return list(tags.android_platforms(*args))
    raise ValueError(kind)


def supported(impl, version, build, kind, args):
    plats = platforms(kind, args)
    nodot = "".join(map(str, version))
    if impl == "cp":
        if isinstance(build, str):
            abis = [build]
        else:
            config = {"Py_DEBUG": 0, "Py_GIL_DISABLED": 0, "WITH_PYMALLOC": 1}
            config.update(build)
            tags._get_config_var = lambda name, warn=False: config.get(name)
            abis = list(tags._cpython_abis(version))
        out = list(tags.cpython_tags(version, abis, plats))
        out += tags.compatible_tags(version, "cp" + nodot, plats)
    else:
        out = list(tags.generic_tags(impl + nodot, [build], plats))
        out += tags.compatible_tags(version, "pp3" if impl == "pp" else None, plats)
    return [str(t) for t in out]


def main():
    lines = [json.dumps({"packaging": packaging.__version__, "generator": "gen_vectors.py"})]
    for target, impl, version, build, kind, args in TARGETS:
        got = supported(impl, version, build, kind, args)
        index = {}
        for i, t in enumerate(got):
            index.setdefault(t, i)
        ranks = []
        for w in WHEELS:
            found = [index[str(t)] for t in tags.parse_tag(w) if str(t) in index]
            ranks.append([w, min(found) if found else None])
        lines.append(json.dumps({"target": target, "tags": got, "ranks": ranks}))
    data = ("\n".join(lines) + "\n").encode()
    with open("vectors.jsonl.gz", "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(data)
    print(f"{len(TARGETS)} targets, {len(data)} bytes uncompressed")


if __name__ == "__main__":
    main()
