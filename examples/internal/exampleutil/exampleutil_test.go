package exampleutil

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPolicyFromLockEnv: index URLs reach the policy expanded once, by
// the lock reader's rules (pip's: ${UPPER_CASE} only, an unset variable
// left as written), not a second time by the shell's.
func TestPolicyFromLockEnv(t *testing.T) {
	t.Setenv("SAFEINDEX_TEST_TOKEN", "t0k")
	t.Setenv("lower", "INJECTED")
	path := filepath.Join(t.TempDir(), "requirements.txt")
	require.NoError(t, os.WriteFile(path, []byte(
		"--index-url https://ci:${SAFEINDEX_TEST_TOKEN}@h.example/$lower/${SAFEINDEX_TEST_UNSET}/simple/\nsix==1.16.0\n"), 0o644))
	lock, err := ReadLock(path)
	require.NoError(t, err)
	p := PolicyFromLock(lock)
	require.Len(t, p.Sources, 1)
	assert.Equal(t, "https://ci:t0k@h.example/$lower/${SAFEINDEX_TEST_UNSET}/simple/", p.Sources[0].URL)
}
