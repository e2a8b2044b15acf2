package license

import (
	"errors"
	"fmt"
	"strings"

	"github.com/safeindex/safeindex/internal/pystr"
)

// Policy decides whether an expression's licenses may be used, for the
// curated-repository use case. Identifiers are compared without regard to
// case, after [Normalize]. The zero Policy allows every expression that
// parses.
type Policy struct {
	// Allow lists the licenses that may be used: identifiers ("MIT"),
	// or a license with an exception ("GPL-2.0-only WITH
	// Classpath-exception-2.0") to allow only that combination. When
	// Allow is empty, every license not denied is allowed.
	Allow []string
	// Deny lists licenses and exceptions that may never be used, even
	// when Allow lists them.
	Deny []string
}

// Validate checks every entry of Allow and Deny: one license on the SPDX
// license list (version [SPDXListVersion]) or a LicenseRef-, with an
// optional "+" and an optional exception on the list after WITH; or, in
// Deny only, an exception alone. A misspelt entry would never match, and
// a denied license would pass unnoticed, so it is an error. The error
// joins one error per bad entry (errors.Join), each naming the list and
// the entry; an unknown identifier matches [ErrUnknownLicense].
func (p *Policy) Validate() error {
	var errs []error
	for i, s := range p.Allow {
		if _, err := entryKey(s, false); err != nil {
			errs = append(errs, fmt.Errorf("license policy: allow[%d] %q: %w", i, s, err))
		}
	}
	for i, s := range p.Deny {
		if _, err := entryKey(s, true); err != nil {
			errs = append(errs, fmt.Errorf("license policy: deny[%d] %q: %w", i, s, err))
		}
	}
	return errors.Join(errs...)
}

// entryKey reads a policy entry as Validate and Evaluate both take it: a
// license ("MIT", "GPL-2.0+", "(MIT)"), a license with an exception, or,
// when exceptionAlone, an exception alone. The key is lower case, with
// the deprecated GNU identifiers in their current spelling (Normalize).
func entryKey(entry string, exceptionAlone bool) (string, error) {
	if exc, _, ok := LookupException(strings.TrimFunc(entry, pystr.IsSpace)); ok {
		if !exceptionAlone {
			return "", fmt.Errorf("an exception alone may only be denied; allow it with a license (\"GPL-2.0-only WITH %s\")", exc)
		}
		return strings.ToLower(exc), nil
	}
	e, err := Parse(entry)
	if err != nil {
		return "", err
	}
	if e.Op != OpLicense {
		return "", &SyntaxError{Expr: entry, Msg: "an entry is one license (with an optional exception), not an expression"}
	}
	l := Normalize(License{ID: e.License.ID, OrLater: e.License.OrLater})
	key := strings.ToLower(l.ID)
	if l.OrLater {
		key += "+"
	}
	if e.License.Exception != "" {
		key += " with " + strings.ToLower(e.License.Exception)
	}
	return key, nil
}

// Decision is the outcome of [Policy.Evaluate].
type Decision struct {
	// Allowed reports that some choice among the OR alternatives uses
	// only allowed licenses.
	Allowed bool
	// Chosen lists the licenses of the first allowed choice, when
	// Allowed.
	Chosen []License
	// Refused lists, when not Allowed, the terms that made each
	// alternative fail, each with its reason, in order and without
	// repeats.
	Refused []Refusal
}

// Refusal names a license term that a policy refused.
type Refusal struct {
	License License
	Reason  string // "denied", "exception denied" or "not allowed"
}

// String returns the term and the reason: "GPL-3.0-only: denied".
func (r Refusal) String() string { return r.License.String() + ": " + r.Reason }

// Evaluate decides e under the policy: e is allowed when one of its OR
// alternatives (at any depth) is made only of licenses that are allowed
// and not denied. A term with an exception is allowed when the exact
// combination is allowed, or when its license is allowed and the
// exception is not denied. A term of "this version or later" ("+", or an
// id ending in "-or-later") is allowed when its base version is, since the
// user may choose it, and denied when its base version is.
func (p *Policy) Evaluate(e *Expression) Decision {
	allow, deny := keySet(p.Allow, false), keySet(p.Deny, true)
	ok, chosen, refused := p.eval(e, allow, deny)
	if ok {
		return Decision{Allowed: true, Chosen: chosen}
	}
	return Decision{Refused: dedupe(refused)}
}

// EvaluateString parses s and evaluates it; see [Parse] and
// [Policy.Evaluate].
func (p *Policy) EvaluateString(s string) (Decision, error) {
	e, err := Parse(s)
	if err != nil {
		return Decision{}, err
	}
	return p.Evaluate(e), nil
}

func (p *Policy) eval(e *Expression, allow, deny map[string]bool) (bool, []License, []Refusal) {
	switch e.Op {
	case OpLicense:
		if r := p.term(e.License, allow, deny); r != "" {
			return false, nil, []Refusal{{e.License, r}}
		}
		return true, []License{e.License}, nil
	case OpAnd:
		var chosen []License
		var refused []Refusal
		for _, a := range e.Args {
			ok, c, r := p.eval(a, allow, deny)
			chosen = append(chosen, c...)
			if !ok {
				refused = append(refused, r...)
			}
		}
		if refused != nil {
			return false, nil, refused
		}
		return true, chosen, nil
	default: // OpOr
		var refused []Refusal
		for _, a := range e.Args {
			ok, c, r := p.eval(a, allow, deny)
			if ok {
				return true, c, nil
			}
			refused = append(refused, r...)
		}
		return false, nil, refused
	}
}

// term returns why l is refused, or "".
func (p *Policy) term(l License, allow, deny map[string]bool) string {
	ids := candidates(l)
	exc := strings.ToLower(l.Exception)
	if l.Exception != "" {
		for _, id := range ids {
			if deny[id+" with "+exc] {
				return "denied"
			}
		}
		for _, id := range ids {
			if allow[id+" with "+exc] {
				return ""
			}
		}
		if deny[exc] {
			return "exception denied"
		}
	}
	for _, id := range ids {
		if deny[id] {
			return "denied"
		}
	}
	if len(allow) == 0 {
		return ""
	}
	for _, id := range ids {
		if allow[id] {
			return ""
		}
	}
	return "not allowed"
}

// candidates returns the normalized, lower-cased ids a term may be taken
// as: its own, and for "or later" terms the base version.
func candidates(l License) []string {
	id := strings.ToLower(Normalize(License{ID: l.ID, OrLater: l.OrLater}).ID)
	out := []string{id}
	if base, ok := strings.CutSuffix(id, "-or-later"); ok {
		out = append(out, base+"-only", base)
	} else if l.OrLater {
		out = append(out, id+"+")
	}
	return out
}

// keySet reads policy entries with entryKey, leaving out those that do
// not read (Validate reports them).
func keySet(entries []string, exceptionAlone bool) map[string]bool {
	m := make(map[string]bool, len(entries))
	for _, s := range entries {
		if key, err := entryKey(s, exceptionAlone); err == nil {
			m[key] = true
		}
	}
	return m
}

func dedupe(rs []Refusal) []Refusal {
	var out []Refusal
	seen := map[string]bool{}
	for _, r := range rs {
		k := strings.ToLower(r.String())
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// gnuDeprecated reports the GNU licenses (lower-cased) whose bare and "+"
// ids the SPDX list deprecated (3.0) for "-only" and "-or-later".
func gnuDeprecated(id string) bool {
	switch id {
	case "gpl-1.0", "gpl-2.0", "gpl-3.0", "lgpl-2.0", "lgpl-2.1", "lgpl-3.0",
		"agpl-1.0", "agpl-3.0", "gfdl-1.1", "gfdl-1.2", "gfdl-1.3":
		return true
	}
	return false
}

// Normalize replaces the deprecated GNU identifiers by their current
// spelling: "GPL-2.0" is "GPL-2.0-only" and "GPL-2.0+" is
// "GPL-2.0-or-later" (likewise LGPL, AGPL and GFDL), keeping the case of
// the rest; and it drops a "+" after an "-or-later" identifier, which
// says it already. Other licenses are returned unchanged.
func Normalize(l License) License {
	if !gnuDeprecated(strings.ToLower(l.ID)) {
		if l.OrLater && len(l.ID) >= len("-or-later") && strings.EqualFold(l.ID[len(l.ID)-len("-or-later"):], "-or-later") {
			l.OrLater = false
		}
		return l
	}
	if l.OrLater {
		l.ID += "-or-later"
		l.OrLater = false
	} else {
		l.ID += "-only"
	}
	return l
}

// String returns the decision in one line: "allowed: MIT" or
// "refused: GPL-3.0-only: denied; LicenseRef-x: not allowed".
func (d Decision) String() string {
	if d.Allowed {
		parts := make([]string, len(d.Chosen))
		for i, l := range d.Chosen {
			parts[i] = l.String()
		}
		return "allowed: " + strings.Join(parts, ", ")
	}
	parts := make([]string, len(d.Refused))
	for i, r := range d.Refused {
		parts[i] = r.String()
	}
	return fmt.Sprintf("refused: %s", strings.Join(parts, "; "))
}
