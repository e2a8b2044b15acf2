package simpleapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// MaxNetrcSize is the largest netrc file [ParseNetrc] reads (1 MiB). A
// larger file is refused with an error matching [ErrInvalidNetrc].
const MaxNetrcSize = 1 << 20

// ErrInvalidNetrc is matched by every [*NetrcError].
var ErrInvalidNetrc = errors.New("invalid netrc file")

// Netrc is a parsed netrc file: the credentials that curl, ftp, pip
// (through requests) and the go command read from $NETRC or ~/.netrc.
//
// # Grammar
//
// The file is a sequence of whitespace-separated tokens. The keywords are
//
//	machine NAME   starts the entry for host NAME
//	default        starts the entry used for any other host (it should come last)
//	login VALUE    the user name of the current entry
//	password VALUE the password of the current entry
//	account VALUE  an additional account password (kept, unused here)
//	macdef NAME    an ftp macro: the lines after it, up to the first empty
//	               line, are skipped
//
// A VALUE or NAME may be written in double quotes, in which a backslash
// escapes the next character; that is how a password containing spaces or a
// '#' is written. Where a keyword is expected, a token starting with '#'
// begins a comment that runs to the end of the line; in a value position
// '#' is an ordinary character, since passwords may start with one.
// Anything else where a keyword is expected, or a keyword missing its value,
// is an error. A machine NAME is a host name without a port and matches
// case-insensitively, as in curl and the go command.
//
// A Netrc never shows a password or account through fmt or log/slog: see
// [NetrcMachine.String].
type Netrc struct {
	// Machines lists the entries in file order. The default entry, if any,
	// has Default set and an empty Name.
	Machines []NetrcMachine
}

// NetrcMachine is one entry of a netrc file.
type NetrcMachine struct {
	Name     string // host name; empty for the default entry
	Default  bool   // the "default" entry
	Login    string
	Password string
	Account  string
}

// String describes m with the password and account masked, so that a
// NetrcMachine printed with %v or %+v never shows a secret.
func (m NetrcMachine) String() string {
	name := m.Name
	if m.Default {
		name = "default"
	}
	return fmt.Sprintf("netrc{machine %s login %s password %s}", name, maskIfSet(m.Login), maskIfSet(m.Password))
}

// GoString is like String, for %#v.
func (m NetrcMachine) GoString() string { return m.String() }

// LogValue implements [slog.LogValuer] without the secrets.
func (m NetrcMachine) LogValue() slog.Value { return slog.StringValue(m.String()) }

func maskIfSet(s string) string {
	if s == "" {
		return `""`
	}
	return "xxxxx"
}

// Lookup returns the entry for host (a host name without port): the first
// machine entry whose name matches it case-insensitively, or else the
// default entry. A nil Netrc has no entries.
func (n *Netrc) Lookup(host string) (NetrcMachine, bool) {
	if n == nil || host == "" {
		return NetrcMachine{}, false
	}
	for _, m := range n.Machines {
		if !m.Default && strings.EqualFold(m.Name, host) {
			return m, true
		}
	}
	for _, m := range n.Machines {
		if m.Default {
			return m, true
		}
	}
	return NetrcMachine{}, false
}

// NetrcError reports a netrc file that could not be read or parsed. It
// matches [ErrInvalidNetrc] and the underlying cause, if any. Its text
// names the file and line, never a token of the file, since a misplaced
// token may be a password.
type NetrcError struct {
	Path string // the file name, or empty when parsing a reader
	Line int    // 1-based line of the problem; 0 when not about a line
	Msg  string // what was wrong
	Err  error  // the cause (an I/O error), if any
}

// Error implements error.
func (e *NetrcError) Error() string {
	var b strings.Builder
	b.WriteString("simpleapi: netrc")
	if e.Path != "" {
		b.WriteString(" ")
		b.WriteString(e.Path)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns [ErrInvalidNetrc] and the cause.
func (e *NetrcError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidNetrc}
	}
	return []error{ErrInvalidNetrc, e.Err}
}

// ParseNetrc parses a netrc file from r (see [Netrc] for the grammar).
// Errors are [*NetrcError]s with an empty Path.
func ParseNetrc(r io.Reader) (*Netrc, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxNetrcSize+1))
	if err != nil {
		return nil, &NetrcError{Msg: "read failed", Err: err}
	}
	if len(data) > MaxNetrcSize {
		return nil, &NetrcError{Msg: fmt.Sprintf("file larger than %d bytes", MaxNetrcSize)}
	}
	return parseNetrc(data)
}

// ReadNetrcFile reads and parses the netrc file at path.
func ReadNetrcFile(path string) (*Netrc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &NetrcError{Path: path, Msg: "open failed", Err: err}
	}
	defer f.Close()
	n, err := ParseNetrc(f)
	if err != nil {
		var ne *NetrcError
		if errors.As(err, &ne) {
			ne.Path = path
		}
		return nil, err
	}
	return n, nil
}

// DefaultNetrcPath returns the netrc file that curl and pip would read:
// $NETRC if set, else .netrc in the home directory (_netrc on Windows).
// It returns "" when neither is known.
func DefaultNetrcPath() string {
	if p := os.Getenv("NETRC"); p != "" {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	if runtime.GOOS == "windows" {
		return filepath.Join(home, "_netrc")
	}
	return filepath.Join(home, ".netrc")
}

// netrcLexer splits netrc data into tokens, tracking lines.
type netrcLexer struct {
	data []byte
	pos  int
	line int
}

func isNetrcSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// skipSpace skips whitespace, counting newlines.
func (l *netrcLexer) skipSpace() {
	for l.pos < len(l.data) && isNetrcSpace(l.data[l.pos]) {
		if l.data[l.pos] == '\n' {
			l.line++
		}
		l.pos++
	}
}

// skipLine skips to the start of the next line.
func (l *netrcLexer) skipLine() {
	i := bytes.IndexByte(l.data[l.pos:], '\n')
	if i < 0 {
		l.pos = len(l.data)
		return
	}
	l.pos += i + 1
	l.line++
}

// next returns the next token, whether it was quoted, and ok=false at the
// end of the input. An unterminated quote is an error.
func (l *netrcLexer) next() (tok string, quoted bool, ok bool, err error) {
	l.skipSpace()
	if l.pos >= len(l.data) {
		return "", false, false, nil
	}
	if l.data[l.pos] != '"' {
		start := l.pos
		for l.pos < len(l.data) && !isNetrcSpace(l.data[l.pos]) {
			l.pos++
		}
		return string(l.data[start:l.pos]), false, true, nil
	}
	startLine := l.line
	l.pos++ // opening quote
	var b strings.Builder
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		switch c {
		case '"':
			l.pos++
			return b.String(), true, true, nil
		case '\\':
			if l.pos+1 < len(l.data) {
				l.pos++
				c = l.data[l.pos]
			}
		}
		if c == '\n' {
			l.line++
		}
		b.WriteByte(c)
		l.pos++
	}
	return "", true, false, &NetrcError{Line: startLine, Msg: "unterminated quoted string"}
}

func parseNetrc(data []byte) (*Netrc, error) {
	l := &netrcLexer{data: data, line: 1}
	n := &Netrc{}
	cur := -1 // index of the current entry in n.Machines
	for {
		tok, quoted, ok, err := l.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return n, nil
		}
		line := l.line
		if !quoted && strings.HasPrefix(tok, "#") {
			// A comment where a keyword is expected. If the token ended
			// at a newline, the comment is already over.
			if l.pos < len(l.data) && l.data[l.pos] != '\n' {
				l.skipLine()
			}
			continue
		}
		if quoted {
			return nil, &NetrcError{Line: line, Msg: "expected a keyword, found a quoted string"}
		}
		value := func(what string) (string, error) {
			v, _, ok, err := l.next()
			if err != nil {
				return "", err
			}
			if !ok {
				return "", &NetrcError{Line: line, Msg: fmt.Sprintf("missing value after %q", what)}
			}
			return v, nil
		}
		switch tok {
		case "machine":
			name, err := value(tok)
			if err != nil {
				return nil, err
			}
			n.Machines = append(n.Machines, NetrcMachine{Name: name})
			cur = len(n.Machines) - 1
		case "default":
			n.Machines = append(n.Machines, NetrcMachine{Default: true})
			cur = len(n.Machines) - 1
		case "login", "password", "account":
			v, err := value(tok)
			if err != nil {
				return nil, err
			}
			if cur < 0 {
				return nil, &NetrcError{Line: line, Msg: fmt.Sprintf("%q before any machine or default entry", tok)}
			}
			m := &n.Machines[cur]
			switch tok {
			case "login":
				m.Login = v
			case "password":
				m.Password = v
			default:
				m.Account = v
			}
		case "macdef":
			if _, err := value(tok); err != nil {
				return nil, err
			}
			// The macro body starts on the next line and ends at the
			// first empty line (or the end of the file).
			l.skipLine()
			for l.pos < len(l.data) {
				end := bytes.IndexByte(l.data[l.pos:], '\n')
				var ln []byte
				if end < 0 {
					ln = l.data[l.pos:]
				} else {
					ln = l.data[l.pos : l.pos+end]
				}
				l.skipLine()
				if len(bytes.TrimRight(ln, "\r")) == 0 {
					break
				}
			}
			// A macro ends the current entry: later login/password
			// tokens need a new machine.
			cur = -1
		default:
			// Never echo the token: a misplaced token may be a password
			// (for example an unquoted password containing a space).
			return nil, &NetrcError{Line: line, Msg: "unexpected token where a keyword (machine, default, login, password, account, macdef) was expected"}
		}
	}
}
