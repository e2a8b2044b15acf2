package lockfile

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error a reader returns is an [*Error] that matches
// ErrInvalidLock, or one of the others below, with [errors.Is].
var (
	// ErrInvalidLock is matched by every error about a file's content: it
	// could not be read as a lock of its format. More specific sentinels
	// below are matched as well where a caller may act differently.
	ErrInvalidLock = errors.New("invalid lock file")

	// ErrUnsupportedVersion is matched (with ErrInvalidLock) when a
	// pylock.toml's lock-version major is not 1, or a Pipfile.lock's
	// pipfile-spec is not 6.
	ErrUnsupportedVersion = errors.New("unsupported lock file version")

	// ErrIncludeCycle is matched (with ErrInvalidLock) when requirements
	// files include each other with -r or -c; the message names the chain.
	ErrIncludeCycle = errors.New("requirements include cycle")

	// ErrInclude is matched (with ErrInvalidLock) when an included
	// requirements file cannot be opened: it is missing, remote (pip
	// would download it; we do not), outside the file system given, or
	// there is no file system to open it from.
	ErrInclude = errors.New("requirements include not readable")

	// ErrLimitExceeded is matched (with ErrInvalidLock) when a file
	// exceeds one of the limits in [Limits]. The file is refused, never
	// truncated.
	ErrLimitExceeded = errors.New("lock file exceeds a limit")

	// ErrUnknownFormat is matched when [Read] cannot tell the format from
	// the name or the content.
	ErrUnknownFormat = errors.New("unknown lock file format")

	// ErrPipfileHashMismatch is matched when the Pipfile given with
	// [WithPipfile] does not hash to the Pipfile.lock's _meta.hash: the lock
	// is stale, made from another Pipfile. It does not match
	// ErrInvalidLock: the lock itself is well formed.
	ErrPipfileHashMismatch = errors.New("lock file out of date with its Pipfile")
)

// Error is an error about a lock file. Its text is "file:line:column:
// message", the message saying what was expected.
type Error struct {
	// Pos is where the problem is; Line and Column are 0 when not known.
	Pos Position
	// Msg says what was wrong, with any URL credentials masked.
	Msg string
	// Err is the sentinel or cause it matches besides ErrInvalidLock (a
	// pep440 or pep508 error, an fs error, a sentinel above); may be nil.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	if p := e.Pos.String(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the errors e matches: ErrInvalidLock (unless Err is
// ErrPipfileHashMismatch or ErrUnknownFormat) and Err.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidLock}
	}
	if e.Err == ErrPipfileHashMismatch || e.Err == ErrUnknownFormat || e.Err == ErrInvalidLock {
		return []error{e.Err}
	}
	return []error{ErrInvalidLock, e.Err}
}
