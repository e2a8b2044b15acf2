package osv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinels. Every error and warning from this package matches one of them
// with errors.Is, and carries its detail in a *RecordError or *AcceptError.
var (
	// ErrInvalidRecord is matched by an error about a record that could not
	// be used at all: not JSON or YAML, no id, too large, unreadable zip
	// entry. By default such a record fails the load; with
	// WithInvalidRecordsSkippedUnsafe it becomes a warning.
	ErrInvalidRecord = errors.New("invalid OSV record")

	// ErrRecordTooLarge is matched by an error about a record over the size
	// limit (WithMaxRecordSize). It also matches ErrInvalidRecord.
	ErrRecordTooLarge = fmt.Errorf("%w: too large", ErrInvalidRecord)

	// ErrTooManyRecords is returned when a Loader's sources hold more records
	// than WithMaxRecords allows. It always fails the load.
	ErrTooManyRecords = errors.New("too many OSV records")

	// ErrIgnored is matched by a warning about part of a record that was
	// skipped while the rest was kept: an event or versions entry that is not
	// a PEP 440 version, a range type that does not apply to PyPI, an
	// unreadable CVSS vector, a withdrawn or duplicate record.
	ErrIgnored = errors.New("part of an OSV record ignored")

	// ErrInvalidVector is matched by an error about a CVSS vector that
	// CVSS3BaseScore cannot read.
	ErrInvalidVector = errors.New("invalid CVSS vector")

	// ErrInvalidAccept is matched by an error about an Accept entry that
	// NewAllowlist refuses.
	ErrInvalidAccept = errors.New("invalid accepted advisory")
)

// RecordError reports a problem with one record: where it came from, which
// field, and what is wrong. It is used both for errors (matching
// ErrInvalidRecord) and for warnings (matching ErrIgnored).
type RecordError struct {
	// Source names the file or zip entry: a path inside an fs.FS joined to
	// the name given to AddFS, or "name!entry" for a zip entry.
	Source string
	// ID is the record's id, when it was read.
	ID string
	// Field is the JSON path of the offending field, such as
	// "affected[0].ranges[1].events[2].fixed", or "" for the whole record.
	Field string
	// Reason says what is wrong.
	Reason string
	// Err is the sentinel (ErrInvalidRecord, ErrRecordTooLarge or
	// ErrIgnored), possibly joined with an underlying error.
	Err error
}

// Error returns "osv: SOURCE (ID): FIELD: REASON", leaving out what is not
// known.
func (e *RecordError) Error() string {
	var b strings.Builder
	b.WriteString("osv: ")
	b.WriteString(clean(e.Source))
	if e.ID != "" {
		b.WriteString(" (")
		b.WriteString(clean(e.ID))
		b.WriteString(")")
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the sentinel and any underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

// AcceptError reports an Accept entry that NewAllowlist refuses. It matches
// ErrInvalidAccept.
type AcceptError struct {
	Index  int    // position in the list given to NewAllowlist
	ID     string // the entry's ID, as given
	Reason string // what is wrong
}

// Error returns "osv: accepted advisory INDEX (ID): REASON".
func (e *AcceptError) Error() string {
	return fmt.Sprintf("osv: accepted advisory %d (%s): %s", e.Index, clean(e.ID), e.Reason)
}

// Unwrap returns ErrInvalidAccept.
func (e *AcceptError) Unwrap() error { return ErrInvalidAccept }

// quote returns s quoted for an error message, cut to maxQuoted bytes.
func quote(s string) string {
	if len(s) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "..."
	}
	return strconv.Quote(s)
}

// clean returns s as is when it is printable text, and quoted otherwise, so
// that a file name or id from an archive cannot forge log lines.
func clean(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			return quote(s)
		}
	}
	if len(s) > 4*maxQuoted {
		return quote(s)
	}
	return s
}
