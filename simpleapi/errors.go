package simpleapi

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error returned by the parsers in this package
// matches at least one of them with [errors.Is].
var (
	// ErrInvalidPage is matched by every [*ParseError]: the page could not
	// be read as a Simple API page.
	ErrInvalidPage = errors.New("invalid simple API page")

	// ErrUnsupportedAPIVersion is matched when a page declares a PEP 629
	// API version whose major part this package does not support, or a
	// version that is not of the form MAJOR.MINOR. A newer minor version
	// is not an error; see [ProjectPage.NewerAPIVersion].
	ErrUnsupportedAPIVersion = errors.New("unsupported simple API version")

	// ErrUnsupportedContentType is matched when [ParseProjectPage] or
	// [ParseRootPage] is given a content type that is not one of the
	// Simple API types (PEP 691) or text/html.
	ErrUnsupportedContentType = errors.New("unsupported content type")

	// ErrLimitExceeded is matched when a page exceeds one of the limits in
	// [Limits] (too many files, an over-long attribute, too deep JSON...).
	// The page is refused rather than truncated.
	ErrLimitExceeded = errors.New("simple API page exceeds a limit")

	// ErrInvalidName is matched by a [*NameError]: a project name that is
	// not valid under the PyPA name specification.
	ErrInvalidName = errors.New("invalid project name")

	// ErrInvalidFilename is matched by a [*FilenameError]: a distribution
	// filename that could not be parsed.
	ErrInvalidFilename = errors.New("invalid distribution filename")
)

// ParseError reports a page that could not be parsed. It matches
// [ErrInvalidPage] and, when set, the more specific cause in Err (for
// example [ErrUnsupportedAPIVersion], [ErrLimitExceeded], or an
// [encoding/json] or I/O error).
type ParseError struct {
	// URL is the page URL with any secret redacted; empty when the
	// caller passed no URL.
	URL string
	// Format is "html" or "json", or empty when unknown.
	Format string
	// Line and Column locate the problem in the input, both counted from
	// 1; zero when unknown.
	Line, Column int
	// Offset is the byte offset of the problem in the input, or -1 when
	// unknown.
	Offset int64
	// Msg says what was wrong.
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

// Error implements error. The text names the page, the position and the
// problem, e.g. "simpleapi: https://host/simple/foo/: json line 3 col 9:
// duplicate key "files"".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("simpleapi: ")
	if e.URL != "" {
		b.WriteString(e.URL)
		b.WriteString(": ")
	}
	if e.Format != "" {
		b.WriteString(e.Format)
		if e.Line > 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(": ")
		}
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, " col %d", e.Column)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		if e.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns [ErrInvalidPage] and the cause, so that [errors.Is]
// matches both.
func (e *ParseError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidPage}
	}
	return []error{ErrInvalidPage, e.Err}
}

// NameError reports an invalid project name. It matches [ErrInvalidName].
type NameError struct {
	Name   string // the name as given (Error quotes it with non-ASCII escaped)
	Reason string // what is wrong with it
}

// Error implements error.
func (e *NameError) Error() string {
	// %+q: non-ASCII is escaped, so that a look-alike name shows.
	return fmt.Sprintf("simpleapi: invalid project name %+q: %s", e.Name, e.Reason)
}

// Unwrap returns [ErrInvalidName].
func (e *NameError) Unwrap() error { return ErrInvalidName }

// FilenameError reports a distribution filename that could not be parsed.
// It matches [ErrInvalidFilename] and, when the version part is not a valid
// PEP 440 version, the version parser's error as well
// (pep440.ErrInvalidVersion).
type FilenameError struct {
	Filename string // the filename as given
	Reason   string // what is wrong with it
	Err      error  // underlying cause, if any
}

// Error implements error.
func (e *FilenameError) Error() string {
	s := fmt.Sprintf("simpleapi: invalid distribution filename %q: %s", e.Filename, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns [ErrInvalidFilename] and the cause.
func (e *FilenameError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidFilename}
	}
	return []error{ErrInvalidFilename, e.Err}
}

func errAPIVersion(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupportedAPIVersion}, args...)...)
}
