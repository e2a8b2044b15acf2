package simpleapi

import (
	"errors"
	"io"
)

// Limits caps what a parser accepts from one page, so that a hostile or
// broken index cannot exhaust memory. A page that exceeds a limit is
// refused with an error matching [ErrLimitExceeded]; it is never
// truncated. A zero field means the default given in its comment, which is
// generous enough for the largest projects on PyPI.
//
// All of the package's caps live here.
type Limits struct {
	// MaxPageBytes caps the size of one page as read by the parser
	// (default 256 MiB). A client should apply its own, lower limit to the
	// decompressed response body as well.
	MaxPageBytes int
	// MaxFiles caps the files on a project page (default 500,000; the
	// largest PyPI projects hold a few tens of thousands).
	MaxFiles int
	// MaxProjects caps the projects on a root page (default 2,000,000;
	// PyPI lists about 700,000).
	MaxProjects int
	// MaxVersions caps the PEP 700 versions list (default 500,000).
	MaxVersions int
	// MaxValueLen caps one attribute value or JSON string, in bytes
	// (default 64 KiB). URLs, hashes and requires-python are far shorter.
	MaxValueLen int
	// MaxTokenLen caps one HTML token (a tag with all its attributes, a
	// comment or a run of text), in bytes (default 1 MiB).
	MaxTokenLen int
	// MaxHashes caps the hashes of one file (default 32).
	MaxHashes int
	// MaxListLen caps the PEP 708 tracks and alternate-locations lists and
	// the PEP 752 namespaces list (default 1,024).
	MaxListLen int
	// MaxDepth caps JSON nesting (default 32; Simple API JSON needs 4).
	MaxDepth int
}

// Defaults for the zero fields of [Limits].
const (
	DefaultMaxPageBytes = 256 << 20
	DefaultMaxFiles     = 500_000
	DefaultMaxProjects  = 2_000_000
	DefaultMaxVersions  = 500_000
	DefaultMaxValueLen  = 64 << 10
	DefaultMaxTokenLen  = 1 << 20
	DefaultMaxHashes    = 32
	DefaultMaxListLen   = 1024
	DefaultMaxDepth     = 32
)

// Fixed caps of the filename parser ([ParseFilename]).
const (
	// MaxFilenameLen caps a distribution filename, in bytes.
	MaxFilenameLen = 1024
	// MaxWheelTags caps the expansion of a wheel's compressed tag set
	// (pypa/packaging has the same defence, parse_tag's limit).
	MaxWheelTags = 4096
)

// withDefaults returns l with every zero or negative field set to its
// default.
func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxPageBytes, DefaultMaxPageBytes)
	def(&l.MaxFiles, DefaultMaxFiles)
	def(&l.MaxProjects, DefaultMaxProjects)
	def(&l.MaxVersions, DefaultMaxVersions)
	def(&l.MaxValueLen, DefaultMaxValueLen)
	def(&l.MaxTokenLen, DefaultMaxTokenLen)
	def(&l.MaxHashes, DefaultMaxHashes)
	def(&l.MaxListLen, DefaultMaxListLen)
	def(&l.MaxDepth, DefaultMaxDepth)
	return l
}

// limitedReader reads at most n bytes from r, then fails. Unlike
// io.LimitedReader it records that the limit was hit, so that an
// oversized page is an error rather than a silently truncated one.
type limitedReader struct {
	r        io.Reader
	n        int64
	exceeded bool
}

var errPageTooLarge = errors.New("page too large")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Probe for one more byte: a page of exactly n bytes is fine.
		var b [1]byte
		n, err := l.r.Read(b[:])
		if n > 0 {
			l.exceeded = true
			return 0, errPageTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
