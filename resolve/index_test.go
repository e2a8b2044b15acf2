package resolve

import (
	"errors"
	"testing"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/lockfile"
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

// TestFromPackage: one entry turns as FromLock would turn it, and an
// entry no index serves is an error naming its place.
func TestFromPackage(t *testing.T) {
	pos := lockfile.Position{File: "requirements.txt", Line: 3}
	r, err := FromPackage(&lockfile.Package{Name: "six", Version: "1.16.0", Pos: pos,
		Hashes: []lockfile.Hash{{Algorithm: "SHA256", Hex: "AB"}}})
	require.NoError(t, err)
	assert.Equal(t, "six", r.Name)
	assert.Equal(t, "==1.16.0", r.Specifier.String())
	assert.Equal(t, []policy.Hash{{Algorithm: "sha256", Hex: "ab"}}, r.Hashes)
	assert.Equal(t, "requirements.txt:3", r.Origin)

	_, err = FromPackage(&lockfile.Package{Name: "mine", Editable: true, Pos: pos})
	require.ErrorIs(t, err, ErrUnsupportedEntry)
	assert.Contains(t, err.Error(), "requirements.txt:3: mine is not from an index")
	_, err = FromPackage(&lockfile.Package{Name: "six", Specifier: ">>1", Pos: pos})
	require.ErrorIs(t, err, ErrUnsupportedEntry)
	assert.ErrorIs(t, err, pep440.ErrInvalidSpecifier, "the parse error is kept")
	assert.NotContains(t, err.Error(), "not served by an index", "the message says what is wrong")
}
