// Package namepat holds the one syntax of project-name patterns that
// policies, configuration files and the typosquat checker share: a
// project name, or a name with "*" wildcards standing for any run of
// characters ("acme-*", "*-internal"). A pattern's name parts are
// normalized like names (PEP 503), keeping a separator next to a wildcard,
// so "Acme_*" and "acme-*" are the same pattern; it matches "acme-tools"
// but not "acmetools". No other character is special: "?", "[" and "\"
// are not allowed at all, so that a pattern cannot mean one thing to the
// check that accepts it and another to the matcher that uses it.
package namepat

import (
	"errors"
	"strconv"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// ErrInvalid is matched by every error from Check.
var ErrInvalid = errors.New("not a project name or pattern")

// MaxLen is the longest pattern Check accepts, in bytes.
const MaxLen = 4096

// Check reports whether p is a valid pattern: not empty, at most MaxLen
// bytes, and only ASCII letters, digits, '.', '_', '-' and '*'. A
// pattern without "*" must also be a valid project name. Check does not
// refuse a pattern that matches every name ("*"): whether that is
// allowed depends on where the pattern is used.
func Check(p string) error {
	switch {
	case p == "":
		return &Error{Pattern: p, Reason: "empty"}
	case len(p) > MaxLen:
		return &Error{Pattern: p, Reason: "longer than " + strconv.Itoa(MaxLen) + " bytes"}
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c == '*' || c == '-' || c == '_' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return &Error{Pattern: p, Reason: "only ASCII letters, digits, '.', '_', '-' and '*' are allowed"}
		}
	}
	if !strings.Contains(p, "*") {
		if err := simpleapi.ValidateName(p); err != nil {
			return &Error{Pattern: p, Reason: "not a valid project name: it must start and end with a letter or digit"}
		}
	}
	return nil
}

// Error is a pattern Check refuses, and why.
type Error struct {
	Pattern string
	Reason  string
}

// Error returns the message, with a long pattern shortened.
func (e *Error) Error() string {
	p := e.Pattern
	if len(p) > 80 {
		p = p[:77] + "..."
	}
	return "pattern " + strconv.Quote(p) + ": " + e.Reason
}

// Is makes an *Error match ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// MatchesAll reports whether p, once normalized, matches every name: it
// is nothing but wildcards.
func MatchesAll(p string) bool { return strings.Trim(p, "*") == "" }

// Normalize returns p with its name parts normalized and its wildcards
// kept. A pattern already normal, as most are ("acme-*", "six"), is
// returned as it is, without allocating.
func Normalize(p string) string {
	if isNormal(p) {
		return p
	}
	parts := strings.Split(p, "*")
	for i, part := range parts {
		if part != "" {
			// NormalizeName keeps a leading or trailing separator, which
			// is meaningful next to a wildcard ("acme-*").
			parts[i] = simpleapi.NormalizeName(part)
		}
	}
	return strings.Join(parts, "*")
}

// isNormal reports whether Normalize would leave p as it is: lower-case
// letters, digits, "*", and "-" never twice in a row.
func isNormal(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '*':
		case c == '-' && (i == 0 || p[i-1] != '-'):
		default:
			return false
		}
	}
	return true
}

// Match reports whether name matches pattern. Both must be normalized
// (Normalize, simpleapi.NormalizeName).
func Match(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	// Iterative matching that backtracks to the last star: linear in
	// practice, O(len(pattern)·len(name)) at worst, never exponential.
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
