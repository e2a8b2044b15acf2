package tags

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error returned by this package matches one of
// them with [errors.Is].
var (
	// ErrInvalidTag is matched by every [*TagError]: a PEP 425 tag (or
	// compressed tag set) that could not be parsed.
	ErrInvalidTag = errors.New("invalid compatibility tag")

	// ErrTooManyTags is matched, together with [ErrInvalidTag], when a
	// compressed tag set would expand to more than [MaxExpandedTags]
	// tags, or a tag is longer than [MaxTagLen] bytes.
	ErrTooManyTags = errors.New("compressed tag set too large")

	// ErrInvalidTarget is matched by every [*TargetError]: a [Target], or
	// its textual form, that does not describe an interpreter and
	// platform this package can list tags for.
	ErrInvalidTarget = errors.New("invalid target")

	// ErrInvalidWheelFilename is matched by a [*WheelFilenameError]: a
	// name that is not a wheel filename, or whose build tag or tags are
	// invalid (then the [*TagError] matches as well).
	ErrInvalidWheelFilename = errors.New("invalid wheel filename")
)

// TagError reports a tag that could not be parsed. It matches
// [ErrInvalidTag], and [ErrTooManyTags] when a limit was hit.
type TagError struct {
	// Tag is the input, quoted in the message and cut to 200 bytes.
	Tag string
	// Reason says what was wrong.
	Reason string
	// TooMany is set when a limit was exceeded.
	TooMany bool
}

// Error implements error, e.g.
// `tags: invalid tag "py3-none": must have exactly three components`.
func (e *TagError) Error() string {
	return "tags: invalid tag " + quote(e.Tag) + ": " + e.Reason
}

// Unwrap returns [ErrInvalidTag], and [ErrTooManyTags] for a limit.
func (e *TagError) Unwrap() []error {
	if e.TooMany {
		return []error{ErrInvalidTag, ErrTooManyTags}
	}
	return []error{ErrInvalidTag}
}

// TargetError reports an invalid [Target] or target text. It matches
// [ErrInvalidTarget].
type TargetError struct {
	// Input is the text given to [ParseTarget], or the [Target.String]
	// form of a Target literal (cut to 200 bytes).
	Input string
	// Field names the part that is wrong ("python", "implementation",
	// "abi", "os", "arch", "glibc", "musl", "os version", "platform").
	Field string
	// Reason says what was wrong.
	Reason string
}

// Error implements error, e.g.
// `tags: invalid target "cp3-win_amd64": python: ...`.
func (e *TargetError) Error() string {
	s := "tags: invalid target " + quote(e.Input) + ": "
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Reason
}

// Unwrap returns [ErrInvalidTarget].
func (e *TargetError) Unwrap() error { return ErrInvalidTarget }

// WheelFilenameError reports a filename that [ParseWheelFilename] could
// not read. It matches [ErrInvalidWheelFilename] and, when the tags were
// at fault, the [*TagError] in Err.
type WheelFilenameError struct {
	// Filename is the input (cut to 200 bytes).
	Filename string
	// Reason says what was wrong.
	Reason string
	// Err is the underlying [*TagError], if any.
	Err error
}

// Error implements error.
func (e *WheelFilenameError) Error() string {
	s := "tags: invalid wheel filename " + quote(e.Filename) + ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns [ErrInvalidWheelFilename] and the cause, if any.
func (e *WheelFilenameError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidWheelFilename, e.Err}
	}
	return []error{ErrInvalidWheelFilename}
}

// quote quotes s for an error message, cut to 200 bytes so that a hostile
// input cannot blow up a log line.
func quote(s string) string {
	const maxQuoted = 200
	if len(s) > maxQuoted {
		return strconv.Quote(s[:maxQuoted]) + "..."
	}
	return strconv.Quote(s)
}

func itoa(n int) string { return strconv.Itoa(n) }
