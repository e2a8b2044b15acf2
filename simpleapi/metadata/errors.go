package metadata

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error of [Parser.Parse] matches
// [ErrInvalidMetadata]; the others name the cases callers act on.
var (
	// ErrInvalidMetadata is matched by every [*Error].
	ErrInvalidMetadata = errors.New("invalid core metadata")
	// ErrTooLarge is matched when a file exceeds [Parser.MaxSize].
	ErrTooLarge = errors.New("core metadata file too large")
	// ErrUnsupportedVersion is matched when Metadata-Version has a major
	// version this package does not read (3 or more).
	ErrUnsupportedVersion = errors.New("unsupported metadata version")
)

// Error reports a core metadata file that could not be read or parsed. It
// matches [ErrInvalidMetadata] and the cause in Err.
type Error struct {
	Source string // the file, as Parser.Source with secrets redacted; may be empty
	Line   int    // 1-based line of the problem, or 0
	Field  string // the field concerned, as written, or ""
	Msg    string // what was wrong
	Err    error  // the cause, if any
}

// Error implements error:
// `metadata: https://host/f.whl.metadata: line 3: field "Name": field given twice (first on line 2)`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("metadata: ")
	if e.Source != "" {
		b.WriteString(e.Source)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
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

// Unwrap returns [ErrInvalidMetadata] and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidMetadata}
	}
	return []error{ErrInvalidMetadata, e.Err}
}

// HashError reports a metadata file that does not match the hashes its
// index gave, or that cannot be checked because the index gave no secure
// hash. It matches its Err: simpleapi.ErrHashMismatch or
// simpleapi.ErrNoSecureHash.
type HashError struct {
	Source string // the file, as Parser.Source with secrets redacted; may be empty
	Msg    string // what did not match
	Err    error
}

// Error implements error:
// `metadata: https://host/f.whl.metadata: sha256 is 9f86..., the index says 2c26...: file content does not match its hash`.
func (e *HashError) Error() string {
	s := "metadata: "
	if e.Source != "" {
		s += e.Source + ": "
	}
	s += e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns Err.
func (e *HashError) Unwrap() error { return e.Err }
