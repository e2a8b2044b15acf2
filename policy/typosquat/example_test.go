package typosquat_test

import (
	"fmt"

	"github.com/safeindex/safeindex/policy/typosquat"
)

func Example() {
	c, err := typosquat.New(typosquat.WithProtected("acme-billing"))
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"reqeusts", "request", "djang0", "acme-biling", "numba", "python-dateutil"} {
		ms := c.Check(name)
		if len(ms) == 0 {
			fmt.Printf("%s: ok\n", name)
			continue
		}
		fmt.Println(ms[0])
	}
	// Output:
	// "reqeusts" resembles popular project "requests" (transposition)
	// "request" resembles popular project "requests" (plural)
	// "djang0" resembles popular project "django" (look-alike)
	// "acme-biling" resembles internal project "acme-billing" (repeated-letter)
	// numba: ok
	// python-dateutil: ok
}

func ExampleChecker_LooksInternal() {
	c, err := typosquat.New(typosquat.WithInternalPatterns("acme-*"))
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"Acme_Tools", "acmetools"} {
		p, ok := c.LooksInternal(name)
		fmt.Println(name, ok, p)
	}
	// Output:
	// Acme_Tools true acme-*
	// acmetools false
}

func ExampleWithPopular() {
	// A list of one's own instead of the embedded one.
	c, err := typosquat.New(typosquat.WithPopular([]string{"internal-sdk", "requests"}))
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Check("internal_sdkk"))
	// Output:
	// ["internal-sdkk" resembles popular project "internal-sdk" (repeated-letter)]
}
