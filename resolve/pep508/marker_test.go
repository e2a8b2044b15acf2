package pep508

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkerString(t *testing.T) {
	tests := []struct{ in, str string }{
		{`python_version>="3.8"`, `python_version >= "3.8"`},
		{`(python_version >= "3.8")`, `python_version >= "3.8"`},
		{`((os_name == 'a'))`, `os_name == "a"`},
		// Parentheses survive only around a nested group of several items.
		{`(os_name == 'a' or os_name == 'b') and os_name == 'c'`, `(os_name == "a" or os_name == "b") and os_name == "c"`},
		{`os_name == 'a' and ((os_name == 'b' or os_name == 'c'))`, `os_name == "a" and (os_name == "b" or os_name == "c")`},
		{`(os_name == 'a' and os_name == 'b')`, `os_name == "a" and os_name == "b"`},
		{`os_name == 'a' and (os_name == 'b')`, `os_name == "a" and os_name == "b"`},
		{`os_name=='a'and os_name=='b'`, `os_name == "a" and os_name == "b"`},
		// Legacy variable spellings are written in today's spelling.
		{`os.name == 'posix'`, `os_name == "posix"`},
		{`python_implementation=='Jython'`, `platform_python_implementation == "Jython"`},
		{`platform.python_implementation=='CPython'`, `platform_python_implementation == "CPython"`},
		{`"a" in os_name`, `"a" in os_name`},
		{"'p' not \t in os_name", `"p" not in os_name`},
		{`os_name == "it's"`, `os_name == "it's"`},
		{`os_name == 'say "hi"'`, `os_name == 'say "hi"'`},
		// Quoted strings are Python literals.
		{`os_name == '\x41\u00e9\101'`, `os_name == "Aé` + "A" + `"`},
		{`os_name == 'a\qb'`, `os_name == "a\qb"`},
		{"os_name == 'a\\\nb'", `os_name == "ab"`},
		// Values packaging cannot write back: our own escapes.
		{`os_name == 'a\\b'`, `os_name == "a\\b"`},
		{`os_name == 'a\nb'`, `os_name == "a\nb"`},
		{`os_name == '\x27\x22'`, `os_name == "'\x22"`},
		// Extra names are normalized, Python's way (final sigma included).
		{`extra == "Foo_Bar..baz"`, `extra == "foo-bar-baz"`},
		{`"Foo" == extra`, `"foo" == extra`},
		{`"Foo" in extras`, `"foo" in extras`},
		{`extras == "Foo"`, `extras == "Foo"`},
		{`extra == 'ΑΣ'`, `extra == "ας"`},
		{`extra == 'ΣΑ'`, `extra == "σα"`},
		{`extra == 'İ'`, "extra == \"i\u0307\""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := ParseMarker(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.str, m.String())
			m2, err := ParseMarker(m.String())
			require.NoError(t, err)
			assert.True(t, m.Equal(m2))
		})
	}
}

func TestParseMarkerErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		reason string
	}{
		{`"3.4" < python_version < "3.9"`, 23, "end of marker expression"},
		{`python_version`, 14, "marker operator"},
		{`(python_version)`, 15, "marker operator"},
		{`this_isnt_a_real_variable >= '1.0'`, 0, "marker variable"},
		{`python_version >= "3" and`, 25, "marker variable"},
		{"python_version >= \"3\"\n", 21, "end of marker expression"},
		{`os-name == "a"`, 0, "marker variable"},
		{`os_nameand == "a"`, 0, "marker variable"},
		{`os_name == 'a'andos_name == 'b'`, 14, "end of marker"},
		{`'p' notin os_name`, 4, "marker operator"},
		{`'p' not_in os_name`, 4, "marker operator"},
		{`'p' not os_name`, 8, `"in" after "not"`},
		{`os_name = 'a'`, 8, "marker operator"},
		{`os_name == 'C:\'`, 11, "unterminated"},
		{`os_name == '\x4'`, 11, "truncated"},
		{`os_name == '\U00110000'`, 11, "beyond"},
		{`os_name == '\N{EM DASH}'`, 11, "not supported"},
		{"os_name == 'a\nb'", 11, "line break"},
		{"os_name == 'a\x00'", 11, "NUL"},
		{`os_name == '''a'''`, 13, "end of marker"},
		{`(os_name == 'a'`, 0, "closing parenthesis"},
		{``, 0, "marker variable"},
		{`()`, 1, "marker variable"},
		{`os_name == 'a' AND os_name == 'b'`, 15, "end of marker"},
		{strings.Repeat("(", 201) + "os_name == 'a'" + strings.Repeat(")", 201), 200, "too deeply"},
		{"os_name == '\xff'", 12, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseMarker(tt.in)
			require.Error(t, err)
			var me *MarkerError
			require.ErrorAs(t, err, &me)
			assert.ErrorIs(t, err, ErrInvalidMarker)
			assert.Equal(t, tt.offset, me.Offset, "offset; error: %v", err)
			assert.Contains(t, err.Error(), tt.reason)
		})
	}
	_, err := ParseMarker(`python_version >= "3" and`)
	assert.EqualError(t, err, `invalid marker "python_version >= \"3\" and": at byte 25: expected a marker variable or a quoted string`)
}

func TestEvaluate(t *testing.T) {
	py39 := Environment{PythonVersion: "3.9", PythonFullVersion: "3.9.1", OSName: "posix", SysPlatform: "linux",
		PlatformMachine: "x86_64", PlatformPythonImplementation: "CPython", PlatformRelease: "5.15.0-1051-azure",
		PlatformVersion: "13", ImplementationName: "cpython", ImplementationVersion: "3.9.1"}
	with := func(f func(*Environment)) Environment { e := py39; f(&e); return e }
	full := func(v string) Environment { return with(func(e *Environment) { e.PythonFullVersion = v }) }
	extra := func(x string) Environment { return with(func(e *Environment) { e.Extra = x }) }
	lock := with(func(e *Environment) {
		e.Context = ContextLockFile
		e.Extras = []string{"foo", "Bar_Baz"}
		e.DependencyGroups = []string{"dev"}
	})
	const (
		F = iota
		T
		UC // ErrUndefinedComparison
		UN // ErrUndefinedEnvironmentName
	)
	tests := []struct {
		marker string
		env    Environment
		want   int
	}{
		// Precedence: "and" before "or".
		{`python_version == "3.9" and os_name == "nt" or sys_platform == "linux"`, py39, T},
		{`os_name == "nt" or os_name == "posix" and sys_platform == "win32"`, py39, F},
		{`(os_name == "nt" or os_name == "posix") and sys_platform == "linux"`, py39, T},
		// Version variables: PEP 440 semantics when "op rhs" is a specifier.
		{`python_version > "3.10"`, py39, F},
		{`python_version ~= "3.0"`, py39, T},
		{`python_version ~= "3"`, py39, UC},
		{`python_version === "3.9"`, py39, T},
		{`python_version === "3.9.0"`, py39, F},
		{`python_full_version == "3.9.*"`, py39, T},
		{`python_full_version > "3.6.2"`, full("3.11.0a5"), T},
		{`python_full_version < '3.12'`, full("3.11.1+"), T}, // "+" read as "+local"
		{`python_version == "3.9.0"`, py39, T},
		{`python_version < "3.9.*"`, py39, F}, // not a specifier: string "<" is false
		// The specifier comes from the right operand.
		{`"2.7.9" < python_full_version`, full("2.7.10"), T},
		{`"2.7.9" < python_full_version`, full("2.7.8"), F},
		{`python_full_version < "3.12"`, full("3.12.0rc1"), F},
		{`python_full_version >= "3.12"`, full("3.12.0rc1"), F},
		{`"3.12" > python_full_version`, full("3.12.0rc1"), T},
		{`"b" < python_full_version`, full("c"), F},
		// String variables.
		{`os_name <= "posix"`, py39, T},
		{`os_name >= "posi"`, py39, F},
		{`os_name < "zzz"`, py39, F},
		{`os_name > "a"`, py39, F},
		{`sys_platform == "linux"`, py39, T},
		{`sys_platform == "LINUX"`, py39, F},
		{`os_name === 'posix'`, py39, UC},
		{`os_name ~= 'posix'`, py39, UC},
		{`sys_platform == "1.0"`, with(func(e *Environment) { e.SysPlatform = "1.0.0" }), F},
		// platform_release is version-or-string, platform_version is a string.
		{`platform_release == "5.15.0-1051-azure"`, py39, T},
		{`platform_release >= "5"`, py39, F},
		{`platform_release != "5.0"`, py39, F},
		{`platform_release == "5.15.0-1051-AZURE"`, py39, F},
		{`platform_version >= "1"`, py39, F},
		{`platform_version <= "13"`, py39, T},
		// "in" is a substring test.
		{`'2.7' in python_version`, with(func(e *Environment) { e.PythonVersion = "2.7.5" }), T},
		{`'2.7' not in python_version`, with(func(e *Environment) { e.PythonVersion = "2.7" }), F},
		{`"" in os_name`, py39, T},
		{`os_name in "posix nt"`, py39, T},
		// extra, normalized on both sides (PEP 685).
		{`extra == "im_valid"`, py39, F},
		{`extra == ""`, py39, T},
		{`extra == 'SECURITY'`, extra("security"), T},
		{`extra == 'security'`, extra("SECURITY"), T},
		{`extra == 'Different.punctuation..is...equal'`, extra("different__punctuation_is_EQUAL"), T},
		{`extra == "v2a3"`, extra("v2"), F},
		{`extra != "v2"`, extra("v2"), F},
		{`extra < "w"`, extra("v2"), F},
		{`extra == "a" and extra == "b"`, extra("a"), F},
		{`extra == "a"`, with(func(e *Environment) { e.Context = ContextRequirement; e.Extra = "a" }), UN},
		{`extra == "a"`, lock, UN},
		// Sets, in lock files.
		{`"foo" in extras`, lock, T},
		{`"Foo" in extras`, lock, T},
		{`"bar.baz" in extras`, lock, T},
		{`"baz" not in extras`, lock, T},
		{`"dev" in dependency_groups`, lock, T},
		{`"foo" == extras`, lock, F},
		{`"foo" != extras`, lock, T},
		{`"foo" ~= extras`, lock, UC},
		{`extras == 'foo'`, lock, UC},
		{`"foo" in extras`, py39, UN},
		{`"foo" in extras`, with(func(e *Environment) { e.Context = ContextLockFile }), F},
		// Both operands quoted: the right one names the variable.
		{`"posix" == "os_name"`, py39, T},
		{`"a" == "b"`, py39, UN},
		{`"a" == "os.name"`, py39, UN},
		// Both variables: the right one stands for its name.
		{`os_name == os_name`, py39, F},
		{`os_name == os_name`, with(func(e *Environment) { e.OSName = "os_name" }), T},
		// Every comparison is evaluated.
		{`os_name == "posix" or "a" in extras`, py39, UN},
		// Legacy spellings.
		{`os.name == 'posix'`, py39, T},
		{`python_implementation=='Jython'`, py39, F},
		{`platform.machine=='x86_64'`, py39, T},
	}
	for _, tt := range tests {
		t.Run(tt.marker, func(t *testing.T) {
			m, err := ParseMarker(tt.marker)
			require.NoError(t, err)
			got, err := m.Evaluate(tt.env)
			switch tt.want {
			case T, F:
				require.NoError(t, err)
				assert.Equal(t, tt.want == T, got)
			case UC:
				assert.ErrorIs(t, err, ErrUndefinedComparison)
				assert.ErrorIs(t, err, ErrInvalidMarker)
				assert.False(t, errors.Is(err, ErrUndefinedEnvironmentName))
			case UN:
				assert.ErrorIs(t, err, ErrUndefinedEnvironmentName)
				assert.ErrorIs(t, err, ErrInvalidMarker)
				var me *MarkerError
				require.ErrorAs(t, err, &me)
				assert.Equal(t, -1, me.Offset)
				assert.Equal(t, m.String(), me.Marker)
			}
		})
	}
}

func TestEvaluateErrorText(t *testing.T) {
	m, err := ParseMarker(`"a" in extras`)
	require.NoError(t, err)
	_, err = m.Evaluate(Environment{})
	assert.EqualError(t, err, `marker "\"a\" in extras": "extras" is not defined in the metadata context`)
	m, err = ParseMarker(`os_name ~= "posix"`)
	require.NoError(t, err)
	_, err = m.Evaluate(Environment{OSName: "posix"})
	assert.EqualError(t, err, `marker "os_name ~= \"posix\"": "~=" is undefined on os_name ("posix" ~= "posix" are not both versions)`)
}

func TestNilMarker(t *testing.T) {
	var m *Marker
	ok, err := m.Evaluate(Environment{})
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "", m.String())
	assert.True(t, m.Equal(nil))
}

func TestAndOr(t *testing.T) {
	a, err := ParseMarker(`os_name == "a" or os_name == "b"`)
	require.NoError(t, err)
	c, err := ParseMarker(`(python_version >= "3")`)
	require.NoError(t, err)
	assert.Equal(t, `(os_name == "a" or os_name == "b") and python_version >= "3"`, a.And(c).String())
	assert.Equal(t, `(os_name == "a" or os_name == "b") or python_version >= "3"`, a.Or(c).String())
	assert.Equal(t, `python_version >= "3" and (os_name == "a" or os_name == "b")`, c.And(a).String())
	assert.Same(t, a, a.And(nil))
	assert.Same(t, a, (*Marker)(nil).And(a))
	assert.Nil(t, a.Or(nil))
	// The operands are unchanged.
	assert.Equal(t, `os_name == "a" or os_name == "b"`, a.String())

	env := Environment{OSName: "b", PythonVersion: "2.7"}
	got, err := a.And(c).Evaluate(env)
	require.NoError(t, err)
	assert.False(t, got)
	got, err = a.Or(c).Evaluate(env)
	require.NoError(t, err)
	assert.True(t, got)
}

func TestNewEnvironment(t *testing.T) {
	env, err := NewEnvironment("3.12", "linux_x86_64")
	require.NoError(t, err)
	assert.Equal(t, Environment{
		OSName: "posix", SysPlatform: "linux", PlatformMachine: "x86_64", PlatformPythonImplementation: "CPython",
		PlatformSystem: "Linux", PythonVersion: "3.12", PythonFullVersion: "3.12.0",
		ImplementationName: "cpython", ImplementationVersion: "3.12.0",
	}, env)

	env, err = NewEnvironment("3.14.0rc1", "win_amd64")
	require.NoError(t, err)
	assert.Equal(t, "3.14", env.PythonVersion)
	assert.Equal(t, "3.14.0rc1", env.PythonFullVersion)
	assert.Equal(t, "nt", env.OSName)
	assert.Equal(t, "win32", env.SysPlatform)
	assert.Equal(t, "AMD64", env.PlatformMachine)

	env, err = NewEnvironment("3.10.4", "macosx_arm64")
	require.NoError(t, err)
	assert.Equal(t, [4]string{"darwin", "Darwin", "arm64", "3.10"},
		[4]string{env.SysPlatform, env.PlatformSystem, env.PlatformMachine, env.PythonVersion})

	for _, bad := range [][2]string{
		{"3", "linux_x86_64"}, {"3.12.1.1", "linux_x86_64"}, {"3.12rc1", "linux_x86_64"},
		{" 3.12", "linux_x86_64"}, {"3.012", "linux_x86_64"}, {"3.12.0.dev1", "linux_x86_64"},
		{"3.12+x", "linux_x86_64"}, {"x", "linux_x86_64"}, {"3.12", "linux"}, {"3.12", ""},
	} {
		_, err := NewEnvironment(bad[0], bad[1])
		assert.Error(t, err, "%q %q", bad[0], bad[1])
	}
}

func TestContextString(t *testing.T) {
	assert.Equal(t, "metadata", ContextMetadata.String())
	assert.Equal(t, "lock_file", ContextLockFile.String())
	assert.Equal(t, "requirement", ContextRequirement.String())
	assert.Equal(t, "Context(9)", Context(9).String())
}
