package pep508

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/safeindex/safeindex/pep440"
)

// Context says which of the three request-dependent variables a marker may
// use, as packaging's EvaluateContext (25.0) does. Using one that the context
// does not define is an error matching ErrUndefinedEnvironmentName.
type Context uint8

const (
	// ContextMetadata is for the Requires-Dist markers of published core
	// metadata, and is packaging's default: "extra" is defined (Environment.Extra,
	// "" when evaluating the base dependencies); "extras" and
	// "dependency_groups" are not.
	ContextMetadata Context = iota
	// ContextLockFile is for pylock.toml markers (PEP 751): "extras" and
	// "dependency_groups" are defined (Environment.Extras and
	// Environment.DependencyGroups, empty when nil); "extra" is not.
	ContextLockFile
	// ContextRequirement is for everything else (packaging's "requirement"):
	// none of "extra", "extras" and "dependency_groups" is defined.
	ContextRequirement
)

// String returns packaging's name for the context: "metadata", "lock_file"
// or "requirement".
func (c Context) String() string {
	switch c {
	case ContextMetadata:
		return "metadata"
	case ContextLockFile:
		return "lock_file"
	case ContextRequirement:
		return "requirement"
	}
	return "Context(" + strconv.Itoa(int(c)) + ")"
}

// Environment holds the values of the PEP 508 marker variables for one
// target interpreter and platform (the "Environment Markers" section of the
// dependency specifiers specification). Values are compared as written,
// except where noted.
//
// The zero Environment has every string empty, the metadata context and no
// extra: markers about the platform are then false (or, for "!=" and
// "not in", true), so fill in the fields, or start from NewEnvironment.
type Environment struct {
	OSName                       string // os.name: "posix", "nt"
	SysPlatform                  string // sys.platform: "linux", "darwin", "win32"
	PlatformMachine              string // platform.machine(): "x86_64", "arm64", "AMD64"
	PlatformPythonImplementation string // platform.python_implementation(): "CPython", "PyPy"
	PlatformRelease              string // platform.release(): "6.8.0-1051-azure"; "" when unknown
	PlatformSystem               string // platform.system(): "Linux", "Darwin", "Windows"
	PlatformVersion              string // platform.version(); "" when unknown
	PythonVersion                string // "3.12": major and minor
	PythonFullVersion            string // "3.12.4"; a trailing "+" is read as "+local", as packaging does
	ImplementationName           string // sys.implementation.name: "cpython", "pypy"
	ImplementationVersion        string // sys.implementation.version: "3.12.4", "7.3.13", "3.13.0a2"

	// Extra is the extra whose dependencies are being evaluated, "" for the
	// base dependencies (ContextMetadata only). It is normalized (PEP 685)
	// before comparison. To find the dependencies of a set of extras,
	// evaluate once per extra and once with "", as pip and packaging do.
	Extra string
	// Extras and DependencyGroups are the extras and dependency groups
	// selected from a lock file (ContextLockFile only; PEP 751). Names are
	// normalized before comparison.
	Extras           []string
	DependencyGroups []string

	// Context says which of Extra, Extras and DependencyGroups a marker may
	// use; the zero value is ContextMetadata.
	Context Context
}

// NewEnvironment returns the environment of a CPython interpreter of the
// given version on the given platform, for evaluating markers for a target
// other than the running machine (a lock for Linux built on macOS).
//
// pythonVersion is "X.Y" or "X.Y.Z" (a pre-release such as "3.14.0rc1" is
// allowed); "X.Y" stands for "X.Y.0". PythonVersion is "X.Y", and
// PythonFullVersion and ImplementationVersion are the full version.
//
// platform is one of the wheel platform names below; the values are those
// Python reports on that system:
//
//	platform        os_name sys_platform platform_system platform_machine
//	linux_x86_64    posix   linux        Linux           x86_64
//	linux_aarch64   posix   linux        Linux           aarch64
//	linux_i686      posix   linux        Linux           i686
//	linux_armv7l    posix   linux        Linux           armv7l
//	linux_ppc64le   posix   linux        Linux           ppc64le
//	linux_s390x     posix   linux        Linux           s390x
//	linux_riscv64   posix   linux        Linux           riscv64
//	macosx_x86_64   posix   darwin       Darwin          x86_64
//	macosx_arm64    posix   darwin       Darwin          arm64
//	win_amd64       nt      win32        Windows         AMD64
//	win32           nt      win32        Windows         x86
//	win_arm64       nt      win32        Windows         ARM64
//
// ImplementationName is "cpython" and PlatformPythonImplementation "CPython".
// PlatformRelease and PlatformVersion (the kernel's release and build) are
// not determined by a target and are left empty, as Python leaves them when
// it cannot tell: markers comparing them as versions are false. Set them
// when they matter.
func NewEnvironment(pythonVersion, platform string) (Environment, error) {
	v, err := pep440.Parse(pythonVersion)
	var rel []pep440.Number
	if err == nil {
		rel = v.Release()
	}
	if err != nil || len(rel) < 2 || len(rel) > 3 || v.IsPostrelease() || v.IsLocal() ||
		strings.TrimSpace(pythonVersion) != pythonVersion || v.Epoch() != "0" || v.String() != pythonVersion {
		return Environment{}, fmt.Errorf("pep508: python version %q: want X.Y or X.Y.Z, such as 3.12 or 3.12.4", pythonVersion)
	}
	full := pythonVersion
	if len(rel) == 2 {
		if _, isDev := v.Dev(); isDev || v.IsPrerelease() {
			return Environment{}, fmt.Errorf("pep508: python version %q: a pre-release needs the micro version, such as 3.14.0rc1", pythonVersion)
		}
		full += ".0"
	}
	if _, isDev := v.Dev(); isDev {
		return Environment{}, fmt.Errorf("pep508: python version %q: CPython has no dev releases", pythonVersion)
	}
	env := Environment{
		PythonVersion:                rel[0].String() + "." + rel[1].String(),
		PythonFullVersion:            full,
		ImplementationVersion:        full,
		ImplementationName:           "cpython",
		PlatformPythonImplementation: "CPython",
	}
	switch platform {
	case "linux_x86_64", "linux_aarch64", "linux_i686", "linux_armv7l", "linux_ppc64le", "linux_s390x", "linux_riscv64":
		env.OSName, env.SysPlatform, env.PlatformSystem = "posix", "linux", "Linux"
		env.PlatformMachine = strings.TrimPrefix(platform, "linux_")
	case "macosx_x86_64", "macosx_arm64":
		env.OSName, env.SysPlatform, env.PlatformSystem = "posix", "darwin", "Darwin"
		env.PlatformMachine = strings.TrimPrefix(platform, "macosx_")
	case "win_amd64", "win32", "win_arm64":
		env.OSName, env.SysPlatform, env.PlatformSystem = "nt", "win32", "Windows"
		env.PlatformMachine = map[string]string{"win_amd64": "AMD64", "win32": "x86", "win_arm64": "ARM64"}[platform]
	default:
		return Environment{}, fmt.Errorf("pep508: unknown platform %q: want one of linux_x86_64, linux_aarch64, linux_i686, linux_armv7l, linux_ppc64le, linux_s390x, linux_riscv64, macosx_x86_64, macosx_arm64, win_amd64, win32, win_arm64", platform)
	}
	return env, nil
}

// versionVariables are compared as PEP 440 versions when the operator and
// the right operand form a valid specifier (packaging's
// MARKERS_REQUIRING_VERSION). platform_version is not among them.
func isVersionVariable(name string) bool {
	switch name {
	case "python_version", "python_full_version", "implementation_version", "platform_release":
		return true
	}
	return false
}

// value is an environment value: a string, or a set for extras and
// dependency_groups.
type value struct {
	s     string
	set   []string // normalized; used when isSet
	isSet bool
}

// lookup returns the value of the variable name, and false when the
// environment does not define it.
func (env *Environment) lookup(name string) (value, bool) {
	switch name {
	case "os_name":
		return value{s: env.OSName}, true
	case "sys_platform":
		return value{s: env.SysPlatform}, true
	case "platform_machine":
		return value{s: env.PlatformMachine}, true
	case "platform_python_implementation":
		return value{s: env.PlatformPythonImplementation}, true
	case "platform_release":
		return value{s: env.PlatformRelease}, true
	case "platform_system":
		return value{s: env.PlatformSystem}, true
	case "platform_version":
		return value{s: env.PlatformVersion}, true
	case "python_version":
		return value{s: env.PythonVersion}, true
	case "python_full_version":
		// packaging's _repair_python_full_version: builds from a source
		// checkout report "3.13.0+".
		if strings.HasSuffix(env.PythonFullVersion, "+") {
			return value{s: env.PythonFullVersion + "local"}, true
		}
		return value{s: env.PythonFullVersion}, true
	case "implementation_name":
		return value{s: env.ImplementationName}, true
	case "implementation_version":
		return value{s: env.ImplementationVersion}, true
	case "extra":
		if env.Context == ContextMetadata {
			return value{s: canonicalName(env.Extra)}, true
		}
	case "extras":
		if env.Context == ContextLockFile {
			return value{set: normalizeAll(env.Extras), isSet: true}, true
		}
	case "dependency_groups":
		if env.Context == ContextLockFile {
			return value{set: normalizeAll(env.DependencyGroups), isSet: true}, true
		}
	}
	return value{}, false
}

func normalizeAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = canonicalName(n)
	}
	return out
}

// Evaluate reports whether the marker holds in env, with the rules of
// packaging 26.x's Marker.evaluate (see "Evaluation" in the package
// documentation). A nil Marker holds everywhere.
//
// Every comparison is evaluated, as packaging does, so an error in any of
// them is returned even when the others decide the result. Errors are
// *MarkerError values matching ErrInvalidMarker and ErrUndefinedComparison or
// ErrUndefinedEnvironmentName.
func (m *Marker) Evaluate(env Environment) (bool, error) {
	if m == nil {
		return true, nil
	}
	ok, err := m.root.eval(&env)
	if err != nil {
		err.Marker = m.String()
		return false, err
	}
	return ok, nil
}

// eval computes any(all(group) for group in or-separated groups), evaluating
// every item.
func (l *markerList) eval(env *Environment) (bool, *MarkerError) {
	result, group := false, true
	for i := range l.items {
		if i > 0 && l.ops[i-1] == opOr {
			result = result || group
			group = true
		}
		var v bool
		var err *MarkerError
		if it := &l.items[i]; it.list != nil {
			v, err = it.list.eval(env)
		} else {
			v, err = it.cmp.eval(env)
		}
		if err != nil {
			return false, err
		}
		group = group && v
	}
	return result || group, nil
}

func (c *comparison) eval(env *Environment) (bool, *MarkerError) {
	// packaging looks up the variable side; when neither side is a variable,
	// the right-hand string names the variable, and when both are variables
	// the right-hand one stands for its own name.
	var key string
	var lhs, rhs value
	if c.lhs.variable {
		key = c.lhs.value
		v, ok := env.lookup(key)
		if !ok {
			return false, undefinedName(key, env.Context)
		}
		lhs, rhs = v, value{s: c.rhs.value}
	} else {
		key = c.rhs.value
		v, ok := env.lookup(key)
		if !ok {
			return false, undefinedName(key, env.Context)
		}
		lhs, rhs = value{s: c.lhs.value}, v
	}
	if lhs.isSet {
		return false, &MarkerError{Offset: -1, Err: ErrUndefinedComparison,
			Reason: fmt.Sprintf("set-valued variable %q can only be tested with \"in\" or \"not in\" on the right, as in %q in %s", key, "name", key)}
	}
	if isSetVariable(key) {
		// PEP 685 / PEP 735: names compared normalized. rhs.set already is.
		lhs.s = canonicalName(lhs.s)
	}
	if isVersionVariable(key) {
		if spec, err := pep440.ParseSpecifier(c.op + rhs.s); err == nil {
			return specContains(spec, lhs.s), nil
		}
	}
	if rhs.isSet {
		found := false
		for _, e := range rhs.set {
			if e == lhs.s {
				found = true
				break
			}
		}
		switch c.op {
		case "in":
			return found, nil
		case "not in":
			return !found, nil
		case "!=":
			return true, nil // a string never equals a set
		case "==", "<=", ">=", "<", ">":
			return false, nil
		}
	} else {
		switch c.op {
		case "in":
			return strings.Contains(rhs.s, lhs.s), nil
		case "not in":
			return !strings.Contains(rhs.s, lhs.s), nil
		case "==", "<=", ">=":
			return lhs.s == rhs.s, nil
		case "!=":
			return lhs.s != rhs.s, nil
		case "<", ">":
			return false, nil
		}
	}
	return false, &MarkerError{Offset: -1, Err: ErrUndefinedComparison,
		Reason: fmt.Sprintf("%q is undefined on %s (%q %s %q are not both versions)", c.op, key, lhs.s, c.op, rhs.s)}
}

// specContains is packaging's Specifier.contains(v, prereleases=True) for a
// version string: "===" compares the text case-insensitively (Python's
// str.lower), other operators never match a string that is not a version.
func specContains(spec pep440.Specifier, s string) bool {
	if spec.Op() == pep440.OpArbitrary {
		return pyLower(s) == pyLower(spec.Version())
	}
	v, err := pep440.Parse(s)
	if err != nil {
		return false
	}
	return spec.Contains(v)
}

func undefinedName(key string, ctx Context) *MarkerError {
	return &MarkerError{Offset: -1, Err: ErrUndefinedEnvironmentName,
		Reason: fmt.Sprintf("%q is not defined in the %s context", key, ctx)}
}
