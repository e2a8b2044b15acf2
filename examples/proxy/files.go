package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/safeindex/safeindex/simpleapi"
)

// chunk is the size of the buffers a file is streamed through (large
// enough to keep system calls few). The last chunk read is held back until
// the whole file has been checked.
const chunk = 256 << 10

var chunkPool = sync.Pool{New: func() any { b := make([]byte, chunk); return &b }}

// serveFile streams a file of a served page, or its PEP 658 metadata,
// from the file cache or from its source, checking it against the hash
// the source's page gives as it passes. A file the view does not serve
// (the attacker's, a denied one) is refused even when asked for by URL.
func (s *server) serveFile(w http.ResponseWriter, r *http.Request) {
	srcName, name, filename := r.PathValue("source"), r.PathValue("name"), r.PathValue("filename")
	if !simpleapi.IsNormalizedName(name) {
		s.fail(w, http.StatusNotFound, fmt.Sprintf("%q is not a normalized project name", name))
		return
	}
	src := s.pol.Source(srcName)
	if src == nil {
		s.fail(w, http.StatusNotFound, fmt.Sprintf("no source is called %q", srcName))
		return
	}
	v := s.view(r.Context(), name)
	if v.err != nil {
		s.failView(w, r, v)
		return
	}
	key := fileKey(srcName, filename)
	sf := v.byKey[key]
	meta := false
	if sf == nil {
		if base, ok := strings.CutSuffix(filename, ".metadata"); ok {
			if sf = v.byKey[fileKey(srcName, base)]; sf != nil && !sf.metadata {
				sf = nil
			}
			meta = sf != nil
		}
	}
	if sf == nil {
		if why := v.refused[key]; why != "" {
			s.fail(w, http.StatusForbidden, why)
			return
		}
		s.fail(w, http.StatusNotFound, fmt.Sprintf("%s is not a file the proxy serves for %s from %q", filename, name, srcName))
		return
	}
	target := sf.file
	if meta {
		target = &simpleapi.File{Filename: filename, URL: sf.file.MetadataURL(), Hashes: sf.file.CoreMetadata.Hashes}
	}
	alg := simpleapi.BestHash(target.Hashes)
	digest := target.Hashes[alg]

	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("ETag", strconv.Quote(alg+"-"+digest))
	if target.HasSize {
		h.Set("Content-Length", strconv.FormatInt(target.Size, 10))
	}
	if r.Method == http.MethodHead {
		return
	}
	if s.opt.FileCache != "" {
		if ok := s.sendCached(w, r, target, alg, digest); ok {
			return
		}
	}

	select {
	case s.fileSem <- struct{}{}:
		defer func() { <-s.fileSem }()
	case <-r.Context().Done():
		return
	}
	rc, err := s.client.Open(r.Context(), src.URL, target)
	if err != nil {
		s.log.Warn("upstream failure", "source", srcName, "file", filename, "error", err.Error())
		if r.Context().Err() == nil {
			h.Del("ETag")
			s.fail(w, http.StatusBadGateway, err.Error())
		}
		return
	}
	defer rc.Close()
	var sink *cacheWriter
	if s.opt.FileCache != "" {
		sink = s.newCacheWriter(alg, digest)
	}
	err = stream(w, rc, sink)
	if err == nil {
		if sink != nil {
			if err := sink.commit(); err != nil {
				s.log.Warn("file cache", "file", filename, "error", err.Error())
			} else if fi, err := os.Stat(sink.dest); err == nil {
				s.verified.add(sink.dest, fi)
			}
		}
		return
	}
	sink.discard()
	s.abort(r, srcName, filename, err)
}

// abort cuts a download whose bytes did not check out, or whose source
// or client failed midway: the connection is closed before the last
// chunk, so that the client never holds a complete, valid-looking body.
func (s *server) abort(r *http.Request, source, filename string, err error) {
	var we *writeError
	switch {
	case errors.Is(err, simpleapi.ErrHashMismatch), errors.Is(err, simpleapi.ErrLimitExceeded), errors.Is(err, errCacheMismatch):
		s.log.Error("file does not match its index's hash: download aborted", "source", source, "file", filename, "error", err.Error())
	case errors.As(err, &we), r.Context().Err() != nil:
		s.log.Debug("client went away", "source", source, "file", filename, "error", err.Error())
	default:
		s.log.Warn("upstream transfer failed: download aborted", "source", source, "file", filename, "error", err.Error())
	}
	panic(http.ErrAbortHandler)
}

// writeError is a failure to write to the client.
type writeError struct{ err error }

func (e *writeError) Error() string { return "writing to the client: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// stream copies r to w (and sink), holding the last chunk read back until
// r reports io.EOF, which a verifying reader does only once every hash
// has matched. On any other error nothing more is written and the error
// is returned: the client has at most all but the last chunk.
func stream(w io.Writer, r io.Reader, sink *cacheWriter) error {
	b1, b2 := chunkPool.Get().(*[]byte), chunkPool.Get().(*[]byte)
	defer chunkPool.Put(b1)
	defer chunkPool.Put(b2)
	cur, spare := *b1, *b2
	var pending []byte
	for {
		n, err := io.ReadFull(r, cur)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF // a short last chunk
		}
		if err != nil && err != io.EOF {
			return err
		}
		if n > 0 {
			if len(pending) > 0 {
				if _, werr := w.Write(pending); werr != nil {
					return &writeError{werr}
				}
				sink.write(pending)
			}
			pending = cur[:n]
			cur, spare = spare, cur
		}
		if err == io.EOF {
			if _, werr := w.Write(pending); werr != nil {
				return &writeError{werr}
			}
			sink.write(pending)
			return nil
		}
	}
}

// errCacheMismatch: a cached file no longer matches its name.
var errCacheMismatch = errors.New("cached file does not match its hash")

// File cache: <dir>/<alg>/<first two hex digits>/<hex digest>, each file
// named by its content's digest, written to a temporary file in <dir> and
// renamed into place only once the transfer from the source checked out,
// and checked again when a process first reads it (and whenever the file
// has changed since: see verifiedFiles). Replicas share the folder safely:
// renames are atomic, and two writers of the same file write the same
// bytes.

func prepareFileCache(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("file cache: %w", err)
	}
	return nil
}

func (s *server) cachePath(alg, digest string) (string, bool) {
	if len(digest) < 4 || strings.Trim(digest, "0123456789abcdef") != "" {
		return "", false
	}
	return filepath.Join(s.opt.FileCache, alg, digest[:2], digest), true
}

// sendCached serves target from the file cache when it is there, and
// reports whether it did (or tried: a corrupt entry aborts the download).
func (s *server) sendCached(w http.ResponseWriter, r *http.Request, target *simpleapi.File, alg, digest string) bool {
	p, ok := s.cachePath(alg, digest)
	if !ok {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("file cache", "file", target.Filename, "error", err.Error())
		}
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || (target.HasSize && fi.Size() != target.Size) {
		s.log.Warn("file cache: entry of the wrong size, removed", "file", target.Filename)
		_ = os.Remove(p)
		return false
	}
	if s.verified.known(p, fi) {
		// Checked by this process already, and the same file since.
		if _, err := io.Copy(w, f); err != nil {
			s.abort(r, "cache", target.Filename, &writeError{err})
		}
		return true
	}
	want, _ := hex.DecodeString(digest)
	vr := &checkReader{r: f, h: simpleapi.NewHash(alg), want: want}
	if err := stream(w, vr, nil); err != nil {
		if errors.Is(err, errCacheMismatch) {
			_ = os.Remove(p)
		}
		s.abort(r, "cache", target.Filename, err)
	}
	s.verified.add(p, fi)
	return true
}

// verifiedFiles remembers the cache entries this process has checked,
// with their identity (device and inode, size, modification time): an
// entry replaced or rewritten since is checked again. It is safe for
// concurrent use; the zero value is ready.
type verifiedFiles struct {
	mu sync.Mutex
	m  map[string]os.FileInfo
}

// maxVerified caps the entries remembered; beyond it they are forgotten
// (and checked again on their next read).
const maxVerified = 1 << 16

func (v *verifiedFiles) known(path string, fi os.FileInfo) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	old, ok := v.m[path]
	return ok && os.SameFile(old, fi) && old.Size() == fi.Size() && old.ModTime().Equal(fi.ModTime())
}

func (v *verifiedFiles) add(path string, fi os.FileInfo) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil || len(v.m) >= maxVerified {
		v.m = map[string]os.FileInfo{}
	}
	v.m[path] = fi
}

// checkReader hashes what it reads and, at the end, returns io.EOF only
// when the digest matches.
type checkReader struct {
	r    io.Reader
	h    hash.Hash
	want []byte
}

func (c *checkReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	if err == io.EOF && string(c.h.Sum(nil)) != string(c.want) {
		return n, errCacheMismatch
	}
	return n, err
}

// cacheWriter writes a file being streamed to a temporary file of the
// cache, best effort: a write error only stops the caching. A nil
// *cacheWriter does nothing.
type cacheWriter struct {
	f    *os.File
	dest string
	err  error
}

func (s *server) newCacheWriter(alg, digest string) *cacheWriter {
	dest, ok := s.cachePath(alg, digest)
	if !ok {
		return nil
	}
	f, err := os.CreateTemp(s.opt.FileCache, ".tmp-*")
	if err != nil {
		s.log.Warn("file cache", "error", err.Error())
		return nil
	}
	return &cacheWriter{f: f, dest: dest}
}

func (c *cacheWriter) write(b []byte) {
	if c == nil || c.err != nil {
		return
	}
	_, c.err = c.f.Write(b)
}

// commit moves the complete, verified file into place.
func (c *cacheWriter) commit() error {
	if c == nil {
		return nil
	}
	err := c.err
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.MkdirAll(filepath.Dir(c.dest), 0o700)
	}
	if err == nil {
		err = os.Rename(c.f.Name(), c.dest)
	}
	if err != nil {
		_ = os.Remove(c.f.Name())
	}
	return err
}

func (c *cacheWriter) discard() {
	if c == nil {
		return
	}
	_ = c.f.Close()
	_ = os.Remove(c.f.Name())
}
