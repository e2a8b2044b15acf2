package policy

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// RouteKind says why a name is looked up where it is.
type RouteKind string

// The kinds of route.
const (
	RoutePinned  RouteKind = "pinned"  // a Pin names the source
	RouteClaimed RouteKind = "claimed" // a source claims the name
	RouteOrdered RouteKind = "ordered" // the strategy searches the sources in order
	RouteMerged  RouteKind = "merged"  // Merge: every source, highest version wins (unsafe)
)

// Route is where a name may come from, decided before any lookup.
type Route struct {
	// Package is the normalized name.
	Package string `json:"package"`
	// Kind says why.
	Kind RouteKind `json:"kind"`
	// Serve lists the sources that may serve the name, in priority order:
	// one for pinned and claimed names.
	Serve []string `json:"serve"`
	// Lookup lists every source to look the name up on: Serve, then the
	// other non-explicit sources, which are checked for shadowing.
	Lookup []string `json:"lookup"`
}

// Route decides where name may come from. It does no I/O.
func (p *Policy) Route(name string) Route {
	n := simpleapi.NormalizeName(name)
	r := Route{Package: n}
	var pinned string
	for _, pin := range p.Pins {
		if matchName(pin.Package, n) {
			pinned = pin.Source
			break
		}
	}
	switch {
	case pinned != "":
		r.Kind, r.Serve = RoutePinned, []string{pinned}
	default:
		for i := range p.Sources {
			if p.Sources[i].claims(n) {
				r.Kind, r.Serve = RouteClaimed, []string{p.Sources[i].Name}
				break
			}
		}
	}
	if r.Kind == "" {
		r.Kind = RouteOrdered
		if slices.ContainsFunc(p.Merge, func(m string) bool { return matchName(m, n) }) {
			r.Kind = RouteMerged
		}
		for i := range p.Sources {
			if !p.Sources[i].Explicit {
				r.Serve = append(r.Serve, p.Sources[i].Name)
			}
		}
	}
	r.Lookup = slices.Clone(r.Serve)
	for i := range p.Sources {
		s := &p.Sources[i]
		if !s.Explicit && !slices.Contains(r.Lookup, s.Name) {
			r.Lookup = append(r.Lookup, s.Name)
		}
	}
	return r
}

// LookupState is the outcome of looking a name up on one source.
type LookupState int

const (
	// NotFound: the source answered 404 or 410. The only outcome that
	// lets the search go on to the next source.
	NotFound LookupState = iota
	// Found: the source answered with a project page, even one without
	// files.
	Found
	// Failed: anything else (5xx, timeout, 401/403, a bad page, missing
	// credentials). It stops the resolution of the name where the source
	// could have served it.
	Failed
	// Skipped: the lookup was not made.
	Skipped
)

// String returns "not-found", "found", "failed" or "skipped".
func (s LookupState) String() string {
	switch s {
	case NotFound:
		return "not-found"
	case Found:
		return "found"
	case Failed:
		return "failed"
	case Skipped:
		return "skipped"
	}
	return fmt.Sprintf("LookupState(%d)", int(s))
}

// MarshalText implements encoding.TextMarshaler.
func (s LookupState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Lookup is what one source said about a name.
type Lookup struct {
	Source string
	State  LookupState
	Page   *simpleapi.ProjectPage // when Found
	Err    error                  // when Failed
}

// Choice is the decision of which sources' files are candidates for a
// name, with what was observed on the way.
type Choice struct {
	Route    Route
	Sources  []string  // sources whose files are candidates, in priority order
	Findings []Finding // shadowing, merges, namespace and status observations
}

// Errors of Choose, each matched by the error types below.
var (
	// ErrSourceFailed: a source that could serve the name failed.
	ErrSourceFailed = errors.New("source failed")
	// ErrNotOnSource: the pinned or claiming source does not have the name.
	ErrNotOnSource = errors.New("not on the source it is pinned to")
	// ErrNotFound: no source has the name.
	ErrNotFound = errors.New("not found on any source")
	// ErrShadowed: Strict refused a name found on several sources.
	ErrShadowed = errors.New("name found on more than one source")
)

// SourceError reports a source that failed where it could have served a
// name. It matches ErrSourceFailed and unwraps to the cause (an
// *simpleapi.IndexError, typically).
type SourceError struct {
	Package string
	Source  string
	Err     error
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("%s: source %q failed, and it comes before any other source that could serve the name, so resolution stops here (no fall-through): %v", e.Package, e.Source, e.Err)
}

// Unwrap returns ErrSourceFailed and the cause.
func (e *SourceError) Unwrap() []error { return []error{ErrSourceFailed, e.Err} }

// MissingError reports a name absent where it must be looked up: from
// the source it is pinned to or claimed by (matching ErrNotOnSource), or
// from every source (matching ErrNotFound).
type MissingError struct {
	Package string
	Kind    RouteKind
	Sources []string // where it was looked for
}

func (e *MissingError) Error() string {
	if e.Kind == RoutePinned || e.Kind == RouteClaimed {
		return fmt.Sprintf("%s: %s to source %q, which does not have it; other sources are not consulted for it", e.Package, e.Kind, e.Sources[0])
	}
	return fmt.Sprintf("%s: not found on any source (looked on %s)", e.Package, strings.Join(quoteAll(e.Sources), ", "))
}

// Unwrap returns ErrNotOnSource or ErrNotFound.
func (e *MissingError) Unwrap() error {
	if e.Kind == RoutePinned || e.Kind == RouteClaimed {
		return ErrNotOnSource
	}
	return ErrNotFound
}

// ShadowSource is one source's side of a shadowing.
type ShadowSource struct {
	Source   string   `json:"source"`
	Versions []string `json:"versions"` // PEP 440 versions it serves, lowest first
}

// ShadowError reports a name found on more than one remote source under
// Strict, with no pin or declared relation to say which is right. It matches
// ErrShadowed.
type ShadowError struct {
	Package string
	// Sources lists every source that has the name, in priority order;
	// the first is the one FirstIndex would have used.
	Sources []ShadowSource
	// HigherElsewhere is the attack's signature: a lower-priority source
	// offers a version higher than any on the first source.
	HigherElsewhere bool
}

func (e *ShadowError) Error() string {
	var parts []string
	for _, s := range e.Sources {
		parts = append(parts, fmt.Sprintf("%q (%s)", s.Source, versionSummary(s.Versions)))
	}
	msg := fmt.Sprintf("%s: found on %d sources: %s; pin the name to one source or declare how the sources relate", e.Package, len(e.Sources), strings.Join(parts, ", "))
	if e.HigherElsewhere {
		msg += "; a lower-priority source offers higher versions, the signature of a dependency confusion attack"
	}
	return msg
}

// Unwrap returns ErrShadowed.
func (e *ShadowError) Unwrap() error { return ErrShadowed }

// Choose decides, from what each source said about a name, which sources'
// files are candidates. lookups holds one entry per source of the route's
// Lookup list (missing entries count as Skipped). It does no I/O.
//
// The rules, in order:
//
//  1. A pinned or claimed name is served by its source only. Not found
//     there is a *MissingError and a failure a *SourceError; either way no
//     other source is used.
//  2. Otherwise the sources are taken in order. A failing source stops
//     the search (*SourceError): it might have had the name. A source
//     that has the project, even with no files, ends the search.
//  3. Declared relations merge the chosen source with the related sources
//     that also have the name.
//  4. Under Strict, any other remote source that has the name is a
//     *ShadowError, unless TrustPEP708 is set and PEP 708 metadata
//     permits merging all of them.
//  5. Merge routes take every source that has the name.
//
// Shadowing that does not stop resolution is reported as findings.
func (p *Policy) Choose(name string, lookups []Lookup) (*Choice, error) {
	route := p.Route(name)
	by := map[string]*Lookup{}
	for i := range lookups {
		by[lookups[i].Source] = &lookups[i]
	}
	get := func(src string) *Lookup {
		if l, ok := by[src]; ok {
			return l
		}
		return &Lookup{Source: src, State: Skipped}
	}
	c := &Choice{Route: route}
	n := route.Package

	// Namespace rules can take a source out of the running for a name.
	allowed := func(l *Lookup) bool {
		if l.State != Found {
			return false
		}
		for _, rule := range p.Namespaces {
			if rule.Source != l.Source || !matchName(rule.Pattern, n) {
				continue
			}
			if !slices.ContainsFunc(l.Page.Namespaces, func(ns simpleapi.Namespace) bool {
				return ns.Owned && strings.EqualFold(ns.Name, rule.Namespace)
			}) {
				c.add(Finding{Code: CodeNamespace, Severity: SeverityHigh, Package: n, Source: l.Source,
					Message: fmt.Sprintf("source %q has %s, but its page does not put it in the owned namespace %q, which the policy requires; the source is not used for it", l.Source, n, rule.Namespace)})
				return false
			}
			c.add(Finding{Code: CodeNamespace, Severity: SeverityInfo, Package: n, Source: l.Source,
				Message: fmt.Sprintf("source %q may serve %s: its page puts it in the owned namespace %q", l.Source, n, rule.Namespace)})
		}
		return true
	}

	switch route.Kind {
	case RoutePinned, RouteClaimed:
		src := route.Serve[0]
		l := get(src)
		switch {
		case l.State == Failed:
			return nil, &SourceError{Package: n, Source: src, Err: l.Err}
		case l.State != Found:
			return nil, &MissingError{Package: n, Kind: route.Kind, Sources: []string{src}}
		case !allowed(l):
			return nil, &MissingError{Package: n, Kind: route.Kind, Sources: []string{src}}
		}
		c.Sources = []string{src}
	case RouteMerged:
		for _, src := range route.Serve {
			l := get(src)
			if l.State == Failed {
				return nil, &SourceError{Package: n, Source: src, Err: l.Err}
			}
			if allowed(l) {
				c.Sources = append(c.Sources, src)
			}
		}
		if len(c.Sources) == 0 {
			return nil, &MissingError{Package: n, Kind: route.Kind, Sources: route.Serve}
		}
		if len(c.Sources) > 1 {
			c.add(Finding{Code: CodeMergeRisk, Severity: SeverityHigh, Package: n,
				Message: fmt.Sprintf("%s is merged across %s and the highest version wins, as with pip --extra-index-url: anyone who can publish %s on any of them decides what is installed", n, strings.Join(quoteAll(c.Sources), ", "), n)})
		}
		return c, nil
	default:
		for _, src := range route.Serve {
			l := get(src)
			if l.State == Failed {
				return nil, &SourceError{Package: n, Source: src, Err: l.Err}
			}
			if l.State == Found && allowed(l) {
				c.Sources = []string{src}
				break
			}
		}
		if len(c.Sources) == 0 {
			return nil, &MissingError{Package: n, Kind: route.Kind, Sources: route.Serve}
		}
	}

	// Related sources join the chosen one.
	chosen := c.Sources[0]
	group := p.relatedGroup(chosen)
	for _, src := range route.Lookup {
		if src == chosen || !group[src] {
			continue
		}
		if l := get(src); l.State == Found && allowed(l) {
			c.Sources = append(c.Sources, src)
			c.add(Finding{Code: CodeRelatedMerge, Severity: SeverityInfo, Package: n, Source: src,
				Message: fmt.Sprintf("%s on %q is merged with %q, as the policy declares the two related; files of the same name must be identical", n, src, chosen)})
		}
	}

	// Everything else that has the name shadows it.
	var shadows []string
	for _, src := range route.Lookup {
		if slices.Contains(c.Sources, src) {
			continue
		}
		l := get(src)
		switch {
		case l.State == Failed:
			if p.strategy() == Strict && route.Kind == RouteOrdered {
				return nil, &SourceError{Package: n, Source: src, Err: fmt.Errorf("strict strategy: cannot prove %s is not also on this source: %w", n, l.Err)}
			}
			c.add(Finding{Code: CodeShadowUnchecked, Severity: SeverityLow, Package: n, Source: src,
				Message: fmt.Sprintf("source %q failed, so whether it also serves %s was not checked: %v", src, n, l.Err)})
		case l.State == Found:
			shadows = append(shadows, src)
		}
	}
	if len(shadows) == 0 {
		return c, nil
	}
	if p.strategy() == Strict && route.Kind == RouteOrdered {
		remote := slices.DeleteFunc(slices.Clone(shadows), func(src string) bool { return p.Source(src).IsLocal() })
		if len(remote) > 0 && !p.chosenIsLocalOnly(c.Sources) {
			if p.TrustPEP708 && p.pep708Permits(n, append(slices.Clone(c.Sources), remote...), get) {
				c.Sources = append(c.Sources, remote...)
				c.add(Finding{Code: CodePEP708Merge, Severity: SeverityMedium, Package: n,
					Message: fmt.Sprintf("%s is merged across %s because their PEP 708 metadata agrees (trust_pep708 is on; PEP 708 was rejected in 2026)", n, strings.Join(quoteAll(c.Sources), ", "))})
				return c, nil
			}
			if len(remote) > 0 {
				all := append(slices.Clone(c.Sources), remote...)
				e := &ShadowError{Package: n}
				for _, src := range all {
					e.Sources = append(e.Sources, ShadowSource{Source: src, Versions: versionStrings(get(src).Page, n)})
				}
				e.HigherElsewhere = higherElsewhere(e.Sources[0].Versions, e.Sources[1:])
				return nil, e
			}
		}
	}
	mine := versionStrings(get(chosen).Page, n)
	for _, src := range shadows {
		theirs := versionStrings(get(src).Page, n)
		f := Finding{Code: CodeShadowed, Severity: SeverityMedium, Package: n, Source: src,
			Message: fmt.Sprintf("%s is also on %q (%s); it is taken from %q (%s) only", n, src, versionSummary(theirs), chosen, versionSummary(mine))}
		if higherElsewhere(mine, []ShadowSource{{Source: src, Versions: theirs}}) {
			f.Code, f.Severity = CodeShadowHigher, SeverityCritical
			f.Message = fmt.Sprintf("%s is also on %q with higher versions (%s) than on %q (%s): the signature of a dependency confusion attack; %q is not used for it", n, src, versionSummary(theirs), chosen, versionSummary(mine), src)
		}
		c.add(f)
	}
	return c, nil
}

func (c *Choice) add(f Finding) { c.Findings = append(c.Findings, f) }

// chosenIsLocalOnly reports whether every chosen source is local, in which
// case PEP 708 lets it merge with anything and Strict does not object.
func (p *Policy) chosenIsLocalOnly(srcs []string) bool {
	for _, s := range srcs {
		if !p.Source(s).IsLocal() {
			return false
		}
	}
	return true
}

// relatedGroup returns the sources connected to src by declared relations,
// in either direction.
func (p *Policy) relatedGroup(src string) map[string]bool {
	group := map[string]bool{src: true}
	for changed := true; changed; {
		changed = false
		for _, r := range p.Relations {
			if group[r.Source] != group[r.Of] {
				group[r.Source], group[r.Of] = true, true
				changed = true
			}
		}
	}
	return group
}

// Related reports whether two sources are declared related, directly or
// through others.
func (p *Policy) Related(a, b string) bool { return p.relatedGroup(a)[b] }

// versionStrings returns the distinct PEP 440 versions of a page's files
// (or its PEP 700 versions list when it has no files), lowest first.
func versionStrings(page *simpleapi.ProjectPage, name string) []string {
	if page == nil {
		return nil
	}
	var vs []pep440.Version
	for i := range page.Files {
		d, err := simpleapi.ParseFilename(page.Files[i].Filename, name)
		if err == nil {
			vs = append(vs, d.Version)
		}
	}
	if len(vs) == 0 {
		for _, s := range page.Versions {
			if v, err := pep440.Parse(s); err == nil {
				vs = append(vs, v)
			}
		}
	}
	slices.SortFunc(vs, pep440.Compare)
	vs = slices.CompactFunc(vs, pep440.Version.Equal)
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// higherElsewhere reports whether any other source has a version above
// every version in mine.
func higherElsewhere(mine []string, others []ShadowSource) bool {
	var top pep440.Version
	if len(mine) > 0 {
		top = pep440.MustParse(mine[len(mine)-1])
	}
	for _, o := range others {
		if len(o.Versions) == 0 {
			continue
		}
		if v := pep440.MustParse(o.Versions[len(o.Versions)-1]); len(mine) == 0 || pep440.Compare(v, top) > 0 {
			return true
		}
	}
	return false
}

func versionSummary(vs []string) string {
	switch len(vs) {
	case 0:
		return "no versions"
	case 1:
		return "version " + vs[0]
	}
	return fmt.Sprintf("%d versions, %s to %s", len(vs), vs[0], vs[len(vs)-1])
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
