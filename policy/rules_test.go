package policy

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy/license"
	"github.com/safeindex/safeindex/policy/osv"
	"github.com/safeindex/safeindex/policy/typosquat"
	"github.com/safeindex/safeindex/simpleapi/metadata"
)

func advisoryDB(t *testing.T) *osv.DB {
	l, err := osv.NewLoader()
	require.NoError(t, err)
	for _, rec := range []string{
		`{"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2026-1"], "summary": "remote code execution",
		  "database_specific": {"severity": "CRITICAL"},
		  "affected": [{"package": {"ecosystem": "PyPI", "name": "widget"},
		    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]}`,
		`{"id": "PYSEC-2026-2", "summary": "a minor leak", "database_specific": {"severity": "LOW"},
		  "affected": [{"package": {"ecosystem": "PyPI", "name": "widget"},
		    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0"}, {"fixed": "2.1"}]}]}]}`,
	} {
		require.NoError(t, l.AddJSON("rec.json", strings.NewReader(rec)))
	}
	return l.DB()
}

func TestCheckVersion(t *testing.T) {
	p := &Policy{}
	vc := p.CheckVersion("widget", pep440.MustParse("1.0"), now)
	assert.False(t, vc.Refused, "the rule is off without a DB")
	assert.Empty(t, vc.Reasons)

	p.Rules.Vulnerabilities.DB = advisoryDB(t)
	vc = p.CheckVersion("widget", pep440.MustParse("1.0"), now)
	require.True(t, vc.Refused)
	require.Len(t, vc.Reasons, 1)
	assert.Equal(t, CodeVulnerable, vc.Reasons[0].Code)
	assert.Equal(t, SeverityCritical, vc.Reasons[0].Severity)
	assert.Equal(t, "widget 1.0 is affected by GHSA-aaaa-bbbb-cccc (CVE-2026-1), critical: remote code execution; fixed in 2.0, so it is refused", vc.Reasons[0].Message)

	// Below the threshold: reported at most as medium, not refused.
	p.Rules.Vulnerabilities.RefuseAt = osv.LevelMedium
	vc = p.CheckVersion("widget", pep440.MustParse("2.0"), now)
	assert.False(t, vc.Refused)
	require.Len(t, vc.Reasons, 1)
	assert.Equal(t, SeverityLow, vc.Reasons[0].Severity)
	assert.Contains(t, vc.Reasons[0].Message, "reported only, as the policy refuses from medium up")

	// Warn only.
	p.Rules.Vulnerabilities.WarnOnly = true
	vc = p.CheckVersion("widget", pep440.MustParse("1.0"), now)
	assert.False(t, vc.Refused)
	assert.Equal(t, SeverityMedium, vc.Reasons[0].Severity)

	// Accepted, until the expiry.
	p.Rules.Vulnerabilities.WarnOnly = false
	clock := now
	acc, err := osv.NewAllowlist([]osv.Accept{{ID: "CVE-2026-1", Reason: "not reachable", Expires: now.Add(time.Hour)}}, func() time.Time { return clock })
	require.NoError(t, err)
	p.Rules.Vulnerabilities.Accept = acc
	vc = p.CheckVersion("widget", pep440.MustParse("1.0"), now)
	assert.False(t, vc.Refused)
	assert.Equal(t, CodeVulnAccepted, vc.Reasons[0].Code)
	clock = now.Add(2 * time.Hour)
	vc = p.CheckVersion("widget", pep440.MustParse("1.0"), now)
	assert.True(t, vc.Refused, "an expired acceptance no longer applies")

	assert.Empty(t, p.CheckVersion("widget", pep440.MustParse("2.1"), now).Reasons)
}

func TestCheckName(t *testing.T) {
	p := &Policy{Sources: []Source{
		{Name: "internal", URL: "https://pkgs.acme.example/simple/", Claims: []string{"acme-billing", "acme-*"}},
		{Name: "mirror", URL: "https://mirror.acme.example/simple/"},
		{Name: "pypi", URL: "https://pypi.org/simple/"},
	}}
	names, patterns := p.ProtectedNames()
	assert.Equal(t, []string{"acme-billing"}, names)
	assert.Equal(t, []string{"acme-*"}, patterns)
	assert.True(t, p.Sources[2].IsPublic())
	assert.False(t, p.Sources[1].IsPublic())

	assert.Empty(t, p.CheckName(p.Route("reqeusts"), "pypi").Reasons, "off without a Checker")

	checker, err := typosquat.New(typosquat.WithProtected(names...), typosquat.WithInternalPatterns("acme-*", "corp-*"))
	require.NoError(t, err)
	p.Rules.Typosquats.Checker = checker

	nc := p.CheckName(p.Route("reqeusts"), "pypi")
	assert.True(t, nc.Refused)
	require.Len(t, nc.Reasons, 1)
	assert.Equal(t, CodeTyposquat, nc.Reasons[0].Code)

	// Claimed names are exempt: the claim decides where they come from.
	assert.Empty(t, p.CheckName(p.Route("acme-biling"), "").Reasons)

	// Internal-looking and unclaimed: refused when public or nowhere,
	// reported when a non-public source serves it.
	nc = p.CheckName(p.Route("corp-tools"), "")
	assert.True(t, nc.Refused)
	assert.Contains(t, nc.Reasons[0].Message, "no source has it yet")
	nc = p.CheckName(p.Route("corp-tools"), "pypi")
	assert.True(t, nc.Refused)
	assert.Equal(t, SeverityCritical, nc.Reasons[0].Severity)
	nc = p.CheckName(p.Route("corp-tools"), "mirror")
	assert.False(t, nc.Refused)
	assert.Equal(t, SeverityMedium, nc.Reasons[0].Severity)

	ne := &NameError{Package: "reqeusts", Reasons: p.CheckName(p.Route("reqeusts"), "pypi").Reasons}
	assert.True(t, errors.Is(ne, ErrSuspiciousName))
	assert.Contains(t, ne.Error(), `imitation of popular project "requests"`)
}

func TestCheckMetadata(t *testing.T) {
	md := func(text string) *metadata.Metadata {
		m, err := metadata.Parse(strings.NewReader(text))
		require.NoError(t, err)
		return m
	}
	v := pep440.MustParse("1.0")
	p := &Policy{}
	assert.False(t, p.Rules.Licenses.On())
	mc := p.CheckMetadata("widget", v, "widget-1.0-py3-none-any.whl", md("Metadata-Version: 2.4\nName: Widget\nVersion: 1.0.0\n"))
	assert.False(t, mc.Refused, "names and versions compare normalized")
	mc = p.CheckMetadata("widget", v, "widget-1.0-py3-none-any.whl", md("Metadata-Version: 2.4\nName: gadget\nVersion: 2.0\n"))
	assert.True(t, mc.Refused)
	require.Len(t, mc.Reasons, 2)
	assert.Equal(t, CodeMetadataMismatch, mc.Reasons[0].Code)

	p.Rules.Licenses = Licenses{Policy: license.Policy{Allow: []string{"MIT"}, Deny: []string{"AGPL-3.0-only"}}}
	tests := []struct {
		text    string
		refused bool
		contain string
	}{
		{"License-Expression: MIT", false, ""},
		{"License-Expression: AGPL-3.0-only OR MIT", false, ""},
		{"License-Expression: AGPL-3.0-only", true, "is not allowed"},
		{"License-Expression: MIT AND (", true, "does not parse"},
		{"License-Expression: MIT OR\n Apache-2.0", false, ""}, // a folded header
		{"License-Expression: MIT AND Foo-1.0", true, `unknown license "Foo-1.0"`},
		{"Classifier: License :: OSI Approved :: MIT License", false, "inferred"},
		{"Summary: nothing about a licence", true, "declares no licence"},
	}
	for _, tt := range tests {
		mc := p.CheckMetadata("widget", v, "w.whl", md("Metadata-Version: 2.4\nName: widget\nVersion: 1.0\n"+tt.text+"\n"))
		assert.Equal(t, tt.refused, mc.Refused, tt.text)
		if tt.contain != "" {
			require.NotEmpty(t, mc.Reasons, tt.text)
			assert.Contains(t, mc.Reasons[0].Message, tt.contain, tt.text)
		}
	}
	// A deny-only policy: an identifier not on the SPDX list is invalid
	// metadata (PEP 639), not a licence that escapes the deny list.
	denyOnly := &Policy{Rules: Rules{Licenses: Licenses{Policy: license.Policy{Deny: []string{"AGPL-3.0-only"}}}}}
	mc = denyOnly.CheckMetadata("widget", v, "w.whl", md("Metadata-Version: 2.4\nName: widget\nVersion: 1.0\nLicense-Expression: Foo-1.0\n"))
	assert.True(t, mc.Refused)
	p.Rules.Licenses.AllowUnknown = true
	assert.False(t, p.CheckMetadata("widget", v, "w.whl", md("Metadata-Version: 2.4\nName: widget\nVersion: 1.0\n")).Refused)
	p.Rules.Licenses.RefuseInferred = true
	assert.True(t, p.CheckMetadata("widget", v, "w.whl", md("Metadata-Version: 2.1\nName: widget\nVersion: 1.0\nClassifier: License :: OSI Approved :: MIT License\n")).Refused)
}

func TestFindingAndStateText(t *testing.T) {
	f := Finding{Code: CodeYanked, Severity: SeverityMedium, Message: "x is yanked"}
	assert.Equal(t, "medium yanked: x is yanked", f.String())
	b, err := SeverityCritical.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "critical", string(b))
	var s Severity
	require.NoError(t, s.UnmarshalText([]byte("High")))
	assert.Equal(t, SeverityHigh, s)
	assert.Error(t, s.UnmarshalText([]byte("loud")))
	assert.Equal(t, "severity(9)", Severity(9).String())
	for st, want := range map[LookupState]string{NotFound: "not-found", Found: "found", Failed: "failed", Skipped: "skipped", 7: "LookupState(7)"} {
		assert.Equal(t, want, st.String())
	}
	assert.Equal(t, "sha256:abc", Hash{"sha256", "abc"}.String())
	p := &Policy{Sources: []Source{{Name: "a"}, {Name: "b"}, {Name: "c"}}, Relations: []Relation{{Source: "a", Kind: Mirrors, Of: "b"}}}
	assert.True(t, p.Related("b", "a"))
	assert.False(t, p.Related("a", "c"))
	se := &SourceError{Package: "x", Source: "internal", Err: errors.New("HTTP 503")}
	assert.Equal(t, `x: source "internal" failed, and it comes before any other source that could serve the name, so resolution stops here (no fall-through): HTTP 503`, se.Error())
	me := &MissingError{Package: "x", Kind: RouteOrdered, Sources: []string{"a", "b"}}
	assert.Equal(t, `x: not found on any source (looked on "a", "b")`, me.Error())
	assert.ErrorIs(t, me, ErrNotFound)
}
