package typosquat

import (
	"github.com/safeindex/safeindex/internal/namepat"
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
		if namepat.Match(p, n) {
			return p, true
		}
	}
	return "", false
}

// normalizePattern checks a pattern (internal/namepat's syntax, with
// nothing but wildcards refused) and normalizes its name parts.
func normalizePattern(p string) (string, error) {
	if namepat.MatchesAll(p) {
		return "", &namepat.Error{Pattern: p, Reason: "matches every name"}
	}
	if err := namepat.Check(p); err != nil {
		return "", err
	}
	return namepat.Normalize(p), nil
}
