package resolve

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/policy/typosquat"
)

func TestTyposquatsAndInternalNames(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("internal", "acme-billing", mkPage("pkgs.acme.example", wheels("acme_billing", "1.0")...))
	idx.Add("pypi", "reqeusts", mkPage("files.pythonhosted.org", wheels("reqeusts", "1.0")...))
	idx.Add("pypi", "acme-biling", mkPage("files.pythonhosted.org", wheels("acme_biling", "1.0")...))
	idx.Add("pypi", "acme-newtool", mkPage("files.pythonhosted.org", wheels("acme_newtool", "1.0")...))
	idx.Add("pypi", "requests", mkPage("files.pythonhosted.org", wheels("requests", "2.32.3")...))

	p := twoIndexPolicy(policy.FirstIndex)
	checker, err := typosquat.New(typosquat.WithProtected("acme-billing"), typosquat.WithInternalPatterns("acme-*"))
	require.NoError(t, err)
	p.Rules.Typosquats.Checker = checker
	r := resolver(p, idx)

	tests := []struct {
		name string
		code policy.Code
		sev  policy.Severity
	}{
		{"reqeusts", policy.CodeTyposquat, policy.SeverityHigh},
		{"acme-biling", policy.CodeTyposquat, policy.SeverityCritical},
		{"acme-newtool", policy.CodeInternalName, policy.SeverityCritical},
	}
	for _, tt := range tests {
		d := resolveOne(t, r, req(tt.name, ""))
		var ne *policy.NameError
		require.ErrorAs(t, d.Err, &ne, tt.name)
		assert.Contains(t, findingCodes(d), tt.code, tt.name)
		assert.Equal(t, tt.sev, ne.Reasons[0].Severity, tt.name)
	}
	d := resolveOne(t, r, req("requests", ""))
	require.NoError(t, d.Err, "a popular name is never a typo")
	d = resolveOne(t, r, req("acme-billing", ""))
	require.NoError(t, d.Err)
	assert.Contains(t, findingCodes(d), policy.CodeInternalName, "internal-looking and unclaimed: reported")

	// Claiming the pattern settles internal names: they are looked up
	// internally only, and the typo is simply absent there.
	p.Sources[0].Claims = []string{"acme-*"}
	d = resolveOne(t, resolver(p, idx), req("acme-biling", ""))
	assert.ErrorIs(t, d.Err, policy.ErrNotOnSource)
	d = resolveOne(t, resolver(p, idx), req("acme-billing", ""))
	require.NoError(t, d.Err)
	assert.Empty(t, d.Findings)

	// Warn only.
	p = twoIndexPolicy(policy.FirstIndex)
	p.Rules.Typosquats = policy.Typosquats{Checker: checker, WarnOnly: true}
	d = resolveOne(t, resolver(p, idx), req("reqeusts", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, policy.SeverityMedium, d.Findings[0].Severity)
	assert.Equal(t, `reqeusts looks like a typo or an imitation of popular project "requests" (transposition); reported only (warn_only)`, d.Findings[0].Message)
}
