package pep508

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// Requirement is a parsed dependency specifier (PEP 508), such as
// `requests[security] >=2.8.1, ==2.8.* ; python_version < "2.7"` or
// `pip @ https://example.com/pip-23.2.1-py3-none-any.whl`.
type Requirement struct {
	// Name is the project name as written. Use NormalizedName to compare.
	Name string
	// Extras are the extra names as written, in the order written, with
	// exact duplicates dropped (packaging keeps them in a set, so "a" and
	// "a" are one extra, while "a" and "A" stay two). Compare them
	// normalized (PEP 685), as Equal does.
	Extras []string
	// Specifier is the version specifier; the zero (empty) set when none
	// was given, which every version satisfies.
	Specifier pep440.SpecifierSet
	// URL is the direct reference of the "name @ URL" form, exactly as
	// written (not validated, as packaging 23.2 and later do not); "" for
	// the other form.
	URL string
	// Marker is the environment marker after ";", nil when there is none.
	Marker *Marker
}

// ParseRequirement parses a dependency specifier exactly as packaging 26.x's
// Requirement(s) does (see the package documentation for the grammar and the
// rules). An invalid requirement gives a *RequirementError that matches
// ErrInvalidRequirement.
func ParseRequirement(s string) (*Requirement, error) {
	if !utf8.ValidString(s) {
		return nil, &RequirementError{Input: s, Offset: invalidUTF8At(s), Reason: "not valid UTF-8"}
	}
	p := parser{src: s}
	r, specStart, specText := p.requirement()
	if p.err != nil {
		return nil, &RequirementError{Input: s, Offset: p.errPos, Reason: p.err.reason, marker: p.err.marker}
	}
	if specText != "" {
		set, err := pep440.ParseSpecifierSet(specText)
		if err != nil {
			return nil, &RequirementError{Input: s, Offset: specStart, Reason: "invalid version specifier", Err: err}
		}
		r.Specifier = set
	}
	return r, nil
}

// requirement = WS? IDENTIFIER WS? extras WS? details END. It returns the
// specifier text (the SPECIFIER tokens and commas, as packaging concatenates
// them) for the caller to parse.
func (p *parser) requirement() (*Requirement, int, string) {
	r := &Requirement{}
	p.ws()
	end := matchIdentifier(p.src, p.pos)
	if end < 0 {
		p.fail("expected a package name at the start of the dependency specifier")
		return nil, 0, ""
	}
	r.Name = p.src[p.pos:end]
	p.pos = end
	p.ws()
	r.Extras = p.extras()
	p.ws()
	if p.err != nil {
		return nil, 0, ""
	}
	var specStart int
	var spec string
	if p.at('@') {
		p.pos++
		p.ws()
		start := p.pos
		for p.pos < len(p.src) && p.src[p.pos] != ' ' && p.src[p.pos] != '\t' {
			p.pos++
		}
		if p.pos == start {
			p.fail("expected a URL after @")
			return nil, 0, ""
		}
		r.URL = p.src[start:p.pos]
		if p.pos < len(p.src) {
			p.ws() // the URL ends at whitespace
			if p.pos < len(p.src) {
				r.Marker = p.requirementMarker(start, "a semicolon (after the URL and whitespace)")
			}
		}
	} else {
		specStart = p.pos
		spec = p.specifier()
		p.ws()
		if p.err == nil && p.pos < len(p.src) {
			expected := "a semicolon (after the name with no version specifier)"
			if spec != "" {
				expected = "a comma (within the version specifier) or a semicolon (after it)"
			}
			r.Marker = p.requirementMarker(specStart, expected)
		}
	}
	if p.err == nil && p.pos != len(p.src) {
		p.fail("expected the end of the dependency specifier")
		p.err.marker = r.Marker != nil
	}
	if p.err != nil {
		return nil, 0, ""
	}
	return r, specStart, spec
}

// requirementMarker = ";" marker WS?
func (p *parser) requirementMarker(spanStart int, expected string) *Marker {
	if !p.at(';') {
		p.failAt(p.pos, "expected "+expected+" or the end")
		return nil
	}
	p.pos++
	l := p.marker()
	p.ws()
	if p.err != nil {
		p.err.marker = true
		return nil
	}
	return &Marker{root: l}
}

// extras = ("[" WS? (IDENTIFIER (WS? "," WS? IDENTIFIER)*)? WS? "]")?
func (p *parser) extras() []string {
	if !p.at('[') {
		return nil
	}
	open := p.pos
	p.pos++
	p.ws()
	var extras []string
	seen := map[string]bool{}
	add := func(end int) {
		e := p.src[p.pos:end]
		if !seen[e] {
			seen[e] = true
			extras = append(extras, e)
		}
		p.pos = end
	}
	if end := matchIdentifier(p.src, p.pos); end >= 0 {
		add(end)
		for {
			p.ws()
			if matchIdentifier(p.src, p.pos) >= 0 {
				p.fail("expected a comma between extra names")
				return nil
			}
			if !p.at(',') {
				break
			}
			p.pos++
			p.ws()
			end := matchIdentifier(p.src, p.pos)
			if end < 0 {
				p.fail("expected an extra name after the comma")
				return nil
			}
			add(end)
		}
	}
	p.ws()
	if !p.at(']') {
		p.failAt(open, "expected a closing bracket after the extras opened here")
		return nil
	}
	p.pos++
	return extras
}

// specifier = "(" WS? version_many WS? ")" | WS? version_many WS?
func (p *parser) specifier() string {
	open := -1
	if p.at('(') {
		open = p.pos
		p.pos++
	}
	p.ws()
	spec := p.versionMany()
	p.ws()
	if p.err != nil {
		return ""
	}
	if open >= 0 {
		if !p.at(')') {
			p.failAt(open, "expected a closing parenthesis after the version specifier opened here")
			return ""
		}
		p.pos++
	}
	return spec
}

// version_many = (SPECIFIER (WS? "," WS? SPECIFIER)*)?, where a trailing
// comma is allowed.
func (p *parser) versionMany() string {
	var b strings.Builder
	for {
		start := p.pos
		end := matchSpecifier(p.src, p.pos)
		if end < 0 {
			break
		}
		tok := p.src[start:end]
		b.WriteString(tok)
		p.pos = end
		if hasPrefix(p.src[p.pos:], ".*") {
			if hasPrefix(tok, "!=") || hasPrefix(tok, "==") && !hasPrefix(tok, "===") {
				p.failAt(start, ".* cannot follow a pre-release, post-release, dev or local version")
			} else {
				p.failAt(start, ".* can only be used with the == and != operators")
			}
			return ""
		}
		if matchLocalLabel(p.src, p.pos, false) >= 0 {
			p.failAt(start, "a local version label can only be used with the == and != operators")
			return ""
		}
		p.ws()
		if !p.at(',') {
			break
		}
		p.pos++
		b.WriteByte(',')
		p.ws()
	}
	return b.String()
}

// String returns the requirement as packaging's str(Requirement(s)) prints it:
// the name as written, the extras sorted and comma-joined in brackets, the
// specifier in canonical order without spaces (`name[a,b]<2,>=1.0`), or
// " @ URL", then "; " and the marker (with a space before the ";" after a
// URL, which needs it). ParseRequirement(r.String()) gives an equal
// Requirement.
func (r *Requirement) String() string {
	var b strings.Builder
	b.WriteString(r.Name)
	if len(r.Extras) > 0 {
		extras := slices.Clone(r.Extras)
		slices.Sort(extras)
		extras = slices.Compact(extras)
		b.WriteByte('[')
		b.WriteString(strings.Join(extras, ","))
		b.WriteByte(']')
	}
	b.WriteString(r.Specifier.String())
	if r.URL != "" {
		b.WriteString(" @ ")
		b.WriteString(r.URL)
		if r.Marker != nil {
			b.WriteByte(' ')
		}
	}
	if r.Marker != nil {
		b.WriteString("; ")
		b.WriteString(r.Marker.String())
	}
	return b.String()
}

// NormalizedName returns the project name normalized as PEP 503 says
// (simpleapi.NormalizeName): lower case, runs of "-", "_" and "." as one "-".
// Use it to compare names and to look a project up in an index.
func (r *Requirement) NormalizedName() string { return simpleapi.NormalizeName(r.Name) }

// NormalizedExtras returns the extras normalized (PEP 685), sorted, without
// duplicates.
func (r *Requirement) NormalizedExtras() []string {
	out := make([]string, 0, len(r.Extras))
	for _, e := range r.Extras {
		out = append(out, simpleapi.NormalizeName(e))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Equal reports whether r and s are the same requirement, as packaging's
// Requirement.__eq__ (26.3) decides: normalized names, normalized extras as
// sets, specifier sets with equal clauses (pep440.SpecifierSet.Equal, so
// "==1.0" equals "==1.0.0"), identical URLs and equal markers.
func (r *Requirement) Equal(s *Requirement) bool {
	if r == nil || s == nil {
		return r == s
	}
	return r.NormalizedName() == s.NormalizedName() &&
		slices.Equal(r.NormalizedExtras(), s.NormalizedExtras()) &&
		r.Specifier.Equal(s.Specifier) &&
		r.URL == s.URL &&
		r.Marker.Equal(s.Marker)
}
