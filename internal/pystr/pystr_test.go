package pystr

import (
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// TestIsSpace checks IsSpace against its definition: Go's unicode.IsSpace
// plus U+001C to U+001F, which Python's str.isspace also counts.
func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= 0x3100; r++ {
		want := unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
		assert.Equal(t, want, IsSpace(r), "U+%04X", r)
	}
	assert.False(t, IsSpace(0x200b), "zero width space is not whitespace to Python")
}
