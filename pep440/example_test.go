package pep440_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/safeindex/safeindex/pep440"
)

func ExampleParse() {
	v, err := pep440.Parse(" V1.0-Alpha.2.post-1.DEV ")
	if err != nil {
		panic(err)
	}
	fmt.Println(v)
	fmt.Println(v.IsPrerelease(), v.BaseVersion())
	// Output:
	// 1.0a2.post1.dev0
	// true 1.0
}

func ExampleParse_invalid() {
	_, err := pep440.Parse("1.0-beta_2+")
	fmt.Println(errors.Is(err, pep440.ErrInvalidVersion))
	fmt.Println(err)
	// Output:
	// true
	// invalid version "1.0-beta_2+": expected a local version label of ASCII letters and digits at offset 11
}

func ExampleCompare() {
	var vs []pep440.Version
	for _, s := range []string{"1.0", "1.0.post1", "1.0rc1", "1.0.dev3", "0.9+local", "1!0.1", "1.0a1"} {
		vs = append(vs, pep440.MustParse(s))
	}
	slices.SortFunc(vs, pep440.Compare)
	fmt.Println(vs)
	// Output:
	// [0.9+local 1.0.dev3 1.0a1 1.0rc1 1.0 1.0.post1 1!0.1]
}

func ExampleSpecifierSet_Filter() {
	set, err := pep440.ParseSpecifierSet(">=1.0, !=1.3.*, <2")
	if err != nil {
		panic(err)
	}
	var vs []pep440.Version
	for _, s := range []string{"0.9", "1.0", "1.3.1", "1.4", "1.5rc1", "2.0"} {
		vs = append(vs, pep440.MustParse(s))
	}
	// Pre-releases are left out while a final release matches.
	fmt.Println(set.Filter(vs))
	// Forcing them in, as packaging's prereleases=True does:
	fmt.Println(set.WithPrereleases(pep440.PrereleasesAllow).Filter(vs))
	// Output:
	// [1.0 1.4]
	// [1.0 1.4 1.5rc1]
}

func ExampleSpecifierSet_Contains() {
	set := pep440.MustParseSpecifierSet("~=2.2")
	for _, s := range []string{"2.1", "2.2", "2.9.post1", "3.0", "3.0a1"} {
		fmt.Println(s, set.Contains(pep440.MustParse(s)))
	}
	// Output:
	// 2.1 false
	// 2.2 true
	// 2.9.post1 true
	// 3.0 false
	// 3.0a1 false
}

func ExampleSpecifierSet_String() {
	set := pep440.MustParseSpecifierSet("< 2 , >=1.0,== 1.0.0")
	fmt.Println(set)
	// Output:
	// <2,==1.0.0,>=1.0
}

func ExampleSpecifierSet_ContainsString() {
	// === compares strings, so it works on versions PEP 440 cannot parse,
	// as some real indexes hold.
	set := pep440.MustParseSpecifierSet("===2013b-custom")
	fmt.Println(set.ContainsString("2013B-CUSTOM"), set.ContainsString("2013b"))
	// Output:
	// true false
}
