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
		{"_*", `pattern "_*": a pattern must start and end with a letter, a digit or '*': no name starts or ends with '.', '_' or '-'`},
		{"*-", `pattern "*-": a pattern must start and end with a letter, a digit or '*': no name starts or ends with '.', '_' or '-'`},
		{"acme.*.", `pattern "acme.*.": a pattern must start and end with a letter, a digit or '*': no name starts or ends with '.', '_' or '-'`},
		{strings.Repeat("á", 50) + "?", `pattern "` + strings.Repeat("á", 38) + `...": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
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

// normalizeRef normalizes each part of a pattern and makes each run of
// wildcards one: the definition that Normalize must agree with.
func normalizeRef(p string) string {
	parts := strings.Split(p, "*")
	for i, part := range parts {
		if part != "" {
			parts[i] = simpleapi.NormalizeName(part)
		}
	}
	j := strings.Join(parts, "*")
	for strings.Contains(j, "**") {
		j = strings.ReplaceAll(j, "**", "*")
	}
	return j
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
		{"acme-**", "acme-*"},
		{"**a***b*", "*a*b*"},
	} {
		assert.Equal(t, tc.want, Normalize(tc.in), "%q", tc.in)
	}
	for _, p := range []string{"six", "acme-*", "*-internal", "a-b*c", "*"} {
		assert.Equal(t, normalizeRef(p), Normalize(p), "%q", p)
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

func TestMatchesAll(t *testing.T) {
	for p, want := range map[string]bool{"*": true, "***": true, "": false, "a*": false, "*a": false} {
		assert.Equal(t, want, MatchesAll(p), "%q", p)
	}
}

func TestOverlap(t *testing.T) {
	for _, tc := range []struct {
		p, q string
		want bool
	}{
		{"acme-*", "acme-tools", true},
		{"acme-*", "acme-t*", true},
		{"acme-*", "*-tools", true},
		{"acme-*", "acmetools", false},
		{"six", "six", true},
		{"six", "seven", false},
		{"*-api", "*-web", false},
		{"a*b", "*c*", true},
		{"a*", "b*", false},
		{"*", "anything", true},
	} {
		assert.Equal(t, tc.want, Overlap(tc.p, tc.q), "Overlap(%q, %q)", tc.p, tc.q)
		assert.Equal(t, tc.want, Overlap(tc.q, tc.p), "Overlap(%q, %q)", tc.q, tc.p)
	}
}

// TestOverlapExhaustive checks Overlap against a search for a common
// match: every pair of patterns of up to 3 bytes over "ab*", and every
// string of up to 6 bytes over "abc", which is long enough to hold a
// witness for any such pair (a shortest one has at most 6 literals).
func TestOverlapExhaustive(t *testing.T) {
	words := func(alphabet string, max int) []string {
		out := []string{""}
		for prev := out; max > 0; max-- {
			var next []string
			for _, w := range prev {
				for _, c := range alphabet {
					next = append(next, w+string(c))
				}
			}
			out = append(out, next...)
			prev = next
		}
		return out
	}
	patterns, names := words("ab*", 3), words("abc", 6)
	for _, p := range patterns {
		for _, q := range patterns {
			want := false
			for _, n := range names {
				if Match(p, n) && Match(q, n) {
					want = true
					break
				}
			}
			assert.Equal(t, want, Overlap(p, q), "Overlap(%q, %q)", p, q)
		}
	}
}

// FuzzMatch checks Match against a regular expression made from the
// pattern, Overlap with a name against Match, and Normalize against
// normalizeRef; none may panic.
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
		if !strings.Contains(name, "*") {
			// A name without wildcards overlaps exactly the patterns
			// that match it.
			assert.Equal(t, Match(np, name), Overlap(np, name), "Overlap(%q, %q)", np, name)
		}
	})
}

func TestClaims(t *testing.T) {
	var c Claims
	_, ok := c.Conflict("a", "six")
	assert.False(t, ok, "the zero Claims is empty")
	c.Add("a", "six")
	c.Add("a", "Acme_*")
	for _, tc := range []struct {
		owner, pattern, conflict string
	}{
		{"a", "SIX", ""}, // the same owner may repeat itself
		{"a", "acme-x", ""},
		{"b", "Six", "six"},
		{"b", "acme-tools", "Acme_*"},
		{"b", "*-tools", "Acme_*"},
		{"b", "s*", "six"},
		{"b", "beta-*", ""},
		{"b", "seven", ""},
	} {
		o, ok := c.Conflict(tc.owner, tc.pattern)
		assert.Equal(t, tc.conflict != "", ok, "%s claims %q", tc.owner, tc.pattern)
		assert.Equal(t, tc.conflict, o.Pattern, "%s claims %q", tc.owner, tc.pattern)
	}
	o, _ := c.Conflict("b", "Six")
	assert.Equal(t, `"Six" is claimed by both "a" and "b"`, o.Describe("Six", "b"))
	o, _ = c.Conflict("b", "s*")
	assert.Equal(t, `"s*" of "b" overlaps "six" of "a": a name that matches both would be claimed by two sources`, o.Describe("s*", "b"))
}
