package pep440

import (
	"slices"
	"strings"

	"github.com/safeindex/safeindex/internal/pystr"
)

// Op is a specifier's comparison operator.
type Op uint8

// The PEP 440 comparison operators.
const (
	OpCompatible   Op = iota + 1 // ~=
	OpEqual                      // ==
	OpNotEqual                   // !=
	OpLessEqual                  // <=
	OpGreaterEqual               // >=
	OpLess                       // <
	OpGreater                    // >
	OpArbitrary                  // ===
)

// String returns the operator as written in a specifier.
func (o Op) String() string {
	switch o {
	case OpCompatible:
		return "~="
	case OpEqual:
		return "=="
	case OpNotEqual:
		return "!="
	case OpLessEqual:
		return "<="
	case OpGreaterEqual:
		return ">="
	case OpLess:
		return "<"
	case OpGreater:
		return ">"
	case OpArbitrary:
		return "==="
	}
	return "?"
}

// Prereleases says whether pre-releases (including dev releases) may
// match. The zero value, PrereleasesDefault, follows PEP 440 and
// packaging: a specifier that names a pre-release opts in, and otherwise a
// pre-release is used only when no final release matches.
type Prereleases int8

const (
	// PrereleasesDefault follows PEP 440 (packaging's prereleases=None).
	PrereleasesDefault Prereleases = iota
	// PrereleasesAllow lets every matching pre-release through
	// (packaging's prereleases=True).
	PrereleasesAllow
	// PrereleasesExclude refuses every pre-release, even when nothing else
	// matches (packaging's prereleases=False).
	PrereleasesExclude
)

// Specifier is one clause of a specifier set, such as ">=1.0" or
// "==2.1.*".
type Specifier struct {
	op       Op
	text     string  // the version as written, whitespace removed
	v        Version // the parsed version (prefix for wildcards); zero for an unparsable ===
	valid    bool    // v holds a parsed version
	wildcard bool    // ==V.* or !=V.*
	hasLocal bool    // ==V+L or !=V+L
	lower    string  // text lower-cased, for ===
	lo, hi   Version // precomputed bounds, see match
}

// Op returns the operator.
func (s Specifier) Op() Op { return s.op }

// Version returns the version text as written after the operator, with
// surrounding whitespace removed ("1.0.*" for "== 1.0.*").
func (s Specifier) Version() string { return s.text }

// String returns the specifier as packaging prints it: the operator
// followed by the version as written.
func (s Specifier) String() string { return s.op.String() + s.text }

// prereleases is packaging's Specifier.prereleases auto-detection: whether
// the clause itself names a pre-release. != and wildcards never do.
func (s Specifier) prereleases() bool {
	switch {
	case s.op == OpNotEqual, s.op == OpEqual && s.wildcard:
		return false
	case !s.valid:
		return false
	}
	return s.v.IsPrerelease()
}

// canonical is the form two clauses are compared by: trailing zeros are
// insignificant except after ~= (where they change the meaning), and
// === and wildcard clauses compare as written.
func (s Specifier) canonical() string {
	switch {
	case s.op == OpArbitrary || s.wildcard:
		return s.String()
	case s.op == OpCompatible:
		return s.op.String() + s.v.String()
	}
	return s.op.String() + s.v.Canonical()
}

// ParseSpecifier parses a single clause such as ">= 1.0" or "===foo".
func ParseSpecifier(s string) (Specifier, error) {
	spec, reason, err := parseClause(trimPySpace(s))
	if reason != "" {
		return Specifier{}, &SpecifierError{Specifier: s, Reason: reason, Err: err}
	}
	return spec, nil
}

func parseClause(c string) (Specifier, string, error) {
	var spec Specifier
	var rest string
	switch {
	case strings.HasPrefix(c, "==="):
		spec.op, rest = OpArbitrary, c[3:]
	case strings.HasPrefix(c, "~="):
		spec.op, rest = OpCompatible, c[2:]
	case strings.HasPrefix(c, "=="):
		spec.op, rest = OpEqual, c[2:]
	case strings.HasPrefix(c, "!="):
		spec.op, rest = OpNotEqual, c[2:]
	case strings.HasPrefix(c, "<="):
		spec.op, rest = OpLessEqual, c[2:]
	case strings.HasPrefix(c, ">="):
		spec.op, rest = OpGreaterEqual, c[2:]
	case strings.HasPrefix(c, "<"):
		spec.op, rest = OpLess, c[1:]
	case strings.HasPrefix(c, ">"):
		spec.op, rest = OpGreater, c[1:]
	case c == "":
		return spec, "empty clause", nil
	default:
		return spec, "no operator: a clause starts with one of ~= == != <= >= < > ===", nil
	}
	spec.text = trimPySpace(rest)
	if spec.op == OpArbitrary {
		// Python's str.lower, as packaging compares; close to Go's
		// strings.ToLower, and the same for ASCII.
		spec.lower = strings.ToLower(spec.text)
		if i := strings.IndexFunc(spec.text, func(r rune) bool { return r == ';' || r == ')' || pystr.IsSpace(r) }); i >= 0 {
			return spec, "=== version contains whitespace, ';' or ')'", nil
		}
		if v, err := Parse(spec.text); err == nil {
			spec.v, spec.valid = v, true
		}
		return spec, "", nil
	}
	if spec.text == "" {
		return spec, "missing version after " + spec.op.String(), nil
	}
	text := spec.text
	if strings.HasSuffix(text, ".*") {
		if spec.op != OpEqual && spec.op != OpNotEqual {
			return spec, "a .* prefix match is allowed only with == and !=", nil
		}
		text = text[:len(text)-2]
		spec.wildcard = true
		if trimPySpace(text) != text {
			return spec, "whitespace before .*", nil
		}
	}
	v, err := Parse(text)
	if err != nil {
		return spec, "bad version " + quote(spec.text), err
	}
	spec.v, spec.valid = v, true
	if strings.HasPrefix(text, "v") || strings.HasPrefix(text, "V") {
		text = text[1:]
	}
	switch {
	case spec.wildcard && v.flags&(flagPre|flagPost|flagDev|flagLocal) != 0:
		return spec, "a .* prefix match allows only an epoch and release before .*", nil
	case v.IsLocal() && spec.op != OpEqual && spec.op != OpNotEqual:
		return spec, "a local version (+...) is allowed only with == and !=", nil
	case spec.op == OpCompatible && !strings.Contains(releaseText(text), "."):
		return spec, "~= needs a release of at least two components, like ~=1.0", nil
	}
	spec.hasLocal = v.IsLocal()
	spec.bounds()
	return spec, "", nil
}

// releaseText returns the epoch-less release part of a version as written.
func releaseText(s string) string {
	if i := strings.IndexByte(s, '!'); i >= 0 {
		s = s[i+1:]
	}
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == '.' && i+1 < len(s) && isDigit(s[i+1])) {
		i++
	}
	return s[:i]
}

// bounds precomputes the versions match compares against. The bounds are
// those of packaging 26.x's range engine (packaging/_ranges.py):
//
//	==V.*, !=V.*   [V.dev0, next(V).dev0), next increments V's last component
//	~=V            [V, next(V without its last component).dev0)
//	<V             below V, or below V.dev0 when V is not a pre-release
//	>V.devN        at or above V.dev(N+1)
//	>V.postN       at or above V.post(N+1).dev0
func (s *Specifier) bounds() {
	v := s.v
	switch {
	case s.wildcard:
		s.lo = mustVersion(v.String() + ".dev0")
		s.hi = mustVersion(bumpLast(v.split().epoch, v.split().rel) + ".dev0")
	case s.op == OpCompatible:
		p := v.split()
		rel := p.rel[:strings.LastIndexByte(p.rel, '.')]
		s.hi = mustVersion(bumpLast(p.epoch, rel) + ".dev0")
	case s.op == OpLess && !v.IsPrerelease():
		s.hi = mustVersion(v.String() + ".dev0")
	case s.op == OpLess:
		s.hi = v
	case s.op == OpGreater && v.IsDevrelease():
		dev, _ := v.Dev()
		s.lo = mustVersion(v.str()[:len(v.str())-len(dev)] + incDigits(string(dev)))
	case s.op == OpGreater && v.IsPostrelease():
		post, _ := v.Post()
		i := strings.LastIndex(v.str(), ".post")
		s.lo = mustVersion(v.str()[:i] + ".post" + incDigits(string(post)) + ".dev0")
	}
}

// bumpLast returns "epoch!release" with the last release component
// incremented (the epoch omitted when zero).
func bumpLast(epoch, rel string) string {
	i := strings.LastIndexByte(rel, '.') + 1
	out := rel[:i] + incDigits(rel[i:])
	if epoch != "0" {
		out = epoch + "!" + out
	}
	return out
}

// incDigits adds one to a decimal digit string of any length.
func incDigits(d string) string {
	b := []byte(d)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

func mustVersion(s string) Version {
	v, err := Parse(s)
	if err != nil {
		panic("pep440: internal error: " + err.Error())
	}
	return v
}

// match reports whether c satisfies the clause, leaving pre-release policy
// to the caller. raw is the candidate as written, for ===; for a Version it
// is its canonical string.
//
// It compares comparison keys directly (see keyLongNum): a key's prefix
// of length pub is the version without its local segment, and of length
// rel the version through its pre-release segment.
func (s *Specifier) match(c *Version, raw string) bool {
	switch s.op {
	case OpArbitrary:
		return strings.ToLower(raw) == s.lower
	case OpEqual, OpNotEqual:
		var eq bool
		switch {
		case s.wildcard:
			eq = compare(c, &s.lo) >= 0 && compare(c, &s.hi) < 0
		case s.hasLocal:
			eq = c.cmpKey() == s.v.cmpKey()
		default:
			eq = c.cmpKey()[:c.publicLen()] == s.v.cmpKey()[:s.v.pub]
		}
		return eq == (s.op == OpEqual)
	case OpCompatible:
		return compare(c, &s.v) >= 0 && compare(c, &s.hi) < 0
	case OpGreaterEqual:
		return compare(c, &s.v) >= 0
	case OpLessEqual:
		return c.cmpKey()[:c.publicLen()] <= s.v.cmpKey()[:s.v.pub]
	case OpLess:
		return compare(c, &s.hi) < 0
	case OpGreater:
		if s.v.flags&(flagDev|flagPost) != 0 {
			return compare(c, &s.lo) >= 0
		}
		// Above V, but not V's own post-releases or local versions.
		return compare(c, &s.v) > 0 && c.cmpKey()[:c.relLen()] != s.v.cmpKey()[:s.v.rel]
	}
	return false
}

// Contains reports whether v satisfies the clause on its own, with
// packaging's default pre-release handling for a single candidate: a
// pre-release that matches is accepted.
func (s Specifier) Contains(v Version) bool { return s.match(&v, v.String()) }

// SpecifierSet is a comma-separated list of specifiers, all of which must
// match (PEP 440 "version specifiers"). The zero value is the empty set,
// which matches every version.
type SpecifierSet struct {
	specs     []Specifier
	arbitrary bool // some clause uses ===
	pre       Prereleases
}

// ParseSpecifierSet parses a specifier set such as ">=1.0, !=1.3.*, <2".
// As packaging does, it splits on commas, ignores empty clauses and
// surrounding whitespace, so "" is the empty set that matches everything.
// An invalid clause gives a *SpecifierError that matches
// ErrInvalidSpecifier.
func ParseSpecifierSet(s string) (SpecifierSet, error) {
	var set SpecifierSet
	for _, clause := range strings.Split(s, ",") {
		clause = trimPySpace(clause)
		if clause == "" {
			continue
		}
		spec, reason, err := parseClause(clause)
		if reason != "" {
			return SpecifierSet{}, &SpecifierError{Specifier: s, Clause: clause, Reason: reason, Err: err}
		}
		set.specs = append(set.specs, spec)
		if spec.op == OpArbitrary {
			set.arbitrary = true
		}
	}
	return set, nil
}

// MustParseSpecifierSet is like ParseSpecifierSet but panics on error. It is
// meant for specifiers written in source code, never for input.
func MustParseSpecifierSet(s string) SpecifierSet {
	set, err := ParseSpecifierSet(s)
	if err != nil {
		panic(err)
	}
	return set
}

// Specifiers returns the clauses in the order they were written.
func (s SpecifierSet) Specifiers() []Specifier { return slices.Clone(s.specs) }

// Len returns the number of clauses.
func (s SpecifierSet) Len() int { return len(s.specs) }

// String returns the set as packaging prints it: the clauses sorted as
// strings, duplicates (by canonical form: "==1.0" and "==1.0.0" are the
// same clause) removed, joined by commas. The empty set prints as "".
func (s SpecifierSet) String() string {
	switch len(s.specs) {
	case 0:
		return ""
	case 1:
		return s.specs[0].String()
	}
	specs := slices.Clone(s.specs)
	slices.SortStableFunc(specs, func(a, b Specifier) int { return strings.Compare(a.String(), b.String()) })
	var b strings.Builder
	seen := make(map[string]bool, len(specs))
	for _, sp := range specs {
		k := sp.canonical()
		if seen[k] {
			continue
		}
		seen[k] = true
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(sp.String())
	}
	return b.String()
}

// Equal reports whether two sets hold the same clauses, compared in
// canonical form and ignoring order and pre-release settings, as
// packaging's SpecifierSet.__eq__ does.
func (s SpecifierSet) Equal(t SpecifierSet) bool {
	a, b := s.canonicalSet(), t.canonicalSet()
	return slices.Equal(a, b)
}

func (s SpecifierSet) canonicalSet() []string {
	out := make([]string, 0, len(s.specs))
	for _, sp := range s.specs {
		out = append(out, sp.canonical())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// WithPrereleases returns a copy of s that forces pre-releases in
// (PrereleasesAllow) or out (PrereleasesExclude), or restores the PEP 440
// default, like packaging's SpecifierSet(prereleases=...).
func (s SpecifierSet) WithPrereleases(p Prereleases) SpecifierSet {
	s.pre = p
	return s
}

// Prereleases returns the effective pre-release policy: the one set with
// WithPrereleases if any, else PrereleasesAllow when a clause names a
// pre-release (">=2.0b1" opts the whole set in), else PrereleasesDefault.
func (s SpecifierSet) Prereleases() Prereleases {
	if s.pre != PrereleasesDefault {
		return s.pre
	}
	for i := range s.specs {
		if s.specs[i].prereleases() {
			return PrereleasesAllow
		}
	}
	return PrereleasesDefault
}

// Contains reports whether v satisfies every clause, as packaging's
// SpecifierSet(s).contains(v) does: a matching pre-release is accepted,
// since a single candidate has no final release to prefer, unless
// pre-releases were excluded with WithPrereleases.
//
// To choose among several candidates, use Filter, which applies the PEP 440
// preference for final releases over the whole list.
func (s SpecifierSet) Contains(v Version) bool {
	if s.pre == PrereleasesExclude && v.IsPrerelease() {
		return false
	}
	raw := ""
	if s.arbitrary {
		raw = v.String()
	}
	return s.matchAll(&v, raw)
}

func (s SpecifierSet) matchAll(v *Version, raw string) bool {
	for i := range s.specs {
		if !s.specs[i].match(v, raw) {
			return false
		}
	}
	return true
}

// ContainsString is Contains for a version as written. === clauses
// compare it as written (case-insensitively), so "===1.01" matches "1.01"
// but not "1.1". A string that is not a PEP 440 version matches only a set
// whose clauses are all === and match it, or the empty set.
func (s SpecifierSet) ContainsString(v string) bool {
	pv, err := Parse(v)
	if err != nil {
		return s.matchUnparsable(v)
	}
	if s.pre == PrereleasesExclude && pv.IsPrerelease() {
		return false
	}
	return s.matchAll(&pv, v)
}

func (s SpecifierSet) matchUnparsable(raw string) bool {
	for i := range s.specs {
		if s.specs[i].op != OpArbitrary || !s.specs[i].match(&Version{}, raw) {
			return false
		}
	}
	return true
}

// Filter returns the versions in vs that satisfy the set, in their input
// order, as packaging's SpecifierSet(s).filter(vs) does: with the default
// policy, matching pre-releases are returned only when no final or
// post-release matched.
func (s SpecifierSet) Filter(vs []Version) []Version {
	policy := s.Prereleases()
	// First pass: which versions match, in a bitmap (on the stack for up
	// to 4,096 versions), and how many finals and pre-releases; then one
	// allocation of the exact size, and one copy.
	var small [64]uint64
	bits := small[:]
	if n := (len(vs) + 63) / 64; n > len(small) {
		bits = make([]uint64, n)
	}
	var finals, pres int
	var ivArr [maxIntervals]interval
	ivs, ok := s.intervals(ivArr[:0])
	for i := range vs {
		v := &vs[i]
		pre := v.IsPrerelease()
		if policy == PrereleasesExclude && pre {
			continue
		}
		if ok {
			if !inAll(ivs, v) {
				continue
			}
		} else {
			raw := ""
			if s.arbitrary {
				raw = v.String()
			}
			if !s.matchAll(v, raw) {
				continue
			}
		}
		bits[i/64] |= 1 << (i % 64)
		if pre {
			pres++
		} else {
			finals++
		}
	}
	// PEP 440's default: pre-releases only when no final matched.
	dropPre := policy == PrereleasesDefault && finals > 0
	n := finals + pres
	if dropPre {
		n = finals
	}
	out := make([]Version, 0, n)
	for i := range vs {
		if bits[i/64]&(1<<(i%64)) != 0 && !(dropPre && vs[i].IsPrerelease()) {
			out = append(out, vs[i])
		}
	}
	return out
}

// FilterStrings is Filter for versions as written, keeping each string as
// given. Strings that are not PEP 440 versions are dropped, except by the
// empty set and by sets of === clauses that match them, which keep them
// (packaging treats such strings as neither final nor pre-release).
func (s SpecifierSet) FilterStrings(vs []string) []string {
	out := make([]string, 0, len(vs))
	policy := s.Prereleases()
	var finals int
	var pre []bool
	for _, raw := range vs {
		v, err := Parse(raw)
		if err != nil {
			if s.matchUnparsable(raw) {
				out = append(out, raw)
				pre = append(pre, false)
			}
			continue
		}
		if policy == PrereleasesExclude && v.IsPrerelease() {
			continue
		}
		if !s.matchAll(&v, raw) {
			continue
		}
		if !v.IsPrerelease() {
			finals++
		}
		out = append(out, raw)
		pre = append(pre, v.IsPrerelease())
	}
	if policy == PrereleasesDefault && finals > 0 {
		j := 0
		for i := range out {
			if !pre[i] {
				out[j] = out[i]
				j++
			}
		}
		out = out[:j]
	}
	return out
}

// interval is a clause as a range of versions: lo <= v < hi, either bound
// absent when nil, and the answer negated for !=V.*. Most clauses are one
// (>=, <, ~=, ==V.*, !=V.*, and > for a dev- or post-release).
type interval struct {
	lo, hi *Version
	neg    bool
}

// maxIntervals is how many clauses Filter keeps as intervals on the stack;
// more go to the heap.
const maxIntervals = 8

// intervals appends the set's clauses to ivs as intervals, and returns
// false when one of them is not a range (<=, ==, !=, ===, most >).
func (s *SpecifierSet) intervals(ivs []interval) ([]interval, bool) {
	for i := range s.specs {
		sp := &s.specs[i]
		var iv interval
		switch {
		case sp.op == OpGreaterEqual:
			iv = interval{lo: &sp.v}
		case sp.op == OpLess:
			iv = interval{hi: &sp.hi}
		case sp.op == OpCompatible:
			iv = interval{lo: &sp.v, hi: &sp.hi}
		case sp.wildcard && (sp.op == OpEqual || sp.op == OpNotEqual):
			iv = interval{lo: &sp.lo, hi: &sp.hi, neg: sp.op == OpNotEqual}
		case sp.op == OpGreater && sp.v.flags&(flagDev|flagPost) != 0:
			iv = interval{lo: &sp.lo}
		default:
			return ivs, false
		}
		ivs = append(ivs, iv)
	}
	return ivs, true
}

// inAll reports whether v is in every interval of ivs. Bounds are
// compared by their keys' prefixes first, which decide unless the two
// share their first 8 bytes (see compare), and the answers are combined
// without a branch on each: which clause fails depends on the data, and a
// mispredicted branch costs more than the check.
func inAll(ivs []interval, v *Version) bool {
	p := v.prefix()
	all := uint8(1)
	for i := range ivs {
		iv := &ivs[i]
		in := uint8(1)
		if iv.lo != nil {
			in = atLeast(p, v, iv.lo)
		}
		if iv.hi != nil {
			in &= 1 ^ atLeast(p, v, iv.hi)
		}
		if iv.neg {
			in ^= 1
		}
		all &= in
	}
	return all == 1
}

// atLeast returns 1 when v, whose key prefix is p, sorts at or after the
// bound b, a parsed Version.
func atLeast(p uint64, v, b *Version) uint8 {
	if p == b.pfx {
		return atLeastKey(v, b)
	}
	var r uint8
	if p > b.pfx {
		r = 1
	}
	return r
}

// atLeastKey is atLeast for equal key prefixes.
func atLeastKey(v, b *Version) uint8 {
	if v.cmpKey() >= b.cmpKey() {
		return 1
	}
	return 0
}
