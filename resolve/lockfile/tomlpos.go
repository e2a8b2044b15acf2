package lockfile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// tomlDoc is a decoded TOML document with the position of every key,
// table header and array element. Values come from go-toml's decoder,
// which checks the whole of TOML 1.0 (duplicate keys, redefined tables);
// positions come from walking its parser's syntax tree.
type tomlDoc struct {
	file string
	root map[string]any
	pos  map[string]Position
}

// tomlPath builds the keys of tomlDoc.pos: key segments and array indices
// separated by NUL, which no TOML key can hold unescaped and which the
// readers never produce otherwise.
func tomlPath(base, key string) string    { return base + "\x00" + key }
func tomlIndex(base string, i int) string { return base + "\x00#" + strconv.Itoa(i) }

// at returns the position recorded for path, or of its closest ancestor.
func (d *tomlDoc) at(path string) Position {
	for {
		if p, ok := d.pos[path]; ok {
			return p
		}
		i := strings.LastIndexByte(path, 0)
		if i < 0 {
			return Position{File: d.file}
		}
		path = path[:i]
	}
}

func parseTOML(file string, data []byte, maxDepth int) (*tomlDoc, error) {
	if err := checkTOMLDepth(file, data, maxDepth); err != nil {
		return nil, err
	}
	doc := &tomlDoc{file: file, pos: map[string]Position{}}
	if err := toml.Unmarshal(data, &doc.root); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			msg := strings.TrimPrefix(de.Error(), "toml: ")
			if k := de.Key(); len(k) > 0 {
				msg += fmt.Sprintf(" (key %s)", strings.Join(k, "."))
			}
			return nil, &Error{Pos: Position{File: file, Line: line, Column: col}, Msg: "invalid TOML: " + msg, Err: err}
		}
		return nil, &Error{Pos: Position{File: file}, Msg: "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: "), Err: err}
	}
	if doc.root == nil {
		doc.root = map[string]any{}
	}
	w := tomlWalker{doc: doc, aot: map[string]int{}, lines: newLineIndex(data)}
	w.p.Reset(data)
	for w.p.NextExpression() {
		w.expr(w.p.Expression())
	}
	if w.err != nil {
		return nil, w.err
	}
	if err := w.p.Error(); err != nil {
		// The decoder accepted the document, so the parser must too.
		return nil, &Error{Pos: Position{File: file}, Msg: "invalid TOML: " + err.Error(), Err: err}
	}
	return doc, nil
}

type tomlWalker struct {
	doc     *tomlDoc
	p       unstable.Parser
	aot     map[string]int // array-of-tables path -> elements so far
	current string         // path of the table the key/values go to
	err     error          // the first TOML 1.1 construct found
	lines   lineIndex
}

// check refuses the one TOML 1.1 construct go-toml v2.3.1 accepts: the \e
// escape in basic strings and quoted keys. Python's tomllib (TOML 1.0), which
// pypa/packaging's users read pylock files with, refuses it.
func (w *tomlWalker) check(n *unstable.Node) {
	if w.err != nil || n == nil || n.Raw.Length == 0 {
		return
	}
	raw := w.p.Raw(n.Raw)
	if len(raw) == 0 || raw[0] != '"' {
		return
	}
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] == '\\' {
			if raw[i+1] == 'e' {
				pos, _ := w.position(n)
				pos.Column += i
				w.err = &Error{Pos: pos, Msg: `invalid TOML: the escape \e is TOML 1.1; TOML 1.0 has no such escape`}
				return
			}
			i++
		}
	}
}

func (w *tomlWalker) position(n *unstable.Node) (Position, bool) {
	if n == nil || n.Raw.Length == 0 {
		return Position{}, false
	}
	// Not Parser.Shape: it scans from the start of the document each time.
	return w.lines.pos(w.doc.file, int(n.Raw.Offset)), true
}

func (w *tomlWalker) record(path string, pos Position) {
	if _, ok := w.doc.pos[path]; !ok && pos.Line > 0 {
		w.doc.pos[path] = pos
	}
}

// resolve follows a table header's key from the root: a segment naming an
// array of tables continues in its last element.
func (w *tomlWalker) resolve(keys []string) string {
	cur := ""
	for _, k := range keys {
		cur = tomlPath(cur, k)
		if n, ok := w.aot[cur]; ok {
			cur = tomlIndex(cur, n-1)
		}
	}
	return cur
}

func (w *tomlWalker) keyParts(n *unstable.Node) ([]string, *unstable.Node) {
	var parts []string
	var first *unstable.Node
	it := n.Key()
	for it.Next() {
		k := it.Node()
		if first == nil {
			first = k
		}
		parts = append(parts, string(k.Data))
		w.check(k)
	}
	return parts, first
}

func (w *tomlWalker) expr(e *unstable.Node) {
	switch e.Kind {
	case unstable.KeyValue:
		w.keyValue(w.current, e)
	case unstable.Table:
		parts, first := w.keyParts(e)
		pos, _ := w.position(first)
		cur := ""
		for _, k := range parts {
			cur = tomlPath(cur, k)
			if n, ok := w.aot[cur]; ok {
				cur = tomlIndex(cur, n-1)
			}
			w.record(cur, pos)
		}
		w.current = cur
	case unstable.ArrayTable:
		parts, first := w.keyParts(e)
		pos, _ := w.position(first)
		cur := w.resolve(parts[:len(parts)-1])
		cur = tomlPath(cur, parts[len(parts)-1])
		n := w.aot[cur]
		w.aot[cur] = n + 1
		w.record(cur, pos)
		cur = tomlIndex(cur, n)
		w.record(cur, pos)
		w.current = cur
	}
}

func (w *tomlWalker) keyValue(base string, kv *unstable.Node) {
	parts, first := w.keyParts(kv)
	pos, _ := w.position(first)
	path := base
	for _, k := range parts {
		path = tomlPath(path, k)
		w.record(path, pos)
	}
	w.value(path, kv.Value(), pos)
}

func (w *tomlWalker) value(path string, v *unstable.Node, pos Position) {
	switch v.Kind {
	case unstable.String:
		w.check(v)
	case unstable.Array:
		i := 0
		it := v.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			cp, ok := w.position(c)
			if !ok {
				cp = pos
			}
			ip := tomlIndex(path, i)
			w.record(ip, cp)
			w.value(ip, c, cp)
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

// checkTOMLDepth refuses documents whose arrays and inline tables nest
// deeper than max, before any recursive parser sees them. Brackets inside
// strings and comments are skipped.
func checkTOMLDepth(file string, data []byte, max int) error {
	depth := 0
	line := 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case '"', '\'':
			triple := i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if triple {
				i += 3
				for i < len(data) && !(i+2 < len(data) && data[i] == c && data[i+1] == c && data[i+2] == c) {
					if data[i] == '\\' && c == '"' {
						i++
					} else if data[i] == '\n' {
						line++
					}
					i++
				}
				i += 2
				continue
			}
			i++
			for i < len(data) && data[i] != c && data[i] != '\n' {
				if data[i] == '\\' && c == '"' {
					i++
				}
				i++
			}
			if i < len(data) && data[i] == '\n' {
				i--
			}
		case '[', '{':
			depth++
			if depth > max {
				return &Error{Pos: Position{File: file, Line: line}, Msg: fmt.Sprintf("TOML nested deeper than %d levels", max), Err: ErrLimitExceeded}
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}
