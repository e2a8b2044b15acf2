package typosquat

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// Limits of [ParseList].
const (
	// MaxListNames caps the names of one list.
	MaxListNames = 1_000_000
	// MaxLineLen caps one line of a list, in bytes.
	MaxLineLen = 4096
	// MaxDistanceLen is the longest name, in bytes, that the distance
	// rules compare; longer names are still checked by the other rules.
	MaxDistanceLen = 128
)

//go:embed popular.txt
var popularTxt string

// ErrInvalidList is matched by a [*ListError]: a list of names, or a name
// or pattern given to an option, that could not be used.
var ErrInvalidList = errors.New("invalid typosquat name list")

// ListError reports a bad line of a name list, or a bad name or pattern
// given to an option. It matches [ErrInvalidList] and, for an invalid name,
// simpleapi.ErrInvalidName.
type ListError struct {
	Source string // the list or option ("popular.txt", "WithProtected")
	Line   int    // 1-based line number, or 0 for an option argument
	Msg    string // what was wrong
	Err    error  // the cause, if any
}

// Error implements error: `typosquat: names.txt:3: invalid project name "a b"...`.
func (e *ListError) Error() string {
	var b strings.Builder
	b.WriteString("typosquat: ")
	b.WriteString(e.Source)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Err != nil {
		if e.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns [ErrInvalidList] and the cause.
func (e *ListError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidList}
	}
	return []error{ErrInvalidList, e.Err}
}

// ParseList reads a list of project names in the format of the embedded
// popular list: one name a line, most popular first; blank lines and lines
// starting with "#" are skipped, and surrounding spaces are trimmed. Every
// name must be valid (simpleapi.ValidateName); it is returned as written.
// source names the list in errors. The error is a [*ListError] giving the
// line.
func ParseList(r io.Reader, source string) ([]string, error) {
	var names []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), MaxLineLen)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		if err := simpleapi.ValidateName(s); err != nil {
			return nil, &ListError{Source: source, Line: line, Err: err}
		}
		if len(names) == MaxListNames {
			return nil, &ListError{Source: source, Line: line, Msg: fmt.Sprintf("more than %d names", MaxListNames)}
		}
		names = append(names, s)
	}
	if err := sc.Err(); err != nil {
		msg := "reading the list failed"
		if errors.Is(err, bufio.ErrTooLong) {
			msg = fmt.Sprintf("line longer than %d bytes", MaxLineLen)
		}
		return nil, &ListError{Source: source, Line: line + 1, Msg: msg, Err: err}
	}
	return names, nil
}

// DefaultPopular returns the embedded popular list, most downloaded first:
// the 15,000 most downloaded PyPI projects (download rankings of 2026-11),
// normalized. Each call returns a new slice.
func DefaultPopular() ([]string, error) {
	return ParseList(strings.NewReader(popularTxt), "popular.txt")
}

// Option configures [New]. An option given an invalid name or pattern makes
// New fail with a [*ListError].
type Option func(*options) error

type options struct {
	popular    []string
	popularSet bool
	protected  []string
	known      []string
	patterns   []string
}

// WithPopular replaces the embedded popular list with names, most popular
// first (see [ParseList] to read one from a file). An empty list means no
// popular names. Default: [DefaultPopular]. Given twice, the last wins.
func WithPopular(names []string) Option {
	return func(o *options) error {
		if err := validateNames("WithPopular", names); err != nil {
			return err
		}
		o.popular, o.popularSet = names, true
		return nil
	}
}

// WithProtected adds protected names: the names that internal sources
// claim. They are compared with checked names like popular ones (a match
// has Protected set) and are never flagged themselves. Default: none. The
// option adds to earlier calls.
func WithProtected(names ...string) Option {
	return func(o *options) error {
		if err := validateNames("WithProtected", names); err != nil {
			return err
		}
		o.protected = append(o.protected, names...)
		return nil
	}
}

// WithKnown adds names that are never flagged but are not compared with
// others: vetted projects, or every project of an internal index. Default:
// none. The option adds to earlier calls.
func WithKnown(names ...string) Option {
	return func(o *options) error {
		if err := validateNames("WithKnown", names); err != nil {
			return err
		}
		o.known = append(o.known, names...)
		return nil
	}
}

// WithInternalPatterns sets the patterns of internal-looking names for
// [Checker.LooksInternal]: a name, or a name with "*" wildcards standing
// for any run of characters ("acme-*", "*-internal"). Patterns are
// normalized like names, keeping a separator next to a wildcard, so
// "Acme_*" and "acme-*" are the same pattern; it matches "acme-tools" and
// "ACME.tools" but not "acmetools" (add "acme*" for that). Default: none.
// The option adds to earlier calls.
func WithInternalPatterns(patterns ...string) Option {
	return func(o *options) error {
		for _, p := range patterns {
			np, err := normalizePattern(p)
			if err != nil {
				return &ListError{Source: "WithInternalPatterns", Err: err}
			}
			o.patterns = append(o.patterns, np)
		}
		return nil
	}
}

func validateNames(source string, names []string) error {
	for _, n := range names {
		if err := simpleapi.ValidateName(n); err != nil {
			return &ListError{Source: source, Err: err}
		}
	}
	return nil
}
