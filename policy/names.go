package policy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/safeindex/safeindex/policy/typosquat"
	"github.com/safeindex/safeindex/simpleapi"
)

// Typosquats is the name rule: a requested name that looks like a typo or
// an imitation of a popular project or of a name an internal source claims
// is refused (or only reported), and so is an internal-looking name that no
// claim covers. A nil Checker turns the rule off.
type Typosquats struct {
	// Checker knows the popular and protected names and the internal
	// patterns (typosquat.New with WithProtected and
	// WithInternalPatterns). Names the policy's sources claim should be
	// among its protected names; see ProtectedNames.
	Checker *typosquat.Checker `json:"-"`
	// WarnOnly reports flagged names without refusing them.
	WarnOnly bool `json:"warn_only,omitempty"`
}

// ProtectedNames returns the exact names (not patterns) the sources claim
// and the packages pinned by exact name, for typosquat.WithProtected; and
// the claim patterns, for typosquat.WithInternalPatterns.
func (p *Policy) ProtectedNames() (names, patterns []string) {
	for i := range p.Sources {
		for _, c := range p.Sources[i].Claims {
			if strings.Contains(c, "*") {
				patterns = append(patterns, c)
			} else {
				names = append(names, c)
			}
		}
	}
	return names, patterns
}

// NameCheck is the outcome of the name rule.
type NameCheck struct {
	Refused bool
	Reasons []Finding
}

// CheckName applies the name rule to a requested name, given its route
// (Policy.Route) and, when known, the source that serves it ("" when none
// does). It does no I/O.
//
//   - A name the Checker flags (a typo of a popular or protected name) is
//     refused, unless the route pins or claims it (the user said where it
//     comes from) or WarnOnly is set.
//   - A name that looks internal (the Checker's internal patterns) but is
//     neither claimed nor pinned, and that no source or only a public one
//     (Source.IsPublic) serves, is a likely dependency confusion target,
//     whether or not a public index has it yet: refused unless WarnOnly.
//     Served by a source that is not public, it is only reported: claim
//     the pattern to settle it.
func (p *Policy) CheckName(route Route, servedBy string) NameCheck {
	var nc NameCheck
	rule := &p.Rules.Typosquats
	if rule.Checker == nil || route.Kind == RoutePinned || route.Kind == RouteClaimed {
		return nc
	}
	n := simpleapi.NormalizeName(route.Package)
	add := func(sev Severity, msg string) {
		nc.Reasons = append(nc.Reasons, Finding{Code: CodeTyposquat, Severity: sev, Package: n, Source: servedBy, Message: msg})
	}
	for _, m := range rule.Checker.Check(n) {
		sev := SeverityHigh
		what := fmt.Sprintf("popular project %q", m.Target)
		if m.Protected {
			sev = SeverityCritical
			what = fmt.Sprintf("internal name %q", m.Target)
		}
		msg := fmt.Sprintf("%s looks like a typo or an imitation of %s (%s)", n, what, m.Rule)
		if rule.WarnOnly {
			add(SeverityMedium, msg+"; reported only (warn_only)")
			continue
		}
		nc.Refused = true
		add(sev, msg+"; refused: ask for the real name, or list this one as known")
	}
	if pattern, ok := rule.Checker.LooksInternal(n); ok {
		src := p.Source(servedBy)
		f := Finding{Code: CodeInternalName, Package: n, Source: servedBy}
		switch {
		case src != nil && !src.IsPublic():
			f.Severity = SeverityMedium
			f.Message = fmt.Sprintf("%s looks internal (pattern %q) and comes from %q, but no source claims it: claim the pattern on that source so that it can never come from anywhere else", n, pattern, servedBy)
		default:
			where := "no source has it yet"
			if src != nil {
				where = fmt.Sprintf("the public source %q serves it", servedBy)
			}
			f.Severity = SeverityCritical
			f.Message = fmt.Sprintf("%s looks internal (pattern %q) but no source claims it, and %s: a likely dependency confusion target (claim the pattern on the internal source, or register the name publicly as a placeholder)", n, pattern, where)
			if rule.WarnOnly {
				f.Severity = SeverityHigh
			} else {
				nc.Refused = true
			}
		}
		nc.Reasons = append(nc.Reasons, f)
	}
	return nc
}

// ErrSuspiciousName is matched by *NameError.
var ErrSuspiciousName = errors.New("suspicious package name")

// NameError reports a name the name rule refused: a typosquat, or an
// internal-looking name no source claims. Reasons say which names it
// resembles and why.
type NameError struct {
	Package string
	Reasons []Finding
}

func (e *NameError) Error() string {
	msgs := make([]string, len(e.Reasons))
	for i, r := range e.Reasons {
		msgs[i] = r.Message
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns ErrSuspiciousName.
func (e *NameError) Unwrap() error { return ErrSuspiciousName }
