package lockfile

// Limits caps what a reader accepts, so that a hostile lock file cannot
// exhaust memory or time. A file over a limit is refused with an error
// matching [ErrLimitExceeded], never truncated. A zero field means the
// default in its comment. All of the package's caps live here.
type Limits struct {
	// MaxFileBytes caps one file (default 64 MiB; a 1,000-package
	// pylock.toml with every wheel listed is a few MiB).
	MaxFileBytes int64
	// MaxFiles caps the files a requirements file may pull in with -r and
	// -c, itself included (default 1,000).
	MaxFiles int
	// MaxIncludeDepth caps the nesting of -r and -c includes (default 64).
	MaxIncludeDepth int
	// MaxDepth caps JSON and TOML nesting of arrays and tables
	// (default 64; the formats need 5).
	MaxDepth int
	// MaxPackages caps the entries of one lock (default 1,000,000).
	MaxPackages int
}

// Defaults for the zero fields of [Limits].
const (
	DefaultMaxFileBytes    = 64 << 20
	DefaultMaxFiles        = 1000
	DefaultMaxIncludeDepth = 64
	DefaultMaxDepth        = 64
	DefaultMaxPackages     = 1_000_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultMaxFiles
	}
	if l.MaxIncludeDepth <= 0 {
		l.MaxIncludeDepth = DefaultMaxIncludeDepth
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxPackages <= 0 {
		l.MaxPackages = DefaultMaxPackages
	}
	return l
}
