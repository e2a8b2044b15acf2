package resolve

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/policy/osv"
)

const jinjaRecord = `{
  "id": "GHSA-h5c8-rqwp-cp95",
  "aliases": ["CVE-2024-22195", "PYSEC-2024-1"],
  "summary": "Jinja vulnerable to HTML attribute injection",
  "database_specific": {"severity": "MODERATE"},
  "affected": [{
    "package": {"ecosystem": "PyPI", "name": "Jinja2"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.3"}]}]
  }]
}`

const jinjaRecord2 = `{
  "id": "GHSA-q2x7-8rv6-6q7h",
  "aliases": ["CVE-2024-56326"],
  "summary": "Jinja sandbox breakout",
  "affected": [{
    "package": {"ecosystem": "PyPI", "name": "jinja2"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.1.4"}, {"fixed": "3.1.5"}]}]
  }]
}`

func jinjaDB(t *testing.T) *osv.DB {
	l, err := osv.NewLoader()
	require.NoError(t, err)
	require.NoError(t, l.AddJSON("a.json", strings.NewReader(jinjaRecord)))
	require.NoError(t, l.AddJSON("b.json", strings.NewReader(jinjaRecord2)))
	return l.DB()
}

func TestVulnerabilitiesMoveTheChoiceDown(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("pypi", "jinja2", mkPage("files.pythonhosted.org", wheels("jinja2", "3.1.2", "3.1.3", "3.1.4")...))
	p := twoIndexPolicy(policy.FirstIndex)
	p.Rules.Vulnerabilities.DB = jinjaDB(t)

	d := resolveOne(t, resolver(p, idx), req("jinja2", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "3.1.3", d.Version.String(), "3.1.4 has an advisory of unknown severity: refused")
	require.Contains(t, findingCodes(d), policy.CodeVulnMovedDown)
	for _, f := range d.Findings {
		if f.Code == policy.CodeVulnMovedDown {
			assert.Equal(t, "jinja2 3.1.3 was chosen because known vulnerabilities rule out 3.1.4 (GHSA-q2x7-8rv6-6q7h)", f.Message)
		}
	}

	// Refusing only from high up: the moderate advisory of 3.1.2 warns.
	p.Rules.Vulnerabilities.RefuseAt = osv.LevelHigh
	d = resolveOne(t, resolver(p, idx), req("jinja2", "==3.1.2"))
	require.NoError(t, d.Err)
	assert.Contains(t, findingCodes(d), policy.CodeVulnerable)

	// Accepting the unknown-severity advisory until next year lets 3.1.4 in.
	acc, err := osv.NewAllowlist([]osv.Accept{{ID: "CVE-2024-56326", Reason: "sandbox not used", Expires: now.Add(365 * 24 * time.Hour)}}, func() time.Time { return now })
	require.NoError(t, err)
	p.Rules.Vulnerabilities.Accept = acc
	d = resolveOne(t, resolver(p, idx), req("jinja2", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "3.1.4", d.Version.String())
	assert.Contains(t, findingCodes(d), policy.CodeVulnAccepted)

	// Nothing clean: a refusal that names the rule.
	p = twoIndexPolicy(policy.FirstIndex)
	p.Rules.Vulnerabilities.DB = jinjaDB(t)
	d = resolveOne(t, resolver(p, idx), req("jinja2", "<3.1.3"))
	assert.ErrorIs(t, d.Err, ErrNoCandidate)
	assert.Contains(t, d.Err.Error(), "vulnerable (1 of 1 files)")
}
