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
	"unicode/utf8"

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
		return nil
	}
	// No name starts or ends with a separator, so a pattern that does
	// would match nothing: a claim or a deny rule that silently does not
	// apply.
	if isSep(p[0]) || isSep(p[len(p)-1]) {
		return &Error{Pattern: p, Reason: "a pattern must start and end with a letter, a digit or '*': no name starts or ends with '.', '_' or '-'"}
	}
	return nil
}

func isSep(c byte) bool { return c == '.' || c == '_' || c == '-' }

// Error is a pattern Check refuses, and why.
type Error struct {
	Pattern string
	Reason  string
}

// Error returns the message, with a long pattern shortened.
func (e *Error) Error() string {
	p := e.Pattern
	if len(p) > 80 {
		n := 77
		for n > 0 && !utf8.RuneStart(p[n]) {
			n-- // cut before a character, not inside one
		}
		p = p[:n] + "..."
	}
	return "pattern " + strconv.Quote(p) + ": " + e.Reason
}

// Is makes an *Error match ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// MatchesAll reports whether p matches every name: it is one or more
// wildcards and nothing else.
func MatchesAll(p string) bool { return p != "" && strings.Trim(p, "*") == "" }

// Normalize returns p with its name parts normalized and each run of
// wildcards made one ("acme-**" is "acme-*"), so that patterns that match
// the same names are equal. A pattern already normal, as most are
// ("acme-*", "six"), is returned as it is, without allocating.
func Normalize(p string) string {
	if isNormal(p) {
		return p
	}
	var b strings.Builder
	for i, part := range strings.Split(p, "*") {
		if i > 0 && !strings.HasSuffix(b.String(), "*") {
			b.WriteByte('*')
		}
		if part != "" {
			// NormalizeName keeps a leading or trailing separator, which
			// is meaningful next to a wildcard ("acme-*").
			b.WriteString(simpleapi.NormalizeName(part))
		}
	}
	return b.String()
}

// isNormal reports whether Normalize would leave p as it is: lower-case
// letters, digits, "*" never twice in a row, and "-" never twice in a row.
func isNormal(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case (c == '-' || c == '*') && (i == 0 || p[i-1] != c):
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

// Overlap reports whether some name matches both patterns (normalized,
// see Normalize): whether two claims, or a pin and a merge, can compete
// for one name. When either has no wildcard it is Match. Otherwise it
// walks the pair of patterns as one automaton, a row of states at a time:
// O(len(p)·len(q)) time, O(len(q)) memory, never exponential; callers
// keep patterns to MaxLen with Check. It counts any string, not only
// valid names; Check keeps patterns from starting or ending with a
// separator, which is where that could differ.
func Overlap(p, q string) bool {
	switch {
	case !strings.Contains(p, "*"):
		return Match(q, p)
	case !strings.Contains(q, "*"):
		return Match(p, q)
	}
	// reach[j], on row i: some string takes p to its byte i and q to its
	// byte j at once. A state moves on when a star matches nothing more
	// (i+1 or j+1 alone), when one side's star takes the other side's
	// next literal (the other side moves), or when both sides' next
	// literals are the same byte (both move).
	prev := make([]bool, len(q)+1)
	reach := make([]bool, len(q)+1)
	for i := 0; i <= len(p); i++ {
		live := false
		for j := 0; j <= len(q); j++ {
			r := i == 0 && j == 0
			if i > 0 && prev[j] && (p[i-1] == '*' || j < len(q) && q[j] == '*') {
				r = true
			}
			if j > 0 && reach[j-1] && (q[j-1] == '*' || i < len(p) && p[i] == '*') {
				r = true
			}
			if i > 0 && j > 0 && prev[j-1] && p[i-1] != '*' && p[i-1] == q[j-1] {
				r = true
			}
			reach[j] = r
			live = live || r
		}
		if !live {
			return false // no string takes p this far
		}
		prev, reach = reach, prev
	}
	return prev[len(q)]
}

// Claims finds patterns of different owners that can match one name: the
// claims of two sources, say. The zero value is empty and ready.
type Claims struct {
	exact map[string]Claim // claims without wildcards, by normal form
	wild  []Claim          // claims with wildcards
	names []Claim          // claims without wildcards, in order
}

// Claim is a pattern as written, its normal form and its owner.
type Claim struct {
	Pattern, Normal, Owner string
}

// Conflict returns an earlier claim of another owner that can match a
// name that pattern matches, if there is one. It takes time in the number
// of claims with wildcards (and, for a pattern with wildcards, in the
// number of claims), so many exact names stay cheap.
func (c *Claims) Conflict(owner, pattern string) (Claim, bool) {
	n := Normalize(pattern)
	if !strings.Contains(n, "*") {
		if o, ok := c.exact[n]; ok && o.Owner != owner {
			return o, true
		}
		for _, o := range c.wild {
			if o.Owner != owner && Match(o.Normal, n) {
				return o, true
			}
		}
		return Claim{}, false
	}
	for _, o := range c.names {
		if o.Owner != owner && Match(n, o.Normal) {
			return o, true
		}
	}
	for _, o := range c.wild {
		if o.Owner != owner && Overlap(o.Normal, n) {
			return o, true
		}
	}
	return Claim{}, false
}

// Add records pattern as owner's claim.
func (c *Claims) Add(owner, pattern string) {
	cl := Claim{Pattern: pattern, Normal: Normalize(pattern), Owner: owner}
	if strings.Contains(cl.Normal, "*") {
		c.wild = append(c.wild, cl)
		return
	}
	if c.exact == nil {
		c.exact = map[string]Claim{}
	}
	if _, ok := c.exact[cl.Normal]; !ok {
		c.exact[cl.Normal] = cl
	}
	c.names = append(c.names, cl)
}

// Describe says how a claim conflicts with an earlier one, for messages:
// "claimed by both" for the same name, "overlaps" for patterns.
func (o Claim) Describe(pattern, owner string) string {
	if o.Normal == Normalize(pattern) {
		return strconv.Quote(pattern) + " is claimed by both " + strconv.Quote(o.Owner) + " and " + strconv.Quote(owner)
	}
	return strconv.Quote(pattern) + " of " + strconv.Quote(owner) + " overlaps " + strconv.Quote(o.Pattern) + " of " + strconv.Quote(o.Owner) + ": a name that matches both would be claimed by two sources"
}
