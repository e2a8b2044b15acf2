package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy/license"
	"github.com/safeindex/safeindex/simpleapi"
)

// page returns a project page listing one wheel per version.
func page(name string, versions ...string) *simpleapi.ProjectPage {
	p := &simpleapi.ProjectPage{APIVersion: "1.4"}
	for _, v := range versions {
		fn := fmt.Sprintf("%s-%s-py3-none-any.whl", name, v)
		p.Files = append(p.Files, simpleapi.File{Filename: fn, URL: "https://files.example/" + fn,
			Hashes: map[string]string{"sha256": fmt.Sprintf("%064x", len(fn))}})
	}
	return p
}

func found(src string, p *simpleapi.ProjectPage) Lookup {
	return Lookup{Source: src, State: Found, Page: p}
}
func absent(src string) Lookup { return Lookup{Source: src, State: NotFound} }
func failed(src string) Lookup {
	return Lookup{Source: src, State: Failed, Err: errors.New("HTTP 503")}
}

func twoSources(strategy Strategy) *Policy {
	return &Policy{
		Strategy: strategy,
		Sources: []Source{
			{Name: "internal", URL: "https://pkgs.acme.example/simple/"},
			{Name: "pypi", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}},
		},
	}
}

func TestRoute(t *testing.T) {
	p := &Policy{
		Sources: []Source{
			{Name: "internal", URL: "https://pkgs.acme.example/simple/", Claims: []string{"acme-*", "Billing_Core"}},
			{Name: "gpu", URL: "https://gpu.example/simple/", Explicit: true},
			{Name: "pypi", URL: "https://pypi.org/simple/"},
		},
		Pins:  []Pin{{Package: "torch", Source: "gpu"}},
		Merge: []string{"legacy-*"},
	}
	require.NoError(t, p.Validate())
	tests := []struct {
		name   string
		kind   RouteKind
		serve  []string
		lookup []string
	}{
		{"torch", RoutePinned, []string{"gpu"}, []string{"gpu", "internal", "pypi"}},
		{"acme-auth", RouteClaimed, []string{"internal"}, []string{"internal", "pypi"}},
		{"ACME.Auth", RouteClaimed, []string{"internal"}, []string{"internal", "pypi"}},
		{"billing-core", RouteClaimed, []string{"internal"}, []string{"internal", "pypi"}},
		{"requests", RouteOrdered, []string{"internal", "pypi"}, []string{"internal", "pypi"}},
		{"legacy_tool", RouteMerged, []string{"internal", "pypi"}, []string{"internal", "pypi"}},
		{"acme", RouteOrdered, []string{"internal", "pypi"}, []string{"internal", "pypi"}}, // "acme-*" needs the hyphen
	}
	for _, tt := range tests {
		r := p.Route(tt.name)
		assert.Equal(t, tt.kind, r.Kind, tt.name)
		assert.Equal(t, tt.serve, r.Serve, tt.name)
		assert.Equal(t, tt.lookup, r.Lookup, tt.name)
	}
}

func TestChooseFirstIndex(t *testing.T) {
	p := twoSources(FirstIndex)
	tests := []struct {
		desc     string
		lookups  []Lookup
		sources  []string
		findings []Code
		err      error
	}{
		{"internal only", []Lookup{found("internal", page("foo", "1.0")), absent("pypi")}, []string{"internal"}, nil, nil},
		{"public only", []Lookup{absent("internal"), found("pypi", page("foo", "2.0"))}, []string{"pypi"}, nil, nil},
		{"internal wins, public has lower versions", []Lookup{found("internal", page("foo", "1.0")), found("pypi", page("foo", "0.1"))},
			[]string{"internal"}, []Code{CodeShadowed}, nil},
		{"the attack: public has a higher version", []Lookup{found("internal", page("foo", "1.0")), found("pypi", page("foo", "99.0"))},
			[]string{"internal"}, []Code{CodeShadowHigher}, nil},
		{"an emptied internal project does not fall through", []Lookup{found("internal", page("foo")), found("pypi", page("foo", "99.0"))},
			[]string{"internal"}, []Code{CodeShadowHigher}, nil},
		{"a failing internal index stops resolution", []Lookup{failed("internal"), found("pypi", page("foo", "99.0"))}, nil, nil, ErrSourceFailed},
		{"a failing public index after the internal one only warns", []Lookup{found("internal", page("foo", "1.0")), failed("pypi")},
			[]string{"internal"}, []Code{CodeShadowUnchecked}, nil},
		{"nowhere", []Lookup{absent("internal"), absent("pypi")}, nil, nil, ErrNotFound},
		{"a skipped lookup is not a find", []Lookup{absent("internal")}, nil, nil, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			c, err := p.Choose("foo", tt.lookups)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.sources, c.Sources)
			var codes []Code
			for _, f := range c.Findings {
				codes = append(codes, f.Code)
			}
			assert.Equal(t, tt.findings, codes)
		})
	}
}

func TestChooseShadowHigherIsCritical(t *testing.T) {
	c, err := twoSources(FirstIndex).Choose("Foo", []Lookup{found("internal", page("foo", "1.0", "1.1")), found("pypi", page("foo", "0.5", "99.0"))})
	require.NoError(t, err)
	require.Len(t, c.Findings, 1)
	f := c.Findings[0]
	assert.Equal(t, SeverityCritical, f.Severity)
	assert.Equal(t, "foo", f.Package)
	assert.Equal(t, "pypi", f.Source)
	assert.Equal(t, `foo is also on "pypi" with higher versions (2 versions, 0.5 to 99.0) than on "internal" (2 versions, 1.0 to 1.1): the signature of a dependency confusion attack; "pypi" is not used for it`, f.Message)
}

func TestChooseStrict(t *testing.T) {
	p := twoSources(Strict)
	_, err := p.Choose("foo", []Lookup{found("internal", page("foo", "1.0")), found("pypi", page("foo", "99.0"))})
	var se *ShadowError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, ErrShadowed)
	assert.True(t, se.HigherElsewhere)
	assert.Equal(t, []ShadowSource{{"internal", []string{"1.0"}}, {"pypi", []string{"99.0"}}}, se.Sources)
	assert.Equal(t, `foo: found on 2 sources: "internal" (version 1.0), "pypi" (version 99.0); pin the name to one source or declare how the sources relate; a lower-priority source offers higher versions, the signature of a dependency confusion attack`, err.Error())

	// A failing lower source cannot be proven clean under strict.
	_, err = p.Choose("foo", []Lookup{found("internal", page("foo", "1.0")), failed("pypi")})
	assert.ErrorIs(t, err, ErrSourceFailed)

	// Pinning the name settles it: the shadow is reported, not refused.
	p.Pins = []Pin{{Package: "foo", Source: "internal"}}
	c, err := p.Choose("foo", []Lookup{found("internal", page("foo", "1.0")), found("pypi", page("foo", "99.0"))})
	require.NoError(t, err)
	assert.Equal(t, []string{"internal"}, c.Sources)
	assert.Equal(t, CodeShadowHigher, c.Findings[0].Code)

	// So does a declared relation, which merges the two.
	p = twoSources(Strict)
	p.Relations = []Relation{{Source: "internal", Kind: Mirrors, Of: "pypi"}}
	require.NoError(t, p.Validate())
	c, err = p.Choose("foo", []Lookup{found("internal", page("foo", "1.0")), found("pypi", page("foo", "1.0", "2.0"))})
	require.NoError(t, err)
	assert.Equal(t, []string{"internal", "pypi"}, c.Sources)
	assert.Equal(t, CodeRelatedMerge, c.Findings[0].Code)
}

func TestChoosePinned(t *testing.T) {
	p := twoSources(FirstIndex)
	p.Pins = []Pin{{Package: "foo", Source: "internal"}}
	// Absent from its source: an error, never the public copy.
	_, err := p.Choose("foo", []Lookup{absent("internal"), found("pypi", page("foo", "99.0"))})
	var me *MissingError
	require.ErrorAs(t, err, &me)
	assert.ErrorIs(t, err, ErrNotOnSource)
	assert.Equal(t, `foo: pinned to source "internal", which does not have it; other sources are not consulted for it`, err.Error())
	_, err = p.Choose("foo", []Lookup{failed("internal"), found("pypi", page("foo", "99.0"))})
	var se *SourceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "internal", se.Source)
}

func TestChooseMerge(t *testing.T) {
	p := twoSources(Strict)
	p.Merge = []string{"foo"}
	c, err := p.Choose("foo", []Lookup{found("internal", page("foo", "1.0")), found("pypi", page("foo", "2.0"))})
	require.NoError(t, err)
	assert.Equal(t, []string{"internal", "pypi"}, c.Sources)
	require.Len(t, c.Findings, 1)
	assert.Equal(t, CodeMergeRisk, c.Findings[0].Code)
	assert.Equal(t, SeverityHigh, c.Findings[0].Severity)
	_, err = p.Choose("foo", []Lookup{found("internal", page("foo", "1.0")), failed("pypi")})
	assert.ErrorIs(t, err, ErrSourceFailed)
}

func TestChooseNamespace(t *testing.T) {
	p := twoSources(FirstIndex)
	p.Namespaces = []NamespaceRule{{Pattern: "acme-*", Source: "pypi", Namespace: "acme"}}
	require.NoError(t, p.Validate())
	unowned := page("acme-lib", "9.0")
	_, err := p.Choose("acme-lib", []Lookup{absent("internal"), found("pypi", unowned)})
	assert.ErrorIs(t, err, ErrNotFound)
	owned := page("acme-lib", "9.0")
	owned.Namespaces = []simpleapi.Namespace{{Name: "acme", Owned: true}}
	c, err := p.Choose("acme-lib", []Lookup{absent("internal"), found("pypi", owned)})
	require.NoError(t, err)
	assert.Equal(t, []string{"pypi"}, c.Sources)
}

func TestChoosePEP708(t *testing.T) {
	p := twoSources(Strict)
	p.TrustPEP708 = true
	mirror := page("foo", "1.0")
	mirror.Tracks = []string{"https://PyPI.org/simple/Foo/"}
	c, err := p.Choose("foo", []Lookup{found("internal", mirror), found("pypi", page("foo", "1.0"))})
	require.NoError(t, err, "the internal index tracks the public project")
	assert.Equal(t, []string{"internal", "pypi"}, c.Sources)
	assert.Equal(t, CodePEP708Merge, c.Findings[0].Code)

	// Tracks naming a base URL or another project do not count.
	for _, bad := range []string{"https://pypi.org/simple/", "https://pypi.org/simple/bar/"} {
		m := page("foo", "1.0")
		m.Tracks = []string{bad}
		_, err = p.Choose("foo", []Lookup{found("internal", m), found("pypi", page("foo", "1.0"))})
		assert.ErrorIs(t, err, ErrShadowed, bad)
	}

	// Alternate locations declared on one side only: the attacker's move.
	evil := page("foo", "99.0")
	evil.AlternateLocations = []string{"https://pkgs.acme.example/simple/foo/"}
	_, err = p.Choose("foo", []Lookup{found("internal", page("foo", "1.0")), found("pypi", evil)})
	assert.ErrorIs(t, err, ErrShadowed)

	// Declared on both sides: one namespace.
	internal := page("foo", "1.0")
	internal.AlternateLocations = []string{"https://pypi.org/simple/foo/"}
	_, err = p.Choose("foo", []Lookup{found("internal", internal), found("pypi", evil)})
	assert.NoError(t, err)

	// Without the opt-in, PEP 708 metadata changes nothing.
	p.TrustPEP708 = false
	_, err = p.Choose("foo", []Lookup{found("internal", internal), found("pypi", evil)})
	assert.ErrorIs(t, err, ErrShadowed)
}

func TestStrictExemptsLocalSources(t *testing.T) {
	p := &Policy{Strategy: Strict, Sources: []Source{
		{Name: "wheelhouse", URL: "file:///srv/wheels/"},
		{Name: "pypi", URL: "https://pypi.org/simple/"},
	}}
	require.NoError(t, p.Validate())
	c, err := p.Choose("foo", []Lookup{found("wheelhouse", page("foo", "1.0")), found("pypi", page("foo", "1.0"))})
	require.NoError(t, err)
	assert.Equal(t, []string{"wheelhouse"}, c.Sources)
}

func TestValidate(t *testing.T) {
	tests := []struct {
		p    Policy
		want string
	}{
		{Policy{}, "no sources"},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}, {Name: "a", URL: "https://b/"}}}, `two sources are named "a"`},
		{Policy{Sources: []Source{{Name: "a"}}}, `source "a" has no URL`},
		{Policy{Sources: []Source{{Name: "a", URL: "ftp://a/"}}}, `URL scheme "ftp"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/", Claims: []string{"*"}}}}, `claims everything`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Strategy: "best"}, `unknown strategy "best"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Pins: []Pin{{"x", "b"}}}, `pin of "x" names unknown source "b"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Pins: []Pin{{"x", "a"}}, Merge: []string{"x"}}, `"x" is both pinned to "a" and merged`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/", Claims: []string{"acme-*"}}, {Name: "b", URL: "https://b/", Claims: []string{"ACME_*"}}}}, `"ACME_*" is claimed by both "a" and "b"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Relations: []Relation{{"a", "copies", "a"}}}, `kind must be`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/", Claims: []string{"acme-*"}}, {Name: "b", URL: "https://b/", Claims: []string{"six", "acme-tools"}}}}, `"acme-tools" of "b" overlaps "acme-*" of "a"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/", Claims: []string{"*-api"}}, {Name: "b", URL: "https://b/", Claims: []string{"acme-*"}}}}, `"acme-*" of "b" overlaps "*-api" of "a"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Pins: []Pin{{"acme-*", "a"}}, Merge: []string{"Acme_Tools"}}, `"acme-*" is both pinned to "a" and merged`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/", Claims: []string{""}}}}, `source "a": claim: pattern "": empty`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Rules: Rules{Licenses: Licenses{Policy: license.Policy{Deny: []string{"GPL3"}}}}}, `license policy: deny[0] "GPL3": license: invalid SPDX expression "GPL3": offset 0: unknown license "GPL3"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Rules: Rules{HashAlgorithms: []string{"crc32"}}}, `unknown hash algorithm "crc32"`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://u:secret@a/"}}, Rules: Rules{AgeBypasses: []Bypass{{Package: "x"}}}}, `age bypass for "x" has no reason`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/", Claims: []string{"acme[0-9]*"}}}}, `source "a": claim: pattern "acme[0-9]*": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Pins: []Pin{{"acme?", "a"}}}, `pin: pattern "acme?": only ASCII letters`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Merge: []string{"-x"}}, `merge: pattern "-x": not a valid project name`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Namespaces: []NamespaceRule{{Pattern: "acme/*", Source: "a", Namespace: "acme"}}}, `namespace rule: pattern "acme/*": only ASCII letters`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Rules: Rules{AgeBypasses: []Bypass{{Package: "x y", Reason: "r", Expires: now}}}}, `age bypass: pattern "x y": only ASCII letters`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Rules: Rules{Allow: []PackageRule{{Package: ""}}}}, `allow rule: pattern "": empty`},
		{Policy{Sources: []Source{{Name: "a", URL: "https://a/"}}, Rules: Rules{Deny: []PackageRule{{Package: `evil\*`}}}}, `deny rule: pattern "evil\\*": only ASCII letters`},
	}
	for _, tt := range tests {
		err := tt.p.Validate()
		require.Error(t, err, tt.want)
		assert.ErrorIs(t, err, ErrInvalidPolicy)
		if strings.Contains(tt.want, "unknown license") {
			assert.ErrorIs(t, err, license.ErrUnknownLicense)
		}
		assert.Contains(t, err.Error(), tt.want)
		assert.NotContains(t, err.Error(), "secret")
	}
}

func TestProjectURL(t *testing.T) {
	s := Source{Name: "x", URL: "HTTPS://user:pw@Pkgs.Example:443/simple"}
	assert.Equal(t, "https://pkgs.example/simple/foo-bar/", s.ProjectURL("Foo_Bar"))
	assert.Equal(t, "https://pkgs.example/simple/foo-bar/", canonicalProjectURL("https://PKGS.example:443/simple/Foo.Bar"))
	assert.Equal(t, "", canonicalProjectURL("ftp://x/y/"))
	assert.Equal(t, "x (https://user:xxxxx@Pkgs.Example:443/simple)", s.String())
}
