package resolve

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/policy/license"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/metadata"
)

// metaIndex serves core metadata from memory, by filename.
type metaIndex struct {
	*MemoryIndex
	md map[string]string
}

func (m metaIndex) Metadata(_ context.Context, _ *policy.Source, f *simpleapi.File) (*metadata.Metadata, error) {
	text, ok := m.md[f.Filename]
	if !ok {
		return nil, errors.New("no metadata")
	}
	return metadata.Parse(strings.NewReader(text))
}

func TestLicenseRule(t *testing.T) {
	mem := &MemoryIndex{}
	mem.Add("pypi", "widget", mkPage("files.pythonhosted.org", wheels("widget", "1.0", "2.0", "3.0")...))
	idx := metaIndex{MemoryIndex: mem, md: map[string]string{
		"widget-1.0-py3-none-any.whl": "Metadata-Version: 2.4\nName: widget\nVersion: 1.0\nLicense-Expression: MIT\n",
		"widget-2.0-py3-none-any.whl": "Metadata-Version: 2.1\nName: widget\nVersion: 2.0\nClassifier: License :: OSI Approved :: MIT License\n",
		"widget-3.0-py3-none-any.whl": "Metadata-Version: 2.4\nName: widget\nVersion: 3.0\nLicense-Expression: AGPL-3.0-only\n",
	}}
	p := twoIndexPolicy(policy.FirstIndex)
	p.Rules.Licenses = policy.Licenses{Policy: license.Policy{Allow: []string{"MIT", "Apache-2.0"}}}
	d := resolveOne(t, resolver(p, idx), req("widget", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "2.0", d.Version.String(), "3.0 is AGPL; 2.0's MIT is inferred from its classifier")
	assert.Contains(t, findingCodes(d), policy.CodeLicense)

	p.Rules.Licenses.RefuseInferred = true
	d = resolveOne(t, resolver(p, idx), req("widget", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "1.0", d.Version.String())

	d = resolveOne(t, resolver(p, idx), req("widget", ">=3"))
	assert.ErrorIs(t, d.Err, ErrNoCandidate)
	assert.Contains(t, d.Err.Error(), "license")

	// Metadata that names another version is refused.
	idx.md["widget-3.0-py3-none-any.whl"] = "Metadata-Version: 2.4\nName: widget\nVersion: 9.9\nLicense-Expression: MIT\n"
	p.Rules.Licenses.RefuseInferred = false
	d = resolveOne(t, resolver(p, idx), req("widget", ">=3"))
	assert.ErrorIs(t, d.Err, ErrNoCandidate)

	// An index reader without metadata cannot satisfy the rule.
	d = resolveOne(t, resolver(p, mem), req("widget", ""))
	assert.ErrorIs(t, d.Err, ErrNoCandidate)
}
