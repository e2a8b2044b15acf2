package redact

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://pypi.org/simple/", "https://pypi.org/simple/"},
		{"https://alice:s3cret@pkgs.example/simple/", "https://alice:xxxxx@pkgs.example/simple/"},
		{"https://glpat-TOKEN@gitlab.example/api/v4/projects/1/packages/pypi/simple/", "https://xxxxx@gitlab.example/api/v4/projects/1/packages/pypi/simple/"},
		{"https://files.example/x.whl?X-Amz-Signature=abc&v=1", "https://files.example/x.whl?X-Amz-Signature=xxxxx&v=1"},
		{"https://files.example/x.whl?token=abc", "https://files.example/x.whl?token=xxxxx"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		assert.NoError(t, err)
		assert.Equal(t, tt.want, URL(u), tt.in)
		assert.NotContains(t, URL(u), "s3cret")
	}
	assert.Equal(t, "", URL(nil))
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Get "https://bob:hunter2@idx.example/simple/x/": EOF`, `Get "https://xxxxx@idx.example/simple/x/": EOF`},
		{"no url here", "no url here"},
		{"a://b@c and d://e:f@g/h", "a://xxxxx@c and d://xxxxx@g/h"},
		{"https://host/path@not-userinfo", "https://host/path@not-userinfo"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Text(tt.in), tt.in)
	}
	assert.Equal(t, "https://u:xxxxx@h/", String("https://u:p@h/"))
	assert.Equal(t, "x ://xxxxx@y", String("x ://a:b@y"))
	// URLs that do not parse: everything up to the last "@", and the
	// whole query, are masked.
	for in, want := range map[string]string{
		"https://host.example/simple/%zz?token=SECRETQ": "https://host.example/simple/%zz?xxxxx",
		"https://u:pa ss@host.example/simple/":          "https://xxxxx@host.example/simple/",
		"https://u:pa#ss@host.example/simple/%zz":       "https://xxxxx@host.example/simple/%zz",
	} {
		got := String(in)
		assert.Equal(t, want, got, in)
		assert.NotContains(t, got, "SECRET")
		assert.NotContains(t, got, "pa")
	}
}

func FuzzText(f *testing.F) {
	f.Add("https://a:b@c/d")
	f.Add("://@")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		// Idempotent: redacting twice changes nothing more.
		assert.Equal(t, out, Text(out))
	})
}

func TestSecrets(t *testing.T) {
	u, err := url.Parse("https://alice:pw@h/simple/?token=a%2Bb&v=1")
	assert.NoError(t, err)
	assert.Equal(t, []string{"pw", "a+b", "a%2Bb"}, Secrets(u))
	u, err = url.Parse("https://tok@h/")
	assert.NoError(t, err)
	assert.Equal(t, []string{"tok"}, Secrets(u))
	assert.Nil(t, Secrets(nil))
}
