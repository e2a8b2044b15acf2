package config

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/safeindex/safeindex/internal/tomldepth"
	"github.com/safeindex/safeindex/policy"
)

// maxTOMLDepth caps the nesting of arrays and inline tables, checked before
// go-toml's recursive parser sees the document.
const maxTOMLDepth = 32

// tdoc is a TOML document with the position of every key and value.
// Values come from go-toml's decoder, which checks the whole of TOML 1.0
// (duplicate keys, redefined tables); positions come from walking the
// syntax tree of its parser.
type tdoc struct {
	*problems
	data  []byte
	root  map[string]any
	pos   map[string]tpos
	lines []int // offsets of line starts
}

// tpos is where a key and its value start, as byte offsets.
type tpos struct {
	key, val int
}

// Internal paths join key segments with NUL, which no key written in
// a file holds unescaped; array elements are "#i" segments.
func joinKey(base, key string) string { return base + "\x00" + key }
func joinIndex(base string, i int) string {
	return base + "\x00#" + strconv.Itoa(i)
}

// parseTOML decodes data. On a syntax error it records the error in p
// and returns nil.
func parseTOML(p *problems, data []byte) *tdoc {
	if line := tomldepth.Line(data, maxTOMLDepth); line > 0 {
		p.fail(line, 0, "", ErrSyntax, "arrays and inline tables nest deeper than %d levels", maxTOMLDepth)
		return nil
	}
	d := &tdoc{problems: p, data: data, pos: map[string]tpos{}}
	if !utf8.Valid(data) {
		d.fail(0, 0, "", ErrSyntax, "not valid UTF-8")
		return nil
	}
	for i, c := range data {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	// Syntax first, with the parser that gives positions; then the
	// definitions TOML forbids repeating; then the values.
	w := walker{d: d, aot: map[string]int{}, defs: map[string]defKind{}}
	w.p.Reset(data)
	for w.p.NextExpression() && len(d.errs) == 0 {
		w.expr(w.p.Expression())
	}
	if err := w.p.Error(); err != nil {
		line, col := 0, 0
		var pe *unstable.ParserError
		if errors.As(err, &pe) {
			off := cap(data) - cap(pe.Highlight)
			if off < 0 || off > len(data) {
				off = len(data)
			}
			line, col = d.loc(off)
			err = errors.New(pe.Message)
		}
		d.fail(line, col, "", ErrSyntax, "invalid TOML: %v", err)
		return nil
	}
	if len(d.errs) > 0 {
		return nil
	}
	if err := toml.Unmarshal(data, &d.root); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			d.fail(line, col, displayKey(de.Key()), ErrSyntax, "invalid TOML: %s", strings.TrimPrefix(de.Error(), "toml: "))
		} else {
			d.fail(0, 0, "", ErrSyntax, "invalid TOML: %s", strings.TrimPrefix(err.Error(), "toml: "))
		}
		return nil
	}
	if d.root == nil {
		d.root = map[string]any{}
	}
	return d
}

// loc turns a byte offset into a 1-based line and column (in characters).
func (d *tdoc) loc(off int) (line, col int) {
	if off < 0 {
		return 0, 0
	}
	i := sort.SearchInts(d.lines, off+1) // lines starting at or before off
	start := 0
	if i > 0 {
		start = d.lines[i-1]
	}
	if off > len(d.data) {
		off = len(d.data)
	}
	return i + 1, utf8.RuneCount(d.data[start:off]) + 1
}

type walker struct {
	d    *tdoc
	p    unstable.Parser
	aot  map[string]int // array-of-tables path -> elements so far
	defs map[string]defKind
	cur  string // the table key/values go to
	at   int    // scan cursor for values without a raw range
}

// defKind is how a path was defined, for TOML's rules against defining
// a key or table twice.
type defKind int

const (
	defNone     defKind = iota
	defImplicit         // a prefix of a table header
	defHeader           // [table]
	defDotted           // a prefix of a dotted key
	defValue            // key = value
	defArray            // [[array]]
)

// define records a definition of path, reporting a repeated one at off.
func (w *walker) define(path string, k defKind, off int) {
	prev := w.defs[path]
	bad := ""
	switch k {
	case defValue:
		if prev != defNone {
			bad = "is defined twice"
		}
	case defDotted, defImplicit:
		if prev == defValue || k == defDotted && prev == defArray {
			bad = "is a value, not a table"
		}
		if prev != defNone {
			return
		}
	case defHeader:
		switch prev {
		case defHeader, defDotted:
			bad = "is defined twice"
		case defValue, defArray:
			bad = "is already defined as another type"
		}
	case defArray:
		if prev != defNone && prev != defArray {
			bad = "is already defined as another type"
		}
	}
	if bad != "" {
		l, c := w.d.loc(off)
		w.d.fail(l, c, tv{ip: path}.key(), ErrSyntax, "invalid TOML: key %s", bad)
		return
	}
	w.defs[path] = k
}

func (w *walker) record(path string, key, val int) {
	if _, ok := w.d.pos[path]; !ok {
		w.d.pos[path] = tpos{key: key, val: val}
	}
}

func (w *walker) offset(n *unstable.Node) int {
	if n == nil || n.Raw.Length == 0 {
		return -1
	}
	return int(n.Raw.Offset)
}

func keyParts(n *unstable.Node) (parts []string, first, last *unstable.Node) {
	it := n.Key()
	for it.Next() {
		k := it.Node()
		if first == nil {
			first = k
		}
		last = k
		parts = append(parts, string(k.Data))
	}
	return parts, first, last
}

func (w *walker) expr(e *unstable.Node) {
	switch e.Kind {
	case unstable.KeyValue:
		w.keyValue(w.cur, e)
	case unstable.Table, unstable.ArrayTable:
		parts, first, _ := keyParts(e)
		if len(parts) == 0 {
			return
		}
		off := w.offset(first)
		cur := ""
		for i, k := range parts {
			cur = joinKey(cur, k)
			final := i == len(parts)-1
			switch {
			case final && e.Kind == unstable.ArrayTable:
				w.define(cur, defArray, off)
				n := w.aot[cur]
				w.aot[cur] = n + 1
				w.record(cur, off, off)
				cur = joinIndex(cur, n)
			case final:
				w.define(cur, defHeader, off)
			default:
				w.define(cur, defImplicit, off)
				if n, ok := w.aot[cur]; ok {
					cur = joinIndex(cur, n-1)
				}
			}
			w.record(cur, off, off)
		}
		w.cur = cur
	}
}

func (w *walker) keyValue(base string, kv *unstable.Node) {
	parts, first, last := keyParts(kv)
	koff := w.offset(first)
	if len(parts) == 0 {
		return
	}
	path := base
	for _, k := range parts[:len(parts)-1] {
		path = joinKey(path, k)
		w.define(path, defDotted, koff)
		w.record(path, koff, koff)
	}
	path = joinKey(path, parts[len(parts)-1])
	if o := w.offset(last); o >= 0 {
		koff = o
	}
	w.define(path, defValue, koff)
	v := kv.Value()
	voff := w.offset(v)
	if voff < 0 && last != nil && last.Raw.Length > 0 {
		// Arrays, booleans and dates carry no raw range: the value
		// starts after the '=' that follows the key.
		i := int(last.Raw.Offset + last.Raw.Length)
		for i < len(w.d.data) && w.d.data[i] != '=' {
			i++
		}
		i++
		for i < len(w.d.data) && (w.d.data[i] == ' ' || w.d.data[i] == '\t') {
			i++
		}
		voff = i
	}
	if voff < 0 {
		voff = koff
	}
	w.record(path, koff, voff)
	w.at = voff
	w.value(path, v, voff)
}

// skip moves the scan cursor to the start of the next value in an array.
func (w *walker) skip() int {
	b := w.d.data
	i := w.at
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}':
			i++
		case '#':
			for i < len(b) && b[i] != '\n' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

func (w *walker) value(path string, v *unstable.Node, voff int) {
	switch v.Kind {
	case unstable.Array:
		w.at = voff + 1
		i := 0
		it := v.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			off := w.offset(c)
			if off < 0 || c.Kind == unstable.InlineTable {
				off = w.skip()
			}
			ip := joinIndex(path, i)
			w.record(ip, off, off)
			w.at = off + 1
			if c.Raw.Length > 0 && c.Kind != unstable.InlineTable {
				w.at = int(c.Raw.Offset + c.Raw.Length)
			}
			w.value(ip, c, off)
			if c.Kind != unstable.Array && c.Kind != unstable.InlineTable && c.Raw.Length == 0 {
				// A bare token (true, a date): step over it.
				for w.at < len(w.d.data) && !strings.ContainsRune(" \t\r\n,]#", rune(w.d.data[w.at])) {
					w.at++
				}
			}
			i++
		}
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				w.keyValue(path, c)
			}
		}
	}
}

// tv is one value of a tdoc with its path.
type tv struct {
	d      *tdoc
	ip     string // internal path
	v      any
	useKey bool // report problems at the key rather than the value
}

// keyed returns v reporting its problems at its key: for names that are
// keys, such as packages in [tool.uv.sources].
func (v tv) keyed() tv {
	v.useKey = true
	return v
}

func (d *tdoc) top() tv { return tv{d: d, v: d.root} }

// key returns the display form of the path: "rules.allow[0].package".
func (v tv) key() string {
	if v.ip == "" {
		return ""
	}
	var b strings.Builder
	for _, seg := range strings.Split(v.ip[1:], "\x00") {
		if strings.HasPrefix(seg, "#") {
			b.WriteString("[" + seg[1:] + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(quoteKey(seg))
	}
	return b.String()
}

// name returns the last key segment.
func (v tv) name() string {
	return v.ip[strings.LastIndexByte(v.ip, 0)+1:]
}

func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return strconv.Quote(k)
		}
	}
	return k
}

func displayKey(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = quoteKey(p)
	}
	return strings.Join(q, ".")
}

// at returns the position of the value (or, with key, of its key); paths
// without one of their own use their closest ancestor's.
func (v tv) at(key bool) (line, col int) {
	path := v.ip
	for {
		if p, ok := v.d.pos[path]; ok {
			if key {
				return v.d.loc(p.key)
			}
			return v.d.loc(p.val)
		}
		i := strings.LastIndexByte(path, 0)
		if i < 0 {
			return 0, 0
		}
		path = path[:i]
	}
}

func (v tv) order() int {
	if p, ok := v.d.pos[v.ip]; ok {
		return p.key
	}
	return math.MaxInt
}

// bad records an invalid value.
func (v tv) bad(sentinel error, format string, args ...any) {
	l, c := v.at(v.useKey)
	v.d.fail(l, c, v.key(), sentinel, format, args...)
}

// note records a note at the key.
func (v tv) note(sev policy.Severity, format string, args ...any) {
	l, c := v.at(true)
	v.d.note(l, c, v.key(), sev, format, args...)
}

// kind names the TOML type of the value for messages.
func (v tv) kind() string {
	switch v.v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any:
		return "an array"
	case time.Time:
		return "a date-time"
	case toml.LocalDate:
		return "a date"
	case toml.LocalDateTime:
		return "a local date-time"
	case toml.LocalTime:
		return "a time"
	}
	return fmt.Sprintf("%T", v.v)
}

func (v tv) typeErr(want string) {
	v.bad(ErrInvalidValue, "want %s, got %s", want, v.kind())
}

// fields returns the entries of a table in file order.
func (v tv) fields() []tv {
	m, _ := v.v.(map[string]any)
	out := make([]tv, 0, len(m))
	for k, x := range m {
		out = append(out, tv{d: v.d, ip: joinKey(v.ip, k), v: x})
	}
	slices.SortFunc(out, func(a, b tv) int {
		if c := a.order() - b.order(); c != 0 {
			return c
		}
		return strings.Compare(a.ip, b.ip)
	})
	return out
}

// get returns the entry k of a table.
func (v tv) get(k string) (tv, bool) {
	m, _ := v.v.(map[string]any)
	x, ok := m[k]
	return tv{d: v.d, ip: joinKey(v.ip, k), v: x}, ok
}

// elems returns the elements of an array.
func (v tv) elems() []tv {
	a, _ := v.v.([]any)
	out := make([]tv, len(a))
	for i, x := range a {
		out[i] = tv{d: v.d, ip: joinIndex(v.ip, i), v: x}
	}
	return out
}

func (v tv) isTable() bool { _, ok := v.v.(map[string]any); return ok }

// table checks that v is a table and returns its entries, reporting keys
// not in known as errors when strict, as notes otherwise.
func (v tv) table(strict bool, known ...string) (map[string]tv, bool) {
	if !v.isTable() {
		v.typeErr("a table")
		return nil, false
	}
	out := map[string]tv{}
	for _, f := range v.fields() {
		k := f.name()
		if slices.Contains(known, k) {
			out[k] = f
			continue
		}
		hint := ""
		if alt := strings.ReplaceAll(k, "_", "-"); alt != k && slices.Contains(known, alt) {
			hint = fmt.Sprintf(" (did you mean %q?)", alt)
		}
		if strict {
			l, c := f.at(true)
			v.d.fail(l, c, f.key(), ErrUnknownKey, "unknown key%s; known keys are %s", hint, strings.Join(known, ", "))
		} else {
			f.note(policy.SeverityLow, "not carried over: safeindex has no equivalent%s", hint)
		}
	}
	return out, true
}

func (v tv) str() (string, bool) {
	s, ok := v.v.(string)
	if !ok {
		v.typeErr("a string")
	}
	return s, ok
}

func (v tv) boolean() (bool, bool) {
	b, ok := v.v.(bool)
	if !ok {
		v.typeErr("a boolean (true or false)")
	}
	return b, ok
}

// strs reads an array of strings; a single string is refused. Elements
// of another type are reported and left out.
func (v tv) strs() ([]string, bool) {
	var out []string
	ok := v.eachString(func(_ tv, s string) { out = append(out, s) })
	return out, ok
}

// eachString calls fn for each string of an array, reporting the
// elements of another type. It reports whether all were strings.
func (v tv) eachString(fn func(e tv, s string)) bool {
	if _, ok := v.v.([]any); !ok {
		v.typeErr("an array of strings")
		return false
	}
	ok := true
	for _, e := range v.elems() {
		if s, good := e.str(); good {
			fn(e, s)
		} else {
			ok = false
		}
	}
	return ok
}

// tables reads an array of tables ([[x]] or x = [{...}]); a single table
// is accepted as an array of one.
func (v tv) tables() []tv {
	if v.isTable() {
		return []tv{v}
	}
	if _, ok := v.v.([]any); !ok {
		v.typeErr("an array of tables")
		return nil
	}
	out := v.elems()
	for _, e := range out {
		if !e.isTable() {
			e.typeErr("a table")
			return nil
		}
	}
	return out
}

// timeValue reads an RFC 3339 date-time or a date, as a TOML value or a
// string. A date is midnight UTC; a date-time without an offset is
// refused, since its instant would depend on the machine's time zone.
func (v tv) timeValue() (time.Time, bool) {
	switch x := v.v.(type) {
	case time.Time:
		return x, true
	case toml.LocalDate:
		return time.Date(x.Year, time.Month(x.Month), x.Day, 0, 0, 0, 0, time.UTC), true
	case toml.LocalDateTime:
		v.bad(ErrInvalidValue, "date-time %s has no UTC offset; add one, such as Z", x)
		return time.Time{}, false
	case string:
		t, err := parseTime(x)
		if err != nil {
			v.bad(ErrInvalidValue, "%q is not an RFC 3339 date-time or a date: %v", x, err)
			return time.Time{}, false
		}
		return t, true
	}
	v.typeErr("an RFC 3339 date-time or a date")
	return time.Time{}, false
}

// parseTime reads an RFC 3339 date-time or a date (midnight UTC).
func parseTime(s string) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		return time.Parse(time.DateOnly, s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		// Hide time's internal layout from the message.
		var pe *time.ParseError
		if errors.As(err, &pe) && pe.Message != "" {
			return t, errors.New(strings.TrimPrefix(pe.Message, ": "))
		}
		return t, errors.New("want a date (2006-01-02) or a date-time with an offset (2006-01-02T15:04:05Z)")
	}
	return t, nil
}
