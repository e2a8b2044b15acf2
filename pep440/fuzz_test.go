package pep440

import (
	"errors"
	"testing"
)

func fuzzSeeds(f *testing.F) {
	for _, group := range precedence {
		for _, s := range group {
			f.Add(s)
		}
	}
	for _, s := range []string{"", " ", "v", "1!", "1.0+", "1.0a.", "1.0.post-dev", "\u00a01.0", "1.0+\u0130", "1..0", "٣"} {
		f.Add(s)
	}
}

// FuzzParse checks that Parse never panics, that every error matches
// ErrInvalidVersion, that String round-trips and is idempotent, and that
// Compare agrees with String equality and is antisymmetric.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidVersion) {
				t.Fatalf("Parse(%q): error %v does not match ErrInvalidVersion", s, err)
			}
			return
		}
		str := v.String()
		w, err := Parse(str)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", s, str, err)
		}
		if w.String() != str {
			t.Fatalf("String not idempotent: %q -> %q -> %q", s, str, w.String())
		}
		if w != v {
			t.Fatalf("Parse(%q) and Parse(%q) differ: %#v vs %#v", s, str, v, w)
		}
		if Compare(v, w) != 0 {
			t.Fatalf("Compare(%q, %q) != 0 for equal strings", s, str)
		}
		// The key order must agree with the segment-by-segment reference.
		for _, w := range []string{"0", "1.0", "1.0.dev1", "1.0a1+x"} {
			if c, r := Compare(v, MustParse(w)), compareRef(v, MustParse(w)); c != r {
				t.Fatalf("Compare(%q, %q) = %d, reference says %d", str, w, c, r)
			}
		}
		_ = v.Public()
		_ = v.BaseVersion()
		_ = v.Canonical()
		_ = v.Release()
	})
}

// FuzzCompare checks that Compare is a total order: antisymmetric,
// consistent with String equality, with the slow path, and transitive
// against a fixed pivot.
func FuzzCompare(f *testing.F) {
	f.Add("1.0", "1.0.0", "1.0a1")
	f.Add("1.0+abc", "1.0+1", "1.0.post1")
	f.Add("1!0", "99999999999999999999", "1.0.dev1")
	f.Fuzz(func(t *testing.T, as, bs, cs string) {
		a, errA := Parse(as)
		b, errB := Parse(bs)
		c, errC := Parse(cs)
		if errA != nil || errB != nil || errC != nil {
			return
		}
		ab, ba := Compare(a, b), Compare(b, a)
		if ab != -ba {
			t.Fatalf("Compare(%s, %s) = %d but Compare(%s, %s) = %d", a, b, ab, b, a, ba)
		}
		if r := compareRef(a, b); r != ab {
			t.Fatalf("Compare(%s, %s) = %d, reference says %d", a, b, ab, r)
		}
		if a.String() == b.String() && ab != 0 {
			t.Fatalf("%s and %s print the same but compare %d", a, b, ab)
		}
		if (ab == 0) != (a.Canonical() == b.Canonical()) {
			t.Fatalf("Compare(%s, %s) = %d but canonical forms %q, %q", a, b, ab, a.Canonical(), b.Canonical())
		}
		if ab <= 0 && Compare(b, c) <= 0 && Compare(a, c) > 0 {
			t.Fatalf("not transitive: %s <= %s <= %s but %s > %s", a, b, c, a, c)
		}
	})
}

// FuzzSpecifierSet checks that parsing never panics, errors match
// ErrInvalidSpecifier, String re-parses to an equal set, and matching a
// version never panics.
func FuzzSpecifierSet(f *testing.F) {
	for _, s := range []string{"", ">=1.0,<2", "~=1.4.5a4", "==1.0.*", "===foo", "!=2.0+x", ">1.0.post1", "<1!2.0.dev3", "== 1.0 .*", ",,"} {
		f.Add(s, "1.0")
	}
	f.Fuzz(func(t *testing.T, spec, version string) {
		set, err := ParseSpecifierSet(spec)
		if err != nil {
			if !errors.Is(err, ErrInvalidSpecifier) {
				t.Fatalf("ParseSpecifierSet(%q): %v does not match ErrInvalidSpecifier", spec, err)
			}
			return
		}
		again, err := ParseSpecifierSet(set.String())
		if err != nil {
			t.Fatalf("String of %q is %q, which does not parse: %v", spec, set.String(), err)
		}
		if !again.Equal(set) {
			t.Fatalf("%q and its String %q are not Equal", spec, set.String())
		}
		_ = set.ContainsString(version)
		if v, err := Parse(version); err == nil {
			in := set.Contains(v)
			if got := set.Filter([]Version{v}); (len(got) == 1) != in {
				t.Fatalf("%q: Contains(%s) = %v but Filter keeps %v", spec, v, in, got)
			}
		}
	})
}
