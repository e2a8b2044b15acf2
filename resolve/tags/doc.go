// Package tags lists the platform compatibility tags a target interpreter
// supports and picks the wheel to install on it, in the order pypa/packaging
// 26.3+ gives (the order pip and uv use).
//
// # Tags
//
// A wheel filename ends in {python}-{abi}-{platform}.whl (PEP 425, the
// platform compatibility tags specification). Each field may be a
// compressed set of '.'-joined members: "py2.py3-none-any" stands for
// py2-none-any and py3-none-any. [ParseTag] expands such a set; a wheel is
// installable on a target when one of its tags is in the target's supported
// list, and the earliest such tag is the wheel's rank (lower is better).
//
// # Targets
//
// A [Target] states the interpreter and the platform explicitly: nothing
// here inspects the running machine, so a build can resolve for another
// one. packaging reads these facts from the running interpreter
// (sysconfig, the glibc version, the musl loader, platform.mac_ver, the ELF
// header); here they are fields:
//
//   - Implementation and Python: cpython 3.12 gives the interpreter tag
//     cp312; pypy 3.10 gives pp310.
//   - The ABI: cpXY, plus "d" for a debug build and "t" for a free-threaded
//     one (cp313t), "m" below 3.8; pypyXY_pp73 for PyPy; or explicit.
//   - The platform: OS and architecture, and per OS the glibc or musl
//     version (Linux), the macOS or iOS version, the Android API level.
//
// # The supported list
//
// [Target.Supported] lists the tags best first. For CPython X.Y with ABIs
// A and platforms P (packaging cpython_tags then compatible_tags; in every
// step platforms are the inner loop, so ABI specificity outranks platform
// specificity):
//
//  1. cpXY-{a}-{p} for a in A (a debug build also lists cpXY after cpXYd),
//  2. cpXY-abi3-{p} (PEP 384, from 3.2; abi3t when free-threaded, PEP 803),
//  3. cpXY-none-{p},
//  4. cpXm-abi3-{p} for m from Y-1 down to 2 (abi3t when free-threaded),
//  5. v-none-{p} for v in pyXY, pyX, pyX(Y-1) ... pyX0,
//  6. cpXY-none-any,
//  7. v-none-any for the same v.
//
// Other interpreters (packaging generic_tags then compatible_tags) list
// {impl}XY-{abi}-{p}, then {impl}XY-none-{p}, then steps 5 to 7, where step
// 6 is pp3-none-any for PyPy and absent for others.
//
// The platform list P, best first:
//
//   - Windows: one tag, win32, win_amd64 or win_arm64.
//   - Linux: linux_{arch} first (packaging 26.3 moved it from last), then for
//     glibc M.m the manylinux tags (PEP 600) manylinux_M_m_{arch} down to
//     manylinux_2_17 (manylinux_2_5 on x86_64 and i686), each earlier
//     glibc major above 2 taken as ending at minor 50 (packaging's guess),
//     with the legacy aliases manylinux2014 (2.17, PEP 599), manylinux2010
//     (2.12, PEP 571) and manylinux1 (2.5, PEP 513) right after their
//     version; or for musl M.m the musllinux tags (PEP 656)
//     musllinux_M_m_{arch} down to musllinux_M_0. manylinux tags exist for
//     x86_64, aarch64, ppc64, ppc64le, s390x, loongarch64, riscv64, i686
//     and armv7l only; armv8l (32-bit ARM on a 64-bit kernel) lists every
//     armv8l tag, then every armv7l tag, in each group.
//   - macOS M.m: for 10.x, every minor down to 10.0; for 11 and later,
//     N_0 for N from M down to 11, then 10.16 down to 10.4. Each version
//     lists the binary formats the architecture runs: arm64, universal2
//     (only universal2 below 11); x86_64, intel, fat64, fat3, universal2,
//     universal. Minors of 11 and later are never listed, so a wheel tagged
//     macosx_11_3_arm64 never matches (as in packaging and pip).
//   - iOS M.m: ios_M_m down to ios_M_0, then minors 9 to 0 of each major
//     down to 12, with the multiarch (arm64_iphoneos...).
//   - Android API n: android_n down to android_16, with the Android ABI.
//
// # Target text
//
// [ParseTarget] reads a compact form for command lines, and
// [Target.String] writes it. It looks like the most specific tag a wheel
// for the target could carry, without the ABI when it is the default:
//
//	target   = python [ "-" abi ] "-" platform
//	python   = impl major minor [ "t" ] [ "d" ]   ; cp312, cp313t, cp312d, pp310
//	impl     = 1*( "a"-"z" )                      ; cp, pp, ip, jy, or a sys.implementation.name
//	major    = "1"-"9"
//	minor    = "0" / "1"-"9" *DIGIT               ; 312 is 3.12, 38 is 3.8
//	abi      = 1*( "a"-"z" / DIGIT / "_" )         ; an explicit ABI: cp27mu, pypy310_pp73
//	platform = "manylinux_" N "_" N "_" arch       ; glibc version: manylinux_2_28_x86_64
//	         / ( "manylinux1" / "manylinux2010" / "manylinux2014" ) "_" arch ; glibc 2.5, 2.12, 2.17
//	         / "musllinux_" N "_" N "_" arch       ; musl version: musllinux_1_2_aarch64
//	         / "linux_" arch                       ; neither glibc nor musl
//	         / "macosx_" N "_" N "_" arch          ; macOS version: macosx_14_0_arm64
//	         / "win32" / "win_" arch               ; win_amd64, win_arm64
//	         / "ios_" N "_" N "_" multiarch        ; ios_17_0_arm64_iphoneos
//	         / "android_" N "_" abi                ; API level: android_24_arm64_v8a
//	arch     = 1*( "a"-"z" / DIGIT / "_" )
//
// The text is case-insensitive. The flags t (free-threaded) and d (debug)
// apply to CPython only and conflict with an explicit ABI. Examples:
// cp312-manylinux_2_28_x86_64, cp313t-musllinux_1_2_aarch64,
// cp312-macosx_14_0_arm64, cp312-win_amd64, pp310-manylinux_2_17_x86_64,
// cp27-cp27mu-manylinux1_x86_64.
//
// # Choosing a wheel
//
// [Supported.Rank] gives a wheel's rank, [Supported.Best] picks among the
// wheels of one version: lowest rank, then highest build tag, then the first
// listed (pip's preference key, after version, hashes and yanked status,
// which are the caller's). The supported list keeps a map from tag to
// position, so ranking a wheel costs one map lookup per tag.
//
// # Differences from packaging
//
//   - Facts packaging probes are given: an i686 or armv7l target is taken
//     to be a 32-bit x86 or hard-float ARM interpreter (packaging checks
//     the ELF header and lists no manylinux tags otherwise), and no
//     _manylinux module vetoes manylinux versions.
//   - Targets that would list no platform at all are refused: macOS below
//     10, iOS below 12, Android below API 16. Free-threading before 3.13,
//     debug or free-threaded flags on other interpreters, and CPython
//     below 3.3 without an explicit ABI (its Unicode width is a build
//     choice) are refused too, where packaging would ignore the flag or
//     probe the build.
//   - [ParseTag] returns the tags in product order without duplicates
//     (packaging returns a set), refuses tags that are not valid UTF-8 or
//     exceed [MaxTagLen] or [MaxExpandedTags], and approximates Python's
//     str.isidentifier and str.lower with Go's Unicode tables, which can
//     differ for rare non-ASCII letters (no real tag has any).
//   - Versions are capped (see the Max constants) so that no target can ask
//     for an unbounded list.
//
// Verified by testdata/vectors.jsonl.gz: full ordered lists for 42 targets
// made with pypa/packaging 26.4.dev0 by testdata/gen_vectors.py.
package tags
