package config

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/safeindex/safeindex/policy"
)

// Errors of Load, each carried by an *Error that says where.
var (
	// ErrSyntax: the file is not valid TOML, INI or requirements syntax.
	ErrSyntax = errors.New("syntax error")
	// ErrUnknownKey: a key that the safeindex.toml format does not define.
	ErrUnknownKey = errors.New("unknown key")
	// ErrInvalidValue: a value of the wrong type, or one that does not
	// parse (a duration, a date, a specifier, a project name).
	ErrInvalidValue = errors.New("invalid value")
	// ErrMissingKey: a required key is absent.
	ErrMissingKey = errors.New("missing key")
	// ErrUnknownSource: a pin, relation or package names a source (or
	// index) the file does not define.
	ErrUnknownSource = errors.New("unknown source")
	// ErrUndefinedVariable: a URL refers to an environment variable that
	// the lookup given with WithEnv does not define, or no lookup was
	// given.
	ErrUndefinedVariable = errors.New("undefined environment variable")
	// ErrUnknownFormat: neither the file name nor the content says which
	// configuration format the file is in.
	ErrUnknownFormat = errors.New("unknown configuration format")
	// ErrAmbiguous: a pyproject.toml configures indexes for both uv and
	// Poetry; WithFormat must say which one to import.
	ErrAmbiguous = errors.New("ambiguous configuration")
	// ErrTooLarge: the file exceeds the size limit (WithMaxSize).
	ErrTooLarge = errors.New("configuration file too large")
)

// Error is a problem in a configuration file: the file, the line and
// column (zero when unknown), the key path ("rules.min-release-age",
// "source[1].url", with 0-based indices into arrays) or option, and
// what was wrong. It unwraps to one of the Err... sentinels above or,
// for a loaded policy that does not validate, to the error of
// policy.Policy.Validate, which matches policy.ErrInvalidPolicy.
//
// Its text is "file:line:col: key: message". URLs in it are redacted and
// the values of environment variables never appear.
type Error struct {
	File   string
	Line   int
	Column int
	Key    string
	Msg    string
	Err    error
}

// Error returns "file:line:col: key: message", leaving out what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(":" + strconv.Itoa(e.Column))
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the sentinel or the cause.
func (e *Error) Unwrap() error { return e.Err }

// Note is something an importer could not carry over from another tool's
// configuration, or that changed meaning on the way (pip's merging of
// every index became an ordered search, say). Notes are not errors: the
// policy is still returned. Severity ranks them as policy findings are
// ranked: SeverityHigh marks a behaviour of the other tool that safeindex
// deliberately refuses to reproduce.
type Note struct {
	File     string          `json:"file"`
	Line     int             `json:"line,omitempty"` // 0 when unknown
	Column   int             `json:"column,omitempty"`
	Key      string          `json:"key,omitempty"` // key path, option or setting
	Severity policy.Severity `json:"severity"`
	Message  string          `json:"message"`
}

// String returns "file:line:col: severity: key: message".
func (n Note) String() string {
	s := (&Error{File: n.File, Line: n.Line, Column: n.Column}).Error() + n.Severity.String() + ": "
	if n.Key != "" {
		s += n.Key + ": "
	}
	return s + n.Message
}

// maxErrors caps the problems reported for one file.
const maxErrors = 20

// problems collects the errors and notes of one file.
type problems struct {
	file  string
	errs  []error
	notes []Note
}

func (p *problems) fail(line, col int, key string, sentinel error, format string, args ...any) {
	if len(p.errs) == maxErrors {
		p.errs = append(p.errs, &Error{File: p.file, Msg: "too many errors", Err: sentinel})
	}
	if len(p.errs) > maxErrors {
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Column: col, Key: key, Msg: fmt.Sprintf(format, args...), Err: sentinel})
}

func (p *problems) note(line, col int, key string, sev policy.Severity, format string, args ...any) {
	p.notes = append(p.notes, Note{File: p.file, Line: line, Column: col, Key: key, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// err returns nil, the one error, or all of them joined.
func (p *problems) err() error {
	switch len(p.errs) {
	case 0:
		return nil
	case 1:
		return p.errs[0]
	}
	slices.SortStableFunc(p.errs, func(a, b error) int {
		ea, _ := a.(*Error)
		eb, _ := b.(*Error)
		if ea.Line != eb.Line {
			return ea.Line - eb.Line
		}
		return ea.Column - eb.Column
	})
	return errors.Join(p.errs...)
}
