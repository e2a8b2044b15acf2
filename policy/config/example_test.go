package config_test

import (
	"fmt"
	"os"

	"github.com/safeindex/safeindex/policy/config"
)

func ExampleLoad() {
	data := []byte(`
strategy = "strict"

[[source]]
name = "internal"
url = "https://ci:${TOKEN}@pypi.acme.example/simple/"
claims = ["acme-*"]

[[source]]
name = "pypi"
url = "https://pypi.org/simple/"
file-hosts = ["files.pythonhosted.org"]

[rules]
min-release-age = "7d"
`)
	// The environment supplies credentials; use os.LookupEnv in a program.
	env := map[string]string{"TOKEN": "s3cret"}
	pol, _, err := config.Load("safeindex.toml", data, config.WithEnv(func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range pol.Sources {
		fmt.Println(s.String(), s.Claims)
	}
	fmt.Println(pol.Strategy, pol.Rules.MinReleaseAge)
	// Output:
	// internal (https://ci:xxxxx@pypi.acme.example/simple/) [acme-*]
	// pypi (https://pypi.org/simple/) []
	// strict 168h0m0s
}

func ExampleLoad_error() {
	data := []byte(`[[source]]
name = "internal"
url = "https://pypi.acme.example/simple/"

[rules]
  min-release-age = "7 dayz"
`)
	_, _, err := config.Load("safeindex.toml", data)
	fmt.Println(err)
	// Output:
	// safeindex.toml:6:21: rules.min-release-age: "7 dayz" is not a duration: unknown unit "dayz" (use s, m, h, d or w)
}

func ExampleLoadFile() {
	// Import a pip configuration: the indexes become ordered sources, and
	// the notes say what pip would have done differently.
	pol, notes, err := config.LoadFile(os.DirFS("testdata"), "pip/pip.conf")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range pol.Sources {
		fmt.Println(s.Name)
	}
	for _, n := range notes {
		fmt.Println(n.Line, n.Severity, n.Key)
	}
	// Output:
	// pypi.acme.example
	// wheels.acme.example
	// pypi
	// 5 high global.extra-index-url
	// 10 medium install.trusted-host
}
