package namepat

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/safeindex/safeindex/simpleapi"
	"github.com/stretchr/testify/assert"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		pattern, err string
	}{
		{"six", ""},
		{"Acme_Tools", ""},
		{"acme-*", ""},
		{"*-internal", ""},
		{"*", ""},
		{"a.b_c-*d", ""},
		{"", `pattern "": empty`},
		{"acme?", `pattern "acme?": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
		{"acme[0-9]*", `pattern "acme[0-9]*": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
		{`acme\*`, `pattern "acme\\*": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
		{"acme tools", `pattern "acme tools": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
		{"ácme-*", `pattern "ácme-*": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
		{"-acme", `pattern "-acme": not a valid project name: it must start and end with a letter or digit`},
		{"acme.", `pattern "acme.": not a valid project name: it must start and end with a letter or digit`},
		{strings.Repeat("a", MaxLen+1), `pattern "` + strings.Repeat("a", 77) + `...": longer than 4096 bytes`},
	} {
		err := Check(tc.pattern)
		if tc.err == "" {
			assert.NoError(t, err, "%q", tc.pattern)
			continue
		}
		assert.EqualError(t, err, tc.err)
		assert.ErrorIs(t, err, ErrInvalid)
		var pe *Error
		if assert.True(t, errors.As(err, &pe)) {
			assert.Equal(t, tc.pattern, pe.Pattern)
		}
	}
}

// normalizeRef normalizes each part of a pattern, the definition that
// Normalize's shortcut must agree with.
func normalizeRef(p string) string {
	parts := strings.Split(p, "*")
	for i, part := range parts {
		if part != "" {
			parts[i] = simpleapi.NormalizeName(part)
		}
	}
	return strings.Join(parts, "*")
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"six", "six"},
		{"acme-*", "acme-*"},
		{"Acme_*", "acme-*"},
		{"*-Internal", "*-internal"},
		{"acme--x", "acme-x"},
		{"a.b_c", "a-b-c"},
		{"A*B", "a*b"},
		{"a__b*c..d", "a-b*c-d"},
		{"*", "*"},
	} {
		assert.Equal(t, tc.want, Normalize(tc.in), "%q", tc.in)
		assert.Equal(t, normalizeRef(tc.in), Normalize(tc.in), "%q", tc.in)
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { Match(Normalize("acme-*"), "acme-billing") }))
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"six", "six", true},
		{"six", "sixx", false},
		{"acme-*", "acme-billing", true},
		{"acme-*", "acmebilling", false},
		{"acme*", "acmebilling", true},
		{"acme*", "acme", true},
		{"*-internal", "billing-internal", true},
		{"*-internal", "billing-internal-x", false},
		{"*", "anything", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"a*a*a*a*b", strings.Repeat("a", 200), false},
		{"acme-*-api", "acme-x-y-api", true},
		{"acme-*-api", "acme-api", false},
	} {
		assert.Equal(t, tc.want, Match(tc.pattern, tc.name), "Match(%q, %q)", tc.pattern, tc.name)
	}
}

// FuzzMatch checks Match against a regular expression made from the
// pattern, and Normalize against normalizeRef; neither may panic.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{{"acme-*", "acme-tools"}, {"*-x*y", "a-xzy"}, {"a*a*b", "aaab"}, {"six", "six"}, {"A_*", "a-b"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		np := Normalize(pattern)
		if Check(pattern) == nil {
			assert.Equal(t, normalizeRef(pattern), np)
			assert.NoError(t, Check(np), "normalized %q", np)
		}
		if !utf8.ValidString(np) || !utf8.ValidString(name) {
			Match(np, name) // the reference below takes UTF-8 only
			return
		}
		parts := strings.Split(np, "*")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		re := regexp.MustCompile(`^(?s:` + strings.Join(parts, ".*") + `)$`)
		assert.Equal(t, re.MatchString(name), Match(np, name), "Match(%q, %q)", np, name)
	})
}
