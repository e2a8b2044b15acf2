package typosquat

import (
	"errors"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// LooksInternal reports whether name (in any spelling) matches one of the
// patterns of [WithInternalPatterns], and returns the first that matches,
// as normalized. It says nothing about whether any source has the name:
// a policy rule combines it with source lookups, so that a request for
// an internal-looking name that no internal source serves is refused as a
// likely dependency-confusion target even before the public index has it.
func (c *Checker) LooksInternal(name string) (pattern string, ok bool) {
	if c == nil || len(c.patterns) == 0 || simpleapi.ValidateName(name) != nil {
		return "", false
	}
	n := simpleapi.NormalizeName(name)
	for _, p := range c.patterns {
		if globMatch(p, n) {
			return p, true
		}
	}
	return "", false
}

// normalizePattern checks a pattern and normalizes its name parts, keeping
// the "*" wildcards and any separator next to one.
func normalizePattern(p string) (string, error) {
	if strings.Trim(p, "*") == "" {
		return "", errors.New("matches every name")
	}
	if len(p) > MaxLineLen {
		return "", errors.New("too long")
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '*') {
			return "", errors.New("only ASCII letters, digits, '.', '_', '-' and '*' are allowed")
		}
	}
	parts := strings.Split(p, "*")
	for i, part := range parts {
		// NormalizeName keeps a leading or trailing separator, which
		// matters next to a wildcard ("acme-*").
		parts[i] = simpleapi.NormalizeName(part)
	}
	return strings.Join(parts, "*"), nil
}

// globMatch matches name against a pattern whose only special character
// is "*", any run of characters.
func globMatch(pattern, name string) bool {
	// Iterative matching with backtracking to the last star: linear in
	// practice, O(len(pattern)·len(name)) at worst.
	p, n := 0, 0
	star, mark := -1, 0
	for n < len(name) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, n
			p++
		case p < len(pattern) && pattern[p] == name[n]:
			p++
			n++
		case star >= 0:
			p = star + 1
			mark++
			n = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
