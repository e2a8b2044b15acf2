package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMatchName: claims, pins and rules match names through
// internal/namepat, normalizing the pattern, without allocating for a
// pattern written normalized.
func TestMatchName(t *testing.T) {
	assert.True(t, matchName("Acme_*", "acme-billing"))
	assert.True(t, matchName("six", "six"))
	assert.False(t, matchName("acme-*", "acmebilling"))
	assert.False(t, matchName("acme?", "acmex"), "? is not a wildcard")
	assert.False(t, matchName("acme[x]", "acmex"), "[ is not a wildcard")
	assert.Zero(t, testing.AllocsPerRun(100, func() { matchName("acme-*", "acme-billing") }))
}
