package pep508

import (
	"testing"
)

// fuzzSeeds are inputs for both fuzz targets; the vectors add thousands more
// when the corpus is built from testdata (see seedFromVectors).
var fuzzSeeds = []string{
	`requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7"`,
	`name @ https://x/y.whl ; os_name=="nt" and (extra == 'a' or "b" in extras)`,
	`name (>=1.0, <2)`, `name===a,b`, `name[a.]`, "name>=\u00a01.0", `name @ http://x` + "\n",
	`os_name == 'a\\b' or os_name == '\x27\x22' or os_name == 'a\nb'`,
	`extra == 'ΑΣ' and "İ" in extras`, `((((os_name == "a"))))`, `"a" == "b"`,
	`python_full_version >= "3.12" and platform_release != "5.0"`, "os_name == '\\N{EM DASH}'",
}

func seedFromVectors(f *testing.F, kind string) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, v := range loadVectors(f)[1:] {
		if v.Kind == kind {
			f.Add(v.In)
		}
	}
}

// FuzzParseRequirement checks that ParseRequirement never panics and that
// String round-trips: parse(String(r)) equals r and prints the same.
func FuzzParseRequirement(f *testing.F) {
	seedFromVectors(f, "req")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRequirement(s)
		if err != nil {
			return
		}
		out := r.String()
		r2, err := ParseRequirement(out)
		if err != nil {
			t.Fatalf("ParseRequirement(%q) ok, but its String %q does not parse: %v", s, out, err)
		}
		if !r.Equal(r2) || r2.String() != out {
			t.Fatalf("round trip of %q: %q then %q", s, out, r2.String())
		}
		if r.Marker != nil {
			_, _ = r.Marker.Evaluate(Environment{Context: ContextLockFile, Extras: []string{"a"}})
		}
	})
}

// FuzzParseMarker checks that ParseMarker and Evaluate never panic, that
// String round-trips and is idempotent, and that the round trip evaluates
// the same.
func FuzzParseMarker(f *testing.F) {
	seedFromVectors(f, "marker")
	env, err := NewEnvironment("3.12.0rc1", "linux_x86_64")
	if err != nil {
		f.Fatal(err)
	}
	env.PlatformRelease = "5.15.0-1051-azure"
	env.Extra = "a"
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMarker(s)
		if err != nil {
			return
		}
		out := m.String()
		m2, err := ParseMarker(out)
		if err != nil {
			t.Fatalf("ParseMarker(%q) ok, but its String %q does not parse: %v", s, out, err)
		}
		if m2.String() != out {
			t.Fatalf("round trip of %q: %q then %q", s, out, m2.String())
		}
		got, err1 := m.Evaluate(env)
		got2, err2 := m2.Evaluate(env)
		if got != got2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q evaluates to %v, %v but its String %q to %v, %v", s, got, err1, out, got2, err2)
		}
	})
}
