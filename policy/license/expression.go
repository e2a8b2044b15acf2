package license

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/safeindex/safeindex/internal/pystr"
)

// Limits of [Parse].
const (
	// MaxExpressionLen caps an expression, in bytes.
	MaxExpressionLen = 16 << 10
	// MaxDepth caps the nesting of parentheses.
	MaxDepth = 64
)

// ErrInvalidExpression is matched by every [*SyntaxError].
var ErrInvalidExpression = errors.New("invalid SPDX license expression")

// SyntaxError reports an expression that does not follow the SPDX
// grammar. It matches [ErrInvalidExpression].
type SyntaxError struct {
	Expr   string // the expression (cut to 200 bytes)
	Offset int    // 0-based byte offset of the problem
	Msg    string // what was wrong
}

// Error implements error:
// `license: invalid SPDX expression "MIT AND": offset 7: expected a license after AND`.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("license: invalid SPDX expression %q: offset %d: %s", e.Expr, e.Offset, e.Msg)
}

// Unwrap returns [ErrInvalidExpression].
func (e *SyntaxError) Unwrap() error { return ErrInvalidExpression }

// ErrUnknownLicense is matched by every [*UnknownLicenseError].
var ErrUnknownLicense = errors.New("license identifier not on the SPDX license list")

// UnknownLicenseError reports an identifier that the SPDX license list
// (version [SPDXListVersion]) does not name, and that is not a
// LicenseRef-. It matches both [ErrUnknownLicense] and
// [ErrInvalidExpression]: PEP 639 allows only listed identifiers, and
// pypa/packaging refuses the others.
type UnknownLicenseError struct {
	Expr      string // the expression (cut to 200 bytes)
	Offset    int    // 0-based byte offset of the identifier
	ID        string // the identifier, as written
	Exception bool   // it follows WITH
}

// Error implements error:
// `license: invalid SPDX expression "Foo OR MIT": offset 0: unknown license "Foo" (...)`.
func (e *UnknownLicenseError) Error() string {
	what, ref := "license", "LicenseRef-"
	if e.Exception {
		what, ref = "license exception", ""
	}
	hint := ""
	if ref != "" {
		hint = "; name a license it lacks as " + ref + "..."
	}
	return fmt.Sprintf("license: invalid SPDX expression %q: offset %d: unknown %s %q (not on the SPDX license list %s%s)", e.Expr, e.Offset, what, e.ID, SPDXListVersion, hint)
}

// Unwrap returns [ErrUnknownLicense] and [ErrInvalidExpression].
func (e *UnknownLicenseError) Unwrap() []error {
	return []error{ErrUnknownLicense, ErrInvalidExpression}
}

// Op is the kind of an [Expression] node.
type Op uint8

// The node kinds.
const (
	OpLicense Op = iota // a license, possibly with an exception
	OpAnd               // all of Args apply
	OpOr                // one of Args, at the user's choice, applies
)

// Expression is a parsed SPDX license expression: a license, or an AND or
// OR of two or more sub-expressions. Chains of one operator are flattened
// ("A OR B OR C" is one OpOr node with three Args), and parentheses are
// not kept. Expressions are read-only once parsed.
type Expression struct {
	Op      Op
	License License       // for OpLicense
	Args    []*Expression // for OpAnd and OpOr
}

// License is one license term of an expression.
type License struct {
	// ID is the license identifier, spelt as the SPDX license list spells
	// it ("MIT", "Apache-2.0"), or a "LicenseRef-" reference, without any
	// "+".
	ID string
	// OrLater reports a "+" suffix: this version or any later one.
	OrLater bool
	// Exception is the exception after WITH, spelt as the SPDX list
	// spells it, or "".
	Exception string
}

// String returns the term in SPDX syntax ("GPL-2.0+ WITH Classpath-exception-2.0").
func (l License) String() string {
	s := l.ID
	if l.OrLater {
		s += "+"
	}
	if l.Exception != "" {
		s += " WITH " + l.Exception
	}
	return s
}

// IsRef reports whether the license is a LicenseRef (a license that the
// SPDX list does not name).
func (l License) IsRef() bool {
	_, ref := splitRef(l.ID)
	return strings.HasPrefix(strings.ToLower(ref), "licenseref-")
}

// String returns the expression in SPDX syntax, operators in upper case,
// with the parentheses that precedence requires and no others.
func (e *Expression) String() string {
	var b strings.Builder
	e.format(&b, OpOr)
	return b.String()
}

// format writes e, in parentheses when it binds less tightly than an
// operand of parent must.
func (e *Expression) format(b *strings.Builder, parent Op) {
	switch e.Op {
	case OpLicense:
		b.WriteString(e.License.String())
		return
	}
	paren := e.Op == OpOr && parent == OpAnd
	if paren {
		b.WriteByte('(')
	}
	sep := " AND "
	if e.Op == OpOr {
		sep = " OR "
	}
	for i, a := range e.Args {
		if i > 0 {
			b.WriteString(sep)
		}
		a.format(b, e.Op)
	}
	if paren {
		b.WriteByte(')')
	}
}

// Licenses returns every license term of the expression, in order.
func (e *Expression) Licenses() []License {
	var out []License
	var walk func(*Expression)
	walk = func(x *Expression) {
		if x.Op == OpLicense {
			out = append(out, x.License)
			return
		}
		for _, a := range x.Args {
			walk(a)
		}
	}
	walk(e)
	return out
}

// Parse parses an SPDX license expression (SPDX specification 2.3, annex
// D, and 3.0's AdditionRef):
//
//	expression = or-expr
//	or-expr    = and-expr *("OR" and-expr)
//	and-expr   = with-expr *("AND" with-expr)
//	with-expr  = simple ["WITH" addition] / "(" expression ")"
//	simple     = idstring ["+"] / [doc-ref ":"] "LicenseRef-" idstring
//	addition   = idstring / [doc-ref ":"] "AdditionRef-" idstring
//	doc-ref    = "DocumentRef-" idstring
//	idstring   = 1*(ALPHA / DIGIT / "-" / ".")
//
// WITH binds tighter than AND, which binds tighter than OR. Operators are
// matched without regard to case ("mit or apache-2.0"), as pypa/packaging
// and PEP 639 accept, where SPDX asks for upper case. As in packaging,
// identifiers must be on the SPDX license list (version
// [SPDXListVersion]) or be LicenseRef- references, and come back spelt as
// the list spells them ("mit" is "MIT"); an unknown one is an
// [*UnknownLicenseError]. A LicenseRef takes no "+". Any other error is a
// [*SyntaxError] giving the offset.
func Parse(s string) (*Expression, error) {
	p := &parser{src: s}
	if len(s) > MaxExpressionLen {
		return nil, p.fail(MaxExpressionLen, fmt.Sprintf("longer than %d bytes", MaxExpressionLen))
	}
	p.next()
	if p.tok.kind == tokEOF {
		return nil, p.fail(p.tok.off, "empty expression")
	}
	e, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.fail(p.tok.off, fmt.Sprintf("unexpected %s", p.tok.describe()))
	}
	if p.unknown != nil {
		return nil, p.unknown
	}
	return e, nil
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokID
	tokAnd
	tokOr
	tokWith
	tokOpen
	tokClose
	tokPlus
	tokBad
)

type token struct {
	kind tokKind
	text string
	off  int
	// For an identifier: a "+" directly after it (not in text), and
	// whether something other than white space or ")" directly follows
	// that "+" ("MIT+WITH"), which packaging refuses.
	plus, glued bool
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of expression"
	case tokBad:
		return fmt.Sprintf("character %q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

type parser struct {
	src     string
	pos     int
	tok     token
	unknown *UnknownLicenseError // the first identifier not on the list
}

func (p *parser) fail(off int, msg string) *SyntaxError {
	expr := p.src
	if len(expr) > 200 {
		expr = expr[:200]
	}
	return &SyntaxError{Expr: expr, Offset: off, Msg: msg}
}

func isIDByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == ':'
}

// spaceAt returns the length of the white space rune at src[i], or 0.
// White space is what Python's str.split() splits on, as packaging
// splits expressions with it: a folded metadata header ("MIT OR\n
// Apache-2.0") reads as one expression.
func spaceAt(src string, i int) int {
	r, size := rune(src[i]), 1
	if r >= utf8.RuneSelf {
		r, size = utf8.DecodeRuneInString(src[i:])
	}
	if pystr.IsSpace(r) {
		return size
	}
	return 0
}

// next reads the next token into p.tok.
func (p *parser) next() {
	for p.pos < len(p.src) {
		n := spaceAt(p.src, p.pos)
		if n == 0 {
			break
		}
		p.pos += n
	}
	start := p.pos
	if p.pos == len(p.src) {
		p.tok = token{kind: tokEOF, off: start}
		return
	}
	switch c := p.src[p.pos]; c {
	case '(':
		p.pos++
		p.tok = token{kind: tokOpen, text: "(", off: start}
		return
	case ')':
		p.pos++
		p.tok = token{kind: tokClose, text: ")", off: start}
		return
	case '+':
		p.pos++
		p.tok = token{kind: tokPlus, text: "+", off: start}
		return
	}
	for p.pos < len(p.src) && isIDByte(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		_, size := utf8.DecodeRuneInString(p.src[start:])
		p.pos += size
		p.tok = token{kind: tokBad, text: p.src[start:p.pos], off: start}
		return
	}
	text := p.src[start:p.pos]
	plus, glued := false, false
	if p.pos < len(p.src) && p.src[p.pos] == '+' {
		p.pos++
		plus = true
		glued = p.pos < len(p.src) && p.src[p.pos] != ')' && spaceAt(p.src, p.pos) == 0
	}
	kind := tokID
	switch {
	case strings.EqualFold(text, "AND"):
		kind = tokAnd
	case strings.EqualFold(text, "OR"):
		kind = tokOr
	case strings.EqualFold(text, "WITH"):
		kind = tokWith
	}
	if kind != tokID && plus {
		// "AND+", "WITH+": the operator and a "+" that follows nothing.
		p.pos = start + len(text)
		plus, glued = false, false
	}
	p.tok = token{kind: kind, text: text, off: start, plus: plus, glued: glued}
}

func (p *parser) or(depth int) (*Expression, error) {
	left, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokOr {
		return left, nil
	}
	e := &Expression{Op: OpOr, Args: appendFlat(nil, left, OpOr)}
	for p.tok.kind == tokOr {
		p.next()
		right, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		e.Args = appendFlat(e.Args, right, OpOr)
	}
	return e, nil
}

func (p *parser) and(depth int) (*Expression, error) {
	left, err := p.with(depth)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokAnd {
		return left, nil
	}
	e := &Expression{Op: OpAnd, Args: appendFlat(nil, left, OpAnd)}
	for p.tok.kind == tokAnd {
		p.next()
		right, err := p.with(depth)
		if err != nil {
			return nil, err
		}
		e.Args = appendFlat(e.Args, right, OpAnd)
	}
	return e, nil
}

// appendFlat appends x to args, or x's arguments when x is the same
// operator in parentheses ("A AND (B AND C)" is "A AND B AND C").
func appendFlat(args []*Expression, x *Expression, op Op) []*Expression {
	if x.Op == op {
		return append(args, x.Args...)
	}
	return append(args, x)
}

func (p *parser) with(depth int) (*Expression, error) {
	switch p.tok.kind {
	case tokOpen:
		if depth >= MaxDepth {
			return nil, p.fail(p.tok.off, fmt.Sprintf("parentheses nested more than %d deep", MaxDepth))
		}
		p.next()
		e, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokClose {
			return nil, p.fail(p.tok.off, fmt.Sprintf("expected \")\", found %s", p.tok.describe()))
		}
		p.next()
		if p.tok.kind == tokWith {
			return nil, p.fail(p.tok.off, "WITH must follow a single license, not a parenthesized expression")
		}
		return e, nil
	case tokID:
	default:
		return nil, p.fail(p.tok.off, fmt.Sprintf("expected a license, found %s", p.tok.describe()))
	}
	if err := p.checkID(p.tok, "LicenseRef-"); err != nil {
		return nil, err
	}
	l := License{ID: p.lookup(p.tok, false), OrLater: p.tok.plus}
	if l.OrLater {
		plusAt := p.tok.off + len(p.tok.text)
		switch {
		case l.IsRef():
			return nil, p.fail(plusAt, "a LicenseRef takes no \"+\"")
		case p.tok.glued:
			return nil, p.fail(plusAt+1, "\"+\" must be followed by a space, \")\" or the end")
		}
	}
	p.next()
	if p.tok.kind == tokWith {
		p.next()
		if p.tok.kind != tokID {
			return nil, p.fail(p.tok.off, fmt.Sprintf("expected an exception after WITH, found %s", p.tok.describe()))
		}
		if err := p.checkID(p.tok, "AdditionRef-"); err != nil {
			return nil, err
		}
		if p.tok.plus {
			return nil, p.fail(p.tok.off+len(p.tok.text), "an exception takes no \"+\"")
		}
		l.Exception = p.lookup(p.tok, true)
		p.next()
	}
	return &Expression{Op: OpLicense, License: l}, nil
}

// checkID checks an identifier: an idstring, or a DocumentRef-prefixed
// reference (refPrefix is the reference kind it may name).
func (p *parser) checkID(t token, refPrefix string) error {
	doc, ref := splitRef(t.text)
	if doc != "" || strings.Contains(ref, ":") {
		if !hasPrefixFold(doc, "DocumentRef-") || len(doc) == len("DocumentRef-") || strings.Contains(ref, ":") || !hasPrefixFold(ref, refPrefix) {
			return p.fail(t.off, fmt.Sprintf("%q: a \":\" may only join DocumentRef-x and %sy", t.text, refPrefix))
		}
	}
	if hasPrefixFold(ref, refPrefix) && len(ref) == len(refPrefix) || hasPrefixFold(ref, "DocumentRef-") {
		return p.fail(t.off, fmt.Sprintf("%q is an incomplete reference", t.text))
	}
	return nil
}

// lookup returns an identifier as the SPDX license list spells it, or a
// LicenseRef- with its prefix so spelt, as pypa/packaging canonicalizes
// them. Anything else, DocumentRef- and AdditionRef- references
// included, is unknown (PEP 639 has no use for them, and packaging
// refuses them): lookup keeps the first unknown one, which Parse
// reports once the whole expression has parsed, so that a syntax error
// is reported first.
func (p *parser) lookup(t token, exception bool) string {
	if !exception && hasPrefixFold(t.text, "LicenseRef-") {
		return "LicenseRef-" + t.text[len("LicenseRef-"):]
	}
	lookup := LookupLicense
	if exception {
		lookup = LookupException
	}
	if id, _, ok := lookup(t.text); ok {
		return id
	}
	if p.unknown == nil {
		expr := p.src
		if len(expr) > 200 {
			expr = expr[:200]
		}
		p.unknown = &UnknownLicenseError{Expr: expr, Offset: t.off, ID: t.text, Exception: exception}
	}
	return t.text
}

// splitRef splits "DocumentRef-x:LicenseRef-y" into its two parts; an id
// without ":" is all ref.
func splitRef(id string) (doc, ref string) {
	if i := strings.IndexByte(id, ':'); i >= 0 {
		return id[:i], id[i+1:]
	}
	return "", id
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
