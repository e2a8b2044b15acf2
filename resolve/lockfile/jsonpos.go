package lockfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// jsonNode is a JSON value with the position it starts at. Objects keep
// their keys in file order.
type jsonNode struct {
	kind   byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	str    string
	num    json.Number
	b      bool
	keys   []string
	keyPos []Position
	vals   []*jsonNode
	elems  []*jsonNode
	pos    Position
}

func (n *jsonNode) get(key string) (*jsonNode, Position, bool) {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i], n.keyPos[i], true
		}
	}
	return nil, Position{}, false
}

func (n *jsonNode) typeName() string {
	switch n.kind {
	case 'o':
		return "an object"
	case 'a':
		return "an array"
	case 's':
		return "a string"
	case 'n':
		return "a number"
	case 'b':
		return "a boolean"
	}
	return "null"
}

// jsonParser builds a jsonNode tree from encoding/json's token stream,
// tracking where each token starts.
type jsonParser struct {
	file     string
	data     []byte
	dec      *json.Decoder
	lines    lineIndex
	maxDepth int
}

func parseJSON(file string, data []byte, maxDepth int) (*jsonNode, error) {
	p := &jsonParser{file: file, data: data, lines: newLineIndex(data), maxDepth: maxDepth}
	p.dec = json.NewDecoder(bytes.NewReader(data))
	p.dec.UseNumber()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	start := p.next()
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, &Error{Pos: p.lines.pos(file, start), Msg: "unexpected data after the top-level JSON value"}
	}
	return n, nil
}

// next returns the offset where the next token starts.
func (p *jsonParser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

func (p *jsonParser) syntax(err error, at int) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		at = int(se.Offset)
		if at > 0 {
			at--
		}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Pos: p.lines.pos(p.file, len(p.data)), Msg: "unexpected end of JSON input"}
	}
	return &Error{Pos: p.lines.pos(p.file, min(at, len(p.data))), Msg: "invalid JSON: " + err.Error(), Err: err}
}

func (p *jsonParser) value(depth int) (*jsonNode, error) {
	start := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err, start)
	}
	return p.fromToken(tok, start, depth)
}

func (p *jsonParser) fromToken(tok json.Token, start, depth int) (*jsonNode, error) {
	pos := p.lines.pos(p.file, start)
	switch t := tok.(type) {
	case json.Delim:
		if depth >= p.maxDepth {
			return nil, &Error{Pos: pos, Msg: fmt.Sprintf("JSON nested deeper than %d levels", p.maxDepth), Err: ErrLimitExceeded}
		}
		if t == '{' {
			n := &jsonNode{kind: 'o', pos: pos}
			for {
				kstart := p.next()
				tok, err := p.dec.Token()
				if err != nil {
					return nil, p.syntax(err, kstart)
				}
				if d, ok := tok.(json.Delim); ok && d == '}' {
					return n, nil
				}
				key, ok := tok.(string)
				if !ok {
					return nil, &Error{Pos: p.lines.pos(p.file, kstart), Msg: "expected a string key"}
				}
				kpos := p.lines.pos(p.file, kstart)
				if _, prev, dup := n.get(key); dup {
					return nil, &Error{Pos: kpos, Msg: fmt.Sprintf("duplicate key %q (first at line %d)", key, prev.Line)}
				}
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.keyPos = append(n.keyPos, kpos)
				n.vals = append(n.vals, v)
			}
		}
		if t == '[' {
			n := &jsonNode{kind: 'a', pos: pos}
			for {
				estart := p.next()
				tok, err := p.dec.Token()
				if err != nil {
					return nil, p.syntax(err, estart)
				}
				if d, ok := tok.(json.Delim); ok && d == ']' {
					return n, nil
				}
				v, err := p.fromToken(tok, estart, depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		}
		return nil, &Error{Pos: pos, Msg: fmt.Sprintf("unexpected %q", t)}
	case string:
		return &jsonNode{kind: 's', str: t, pos: pos}, nil
	case json.Number:
		return &jsonNode{kind: 'n', num: t, pos: pos}, nil
	case bool:
		return &jsonNode{kind: 'b', b: t, pos: pos}, nil
	case nil:
		return &jsonNode{kind: 'z', pos: pos}, nil
	}
	return nil, &Error{Pos: pos, Msg: fmt.Sprintf("unexpected JSON token %v", tok)}
}
