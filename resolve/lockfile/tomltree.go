package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/safeindex/safeindex/internal/tomldepth"
)

// A TOML document is read in one pass over the syntax tree of go-toml's
// unstable parser: each expression is checked against TOML 1.0's rules on
// keys and tables (a key is defined once; a table is defined once, by a
// header or by dotted keys, never both; inline tables and arrays are
// closed) and turned into a tomlValue that knows its position. go-toml's
// decoder is not run on documents this accepts; it stays the authority on
// documents this refuses: its error, with its line and column, is the one
// returned. The differential fuzz test (FuzzTOMLTree) holds the two to the
// same answers.

// tomlKind is the type of a tomlValue.
type tomlKind uint8

const (
	tomlTable         tomlKind = iota + 1 // a table, inline or not
	tomlArray                             // an array value: [1, 2]
	tomlTables                            // an array of tables: [[name]]
	tomlString                            // str
	tomlInteger                           // num
	tomlFloat                             // other: float64
	tomlBool                              // num: 0 or 1
	tomlDateTime                          // time(): an offset date-time
	tomlLocalDateTime                     // other: toml.LocalDateTime
	tomlLocalDate                         // other: toml.LocalDate
	tomlLocalTime                         // other: toml.LocalTime
)

// tableState says how a table came to be, which decides what may define or
// extend it later (TOML 1.0, "Table" and "Inline Table").
type tableState uint8

const (
	// tableImplicit: created by a header naming a table inside it
	// ([a.b] creates a). One [a] header may define it later.
	tableImplicit tableState = iota
	// tableHeader: defined by a [header], or an element of [[header]].
	// Dotted keys from outside cannot extend it.
	tableHeader
	// tableDotted: created by dotted keys (a.b = 1 creates a). More
	// dotted keys may extend it; a header may not define it.
	tableDotted
	// tableInline: an inline table, a value like any other: closed.
	tableInline
)

// tomlValue is a node of a decoded TOML document.
type tomlValue struct {
	kind  tomlKind
	state tableState // tables only
	// off is 1 + the byte offset of the position recorded for the value's
	// path (the first key naming it, the array element), or 0 when none is
	// (the position is then its parent's).
	off    uint32
	index  int32 // the index in the parent array
	nsec   int32 // with num, a date-time in UTC
	parent *tomlValue
	key    string // the key in the parent table; "" in an array
	str    string
	num    int64
	// other holds a date-time not in UTC, a value of a rarer kind, or the
	// index by key of a large table.
	other any
	// elems are the values of a table (each knowing its key), or the
	// elements of an array.
	elems []*tomlValue
}

// tomlIndexAt is the table size from which lookups go through a map.
const tomlIndexAt = 16

// setTime makes v the date-time t.
func (v *tomlValue) setTime(t time.Time) {
	v.kind = tomlDateTime
	if t.Location() == time.UTC {
		v.num, v.nsec = t.Unix(), int32(t.Nanosecond())
	} else {
		v.other = t
	}
}

// time returns the date-time v.
func (v *tomlValue) time() time.Time {
	if t, ok := v.other.(time.Time); ok {
		return t
	}
	return time.Unix(v.num, int64(v.nsec)).UTC()
}

// get returns the value at key in table t, or nil.
func (t *tomlValue) get(key string) *tomlValue {
	if byKey, ok := t.other.(map[string]*tomlValue); ok {
		return byKey[key]
	}
	for _, v := range t.elems {
		if v.key == key {
			return v
		}
	}
	return nil
}

func (t *tomlValue) add(v *tomlValue) {
	v.parent = t
	v.index = int32(len(t.elems))
	t.elems = append(t.elems, v)
	if t.kind != tomlTable {
		return
	}
	if byKey, ok := t.other.(map[string]*tomlValue); ok {
		byKey[v.key] = v
	} else if len(t.elems) >= tomlIndexAt {
		byKey := make(map[string]*tomlValue, 2*len(t.elems))
		for _, e := range t.elems {
			byKey[e.key] = e
		}
		t.other = byKey
	}
}

// keys returns the keys of table t in document order.
func (t *tomlValue) keys() []string {
	ks := make([]string, len(t.elems))
	for i, v := range t.elems {
		ks[i] = v.key
	}
	return ks
}

// path returns v's path for ctx: keys and "#" array indices, each after
// a NUL.
func (v *tomlValue) path() string {
	var segs []string
	for ; v != nil && v.parent != nil; v = v.parent {
		if v.parent.kind == tomlTable {
			segs = append(segs, v.key)
		} else {
			segs = append(segs, "#"+strconv.Itoa(int(v.index)))
		}
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		b.WriteByte(0)
		b.WriteString(segs[i])
	}
	return b.String()
}

// tomlPath extends a path as tomlValue.path builds it with a key.
func tomlPath(base, key string) string { return base + "\x00" + key }

// plain converts v into plain Go values, as go-toml decodes into any:
// map[string]any, []any, string, int64, float64, bool, time.Time (here in
// UTC); local date-times, dates and times become strings in TOML form.
func (v *tomlValue) plain() any {
	switch v.kind {
	case tomlTable:
		m := make(map[string]any, len(v.elems))
		for _, e := range v.elems {
			m[e.key] = e.plain()
		}
		return m
	case tomlArray, tomlTables:
		a := make([]any, len(v.elems))
		for i, e := range v.elems {
			a[i] = e.plain()
		}
		return a
	case tomlString:
		return v.str
	case tomlInteger:
		return v.num
	case tomlBool:
		return v.num != 0
	case tomlDateTime:
		return v.time().UTC()
	case tomlLocalDateTime:
		return v.other.(toml.LocalDateTime).String()
	case tomlLocalDate:
		return v.other.(toml.LocalDate).String()
	case tomlLocalTime:
		return v.other.(toml.LocalTime).String()
	}
	return v.other // float64
}

// typeName names v's type in errors.
func (v *tomlValue) typeName() string {
	switch v.kind {
	case tomlString:
		return "a string"
	case tomlInteger:
		return "an integer"
	case tomlFloat:
		return "a float"
	case tomlBool:
		return "a boolean"
	case tomlDateTime:
		return "an offset date-time"
	case tomlLocalDateTime:
		return "a local date-time"
	case tomlLocalDate:
		return "a local date"
	case tomlLocalTime:
		return "a local time"
	case tomlArray, tomlTables:
		return "an array"
	}
	return "a table"
}

// tomlDoc is a decoded TOML document.
type tomlDoc struct {
	file  string
	root  *tomlValue
	lines lineIndex
}

// pos returns the position recorded for v, or for its closest ancestor.
func (d *tomlDoc) pos(v *tomlValue) Position {
	for ; v != nil; v = v.parent {
		if v.off > 0 {
			return d.lines.pos(d.file, int(v.off-1))
		}
	}
	return Position{File: d.file}
}

// keyPos returns the position of key in table t, or of t when it has none.
func (d *tomlDoc) keyPos(t *tomlValue, key string) Position {
	if v := t.get(key); v != nil {
		return d.pos(v)
	}
	return d.pos(t)
}

func parseTOML(file string, data []byte, maxDepth int) (*tomlDoc, error) {
	if err := checkTOMLDepth(file, data, maxDepth); err != nil {
		return nil, err
	}
	b := tomlBuilder{data: data, text: string(data), esc: -1}
	b.root = b.table(nil, "", tableHeader, 0)
	b.cur = b.root
	b.p.Reset(data)
	for b.err == nil && b.p.NextExpression() {
		b.expr(b.p.Expression())
	}
	if b.err == nil {
		b.err = b.p.Error()
	}
	b.decodeRare()
	doc := &tomlDoc{file: file, root: b.root, lines: newLineIndex(data)}
	if b.err != nil {
		return nil, b.fail(doc)
	}
	if b.esc >= 0 {
		return nil, escapeError(doc, b.esc)
	}
	return doc, nil
}

// fail returns the error for a document the builder refused: go-toml's
// decoder's, as it reports it. The decoder accepting what the builder
// refused would be a bug here; the builder's own error is returned then.
func (b *tomlBuilder) fail(doc *tomlDoc) error {
	var v map[string]any
	err := toml.Unmarshal(b.data, &v)
	if err == nil {
		if b.esc >= 0 {
			return escapeError(doc, b.esc)
		}
		return &Error{Pos: Position{File: doc.file}, Msg: "invalid TOML: " + b.err.Error(), Err: b.err}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if k := de.Key(); len(k) > 0 {
			msg += fmt.Sprintf(" (key %s)", strings.Join(k, "."))
		}
		return &Error{Pos: Position{File: doc.file, Line: line, Column: col}, Msg: "invalid TOML: " + msg, Err: err}
	}
	return &Error{Pos: Position{File: doc.file}, Msg: "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: "), Err: err}
}

// escapeError refuses the one TOML 1.1 construct go-toml v2.3.1 accepts:
// the \e escape in basic strings and quoted keys. Python's tomllib (TOML
// 1.0), which pypa/packaging's users read pylock files with, refuses it.
func escapeError(doc *tomlDoc, off int) error {
	return &Error{Pos: doc.lines.pos(doc.file, off), Msg: `invalid TOML: the escape \e is TOML 1.1; TOML 1.0 has no such escape`}
}

type tomlBuilder struct {
	p    unstable.Parser
	data []byte
	text string // data, for values that are substrings of it
	root *tomlValue
	cur  *tomlValue // the table key/values go to
	slab []tomlValue
	ptrs []*tomlValue // room for the elems of arrays and inline tables
	err  error        // the first error; the decoder then tells what it is
	esc  int          // the offset of the first \e escape, or -1
	// rare are the values left to go-toml, rareDoc their text.
	rare    []*tomlValue
	rareDoc []byte
}

var errTOMLConflict = errors.New("key or table defined twice")

func (b *tomlBuilder) node(kind tomlKind, key string, off uint32) *tomlValue {
	if len(b.slab) == 0 {
		b.slab = make([]tomlValue, 256)
	}
	v := &b.slab[0]
	b.slab = b.slab[1:]
	v.kind, v.key, v.off = kind, key, off
	return v
}

// elems returns an empty slice with room for the children of the array
// or inline table n, carved out of a shared block.
func (b *tomlBuilder) elems(n *unstable.Node) []*tomlValue {
	size := 0
	it := n.Children()
	for it.Next() {
		size++
	}
	if size > len(b.ptrs) {
		if size > 64 {
			return make([]*tomlValue, 0, size)
		}
		b.ptrs = make([]*tomlValue, 1024)
	}
	s := b.ptrs[:0:size]
	b.ptrs = b.ptrs[size:]
	return s
}

func (b *tomlBuilder) table(parent *tomlValue, key string, state tableState, off uint32) *tomlValue {
	t := b.node(tomlTable, key, off)
	t.state = state
	if parent != nil {
		parent.add(t)
	}
	return t
}

// record gives v the position off unless it has one: the first key that
// names a value is its position.
func record(v *tomlValue, off uint32) {
	if v.off == 0 {
		v.off = off
	}
}

// offset returns 1 + the offset of n in the document, or 0 when the parser
// gives n no range.
func offset(n *unstable.Node) uint32 {
	if n == nil || n.Raw.Length == 0 {
		return 0
	}
	return n.Raw.Offset + 1
}

// str returns the text of a string or key node, sharing b.text's memory
// when the node's value is written there as it is.
func (b *tomlBuilder) str(n *unstable.Node) string {
	if n.Raw.Length > 0 {
		start := int(n.Raw.Offset)
		if c := b.data[start]; c == '"' || c == '\'' {
			if n.Raw.Length >= 6 && b.data[start+1] == c && b.data[start+2] == c {
				return string(n.Data) // multi-line
			}
			start++
		}
		if end := start + len(n.Data); end <= len(b.text) && b.text[start:end] == string(n.Data) {
			return b.text[start:end]
		}
	}
	return string(n.Data)
}

// check notes the first \e escape in a basic string or quoted key.
func (b *tomlBuilder) check(n *unstable.Node) {
	if b.esc >= 0 || n.Raw.Length == 0 {
		return
	}
	raw := b.p.Raw(n.Raw)
	if raw[0] != '"' {
		return
	}
	for i := bytes.IndexByte(raw, '\\'); i >= 0 && i+1 < len(raw); i++ {
		if raw[i] == '\\' {
			if raw[i+1] == 'e' {
				b.esc = int(n.Raw.Offset) + i
				return
			}
			i++
		}
	}
}

func (b *tomlBuilder) conflict(format string, args ...any) {
	if b.err == nil {
		b.err = fmt.Errorf("%w: "+format, append([]any{errTOMLConflict}, args...)...)
	}
}

func (b *tomlBuilder) expr(e *unstable.Node) {
	switch e.Kind {
	case unstable.KeyValue:
		b.keyValue(b.cur, e)
	case unstable.Table:
		b.header(e, false)
	case unstable.ArrayTable:
		b.header(e, true)
	}
}

// header handles [a.b.c] and [[a.b.c]]: a and b are tables (for an array
// of tables, its last element), created when missing.
func (b *tomlBuilder) header(e *unstable.Node, array bool) {
	it := e.Key()
	t := b.root
	var off uint32
	for it.Next() {
		k := it.Node()
		b.check(k)
		if off == 0 {
			off = offset(k)
		}
		key := b.str(k)
		v := t.get(key)
		if it.IsLast() {
			switch {
			case array && v == nil:
				v = b.node(tomlTables, key, off)
				t.add(v)
			case array && v.kind != tomlTables:
				b.conflict("%s is not an array of tables", key)
				return
			case array:
				record(v, off)
			case v == nil:
				v = b.table(t, key, tableHeader, off)
				v.elems = make([]*tomlValue, 0, 8)
			case v.kind != tomlTable || v.state != tableImplicit:
				b.conflict("table %s already exists", key)
				return
			default:
				v.state = tableHeader
				record(v, off)
			}
			if array {
				v = b.table(v, "", tableHeader, off)
				v.elems = make([]*tomlValue, 0, 8)
			}
			b.cur = v
			return
		}
		switch {
		case v == nil:
			v = b.table(t, key, tableImplicit, 0)
		case v.kind == tomlTables:
			v = v.elems[len(v.elems)-1]
		case v.kind != tomlTable || v.state == tableInline:
			b.conflict("%s is not a table", key)
			return
		}
		if !array {
			record(v, off)
		}
		t = v
	}
}

// keyValue handles a.b.c = value in table t: a and b are tables created
// by dotted keys, or ones that dotted keys may extend.
func (b *tomlBuilder) keyValue(t *tomlValue, kv *unstable.Node) {
	it := kv.Key()
	var off uint32
	for it.Next() {
		k := it.Node()
		b.check(k)
		if off == 0 {
			off = offset(k)
		}
		key := b.str(k)
		v := t.get(key)
		if it.IsLast() {
			if v != nil {
				b.conflict("key %s is already defined", key)
				return
			}
			v = b.value(kv.Value(), key, off)
			if v != nil {
				t.add(v)
			}
			return
		}
		switch {
		case v == nil:
			v = b.table(t, key, tableDotted, off)
		case v.kind != tomlTable || v.state == tableInline || v.state == tableHeader:
			b.conflict("%s is not a table dotted keys may extend", key)
			return
		default:
			record(v, off)
		}
		t = v
	}
}

// value builds the value n, at position off, or returns nil after
// setting b.err.
func (b *tomlBuilder) value(n *unstable.Node, key string, off uint32) *tomlValue {
	switch n.Kind {
	case unstable.String:
		b.check(n)
		v := b.node(tomlString, key, off)
		v.str = b.str(n)
		return v
	case unstable.Bool:
		v := b.node(tomlBool, key, off)
		if n.Data[0] == 't' {
			v.num = 1
		}
		return v
	case unstable.Integer:
		if i, ok := simpleInt(n.Data); ok {
			v := b.node(tomlInteger, key, off)
			v.num = i
			return v
		}
	case unstable.DateTime:
		if t, ok := offsetDateTime(n.Data); ok {
			v := b.node(tomlDateTime, key, off)
			v.setTime(t)
			return v
		}
	case unstable.LocalDateTime:
		var ldt toml.LocalDateTime
		if ldt.UnmarshalText(n.Data) == nil {
			v := b.node(tomlLocalDateTime, key, off)
			v.other = ldt
			return v
		}
	case unstable.LocalDate:
		var ld toml.LocalDate
		if ld.UnmarshalText(n.Data) == nil {
			v := b.node(tomlLocalDate, key, off)
			v.other = ld
			return v
		}
	case unstable.LocalTime:
		var lt toml.LocalTime
		if lt.UnmarshalText(n.Data) == nil {
			v := b.node(tomlLocalTime, key, off)
			v.other = lt
			return v
		}
	case unstable.Array:
		a := b.node(tomlArray, key, off)
		a.elems = b.elems(n)
		it := n.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			coff := offset(c)
			if coff == 0 {
				coff = off
			}
			e := b.value(c, "", coff)
			if e == nil {
				return nil
			}
			a.add(e)
		}
		return a
	case unstable.InlineTable:
		t := b.node(tomlTable, key, off)
		t.state = tableInline
		t.elems = b.elems(n)
		it := n.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				b.keyValue(t, c)
				if b.err != nil {
					return nil
				}
			}
		}
		return t
	}
	return b.scalar(n, key, off)
}

// scalar leaves a value to go-toml: floats, integers in other bases or
// with underscores, offsets other than Z, invalid values. They are decoded
// together by decodeRare, as the elements of one array.
func (b *tomlBuilder) scalar(n *unstable.Node, key string, off uint32) *tomlValue {
	v := b.node(0, key, off)
	if b.rare == nil {
		b.rareDoc = append(b.rareDoc, "v = [\n"...)
	}
	b.rare = append(b.rare, v)
	b.rareDoc = append(append(b.rareDoc, n.Data...), ",\n"...)
	return v
}

// decodeRare decodes the values scalar left.
func (b *tomlBuilder) decodeRare() {
	if b.rare == nil || b.err != nil {
		return
	}
	var m map[string]any
	if err := toml.Unmarshal(append(b.rareDoc, "]\n"...), &m); err != nil {
		b.err = err
		return
	}
	vals, _ := m["v"].([]any)
	if len(vals) != len(b.rare) {
		b.err = fmt.Errorf("decoded %d values, want %d", len(vals), len(b.rare))
		return
	}
	for i, v := range b.rare {
		switch x := vals[i].(type) {
		case float64:
			v.kind, v.other = tomlFloat, x
		case int64:
			v.kind, v.num = tomlInteger, x
		case time.Time:
			v.setTime(x)
		case toml.LocalDateTime:
			v.kind, v.other = tomlLocalDateTime, x
		case toml.LocalDate:
			v.kind, v.other = tomlLocalDate, x
		case toml.LocalTime:
			v.kind, v.other = tomlLocalTime, x
		default:
			b.err = fmt.Errorf("unexpected value %v", x)
			return
		}
	}
}

// simpleInt decodes a decimal integer without underscores or leading
// zeros that fits in 18 digits, as go-toml does.
func simpleInt(s []byte) (int64, bool) {
	digits := s
	if len(digits) > 0 && (digits[0] == '-' || digits[0] == '+') {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 || digits[0] == '0' && len(digits) > 1 {
		return 0, false
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if s[0] == '-' {
		n = -n
	}
	return n, true
}

// offsetDateTime decodes an offset date-time as go-toml does: a local
// date-time, then Z or an offset ±HH:MM.
func offsetDateTime(s []byte) (time.Time, bool) {
	n := len(s)
	var ldt toml.LocalDateTime
	if n > 0 && (s[n-1] == 'Z' || s[n-1] == 'z') {
		if ldt.UnmarshalText(s[:n-1]) != nil {
			return time.Time{}, false
		}
		return ldt.AsTime(time.UTC), true
	}
	if n < 6 || (s[n-6] != '+' && s[n-6] != '-') || s[n-3] != ':' {
		return time.Time{}, false
	}
	h, ok1 := twoDigits(s[n-5:])
	m, ok2 := twoDigits(s[n-2:])
	if !ok1 || !ok2 || h > 23 || m > 59 || ldt.UnmarshalText(s[:n-6]) != nil {
		return time.Time{}, false
	}
	secs := h*3600 + m*60
	if s[n-6] == '-' {
		secs = -secs
	}
	zone := time.UTC
	if secs != 0 {
		zone = time.FixedZone("", secs)
	}
	return ldt.AsTime(zone), true
}

func twoDigits(s []byte) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// checkTOMLDepth refuses documents whose arrays and inline tables nest
// deeper than max, before any recursive parser sees them. Brackets inside
// strings and comments are skipped.
func checkTOMLDepth(file string, data []byte, max int) error {
	if line := tomldepth.Line(data, max); line > 0 {
		return &Error{Pos: Position{File: file, Line: line}, Msg: fmt.Sprintf("TOML nested deeper than %d levels", max), Err: ErrLimitExceeded}
	}
	return nil
}
