package policy

import (
	"strings"
	"testing"

	"github.com/safeindex/safeindex/simpleapi"
	"github.com/stretchr/testify/assert"
)

// TestNormalizePattern: the shortcut for patterns written normalized
// gives what normalizing each part does, and matching with such a pattern
// does not allocate.
func TestNormalizePattern(t *testing.T) {
	ref := func(p string) string {
		parts := strings.Split(p, "*")
		for i, part := range parts {
			if part != "" {
				parts[i] = simpleapi.NormalizeName(part)
			}
		}
		return strings.Join(parts, "*")
	}
	for _, p := range []string{"", "six", "acme-*", "*-internal", "Acme_*", "acme--x", "a.b_c", "-x*", "x-*-y", "*", "A*B", "acme-*-", "a__b*c..d"} {
		assert.Equal(t, ref(p), normalizePattern(p), "%q", p)
	}
	assert.True(t, matchName("Acme_*", "acme-billing"))
	assert.False(t, matchName("acme-*", "acmebilling"))
	assert.Zero(t, testing.AllocsPerRun(100, func() { matchName("acme-*", "acme-billing") }))
}
