package license_test

import (
	"fmt"

	"github.com/safeindex/safeindex/policy/license"
)

func ExampleParse() {
	e, err := license.Parse("(mit or Apache-2.0) and GPL-2.0+ with Classpath-exception-2.0")
	if err != nil {
		panic(err)
	}
	fmt.Println(e)
	for _, l := range e.Licenses() {
		fmt.Println(license.Normalize(l))
	}
	_, err = license.Parse("MIT AND")
	fmt.Println(err)
	// Output:
	// (MIT OR Apache-2.0) AND GPL-2.0+ WITH Classpath-exception-2.0
	// MIT
	// Apache-2.0
	// GPL-2.0-or-later WITH Classpath-exception-2.0
	// license: invalid SPDX expression "MIT AND": offset 7: expected a license, found end of expression
}

func ExamplePolicy_Evaluate() {
	p := &license.Policy{
		Allow: []string{"MIT", "Apache-2.0", "BSD-3-Clause"},
		Deny:  []string{"GPL-3.0-only"},
	}
	for _, s := range []string{"MIT OR GPL-3.0-only", "MIT AND GPL-3.0-only", "ISC"} {
		d, err := p.EvaluateString(s)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s => %s\n", s, d)
	}
	// Output:
	// MIT OR GPL-3.0-only => allowed: MIT
	// MIT AND GPL-3.0-only => refused: GPL-3.0-only: denied
	// ISC => refused: ISC: not allowed
}

func ExampleFromMetadata() {
	d, err := license.FromMetadata("", "", []string{"License :: OSI Approved :: MIT License"})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Expression, d.From, d.Inferred)
	// Output:
	// MIT Classifier true
}
