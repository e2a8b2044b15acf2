package simpleapi

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClientCredsFor(t *testing.T) {
	n, err := ParseNetrc(strings.NewReader("machine files.example login f password fp\ndefault login d password dp\n"))
	require.NoError(t, err)
	c, err := NewClient(WithNetrc(n))
	require.NoError(t, err)
	tests := []struct {
		index, hop string
		want       string // "user:pass" or ""
	}{
		{"https://u:p@idx.example/simple/", "https://idx.example/simple/foo/", "u:p"},
		{"https://u:p@idx.example/simple/", "https://IDX.example:443/other/", "u:p"},
		{"https://u:p@idx.example/simple/", "https://idx.example:8443/simple/", ""},
		{"https://u:p@idx.example/simple/", "https://sub.idx.example/simple/", ""},
		{"https://u:p@idx.example/simple/", "http://idx.example/simple/", ""},
		{"https://u:p@idx.example/simple/", "https://files.example/x.whl", "f:fp"},
		{"https://u:p@idx.example/simple/", "https://evil.example/", ""},
		{"http://u:p@idx.example/simple/", "https://idx.example/simple/", "u:p"}, // upgrade
		{"http://u:p@idx.example:8080/simple/", "https://idx.example/simple/", ""},
		{"https://idx.example/simple/", "https://idx.example/simple/foo/", "d:dp"}, // default: own origin only
		{"https://tok@idx.example/simple/", "https://idx.example/simple/foo/", "tok:"},
	}
	for _, tt := range tests {
		ix, err := parseIndex(tt.index)
		require.NoError(t, err)
		u, err := url.Parse(tt.hop)
		require.NoError(t, err)
		got := ""
		if cr := c.credsFor(ix, u); cr != nil {
			got = cr.user + ":" + cr.pass
			if cr.pass != "" {
				assert.NotContains(t, cr.String(), cr.pass)
			}
		}
		assert.Equal(t, tt.want, got, "%s -> %s", tt.index, tt.hop)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"5", 5 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"99999999999", 24 * time.Hour, true},
		{now.Add(90 * time.Second).Format("Mon, 02 Jan 2006 15:04:05 GMT"), 90 * time.Second, true},
		{now.Add(-time.Hour).Format("Mon, 02 Jan 2006 15:04:05 GMT"), 0, true},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestDefaultClientShared(t *testing.T) {
	a, err := DefaultClient()
	require.NoError(t, err)
	b, err := DefaultClient()
	require.NoError(t, err)
	assert.Same(t, a, b, "one Client for every caller")
}

// TestFragmentOrderStartsSecure: the HTML writer prefers, in the same
// order, the hashes a file can be verified with alone.
func TestFragmentOrderStartsSecure(t *testing.T) {
	assert.Equal(t, secureHashes[:], fragmentHashOrder[:len(secureHashes)])
}
