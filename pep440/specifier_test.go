package pep440

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestContainsTable covers each matching rule of shared/spec/versions.md
// section 2.2 with prereleases forced in, as packaging's own tests do, so
// that only the range logic is under test.
func TestContainsTable(t *testing.T) {
	tests := []struct {
		spec  string
		in    []string // must match
		notIn []string // must not match
	}{
		// == and locals: a clause without a local matches every local version.
		{"==2", []string{"2", "2.0", "2.0+deadbeef"}, []string{"2.0.post1", "2.0a1"}},
		{"==2.0+deadbeef", []string{"2.0+deadbeef", "2+DEADBEEF"}, []string{"2.0", "2.0+deadbeef.1"}},
		{"==2.0.0+deadbeef.00", []string{"2.0+deadbeef.0"}, nil}, // local numbers compare by value
		{"!=2.0", []string{"2.0.post1", "1.9"}, []string{"2.0+deadbeef", "2"}},
		// Prefix matching pads the candidate's release and ignores its suffixes.
		{"==2.0.*", []string{"2c1.post1.dev1", "2.0.9", "2"}, []string{"2.1", "1.9"}},
		{"==2.0.0.*", []string{"2"}, nil},
		{"==2.1.*", []string{"2.1+local.version", "2.1.0.0.1.dev10"}, []string{"2.2.dev0"}},
		{"==1.1.*", nil, []string{"1.10", "1.2"}},
		{"==1.*", nil, []string{"2!1.0", "0.9.post1"}},
		{"==2!1.0.0.0.*", []string{"2!1.0.0"}, []string{"1.0"}},
		{"!=1.1.*", []string{"1.10", "1.0"}, []string{"1.1.post3", "1.1a1"}},
		// >= and <=: <=V admits V's local versions but not its post-releases.
		{">=2", []string{"2.0.post1.dev1", "2+local"}, []string{"2.0a1", "2.0.dev0"}},
		{"<=2", []string{"2.0b1.post1", "2+local"}, []string{"2.0.post1", "2.0.post0.dev0"}},
		// >V excludes V's post-releases and local versions ...
		{">2", []string{"2.1+local.version", "2.0.1"}, []string{"2.0+local.version", "2.0.post1", "2.0.post1.dev1"}},
		// ... but not those of its base when V is a pre-release (packaging 26.1),
		{">1.0a1", []string{"1.0.post0", "1.0a2"}, []string{"1.0a1.post0", "1.0a1+local"}},
		// and a dev or post V is followed by its next dev or post release.
		{">1.0.dev1", []string{"1.0+local", "1.0.post0", "1.0.dev2"}, []string{"1.0.dev1+local"}},
		{">1.0.post1", []string{"1.0.post2+local", "1.0.post2.dev0"}, []string{"1.0.post1+local"}},
		// <V excludes V's own pre-releases unless V is one.
		{"<2", []string{"1.9", "1.0"}, []string{"2.0a1", "2.0.dev1", "2.0a1.post1", "2.post1", "2+local"}},
		{"<2.1", []string{"2.0.dev0"}, nil},
		{"<3.0.0a8", []string{"3.0.0a7"}, nil},
		{"<1.0.post1", []string{"1.0a1", "1.0.post0.dev0"}, []string{"1.0.post1.dev0"}},
		// ~=V is >=V plus a prefix match on all but V's last component.
		{"~=1.0", []string{"1.9999999", "1"}, []string{"2.0", "2.0a1"}},
		{"~=1.0a1", []string{"1.1"}, []string{"1.0a0"}},
		{"~=1.0.0", []string{"1.0.5"}, []string{"1.1.0", "1.1.post1"}},
		{"~=2.2.post3", []string{"2.3"}, []string{"2.2.post2", "3.0"}},
		{"~=1.4.5a4", []string{"1.4.6"}, []string{"1.4.5a3", "1.5"}},
		{"~=2022.01.01", []string{"2022.01.01", "2022.1.99"}, nil},
		// Epochs.
		{">2.0", []string{"2!1.0"}, nil},
		{">=2.0", []string{"2!1.0"}, nil},
		{"!=1.0", []string{"2!1.0"}, nil},
		{"<2!0.1", []string{"1.0"}, nil},
		{"~=1.0", nil, []string{"2!1.0"}},
		{"==1.0", nil, []string{"2!1.0"}},
		// === compares strings, case-insensitively.
		{"===1.0", []string{"1.0"}, []string{"1.0.0", "1.0+downstream1"}},
		{"===1.0a1.post2.dev3", []string{"1.0A1.POST2.DEV3"}, nil},
		// Huge numbers.
		{">1." + "9", []string{"1.100000000000000000000000000000"}, nil},
		{"==1.100000000000000000000000000000.*", []string{"1.100000000000000000000000000000.5"}, []string{"1.100000000000000000000000000001"}},
	}
	for _, tt := range tests {
		set, err := ParseSpecifierSet(tt.spec)
		require.NoError(t, err, tt.spec)
		set = set.WithPrereleases(PrereleasesAllow)
		for _, s := range tt.in {
			assert.True(t, set.Contains(MustParse(s)), "%s should contain %s", tt.spec, s)
		}
		for _, s := range tt.notIn {
			assert.False(t, set.Contains(MustParse(s)), "%s should not contain %s", tt.spec, s)
		}
	}
}

func TestArbitraryEquality(t *testing.T) {
	set := MustParseSpecifierSet("===LOLWAT")
	assert.True(t, set.ContainsString("lolwat"))
	assert.False(t, set.ContainsString("lolwat2"))
	// Strings compare as written, Versions by their canonical form.
	set = MustParseSpecifierSet("===1.1")
	assert.False(t, set.ContainsString("1.01"))
	assert.True(t, set.Contains(MustParse("1.01")))
	// A string that is not a version matches only === clauses.
	assert.False(t, MustParseSpecifierSet("===foo,>=1").ContainsString("foo"))
	assert.True(t, MustParseSpecifierSet("").ContainsString("not a version"))
	assert.False(t, MustParseSpecifierSet(">=1.0").ContainsString("not a version"))
}

func TestPrereleasePolicy(t *testing.T) {
	vs := func(ss ...string) []Version {
		out := make([]Version, len(ss))
		for i, s := range ss {
			out[i] = MustParse(s)
		}
		return out
	}
	strs := func(vs []Version) []string {
		out := []string{}
		for _, v := range vs {
			out = append(out, v.String())
		}
		return out
	}
	tests := []struct {
		spec string
		pre  Prereleases
		in   []string
		want []string
	}{
		// A lone pre-release is used when nothing else matches ...
		{">=1.2.3", PrereleasesDefault, []string{"1.2", "1.5a1"}, []string{"1.5a1"}},
		// ... and dropped as soon as a final release matches.
		{">=1.2.3", PrereleasesDefault, []string{"1.3", "1.5a1"}, []string{"1.3"}},
		{">=1.2.3", PrereleasesAllow, []string{"1.3", "1.5a1"}, []string{"1.3", "1.5a1"}},
		{">=1.2.3", PrereleasesExclude, []string{"1.2", "1.5a1"}, []string{}},
		{"!=2.0a1", PrereleasesDefault, []string{"1.0a2", "1.0", "2.0a1"}, []string{"1.0"}},
		// A clause that names a pre-release opts the whole set in.
		{"~=2.0a1", PrereleasesDefault, []string{"1.0", "2.0a1", "3.0a2", "3.0"}, []string{"2.0a1"}},
		{">=1.0,<=2.0dev", PrereleasesDefault, []string{"1.0", "1.5a1"}, []string{"1.0", "1.5a1"}},
		{">=0.9,!=0.9,<=1.0", PrereleasesDefault, []string{"0.9.post1", "1.0.dev0", "1.0a1", "1.0", "1.0.post1"}, []string{"0.9.post1", "1.0"}},
		{">=1,!=1.*,!=2.*,!=3.0,<=3.0", PrereleasesDefault, []string{"0.9", "3.0.dev0", "3.0a1", "4.0"}, []string{"3.0.dev0", "3.0a1"}},
		{"", PrereleasesDefault, []string{"1.0", "2.0a1"}, []string{"1.0"}},
		{"", PrereleasesDefault, []string{"2.0a1"}, []string{"2.0a1"}},
		// Post-releases are finals for this purpose.
		{">=1", PrereleasesDefault, []string{"1.1a1", "1.0.post1"}, []string{"1.0.post1"}},
	}
	for _, tt := range tests {
		set := MustParseSpecifierSet(tt.spec).WithPrereleases(tt.pre)
		assert.Equal(t, tt.want, strs(set.Filter(vs(tt.in...))), "%q.Filter(%q) with %v", tt.spec, tt.in, tt.pre)
	}

	// Contains sees one candidate, so a matching pre-release is accepted ...
	assert.True(t, MustParseSpecifierSet(">=1.0").Contains(MustParse("2.0.dev1")))
	// ... unless pre-releases are excluded.
	assert.False(t, MustParseSpecifierSet(">=1.0").WithPrereleases(PrereleasesExclude).Contains(MustParse("2.0.dev1")))
	// The range still decides: 1.0.dev1 is below 1.0.
	assert.False(t, MustParseSpecifierSet(">1.0").Contains(MustParse("1.0.dev1")))
	assert.False(t, MustParseSpecifierSet("<2.0").Contains(MustParse("2.0a1")))

	// Auto-detection, clause by clause.
	for spec, want := range map[string]Prereleases{
		"==1.0": PrereleasesDefault, ">=1.0": PrereleasesDefault, "~=1.0": PrereleasesDefault,
		"<1.0": PrereleasesDefault, ">1.0": PrereleasesDefault, "!=1.0.dev1": PrereleasesDefault,
		"==1.0.*": PrereleasesDefault, "===foo": PrereleasesDefault,
		"<1.0.dev1": PrereleasesAllow, ">1.0.dev1": PrereleasesAllow, "==1.0.dev1": PrereleasesAllow,
		">=1.0.dev1": PrereleasesAllow, "<=1.0.dev1": PrereleasesAllow, "~=1.0.dev1": PrereleasesAllow,
		"===1.0a1": PrereleasesAllow,
	} {
		assert.Equal(t, want, MustParseSpecifierSet(spec).Prereleases(), spec)
	}
}

func TestSpecifierSetString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{" , ,", ""},
		{">=1.0.0, !=1.0.1", "!=1.0.1,>=1.0.0"},
		{" >= 1.0 , < 2 ", "<2,>=1.0"},
		{"==1.0,==1.0.0", "==1.0"}, // the same clause once
		{"~=1.0,~=1.0.0", "~=1.0,~=1.0.0"},
		{"=== foo", "===foo"},
		{"==V1.0.*", "==V1.0.*"}, // the version stays as written
	}
	for _, tt := range tests {
		set, err := ParseSpecifierSet(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, set.String(), "%q", tt.in)
	}
	assert.True(t, MustParseSpecifierSet("==1.2.3").Equal(MustParseSpecifierSet("== 1.2.3.0")))
	assert.False(t, MustParseSpecifierSet("~=1.18.0").Equal(MustParseSpecifierSet("~=1.18")))
	assert.False(t, MustParseSpecifierSet("==1.0.*").Equal(MustParseSpecifierSet("==1.0.0.*")))
	assert.True(t, MustParseSpecifierSet(">=1.0,<2").Equal(MustParseSpecifierSet("<2.0,>=1")))

	sp, err := ParseSpecifier(" ~= 1.4.5a4 ")
	require.NoError(t, err)
	assert.Equal(t, OpCompatible, sp.Op())
	assert.Equal(t, "1.4.5a4", sp.Version())
	assert.Equal(t, "~=1.4.5a4", sp.String())
	assert.True(t, sp.Contains(MustParse("1.4.6")))
	assert.Len(t, MustParseSpecifierSet(">1,<2").Specifiers(), 2)
	assert.Equal(t, 2, MustParseSpecifierSet(">1,<2").Len())
}

func TestParseSpecifierSetInvalid(t *testing.T) {
	// Error texts are part of the interface users see: pinned here.
	tests := []struct{ in, want string }{
		{"2.0", `invalid specifier "2.0": no operator: a clause starts with one of ~= == != <= >= < > ===`},
		{"=>2.0", `invalid specifier "=>2.0": no operator: a clause starts with one of ~= == != <= >= < > ===`},
		{"==", `invalid specifier "==": missing version after ==`},
		{"~=1", `invalid specifier "~=1": ~= needs a release of at least two components, like ~=1.0`},
		{"~=1.0+5", `invalid specifier "~=1.0+5": a local version (+...) is allowed only with == and !=`},
		{">=1.0+deadbeef", `invalid specifier ">=1.0+deadbeef": a local version (+...) is allowed only with == and !=`},
		{"~=1.0.*", `invalid specifier "~=1.0.*": a .* prefix match is allowed only with == and !=`},
		{"==2.0a1.*", `invalid specifier "==2.0a1.*": a .* prefix match allows only an epoch and release before .*`},
		{"==1.0+5.*", `invalid specifier "==1.0+5.*": a .* prefix match allows only an epoch and release before .*`},
		{"==1.0.*.5", `invalid specifier "==1.0.*.5": bad version "1.0.*.5"`},
		{">=1.0, foo", `invalid specifier ">=1.0, foo": clause "foo": no operator: a clause starts with one of ~= == != <= >= < > ===`},
		{"===foo bar", `invalid specifier "===foo bar": === version contains whitespace, ';' or ')'`},
		{"== 1.0 .*", `invalid specifier "== 1.0 .*": whitespace before .*`},
	}
	for _, tt := range tests {
		_, err := ParseSpecifierSet(tt.in)
		require.Error(t, err, tt.in)
		assert.ErrorIs(t, err, ErrInvalidSpecifier)
		var se *SpecifierError
		require.True(t, errors.As(err, &se))
		assert.Equal(t, tt.want, err.Error())
	}
	// A bad version inside a clause also matches ErrInvalidVersion.
	_, err := ParseSpecifierSet("==1.0.x")
	assert.ErrorIs(t, err, ErrInvalidVersion)
	_, err = ParseSpecifier("")
	assert.ErrorIs(t, err, ErrInvalidSpecifier)
}

func TestZeroSpecifierSet(t *testing.T) {
	var set SpecifierSet
	assert.True(t, set.Contains(MustParse("1.0")))
	assert.Equal(t, "", set.String())
	assert.Equal(t, 0, set.Len())
	assert.Equal(t, PrereleasesDefault, set.Prereleases())
}

// TestFilterIntervals checks Filter's interval evaluation (inAll) against
// the clause-by-clause match on every contains vector whose set it takes.
func TestFilterIntervals(t *testing.T) {
	c := loadCorpus(t)
	taken := 0
	for _, sv := range c.specs {
		set, err := ParseSpecifierSet(sv.spec)
		if err != nil {
			continue
		}
		v, err := Parse(sv.version)
		if err != nil {
			continue
		}
		var arr [maxIntervals]interval
		ivs, ok := set.intervals(arr[:0])
		if !ok {
			continue
		}
		taken++
		require.Equal(t, set.matchAll(&v, v.String()), inAll(ivs, &v), "%q against %q", sv.spec, sv.version)
	}
	assert.Greater(t, taken, 5000, "the vectors exercise the interval path")
	for _, spec := range []string{"<=1.0", "==1.0", "!=1.0", "===1.0", ">1.0", ">=1,<=2"} {
		set := MustParseSpecifierSet(spec)
		_, ok := set.intervals(nil)
		assert.False(t, ok, "%q is not a set of ranges", spec)
	}
	for _, spec := range []string{"", ">=1", "<2", "~=1.4", "==1.*", "!=1.*", ">1.0.post1", ">1.0.dev1"} {
		set := MustParseSpecifierSet(spec)
		_, ok := set.intervals(nil)
		assert.True(t, ok, "%q is a set of ranges", spec)
	}
}

// filterRef is Filter written plainly: each version checked with
// Contains's clause match, then PEP 440's preference for finals.
func filterRef(s SpecifierSet, vs []Version) []Version {
	var matched []Version
	finals := false
	for _, v := range vs {
		if s.Prereleases() == PrereleasesExclude && v.IsPrerelease() {
			continue
		}
		if s.matchAll(&v, v.String()) {
			matched = append(matched, v)
			finals = finals || !v.IsPrerelease()
		}
	}
	out := []Version{}
	for _, v := range matched {
		if s.Prereleases() == PrereleasesDefault && finals && v.IsPrerelease() {
			continue
		}
		out = append(out, v)
	}
	return out
}

// TestFilterReference holds Filter to filterRef across the bitmap's word
// and stack limits (64 and 4,096 versions), every pre-release policy, sets
// of ranges and others, more clauses than maxIntervals, and the zero
// Version among the candidates.
func TestFilterReference(t *testing.T) {
	c := loadCorpus(t)
	var pool []Version
	for _, s := range c.valid {
		pool = append(pool, MustParse(s))
	}
	pool = append(pool, Version{})
	sets := []string{
		"", ">=1.0,!=2.0.*,<3000", "~=1.4", ">1.0.post1", "<2a1", "!=1.*", "==1.0.*",
		"<=2,>=1", "==1.0", "!=1.0+x", ">1", "===1.0",
		strings.Repeat(">=0,", maxIntervals) + "<100", // more range clauses than maxIntervals
	}
	for _, sv := range c.specs[:50] {
		sets = append(sets, sv.spec)
	}
	sizes := []int{0, 1, 63, 64, 65, 4096, 4097, 6000}
	for si, spec := range sets {
		set, err := ParseSpecifierSet(spec)
		if err != nil {
			continue
		}
		for _, policy := range []Prereleases{PrereleasesDefault, PrereleasesAllow, PrereleasesExclude} {
			set := set.WithPrereleases(policy)
			for _, n := range sizes {
				off := (si * 7919) % len(pool)
				vs := make([]Version, n)
				for i := range vs {
					vs[i] = pool[(off+i*31)%len(pool)]
				}
				got := set.Filter(vs)
				want := filterRef(set, vs)
				require.Equal(t, len(want), len(got), "%q, policy %d, %d versions", spec, policy, n)
				for i := range want {
					require.True(t, want[i] == got[i], "%q, policy %d, %d versions: item %d is %s, want %s", spec, policy, n, i, got[i], want[i])
				}
			}
		}
	}
}
