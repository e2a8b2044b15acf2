package config

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
)

// TestREADMEExample keeps the safeindex.toml shown in the README valid.
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```toml\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, m, "the README shows a safeindex.toml")
	p, notes, err := Load("safeindex.toml", m[1])
	require.NoError(t, err)
	assert.Empty(t, notes)
	assert.Equal(t, policy.Strict, p.Strategy)
	assert.Equal(t, []string{"acme-*"}, p.Sources[0].Claims)
}
