package simpleapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"requests", "requests"},
		{"Django", "django"},
		{"oslo.concurrency", "oslo-concurrency"},
		{"Foo.Bar__baz", "foo-bar-baz"},
		{"a-_.-b", "a-b"},
		{"A", "a"},
		{"--a--", "-a-"},
		{"", ""},
		// Deliberate: only ASCII is case-folded, so KELVIN SIGN stays.
		{"\u212Aafka", "\u212Aafka"},
		{"ÄBC", "Äbc"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, NormalizeName(tt.in), tt.in)
		assert.Equal(t, tt.want, NormalizeName(NormalizeName(tt.in)), "idempotent: %q", tt.in)
	}
}

func TestValidateName(t *testing.T) {
	valid := []string{"a", "A1", "requests", "zope.interface", "foo_bar-baz", "9", "a..b"}
	for _, n := range valid {
		assert.NoError(t, ValidateName(n), n)
	}
	invalid := []string{"", "-a", "a-", ".a", "a_", "a b", "\u212Aafka", "ä", "a/b", "a\x00", "a@b"}
	for _, n := range invalid {
		err := ValidateName(n)
		require.Error(t, err, n)
		assert.ErrorIs(t, err, ErrInvalidName)
		var ne *NameError
		require.True(t, errors.As(err, &ne))
		assert.Equal(t, n, ne.Name)
	}
	// Pinned message.
	assert.Equal(t, `simpleapi: invalid project name "\u212aafka": only ASCII letters, digits, '.', '_' and '-' are allowed`, ValidateName("\u212Aafka").Error())
}

func TestIsNormalizedName(t *testing.T) {
	for n, want := range map[string]bool{
		"foo": true, "foo-bar": true, "foo--bar": false, "Foo": false, "foo_bar": false,
		"foo.bar": false, "-foo": false, "": false, "f0-0": true,
	} {
		assert.Equal(t, want, IsNormalizedName(n), n)
	}
}

func TestHasUpperASCII(t *testing.T) {
	for _, s := range []string{"", "abc", strings.Repeat("0123456789abcdef", 4), "@[`{", "\xff\xfeabc", strings.Repeat("z", 9) + "\x7f"} {
		assert.False(t, hasUpperASCII(s), "%q", s)
	}
	for _, s := range []string{"A", "Z", strings.Repeat("a", 15) + "B", "abcdefgH", "\xffA"} {
		assert.True(t, hasUpperASCII(s), "%q", s)
	}
	for c := 0; c < 256; c++ {
		s := strings.Repeat("a", 7) + string(rune(c))
		if c >= 128 {
			s = strings.Repeat("a", 7) + string([]byte{byte(c)})
		}
		assert.Equal(t, c >= 'A' && c <= 'Z', hasUpperASCII(s), "byte %#x", c)
	}
}

func TestPlainURLMask(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := c < 128 && (isAlnum(byte(c)) || strings.IndexByte("/-._~+=,;:", byte(c)) >= 0)
		assert.Equal(t, want, isPlainURLByte(byte(c)), "byte %#x", c)
	}
}

func TestPlainURLChunk(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			var v uint64
			for i := 7; i >= 0; i-- {
				v = v<<8 | uint64(b[i])
			}
			assert.Equal(t, isPlainURLByte(byte(c)), plainURLChunk(v), "byte %#x at %d", c, pos)
		}
	}
}
