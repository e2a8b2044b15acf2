package pep440

import (
	"errors"
	"strconv"
)

// ErrInvalidVersion is matched (with errors.Is) by every error that
// reports a string which is not a valid PEP 440 version.
var ErrInvalidVersion = errors.New("invalid version")

// ErrInvalidSpecifier is matched (with errors.Is) by every error that
// reports a string which is not a valid PEP 440 specifier or specifier set.
var ErrInvalidSpecifier = errors.New("invalid specifier")

// maxQuoted is how much of an input an error message quotes.
const maxQuoted = 120

// VersionError reports an invalid version string. It matches
// ErrInvalidVersion.
type VersionError struct {
	Version string // the input, whole
	Offset  int    // byte offset in Version where parsing stopped
	Reason  string // what is wrong
}

func (e *VersionError) Error() string {
	return "invalid version " + quote(e.Version) + ": " + e.Reason + " at offset " + strconv.Itoa(e.Offset)
}

// Unwrap returns ErrInvalidVersion.
func (e *VersionError) Unwrap() error { return ErrInvalidVersion }

// SpecifierError reports an invalid specifier. It matches
// ErrInvalidSpecifier, and also ErrInvalidVersion when the version in the
// clause is what is wrong.
type SpecifierError struct {
	Specifier string // the whole specifier set as given
	Clause    string // the offending clause, when the set has several
	Reason    string // what is wrong
	Err       error  // the underlying version error, if any
}

func (e *SpecifierError) Error() string {
	msg := "invalid specifier " + quote(e.Specifier)
	if e.Clause != "" && e.Clause != e.Specifier {
		msg += ": clause " + quote(e.Clause)
	}
	return msg + ": " + e.Reason
}

// Unwrap returns ErrInvalidSpecifier and the underlying error.
func (e *SpecifierError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidSpecifier, e.Err}
	}
	return []error{ErrInvalidSpecifier}
}

// quote quotes s for an error message, shortening very long inputs.
func quote(s string) string {
	if len(s) > maxQuoted {
		return strconv.Quote(s[:maxQuoted]) + "... (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return strconv.Quote(s)
}
