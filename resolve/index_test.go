package resolve

import (
	"errors"
	"testing"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClientIndexSharesDefaultClient: ClientIndex values without a Client
// share one default Client (one connection pool, one read of ~/.netrc),
// and a given Client is used as is.
func TestClientIndexSharesDefaultClient(t *testing.T) {
	a, err := ClientIndex{}.client()
	require.NoError(t, err)
	b, err := ClientIndex{}.client()
	require.NoError(t, err)
	assert.Same(t, a, b)
	own, err := simpleapi.NewClient()
	require.NoError(t, err)
	got, err := ClientIndex{Client: own}.client()
	require.NoError(t, err)
	assert.Same(t, own, got)
}

// TestMemoryIndexRedactsURL: a missing project's error names the source
// without its credentials, as IndexError.Index promises.
func TestMemoryIndexRedactsURL(t *testing.T) {
	var m MemoryIndex
	src := &policy.Source{Name: "internal", URL: "https://user:s3cr3t@pkgs.example/simple/"}
	_, err := m.ProjectPage(t.Context(), src, "acme")
	require.Error(t, err)
	assert.True(t, errors.Is(err, simpleapi.ErrNotFound))
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.Contains(t, err.Error(), "pkgs.example")
}
