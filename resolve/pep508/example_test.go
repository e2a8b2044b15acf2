package pep508_test

import (
	"errors"
	"fmt"

	"github.com/safeindex/safeindex/resolve/pep508"
)

func ExampleParseRequirement() {
	r, err := pep508.ParseRequirement(`Requests[socks,security] (>=2.8.1, <3) ; python_version >= "3.8"`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Name, r.NormalizedName())
	fmt.Println(r.Extras)
	fmt.Println(r.Specifier)
	fmt.Println(r.Marker)
	fmt.Println(r)
	// Output:
	// Requests requests
	// [socks security]
	// <3,>=2.8.1
	// python_version >= "3.8"
	// Requests[security,socks]<3,>=2.8.1; python_version >= "3.8"
}

func ExampleParseRequirement_url() {
	r, _ := pep508.ParseRequirement(`pip @ https://example.com/pip-23.2.1-py3-none-any.whl ; os_name == "nt"`)
	fmt.Println(r.URL)
	fmt.Println(r.Marker)

	// Without whitespace before ";", the marker is part of the URL.
	r, _ = pep508.ParseRequirement(`pip @ https://example.com/pip.whl;os_name=="nt"`)
	fmt.Println(r.URL, r.Marker == nil)
	// Output:
	// https://example.com/pip-23.2.1-py3-none-any.whl
	// os_name == "nt"
	// https://example.com/pip.whl;os_name=="nt" true
}

func ExampleParseRequirement_error() {
	_, err := pep508.ParseRequirement("name[bar baz]")
	fmt.Println(err)
	fmt.Println(errors.Is(err, pep508.ErrInvalidRequirement))
	// Output:
	// invalid requirement "name[bar baz]": at byte 9: expected a comma between extra names
	// true
}

func ExampleMarker_Evaluate() {
	m, err := pep508.ParseMarker(`sys_platform == "win32" or (python_version < "3.11" and extra == "toml")`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, target := range []struct{ python, platform string }{
		{"3.12", "linux_x86_64"},
		{"3.10", "linux_x86_64"},
		{"3.12", "win_amd64"},
	} {
		env, err := pep508.NewEnvironment(target.python, target.platform)
		if err != nil {
			fmt.Println(err)
			return
		}
		base, _ := m.Evaluate(env) // the base dependencies: no extra
		env.Extra = "TOML"         // the dependencies of the extra "toml"
		withExtra, _ := m.Evaluate(env)
		fmt.Printf("CPython %s on %s: base %v, [toml] %v\n", target.python, target.platform, base, withExtra)
	}
	// Output:
	// CPython 3.12 on linux_x86_64: base false, [toml] false
	// CPython 3.10 on linux_x86_64: base false, [toml] true
	// CPython 3.12 on win_amd64: base true, [toml] true
}

func ExampleMarker_Evaluate_lockFile() {
	m, _ := pep508.ParseMarker(`"Docs" in dependency_groups`)
	env, _ := pep508.NewEnvironment("3.13", "macosx_arm64")
	env.Context = pep508.ContextLockFile
	env.DependencyGroups = []string{"docs"}
	ok, err := m.Evaluate(env)
	fmt.Println(ok, err)

	env.Context = pep508.ContextMetadata // "dependency_groups" is not defined here
	_, err = m.Evaluate(env)
	fmt.Println(errors.Is(err, pep508.ErrUndefinedEnvironmentName))
	// Output:
	// true <nil>
	// true
}

func ExampleMarker_String() {
	m, _ := pep508.ParseMarker(`(os.name=='nt' or os_name=="posix") and ((extra == "Foo_Bar"))`)
	fmt.Println(m)
	// Output:
	// (os_name == "nt" or os_name == "posix") and extra == "foo-bar"
}
