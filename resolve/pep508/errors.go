package pep508

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/safeindex/safeindex/internal/redact"
)

// ErrInvalidRequirement is matched (with errors.Is) by every error that
// reports a string which is not a valid PEP 508 requirement, including an
// invalid version specifier or marker inside it (packaging's
// InvalidRequirement).
var ErrInvalidRequirement = errors.New("invalid requirement")

// ErrInvalidMarker is matched (with errors.Is) by every error about a marker:
// a marker that does not parse (packaging's InvalidMarker), also inside a
// requirement, and every error from [Marker.Evaluate], which also matches
// [ErrUndefinedComparison] or [ErrUndefinedEnvironmentName].
var ErrInvalidMarker = errors.New("invalid marker")

// ErrUndefinedComparison is matched by a [Marker.Evaluate] error for a
// comparison that has no meaning (packaging's UndefinedComparison): "~=" or
// "===" on values that are not versions, or a set-valued variable ("extras",
// "dependency_groups") on the left of an operator.
var ErrUndefinedComparison = errors.New("undefined comparison")

// ErrUndefinedEnvironmentName is matched by a [Marker.Evaluate] error for a
// variable that the evaluation [Context] does not define (packaging's
// UndefinedEnvironmentName): "extra" outside [ContextMetadata], "extras" and
// "dependency_groups" outside [ContextLockFile], and the name a quoted string
// stands for when both operands are quoted strings ('"a" == "b"' looks up a
// variable called "b", as packaging does).
var ErrUndefinedEnvironmentName = errors.New("undefined environment name")

// RequirementError reports a string that is not a valid requirement.
// It matches [ErrInvalidRequirement]; when the marker part is what is wrong
// it matches [ErrInvalidMarker] too, and when a version specifier is what is
// wrong, the pep440 error (pep440.ErrInvalidSpecifier) through Err.
type RequirementError struct {
	Input  string // the requirement, whole
	Offset int    // byte offset in Input where the problem was found
	Reason string // what is wrong
	Err    error  // the underlying error, if any
	marker bool
}

// Error returns "invalid requirement "INPUT": at byte N: REASON", with
// credentials in URLs masked and a long input shortened.
func (e *RequirementError) Error() string {
	s := fmt.Sprintf("invalid requirement %s: at byte %d: %s", strconv.Quote(clip(e.Input)), e.Offset, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns ErrInvalidRequirement, ErrInvalidMarker for marker
// problems, and Err.
func (e *RequirementError) Unwrap() []error {
	errs := []error{ErrInvalidRequirement}
	if e.marker {
		errs = append(errs, ErrInvalidMarker)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// MarkerError reports a marker that does not parse, or one whose evaluation
// failed. It matches [ErrInvalidMarker], and for evaluation failures also
// [ErrUndefinedComparison] or [ErrUndefinedEnvironmentName].
type MarkerError struct {
	Marker string // the marker, whole (for evaluation errors, its String form)
	Offset int    // byte offset in Marker where parsing stopped; -1 for evaluation errors
	Reason string // what is wrong
	Err    error  // ErrUndefinedComparison, ErrUndefinedEnvironmentName, or nil
}

// Error returns "invalid marker "MARKER": at byte N: REASON" for parse
// errors and "marker "MARKER": REASON" for evaluation errors, with a long
// marker shortened.
func (e *MarkerError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("marker %s: %s", strconv.Quote(clip(e.Marker)), e.Reason)
	}
	return fmt.Sprintf("invalid marker %s: at byte %d: %s", strconv.Quote(clip(e.Marker)), e.Offset, e.Reason)
}

// Unwrap returns ErrInvalidMarker and Err.
func (e *MarkerError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidMarker, e.Err}
	}
	return []error{ErrInvalidMarker}
}

// maxQuoted caps how much of an input an error message repeats.
const maxQuoted = 200

// clip prepares an input for an error message: credentials in URLs
// ("scheme://user:token@") are masked and long inputs are cut short.
func clip(s string) string {
	s = redact.Text(s)
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && s[cut]&0xc0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "..."
}
