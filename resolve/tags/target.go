package tags

import (
	"errors"
	"strconv"
	"strings"
)

// OS names the operating system of a [Target]. Each one has its own way of
// listing platform tags; see the package documentation.
type OS string

// The operating systems a [Target] can describe.
const (
	// OSLinux lists linux_{arch}, then manylinux (glibc) or musllinux
	// (musl) tags, as [Target.Libc] says.
	OSLinux OS = "linux"
	// OSMacOS lists macosx_{major}_{minor}_{format} tags.
	OSMacOS OS = "macos"
	// OSWindows has exactly one platform tag: win32, win_amd64, win_arm64.
	OSWindows OS = "windows"
	// OSIOS lists ios_{major}_{minor}_{multiarch} tags.
	OSIOS OS = "ios"
	// OSAndroid lists android_{api}_{abi} tags.
	OSAndroid OS = "android"
	// OSOther uses [Target.PlatformTag] as the only platform tag, as
	// packaging does on every other system (FreeBSD, Emscripten...).
	OSOther OS = "other"
)

// Libc is the C library a Linux interpreter is linked against, with its
// version. The zero value means neither glibc nor musl: only the
// linux_{arch} platform tag applies.
type Libc struct {
	// Name is "glibc" or "musl" ("" for none).
	Name string
	// Major and Minor are the library's version, e.g. 2 and 28 for
	// glibc 2.28 (manylinux_2_28), 1 and 2 for musl 1.2 (musllinux_1_2).
	Major, Minor int
}

// Glibc returns the Libc of an interpreter linked against glibc
// major.minor (PEP 600 manylinux).
func Glibc(major, minor int) Libc { return Libc{Name: "glibc", Major: major, Minor: minor} }

// Musl returns the Libc of an interpreter linked against musl major.minor
// (PEP 656 musllinux).
func Musl(major, minor int) Libc { return Libc{Name: "musl", Major: major, Minor: minor} }

// Target describes the interpreter and platform a wheel must run on. It is
// plain data, given explicitly (by a literal, a preset such as [Linux], or
// [ParseTarget]): nothing in this package looks at the machine it runs on,
// so a build can choose wheels for another platform.
//
// The zero Target is not valid: [Target.Supported] needs at least Python,
// OS and, for most systems, Arch.
type Target struct {
	// Implementation is sys.implementation.name: "cpython" (also when
	// empty), "pypy", "graalpy", ... The PEP 425 short names "cp", "pp",
	// "ip", "jy" are accepted too.
	Implementation string

	// Python is the language version, "X.Y" ("3.12"). For PyPy it is the
	// Python version PyPy implements (3.10 for pp310), not PyPy's own.
	Python string

	// Debug selects a CPython debug build (ABI cpXYd, which also loads
	// normal cpXY extensions from 3.8 on).
	Debug bool

	// FreeThreaded selects a free-threaded CPython build (3.13 and later;
	// ABI cpXYt, stable ABI abi3t instead of abi3).
	FreeThreaded bool

	// ABI, when set, is the interpreter's own ABI tag and replaces the one
	// computed from Implementation, Python, Debug and FreeThreaded (it
	// conflicts with Debug and FreeThreaded). It defaults to cpXY, cpXYm
	// below 3.8, and pypyXY_pp73 for PyPy (every PyPy 7.3 release); other
	// implementations get only the "none" ABI unless it is set (graalpy:
	// e.g. "graalpy242_311_native"). CPython below 3.3 must set it (cp27mu
	// or cp27m: it depends on the build's Unicode width).
	ABI string

	// OS is the operating system.
	OS OS

	// Arch is the machine: Linux: uname -m as Python reports it (x86_64,
	// aarch64, i686 for a 32-bit interpreter on x86, armv7l, armv8l for a
	// 32-bit ARM interpreter on a 64-bit kernel, ppc64le, s390x, riscv64,
	// ...); macOS: arm64, x86_64 (i386, ppc, ppc64 for old builds);
	// Windows: x86 (win32), amd64, arm64 (x86_64, aarch64 and win32 are
	// accepted as aliases); iOS: the multiarch, e.g. arm64_iphoneos,
	// arm64_iphonesimulator; Android: the ABI, e.g. arm64_v8a, x86_64.
	// '-', '.' and ' ' become '_', as packaging normalizes platforms.
	Arch string

	// Libc is the Linux C library and its version.
	Libc Libc

	// OSMajor and OSMinor are the OS version: macOS and iOS major and
	// minor (14 and 0 for macOS 14.0); Android: OSMajor is the API level.
	OSMajor, OSMinor int

	// PlatformTag is the platform tag for OSOther, e.g.
	// "freebsd_14_1_release_amd64".
	PlatformTag string
}

// Linux returns a CPython target on Linux: arch as uname reports it,
// and libc [Glibc] (manylinux) or [Musl] (musllinux), or the zero Libc.
func Linux(python, arch string, libc Libc) Target {
	return Target{Python: python, OS: OSLinux, Arch: arch, Libc: libc}
}

// Manylinux returns a CPython target on glibc major.minor Linux, e.g.
// Manylinux("3.12", 2, 28, "x86_64").
func Manylinux(python string, glibcMajor, glibcMinor int, arch string) Target {
	return Linux(python, arch, Glibc(glibcMajor, glibcMinor))
}

// Musllinux returns a CPython target on musl major.minor Linux (Alpine),
// e.g. Musllinux("3.12", 1, 2, "x86_64").
func Musllinux(python string, muslMajor, muslMinor int, arch string) Target {
	return Linux(python, arch, Musl(muslMajor, muslMinor))
}

// MacOS returns a CPython target on macOS major.minor, e.g.
// MacOS("3.12", 14, 0, "arm64").
func MacOS(python string, major, minor int, arch string) Target {
	return Target{Python: python, OS: OSMacOS, Arch: arch, OSMajor: major, OSMinor: minor}
}

// Windows returns a CPython target on Windows; arch is x86, amd64 or
// arm64.
func Windows(python, arch string) Target {
	return Target{Python: python, OS: OSWindows, Arch: arch}
}

// IOS returns a CPython target on iOS major.minor; multiarch is
// sys.implementation._multiarch, e.g. "arm64_iphoneos".
func IOS(python string, major, minor int, multiarch string) Target {
	return Target{Python: python, OS: OSIOS, Arch: multiarch, OSMajor: major, OSMinor: minor}
}

// Android returns a CPython target on Android at an API level; abi is the
// Android ABI, e.g. "arm64_v8a".
func Android(python string, apiLevel int, abi string) Target {
	return Target{Python: python, OS: OSAndroid, Arch: abi, OSMajor: apiLevel}
}

// implNames pairs sys.implementation.name with its PEP 425 abbreviation
// (packaging's INTERPRETER_SHORT_NAMES).
func implNames() [5][2]string {
	return [5][2]string{
		{"python", "py"},
		{"cpython", "cp"},
		{"pypy", "pp"},
		{"ironpython", "ip"},
		{"jython", "jy"},
	}
}

// shortName returns the abbreviation of a known implementation name.
func shortName(long string) (string, bool) {
	for _, p := range implNames() {
		if p[0] == long {
			return p[1], true
		}
	}
	return "", false
}

// longName returns the implementation name of a known abbreviation.
func longName(short string) (string, bool) {
	for _, p := range implNames() {
		if p[1] == short {
			return p[0], true
		}
	}
	return "", false
}

// resolved is a validated Target, reduced to what tag generation needs.
type resolved struct {
	short        string // "cp", "pp", ...
	major, minor int
	abis         []string // the interpreter ABIs (CPython: before abi3 and none)
	threading    bool     // CPython free-threaded (abi3t instead of abi3)
	platforms    []string
}

// String returns the target in the textual form [ParseTarget] reads, e.g.
// "cp313t-musllinux_1_2_aarch64", or a best effort when the target is
// invalid. An OSOther target prints its PlatformTag, which ParseTarget
// does not read back.
func (t Target) String() string {
	var b strings.Builder
	impl := strings.ToLower(t.Implementation)
	if s, ok := shortName(impl); ok {
		impl = s
	} else if impl == "" {
		impl = "cp"
	}
	b.WriteString(impl)
	b.WriteString(strings.Replace(t.Python, ".", "", 1))
	if t.FreeThreaded {
		b.WriteByte('t')
	}
	if t.Debug {
		b.WriteByte('d')
	}
	if t.ABI != "" {
		b.WriteByte('-')
		b.WriteString(strings.ToLower(t.ABI))
	}
	b.WriteByte('-')
	b.WriteString(t.platformString())
	return b.String()
}

// platformString is the target's most specific platform tag (the one
// ParseTarget reads).
func (t Target) platformString() string {
	arch := normalize(t.Arch)
	switch t.OS {
	case OSLinux:
		switch t.Libc.Name {
		case "glibc":
			return "manylinux_" + itoa(t.Libc.Major) + "_" + itoa(t.Libc.Minor) + "_" + arch
		case "musl":
			return "musllinux_" + itoa(t.Libc.Major) + "_" + itoa(t.Libc.Minor) + "_" + arch
		}
		return "linux_" + arch
	case OSMacOS:
		return "macosx_" + itoa(t.OSMajor) + "_" + itoa(t.OSMinor) + "_" + arch
	case OSWindows:
		if a, ok := windowsArch(arch); ok {
			arch = a
		}
		if arch == "x86" {
			return "win32"
		}
		return "win_" + arch
	case OSIOS:
		return "ios_" + itoa(t.OSMajor) + "_" + itoa(t.OSMinor) + "_" + arch
	case OSAndroid:
		return "android_" + itoa(t.OSMajor) + "_" + arch
	case OSOther:
		return normalize(t.PlatformTag)
	}
	return string(t.OS) + "_" + arch
}

// windowsArch maps the accepted Windows architecture names to x86, amd64,
// arm64 or arm32.
func windowsArch(a string) (string, bool) {
	switch a {
	case "x86", "win32", "i386", "i686":
		return "x86", true
	case "amd64", "x86_64":
		return "amd64", true
	case "arm64", "aarch64":
		return "arm64", true
	case "arm32":
		return "arm32", true
	}
	return "", false
}

// normalize lower-cases s and turns '-', '.' and ' ' into '_', as
// packaging's _normalize_string does to platform names.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', ' ':
			return '_'
		}
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// isName reports whether s is a non-empty run of [a-z0-9_] no longer than
// MaxNameLen.
func isName(s string) bool {
	if s == "" || len(s) > MaxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// parsePython reads "X.Y": X a single digit 1-9, Y 0-MaxPythonMinor
// without leading zeros.
func parsePython(s string) (major, minor int, ok bool) {
	x, y, found := strings.Cut(s, ".")
	if !found || len(x) != 1 || x[0] < '1' || x[0] > '9' {
		return 0, 0, false
	}
	minor, ok = parseSmall(y, MaxPythonMinor)
	return int(x[0] - '0'), minor, ok
}

// parseSmall reads a decimal number without sign or leading zeros, at most
// max.
func parseSmall(s string, maxValue int) (int, bool) {
	if s == "" || len(s) > 1 && s[0] == '0' || len(s) > 4 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxValue || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	return n, true
}

// resolve validates t and computes its ABIs and platform list.
func (t Target) resolve() (*resolved, error) {
	fail := func(field, reason string) (*resolved, error) {
		return nil, &TargetError{Input: t.String(), Field: field, Reason: reason}
	}
	r := &resolved{}
	impl := strings.ToLower(t.Implementation)
	switch {
	case impl == "":
		r.short = "cp"
	case isKnownLong(impl):
		r.short, _ = shortName(impl)
	case isKnownShort(impl):
		r.short = impl
	case isLetters(impl) && len(impl) <= MaxNameLen:
		r.short = impl
	default:
		return fail("implementation", "must be letters, such as cpython or pypy")
	}
	var ok bool
	r.major, r.minor, ok = parsePython(t.Python)
	if !ok {
		return fail("python", "want X.Y, such as 3.12 (minor at most "+itoa(MaxPythonMinor)+")")
	}
	abi := strings.ToLower(t.ABI)
	if abi != "" && !isName(abi) {
		return fail("abi", "must be letters, digits and '_'")
	}
	if r.short == "cp" {
		if err := r.cpythonABIs(t, abi); err != "" {
			return fail("abi", err)
		}
	} else {
		if t.Debug || t.FreeThreaded {
			return fail("abi", "debug and free-threaded flags apply to CPython only; set ABI")
		}
		switch {
		case abi != "":
			r.abis = []string{abi}
		case r.short == "pp":
			r.abis = []string{"pypy" + itoa(r.major) + itoa(r.minor) + "_pp73"}
		}
	}
	field, reason := r.platformList(t)
	if reason != "" {
		return fail(field, reason)
	}
	return r, nil
}

// cpythonABIs sets the CPython ABIs, as packaging's _cpython_abis computes
// them from the build's configuration: cp{XY}{t}{d}{m}, then cp{XY}{t}
// for a debug build from 3.8 on. It returns a reason when t is invalid.
func (r *resolved) cpythonABIs(t Target, abi string) string {
	ver := itoa(r.major) + itoa(r.minor)
	if abi != "" {
		if t.Debug || t.FreeThreaded {
			return "an explicit ABI conflicts with the debug and free-threaded flags"
		}
		// cpython_tags(abis=[abi]) drops "abi3" and "none", which it adds
		// itself, and reads free-threading from the flags of a cpNN ABI.
		if abi != "abi3" && abi != "none" {
			r.abis = []string{abi}
		}
		r.threading = isThreaded(abi)
		return ""
	}
	older := r.major < 3 || r.major == 3 && r.minor < 8
	if r.major < 3 || r.major == 3 && r.minor < 3 {
		return "CPython before 3.3 needs an explicit ABI (cp27mu or cp27m)"
	}
	if t.FreeThreaded && (r.major == 3 && r.minor < 13) {
		return "free-threaded CPython starts at 3.13"
	}
	flags := ""
	if t.FreeThreaded {
		flags = "t"
		r.threading = true
	}
	if t.Debug {
		flags += "d"
	}
	if older {
		flags += "m" // pymalloc, on by default (also on Windows)
	}
	r.abis = []string{"cp" + ver + flags}
	if t.Debug && !older {
		r.abis = append(r.abis, "cp"+ver+strings.TrimSuffix(flags, "d"))
	}
	return ""
}

// isThreaded reports whether a cpNN ABI carries the free-threading flag
// 't' (packaging's _is_threaded_cpython).
func isThreaded(abi string) bool {
	rest, ok := strings.CutPrefix(abi, "cp")
	if !ok {
		return false
	}
	i := 0
	for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
		i++
	}
	return i > 0 && strings.Contains(rest[i:], "t")
}

// isLetters reports whether s is a non-empty run of a-z.
func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// ParseTarget reads the compact textual form of a [Target], for command
// lines and configuration files. See "Target text" in the package
// documentation for the grammar. The error is a [*TargetError] matching
// [ErrInvalidTarget]. A parsed target is checked as [Target.Supported]
// checks it, and [Target.String] gives the text back in canonical form.
func ParseTarget(s string) (Target, error) {
	fail := func(field, reason string) (Target, error) {
		return Target{}, &TargetError{Input: s, Field: field, Reason: reason}
	}
	if len(s) > 4*MaxNameLen {
		return fail("", "longer than "+itoa(4*MaxNameLen)+" bytes")
	}
	low := strings.ToLower(s)
	parts := strings.Split(low, "-")
	var t Target
	switch len(parts) {
	case 2:
	case 3:
		t.ABI = parts[1]
		if !isName(t.ABI) {
			return fail("abi", "must be letters, digits and '_'")
		}
	default:
		return fail("", "want python[-abi]-platform, such as cp312-manylinux_2_28_x86_64")
	}
	// The Python tag: implementation letters, major digit, minor digits,
	// then the flags t and d.
	py := parts[0]
	i := 0
	for i < len(py) && 'a' <= py[i] && py[i] <= 'z' {
		i++
	}
	impl := py[:i]
	j := i
	for j < len(py) && '0' <= py[j] && py[j] <= '9' {
		j++
	}
	digits, flags := py[i:j], py[j:]
	if impl == "" || len(digits) < 2 {
		return fail("python", "want an interpreter tag such as cp312, cp313t or pp310")
	}
	if long, ok := longName(impl); ok {
		t.Implementation = long
	} else {
		t.Implementation = impl
	}
	t.Python = digits[:1] + "." + digits[1:]
	switch flags {
	case "":
	case "t":
		t.FreeThreaded = true
	case "d":
		t.Debug = true
	case "td":
		t.FreeThreaded, t.Debug = true, true
	default:
		return fail("python", "unknown ABI flags "+quote(flags)+" (want t, d or td)")
	}
	if field, reason := parsePlatform(&t, parts[len(parts)-1]); reason != "" {
		return fail(field, reason)
	}
	if _, err := t.resolve(); err != nil {
		var te *TargetError
		if errors.As(err, &te) {
			return fail(te.Field, te.Reason)
		}
		return Target{}, err
	}
	return t, nil
}

func isKnownLong(s string) bool  { _, ok := shortName(s); return ok }
func isKnownShort(s string) bool { _, ok := longName(s); return ok }

// parsePlatform fills t's OS fields from a platform tag. It returns the
// field and reason when p is not one of the forms of the grammar.
func parsePlatform(t *Target, p string) (field, reason string) {
	// twoNumbers reads "M_m_rest".
	twoNumbers := func(s string, maxMajor, maxMinor int) (int, int, string, bool) {
		a, rest, ok1 := strings.Cut(s, "_")
		b, rest, ok2 := strings.Cut(rest, "_")
		x, okx := parseSmall(a, maxMajor)
		y, oky := parseSmall(b, maxMinor)
		return x, y, rest, ok1 && ok2 && okx && oky
	}
	switch {
	case p == "win32":
		t.OS, t.Arch = OSWindows, "x86"
		return "", ""
	case strings.HasPrefix(p, "win_"):
		t.OS, t.Arch = OSWindows, p[len("win_"):]
		return "", ""
	case strings.HasPrefix(p, "manylinux_"), strings.HasPrefix(p, "musllinux_"):
		kind, rest, _ := strings.Cut(p, "_")
		x, y, arch, ok := twoNumbers(rest, MaxLibcMajor, MaxLibcMinor)
		if !ok {
			return "platform", "want " + kind + "_{major}_{minor}_{arch}"
		}
		t.OS, t.Arch = OSLinux, arch
		if kind == "manylinux" {
			t.Libc = Glibc(x, y)
		} else {
			t.Libc = Musl(x, y)
		}
		return "", ""
	case strings.HasPrefix(p, "manylinux1_"):
		t.OS, t.Arch, t.Libc = OSLinux, p[len("manylinux1_"):], Glibc(2, 5)
		return "", ""
	case strings.HasPrefix(p, "manylinux2010_"):
		t.OS, t.Arch, t.Libc = OSLinux, p[len("manylinux2010_"):], Glibc(2, 12)
		return "", ""
	case strings.HasPrefix(p, "manylinux2014_"):
		t.OS, t.Arch, t.Libc = OSLinux, p[len("manylinux2014_"):], Glibc(2, 17)
		return "", ""
	case strings.HasPrefix(p, "linux_"):
		t.OS, t.Arch = OSLinux, p[len("linux_"):]
		return "", ""
	case strings.HasPrefix(p, "macosx_"), strings.HasPrefix(p, "ios_"):
		kind, rest, _ := strings.Cut(p, "_")
		x, y, arch, ok := twoNumbers(rest, MaxAppleMajor, MaxAppleMinor)
		if !ok {
			return "platform", "want " + kind + "_{major}_{minor}_{arch}"
		}
		t.OS, t.Arch, t.OSMajor, t.OSMinor = OSMacOS, arch, x, y
		if kind == "ios" {
			t.OS = OSIOS
		}
		return "", ""
	case strings.HasPrefix(p, "android_"):
		a, arch, _ := strings.Cut(p[len("android_"):], "_")
		api, ok := parseSmall(a, MaxAndroidAPI)
		if !ok {
			return "platform", "want android_{api}_{abi}"
		}
		t.OS, t.Arch, t.OSMajor = OSAndroid, arch, api
		return "", ""
	}
	return "platform", "unknown platform " + quote(p) + " (want manylinux_, musllinux_, linux_, macosx_, win32, win_, ios_ or android_)"
}
