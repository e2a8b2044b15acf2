package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/safeindex/safeindex/internal/pystr"
)

// The line machinery of pip's requirements-file reader
// (pip/_internal/req/req_file.py, pip 23.2 to 25.x), reimplemented from its
// observed behaviour:
//
//  1. decode: a BOM (UTF-8, UTF-16, UTF-32) or a "coding:" comment on one of
//     the first two lines picks the encoding; otherwise UTF-8;
//  2. split into lines as Python's str.splitlines does;
//  3. join a line ending in "\" with the next one, dropping backslashes at
//     both ends of the continued line; a comment line ends a continuation;
//  4. cut comments: "#" at the start or after whitespace, to the end;
//     strip whitespace and drop empty lines;
//  5. expand ${NAME} references;
//  6. split a line at the first space-separated token that starts with "-":
//     the requirement before, options after (shell-split, then parsed as
//     pip's optparse parser does).

// physLine is a logical line after steps 1 to 5, with the physical line
// (and the column in it) it starts at.
type physLine struct {
	line int
	col  int
	text string
}

// decodeRequirements turns the bytes of a requirements file into text.
func decodeRequirements(name string, data []byte) (string, error) {
	boms := []struct {
		bom []byte
		enc string
	}{
		{[]byte{0xef, 0xbb, 0xbf}, "utf-8"},
		{[]byte{0xff, 0xfe, 0, 0}, "utf-32le"},
		{[]byte{0, 0, 0xfe, 0xff}, "utf-32be"},
		{[]byte{0xff, 0xfe}, "utf-16le"},
		{[]byte{0xfe, 0xff}, "utf-16be"},
	}
	for _, b := range boms {
		if bytes.HasPrefix(data, b.bom) {
			return decodeAs(name, data[len(b.bom):], b.enc)
		}
	}
	lines := bytes.SplitN(data, []byte("\n"), 3)
	for _, l := range lines[:min(2, len(lines))] {
		if len(l) > 0 && l[0] == '#' {
			if m := codingRE().FindSubmatch(l); m != nil {
				return decodeAs(name, data, strings.ToLower(string(m[1])))
			}
		}
	}
	return decodeAs(name, data, "utf-8")
}

var codingRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`coding[:=]\s*([-\w.]+)`) })

func decodeAs(name string, data []byte, enc string) (string, error) {
	switch strings.ReplaceAll(enc, "_", "-") {
	case "utf-8", "utf8", "u8", "utf", "utf-8-sig":
		if !utf8.Valid(data) {
			_, err := checkUTF8(name, data)
			return "", err
		}
		return string(data), nil
	case "ascii", "us-ascii", "646":
		for i, c := range data {
			if c >= 0x80 {
				return "", &Error{Pos: newLineIndex(data).pos(name, i), Msg: "expected ASCII text as the coding comment says, found a byte above 0x7f"}
			}
		}
		return string(data), nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "8859", "cp819", "latin":
		var b strings.Builder
		for _, c := range data {
			b.WriteRune(rune(c))
		}
		return b.String(), nil
	case "utf-16le", "utf-16be":
		if len(data)%2 != 0 {
			return "", &Error{Pos: Position{File: name}, Msg: "expected UTF-16 text, found an odd number of bytes"}
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			if enc == "utf-16le" {
				u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
			} else {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			}
		}
		rs := utf16.Decode(u)
		for _, r := range rs {
			if r == utf8.RuneError {
				return "", &Error{Pos: Position{File: name}, Msg: "expected UTF-16 text, found an unpaired surrogate"}
			}
		}
		return string(rs), nil
	case "utf-32le", "utf-32be":
		if len(data)%4 != 0 {
			return "", &Error{Pos: Position{File: name}, Msg: "expected UTF-32 text, found a length that is not a multiple of 4"}
		}
		var b strings.Builder
		for i := 0; i < len(data); i += 4 {
			var r rune
			if enc == "utf-32le" {
				r = rune(data[i]) | rune(data[i+1])<<8 | rune(data[i+2])<<16 | rune(data[i+3])<<24
			} else {
				r = rune(data[i+3]) | rune(data[i+2])<<8 | rune(data[i+1])<<16 | rune(data[i])<<24
			}
			if !utf8.ValidRune(r) {
				return "", &Error{Pos: Position{File: name}, Msg: "expected UTF-32 text, found an invalid code point"}
			}
			b.WriteRune(r)
		}
		return b.String(), nil
	}
	return "", &Error{Pos: Position{File: name, Line: 1}, Msg: fmt.Sprintf("unsupported encoding %q in the coding comment (expected utf-8, ascii or latin-1)", enc)}
}

// pySplitLines splits as Python's str.splitlines: at \n, \r, \r\n, \v, \f,
// \x1c, \x1d, \x1e, \x85, U+2028 and U+2029. It returns each line with the
// byte offset it starts at.
func pySplitLines(s string) ([]string, []int) {
	var lines []string
	var offs []int
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c >= ' ' && c < utf8.RuneSelf {
			i++ // not a line break
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			lines = append(lines, s[start:i])
			offs = append(offs, start)
			i += size
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			start = i
			continue
		}
		i += size
	}
	if start < len(s) {
		lines = append(lines, s[start:])
		offs = append(offs, start)
	}
	return lines, offs
}

// isCommentLine reports whether pip's COMMENT_RE matches at the start of
// the line: optional whitespace, then "#".
func isCommentLine(l string) bool {
	t := strings.TrimLeftFunc(l, pystr.IsSpace)
	return strings.HasPrefix(t, "#") && (len(t) < len(l) || strings.HasPrefix(l, "#"))
}

// cutComment removes the first "#" that starts the line or follows
// whitespace, with the whitespace before it, and everything after.
func cutComment(l string) string {
	for i := 0; i < len(l); {
		if c := l[i]; c > ' ' && c < utf8.RuneSelf && c != '#' {
			i++ // neither space nor "#"
			continue
		}
		r, size := utf8.DecodeRuneInString(l[i:])
		if r == '#' && i == 0 {
			return ""
		}
		if pystr.IsSpace(r) {
			j := i + size
			for j < len(l) {
				r2, s2 := utf8.DecodeRuneInString(l[j:])
				if !pystr.IsSpace(r2) {
					break
				}
				j += s2
			}
			if j < len(l) && l[j] == '#' {
				return l[:i]
			}
			i = j
			continue
		}
		i += size
	}
	return l
}

// logicalLines applies steps 2 to 5.
func logicalLines(text string, env func(string) (string, bool)) []physLine {
	lines, _ := pySplitLines(text)
	var out []physLine
	var joined []string
	first := 0
	emit := func(n int, s string) {
		s = cutComment(s)
		trimmed := strings.TrimLeftFunc(s, pystr.IsSpace)
		col := len(s) - len(trimmed) + 1
		s = strings.TrimRightFunc(trimmed, pystr.IsSpace)
		if s == "" {
			return
		}
		out = append(out, physLine{line: n, col: col, text: expandEnv(s, env)})
	}
	for i, l := range lines {
		n := i + 1
		comment := isCommentLine(l)
		if !strings.HasSuffix(l, `\`) || comment {
			if comment {
				l = " " + l
			}
			if joined != nil {
				joined = append(joined, l)
				emit(first, strings.Join(joined, ""))
				joined = nil
			} else {
				emit(n, l)
			}
			continue
		}
		if joined == nil {
			first = n
			joined = []string{}
		}
		joined = append(joined, strings.Trim(l, `\`))
	}
	if joined != nil {
		emit(first, strings.Join(joined, ""))
	}
	return out
}

var envRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{([A-Z0-9_]+)\}`) })

// expandEnv replaces ${NAME} references as pip does: each reference found in
// the line, in order, is replaced everywhere in the line by the variable's
// value, unless the variable is unset or empty.
func expandEnv(s string, env func(string) (string, bool)) string {
	if env == nil || !strings.Contains(s, "${") {
		return s
	}
	for _, m := range envRE().FindAllStringSubmatch(s, -1) {
		v, ok := env(m[1])
		if !ok || v == "" {
			continue
		}
		s = strings.ReplaceAll(s, m[0], v)
	}
	return s
}

// breakArgsOptions splits a line at the first space-separated token that
// starts with "-": requirement text before, options after.
func breakArgsOptions(line string) (args, opts string) {
	tokens := strings.Split(line, " ")
	for i, t := range tokens {
		if strings.HasPrefix(t, "-") {
			return strings.Join(tokens[:i], " "), strings.Join(tokens[i:], " ")
		}
	}
	return line, ""
}

var (
	errNoClosingQuote = errors.New("no closing quotation")
	errNoEscaped      = errors.New("no escaped character")
)

// shlexSplit splits s as Python's shlex.split(s) (POSIX mode, no comments).
func shlexSplit(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	// plain is where the current word starts while it is s[plain:i] as
	// written (no quotes, no escapes), or -1 once it is built in cur.
	plain := -1
	const ws = " \t\r\n"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inWord && plain >= 0 && (c == '\\' || c == '\'' || c == '"') {
			cur.WriteString(s[plain:i])
			plain = -1
		}
		switch {
		case strings.IndexByte(ws, c) >= 0:
			if inWord {
				if plain >= 0 {
					out = append(out, s[plain:i])
				} else {
					out = append(out, cur.String())
					cur.Reset()
				}
				inWord, plain = false, -1
			}
		case c == '\\':
			if i+1 >= len(s) {
				return nil, errNoEscaped
			}
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errNoClosingQuote
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			closed := false
			for ; i < len(s); i++ {
				if s[i] == '"' {
					closed = true
					break
				}
				if s[i] == '\\' {
					if i+1 >= len(s) {
						return nil, errNoClosingQuote
					}
					if s[i+1] == '"' || s[i+1] == '\\' {
						i++
					}
				}
				cur.WriteByte(s[i])
			}
			if !closed {
				return nil, errNoClosingQuote
			}
			inWord = true
		default:
			if !inWord {
				plain = i
			} else if plain < 0 {
				cur.WriteByte(c)
			}
			inWord = true
		}
	}
	if inWord && plain >= 0 {
		out = append(out, s[plain:])
	} else if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}
