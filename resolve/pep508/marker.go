package pep508

import (
	"strings"
	"unicode/utf8"
)

// Marker is a parsed environment marker (PEP 508), such as
// `python_version >= "3.8" and sys_platform == "linux"`.
//
// Its structure is packaging's: a list of comparisons and parenthesized
// sub-lists joined by "and" and "or", with "and" applied first when
// evaluating. A nil *Marker is no marker: it prints as "" and evaluates to
// true. A Marker is immutable and safe for concurrent use.
type Marker struct {
	root markerList
}

// markerList is one level of a marker: items[0] ops[0] items[1] ...
type markerList struct {
	items []markerItem
	ops   []boolOp // len(items)-1
}

type boolOp uint8

const (
	opAnd boolOp = iota
	opOr
)

// markerItem is a comparison or a parenthesized list.
type markerItem struct {
	cmp  *comparison
	list *markerList
}

// comparison is `lhs op rhs`; either side may be a variable.
type comparison struct {
	lhs, rhs operand
	op       string // "==", ..., "in", "not in"
}

type operand struct {
	value    string // the canonical variable name, or the decoded literal
	variable bool
}

// ParseMarker parses an environment marker, exactly as packaging 26.x's
// Marker(s) does (see the package documentation for the grammar). Comparisons
// of "extra" with a quoted string have the string normalized (PEP 685), and
// so does the string in `"name" in extras` (and dependency_groups).
// An invalid marker gives a *MarkerError that matches ErrInvalidMarker.
func ParseMarker(s string) (*Marker, error) {
	if !utf8.ValidString(s) {
		return nil, &MarkerError{Marker: s, Offset: invalidUTF8At(s), Reason: "not valid UTF-8"}
	}
	p := parser{src: s}
	root := p.marker()
	if p.err == nil && p.pos != len(s) {
		p.fail("expected end of marker expression (\"and\", \"or\" or a closing parenthesis is missing?)")
	}
	if p.err != nil {
		return nil, &MarkerError{Marker: s, Offset: p.errPos, Reason: p.err.reason}
	}
	return &Marker{root: root}, nil
}

func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(s)
}

// parser is a recursive-descent parser following packaging's _parser.py.
type parser struct {
	src    string
	pos    int
	err    *parseError
	errPos int
}

type parseError struct {
	reason string
	marker bool // the error is in the marker part
}

func (p *parser) fail(reason string) {
	p.failAt(p.pos, reason)
}

func (p *parser) failAt(pos int, reason string) {
	if p.err == nil {
		p.err = &parseError{reason: reason}
		p.errPos = pos
	}
}

func (p *parser) ws() { p.pos = skipWS(p.src, p.pos) }

func (p *parser) at(c byte) bool { return p.pos < len(p.src) && p.src[p.pos] == c }

// maxMarkerDepth bounds parenthesis nesting so that hostile input cannot
// exhaust the stack; packaging is bounded by Python's recursion limit, which
// is lower.
const maxMarkerDepth = 200

// marker = atom (BOOLOP atom)*
func (p *parser) marker() markerList {
	return p.markerDepth(0)
}

func (p *parser) markerDepth(depth int) markerList {
	var l markerList
	l.items = append(l.items, p.atom(depth))
	for p.err == nil {
		if end := matchWord(p.src, p.pos, "and"); end >= 0 {
			l.ops = append(l.ops, opAnd)
			p.pos = end
		} else if end := matchWord(p.src, p.pos, "or"); end >= 0 {
			l.ops = append(l.ops, opOr)
			p.pos = end
		} else {
			break
		}
		l.items = append(l.items, p.atom(depth))
	}
	return l
}

// atom = WS? "(" WS? marker WS? ")" WS? | WS? item WS?
func (p *parser) atom(depth int) markerItem {
	if p.err != nil {
		return markerItem{}
	}
	p.ws()
	var it markerItem
	if p.at('(') {
		open := p.pos
		if depth >= maxMarkerDepth {
			p.fail("parentheses nested too deeply")
			return it
		}
		p.pos++
		p.ws()
		l := p.markerDepth(depth + 1)
		if p.err != nil {
			return it
		}
		p.ws()
		if !p.at(')') {
			p.failAt(open, "expected a closing parenthesis after the marker expression opened here")
			return it
		}
		p.pos++
		it.list = &l
	} else {
		it.cmp = p.comparison()
	}
	p.ws()
	return it
}

// item = WS? var WS? op WS? var WS?
func (p *parser) comparison() *comparison {
	var c comparison
	p.ws()
	c.lhs = p.operand()
	p.ws()
	c.op = p.markerOp()
	p.ws()
	c.rhs = p.operand()
	p.ws()
	if p.err != nil {
		return nil
	}
	// packaging's _normalize_extras (PEP 685).
	switch {
	case c.lhs.variable && c.lhs.value == "extra" && !c.rhs.variable:
		c.rhs.value = canonicalName(c.rhs.value)
	case c.rhs.variable && c.rhs.value == "extra" && !c.lhs.variable:
		c.lhs.value = canonicalName(c.lhs.value)
	case c.rhs.variable && isSetVariable(c.rhs.value) && !c.lhs.variable:
		c.lhs.value = canonicalName(c.lhs.value)
	}
	return &c
}

func isSetVariable(name string) bool { return name == "extras" || name == "dependency_groups" }

func (p *parser) operand() operand {
	if p.err != nil {
		return operand{}
	}
	if end, name := matchVariable(p.src, p.pos); end >= 0 {
		p.pos = end
		return operand{value: name, variable: true}
	}
	if end := matchQuoted(p.src, p.pos); end >= 0 {
		v, reason := pyLiteral(p.src[p.pos:end])
		if reason != "" {
			p.fail("invalid quoted string: " + reason)
			return operand{}
		}
		p.pos = end
		return operand{value: v}
	}
	p.fail("expected a marker variable or a quoted string")
	return operand{}
}

// op = "in" | "not" WS "in" | OP
func (p *parser) markerOp() string {
	if p.err != nil {
		return ""
	}
	if end := matchWord(p.src, p.pos, "in"); end >= 0 {
		p.pos = end
		return "in"
	}
	if end := matchWord(p.src, p.pos, "not"); end >= 0 {
		p.pos = end
		if !p.at(' ') && !p.at('\t') {
			p.fail(`expected whitespace after "not"`)
			return ""
		}
		p.ws()
		end := matchWord(p.src, p.pos, "in")
		if end < 0 {
			p.fail(`expected "in" after "not"`)
			return ""
		}
		p.pos = end
		return "not in"
	}
	if end := matchMarkerOp(p.src, p.pos); end >= 0 {
		op := p.src[p.pos:end]
		p.pos = end
		return op
	}
	p.fail("expected a marker operator: one of <=, <, !=, ==, >=, >, ~=, ===, in, not in")
	return ""
}

// String returns the marker as packaging's str(Marker(s)) prints it:
// variables by their canonical names (os_name, not os.name), operators and
// "and"/"or" between single spaces, values double-quoted (single-quoted when
// they hold a double quote), and parentheses only around nested groups of
// more than one comparison. For the rare value that packaging cannot print so
// that it reads back (one that holds both quote characters, a line break, a
// NUL, or a backslash that would read back as an escape), String writes an
// escaped Python string literal instead, so that ParseMarker(m.String())
// always gives an equal marker. A nil Marker gives "".
func (m *Marker) String() string {
	if m == nil {
		return ""
	}
	var b strings.Builder
	m.root.format(&b, true)
	return b.String()
}

// format follows packaging's _format_marker: a list holding a single item is
// unwrapped (keeping whether it is top level); a nested list is parenthesized.
func (l *markerList) format(b *strings.Builder, top bool) {
	if len(l.items) == 1 {
		l.items[0].format(b, top)
		return
	}
	if !top {
		b.WriteByte('(')
	}
	for i := range l.items {
		if i > 0 {
			if l.ops[i-1] == opAnd {
				b.WriteString(" and ")
			} else {
				b.WriteString(" or ")
			}
		}
		l.items[i].format(b, false)
	}
	if !top {
		b.WriteByte(')')
	}
}

func (it *markerItem) format(b *strings.Builder, top bool) {
	if it.list != nil {
		it.list.format(b, top)
		return
	}
	c := it.cmp
	c.lhs.format(b)
	b.WriteByte(' ')
	b.WriteString(c.op)
	b.WriteByte(' ')
	c.rhs.format(b)
}

func (o operand) format(b *strings.Builder) {
	if o.variable {
		b.WriteString(o.value)
		return
	}
	quoteValue(b, o.value)
}

// Equal reports whether m and n are the same marker, as packaging's
// Marker.__eq__ does: their String forms are equal. Two nil markers are
// equal; a nil and a non-nil marker are not.
func (m *Marker) Equal(n *Marker) bool {
	if m == nil || n == nil {
		return m == n
	}
	return m.String() == n.String()
}

// And returns the marker "m and n", as packaging's Marker.__and__ (26.1)
// builds it; a nil operand is no condition, so the other is returned.
func (m *Marker) And(n *Marker) *Marker { return m.join(n, opAnd) }

// Or returns the marker "m or n", as packaging's Marker.__or__ (26.1) builds
// it. A nil operand is no condition, always true, so the result is nil too.
func (m *Marker) Or(n *Marker) *Marker {
	if m == nil || n == nil {
		return nil
	}
	return m.join(n, opOr)
}

func (m *Marker) join(n *Marker, op boolOp) *Marker {
	if m == nil {
		return n
	}
	if n == nil {
		return m
	}
	a, b := m.root, n.root
	return &Marker{root: markerList{
		items: []markerItem{{list: &a}, {list: &b}},
		ops:   []boolOp{op},
	}}
}
