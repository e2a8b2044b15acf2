package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// A ReadOption changes how [Read] and [ReadFile] read a lock.
type ReadOption func(*config)

type config struct {
	format      Format
	fsys        fs.FS
	env         func(string) (string, bool)
	pipfile     []byte
	hasPipfile  bool
	limits      Limits
	stringTimes bool
}

// WithFormat reads the file as f instead of recognizing its format.
// FormatUnknown (the default) recognizes it.
func WithFormat(f Format) ReadOption { return func(c *config) { c.format = f } }

// WithFS gives [Read] a file system to open the files a requirements file
// includes with -r and -c, relative to the including file's name in fsys.
// By default Read has none, and an include is an error matching
// [ErrInclude]. [ReadFile] uses its own fsys.
func WithFS(fsys fs.FS) ReadOption { return func(c *config) { c.fsys = fsys } }

// WithEnv sets the lookup for ${NAME} references in requirements files
// and in Pipfile.lock source URLs. pip and pipenv expand them from the
// process environment; this package never reads
// the environment itself: pass os.LookupEnv to do as pip does. By default
// nothing is expanded. As in pip, only upper-case letters, digits and "_"
// make a NAME, and a reference to a variable that is unset or empty is
// left as written.
func WithEnv(lookup func(name string) (string, bool)) ReadOption {
	return func(c *config) { c.env = lookup }
}

// WithPipfile gives the bytes of the Pipfile a Pipfile.lock was made from.
// The reader then checks the lock's _meta.hash against it, as pipenv does
// before installing, and fails with an error matching
// [ErrPipfileHashMismatch] when the lock is stale (see [CheckPipfileHash]).
// By default the hash is read but not checked. Other formats ignore it.
func WithPipfile(pipfile []byte) ReadOption {
	return func(c *config) { c.pipfile, c.hasPipfile = pipfile, true }
}

// WithLimits sets the limits; zero fields keep their defaults.
func WithLimits(l Limits) ReadOption { return func(c *config) { c.limits = l } }

// AllowStringUploadTimes makes the pylock.toml reader accept an upload-time
// written as an RFC 3339 string, as some tools write it, with a warning.
// PEP 751 requires a TOML datetime, and by default such a file is refused,
// as pypa/packaging refuses it.
func AllowStringUploadTimes() ReadOption { return func(c *config) { c.stringTimes = true } }

func newConfig(opts []ReadOption) *config {
	c := &config{}
	for _, o := range opts {
		o(c)
	}
	c.limits = c.limits.withDefaults()
	return c
}

// Read reads a lock file from r. name is the file's name, used to recognize
// the format (pylock.toml and pylock.NAME.toml, Pipfile.lock, anything else
// as requirements unless the content says otherwise) and in every error
// and Position. It returns the whole Lock or an error, never part of one.
// Every error is an [*Error] naming the file, the line and what was expected.
func Read(name string, r io.Reader, opts ...ReadOption) (*Lock, error) {
	c := newConfig(opts)
	data, err := readAll(name, r, c.limits.MaxFileBytes)
	if err != nil {
		return nil, err
	}
	return c.read(name, data)
}

// ReadFile reads the lock file at name in fsys, as [Read] does. Files a
// requirements file includes are opened in fsys, relative to the directory
// of the including file; an include that leaves fsys is an error matching
// [ErrInclude]. Use os.DirFS to read from disk.
func ReadFile(fsys fs.FS, name string, opts ...ReadOption) (*Lock, error) {
	c := newConfig(opts)
	c.fsys = fsys
	data, err := openRead(fsys, name, c.limits.MaxFileBytes, Position{File: name})
	if err != nil {
		return nil, err
	}
	return c.read(name, data)
}

func (c *config) read(name string, data []byte) (*Lock, error) {
	f := c.format
	if f == FormatUnknown {
		f = Detect(name, data)
	}
	switch f {
	case FormatRequirements:
		return c.readRequirements(name, data)
	case FormatPipfileLock:
		return c.readPipfileLock(name, data)
	case FormatPylock:
		return c.readPylock(name, data)
	}
	return nil, &Error{Pos: Position{File: name}, Msg: fmt.Sprintf("unknown lock file format %d", f), Err: ErrUnknownFormat}
}

var pylockName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^pylock\.([^.]+\.)?toml$`) })

// Detect returns the format of a lock file from its name and, when the name
// does not say, its content. Names: pylock.toml and pylock.NAME.toml (PEP
// 751's pattern, lower-case) are pylock; Pipfile.lock is Pipfile.lock;
// names ending in .txt or .in are requirements. Content: a JSON object
// (first non-blank byte "{") is Pipfile.lock; a top-level lock-version key
// is pylock; anything else is requirements.
func Detect(name string, data []byte) Format {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	switch {
	case pylockName().MatchString(base):
		return FormatPylock
	case base == "Pipfile.lock":
		return FormatPipfileLock
	case strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".in"):
		return FormatRequirements
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return FormatPipfileLock
	}
	for line := range bytes.Lines(data) {
		l := bytes.TrimLeft(line, " \t")
		if bytes.HasPrefix(l, []byte("[")) {
			break // keys after a table header are not top-level
		}
		if k, _, ok := bytes.Cut(l, []byte("=")); ok {
			k = bytes.Trim(k, " \t\"'")
			if string(k) == "lock-version" {
				return FormatPylock
			}
		}
	}
	return FormatRequirements
}

// readAll reads r to the end, failing when it holds more than limit
// bytes. The buffer starts at the size r reports, if it reports one
// (Len, or Stat for a regular file), and grows only if r holds more.
func readAll(name string, r io.Reader, limit int64) ([]byte, error) {
	size := int64(512)
	switch x := r.(type) {
	case interface{ Len() int }:
		size = int64(x.Len()) + 1 // +1: room to see io.EOF
	case fs.File:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size() + 1
		}
	}
	data := make([]byte, 0, min(max(size, 512), limit+1))
	lr := io.LimitReader(r, limit+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &Error{Pos: Position{File: name}, Msg: "reading: " + err.Error(), Err: err}
		}
	}
	if int64(len(data)) > limit {
		return nil, &Error{Pos: Position{File: name}, Msg: fmt.Sprintf("file is larger than the limit of %d bytes", limit), Err: ErrLimitExceeded}
	}
	return data, nil
}

func openRead(fsys fs.FS, name string, max int64, at Position) ([]byte, error) {
	if fsys == nil {
		return nil, &Error{Pos: at, Msg: fmt.Sprintf("cannot open %q: no file system to read includes from (use ReadFile or WithFS)", name), Err: ErrInclude}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &Error{Pos: at, Msg: fmt.Sprintf("cannot open %q: %v", name, unwrapPathError(err)), Err: errors.Join(ErrInclude, err)}
	}
	defer f.Close()
	return readAll(name, f, max)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lineIndex maps byte offsets of a file to 1-based lines and columns.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	idx := make(lineIndex, 1, bytes.Count(data, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return idx
		}
		i += j + 1
		idx = append(idx, i)
	}
}

func (li lineIndex) pos(file string, off int) Position {
	line := sort.Search(len(li), func(i int) bool { return li[i] > off })
	return Position{File: file, Line: line, Column: off - li[line-1] + 1}
}

// urlFilename returns the percent-decoded last path segment of a URL, as
// Python's unquote(urlparse(url).path.rsplit("/", 1)[-1]) does.
func urlFilename(raw string) string {
	s := raw
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	// Drop the scheme and the network location.
	if i := strings.IndexByte(s, ':'); i > 0 && isScheme(s[:i]) {
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "//") {
		rest := s[2:]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			s = rest[i:]
		} else {
			s = ""
		}
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = s[:i]
	}
	return pyUnquote(s)
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// pyUnquote decodes %XX escapes, leaving malformed ones as written, and
// replaces bytes that are not UTF-8 with U+FFFD, as Python's unquote.
func pyUnquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s)+0 && i+2 <= len(s)-1 && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
