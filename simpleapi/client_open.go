package simpleapi

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/internal/redact"
)

// DefaultMaxFileSize caps a distribution file read by [Client.Open] when
// the page gives no size (16 GiB; the largest wheels on PyPI are a few
// GiB).
const DefaultMaxFileSize = 16 << 30

var (
	// ErrHashMismatch means a file's content does not match a hash (or the
	// size) its index page gave for it.
	ErrHashMismatch = errors.New("file content does not match its hash")

	// ErrNoSecureHash means a file has no sha256, sha384 or sha512 hash
	// on its index page, so [Client.Open] cannot verify it.
	ErrNoSecureHash = errors.New("no sha256, sha384 or sha512 hash to verify the file")
)

// secureHashes are the hash algorithms a file can be verified with on its
// own, in order of preference (fragmentHashOrder starts with them).
var secureHashes = [...]string{"sha256", "sha384", "sha512"}

// SecureHashes returns the hash algorithms a file can be verified with
// on its own, in order of preference: sha256, sha384 and sha512, the
// ones pip's hash-checking mode accepts (its STRONG_HASHES). Open refuses
// a file without one of them, with ErrNoSecureHash.
func SecureHashes() []string { return slices.Clone(secureHashes[:]) }

// IsSecureHash reports whether alg is one of [SecureHashes].
func IsSecureHash(alg string) bool { return slices.Contains(secureHashes[:], alg) }

// BestHash returns the first of [SecureHashes] that hashes (a File's
// Hashes) gives a digest for, or "".
func BestHash(hashes map[string]string) string {
	for _, alg := range secureHashes {
		if hashes[alg] != "" {
			return alg
		}
	}
	return ""
}

// NewHash returns a new hash for one of the algorithm names PEP 503 allows
// in a URL fragment (md5, sha1, sha224, sha256, sha384, sha512), or nil
// for any other name.
func NewHash(alg string) hash.Hash {
	switch alg {
	case "sha256":
		return sha256.New()
	case "sha384":
		return sha512.New384()
	case "sha512":
		return sha512.New()
	case "sha224":
		return sha256.New224()
	case "sha1":
		return sha1.New()
	case "md5":
		return md5.New()
	}
	return nil
}

// Open fetches the distribution file f, listed on a page of the index at
// indexURL, and returns its content as a stream that checks every hash of
// f.Hashes it knows (sha256, sha384, sha512, sha224, sha1, md5) and, when
// the page gave one, the size. f must have a sha256, sha384 or sha512 hash
// ([ErrNoSecureHash] otherwise, before any request).
//
// The content is streamed, so bytes reach the caller before the check
// completes: the final Read returns an error matching [ErrHashMismatch]
// (or [ErrLimitExceeded] for a file larger than its stated size or
// [DefaultMaxFileSize]) instead of io.EOF. Callers must treat any error as
// a failed download, for example by writing to a temporary file that is
// renamed only when io.Copy returns nil. The caller must Close the stream.
//
// Credentials go with the request as for pages: the index URL's userinfo
// only when the file is on the index's own origin (scheme, host, port),
// netrc entries only to their host. A file of an https index is never
// fetched over http, and file:// URLs are only read for a file:// or
// directory index. The request is sent with Accept-Encoding: identity and
// retried like a page request until response headers arrive; the body has
// the idle timeout of [WithTimeouts] but no overall timeout (files can be
// large: bound it with ctx). Errors are [*IndexError]s; a 404 or 410
// matches [ErrNotFound].
func (c *Client) Open(ctx context.Context, indexURL string, f *File) (io.ReadCloser, error) {
	c.init()
	ix, err := parseIndex(indexURL)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(f.URL)
	redURL := redact.String(f.URL)
	fail := func(kind error, msg string, err error) *IndexError {
		return &IndexError{Index: ix.redacted, URL: redURL, Kind: kind, Msg: msg, Err: err}
	}
	if err != nil || !u.IsAbs() {
		return nil, fail(ErrBadResponse, "file URL is not absolute", nil)
	}
	v, ie := newVerifier(f)
	if ie != nil {
		ie.Index, ie.URL = ix.redacted, redURL
		return nil, ie
	}
	u.Fragment, u.RawFragment = "", ""
	switch {
	case u.Scheme == "file":
		if ix.base != nil {
			return nil, fail(ErrBadResponse, "file:// URL on a remote index page refused", nil)
		}
		p, err := fileURLPath(u)
		if err != nil {
			return nil, fail(ErrBadResponse, "bad file URL", err)
		}
		fh, err := os.Open(p)
		if err != nil {
			kind := ErrBadResponse
			if isNotExist(err) {
				kind = ErrNotFound
			}
			return nil, fail(kind, "cannot open the file", err)
		}
		v.body, v.close, v.url, v.ix = fh, fh.Close, redURL, ix.redacted
		return v, nil
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fail(ErrBadResponse, fmt.Sprintf("unsupported file URL scheme %q", u.Scheme), nil)
	case ix.base != nil && ix.base.Scheme == "https" && u.Scheme == "http":
		return nil, fail(ErrRedirect, "file of an https index served over http refused", nil)
	}
	if ix.base == nil {
		// A directory index: its own "origin" has no credentials.
		ix = &index{base: &url.URL{}, redacted: ix.redacted}
	}
	u.User = nil
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, &IndexError{Index: ix.redacted, URL: redURL, Attempts: attempt - 1, Msg: "request canceled", Err: context.Cause(ctx)}
		}
		rc, ae := c.openAttempt(ctx, ix, u, v)
		if ae == nil {
			return rc, nil
		}
		if !c.backoff(ctx, u, attempt, ae) {
			return nil, ae.ie
		}
	}
}

// openAttempt makes one request for a file and, on 200, returns the
// verifying stream over its body.
func (c *Client) openAttempt(ctx context.Context, ix *index, u *url.URL, v *verifier) (io.ReadCloser, *attemptError) {
	actx, cancel := context.WithCancelCause(ctx)
	x := &exchange{c: c, ix: ix, ctx: ctx, actx: actx, cancel: cancel, identity: true, cur: u}
	resp, ae := x.send()
	if ae != nil {
		cancel(nil)
		return nil, ae
	}
	st := resp.StatusCode
	switch {
	case st == http.StatusOK:
	case st == http.StatusNotFound || st == http.StatusGone:
		drain(resp.Body)
		cancel(nil)
		return nil, x.fail(st, ErrNotFound, false, "the file is not there", nil)
	default:
		ae := x.statusFailure(resp)
		drain(resp.Body)
		cancel(nil)
		return nil, ae
	}
	if v.size >= 0 && resp.ContentLength >= 0 && resp.ContentLength != v.size {
		drain(resp.Body)
		cancel(nil)
		return nil, x.fail(st, ErrHashMismatch, false, fmt.Sprintf("Content-Length %d, but the index says the file has %d bytes", resp.ContentLength, v.size), nil)
	}
	w := *v // each attempt starts from fresh hash states
	w.reset()
	w.body = resp.Body // under the idle timeout (see exchange.idleBody)
	w.close = func() error {
		cancel(nil)
		return resp.Body.Close()
	}
	w.x, w.url, w.ix = x, redact.URL(x.cur), ix.redacted
	return &w, nil
}

// verifier is the stream Open returns: it hashes what it passes on and
// checks size and hashes at the end.
type verifier struct {
	body  io.Reader
	close func() error
	x     *exchange // nil for local files
	url   string    // redacted, for errors
	ix    string

	algs   []string
	want   [][]byte
	hashes []hash.Hash
	size   int64 // expected, or -1
	limit  int64
	n      int64
	err    error // sticky
}

func newVerifier(f *File) (*verifier, *IndexError) {
	v := &verifier{size: -1, limit: DefaultMaxFileSize}
	if f.HasSize {
		if f.Size < 0 {
			return nil, &IndexError{Kind: ErrBadResponse, Msg: fmt.Sprintf("negative file size %d", f.Size)}
		}
		v.size, v.limit = f.Size, f.Size
	}
	strong := false
	algs := make([]string, 0, len(f.Hashes))
	for alg := range f.Hashes {
		algs = append(algs, alg)
	}
	slices.Sort(algs)
	for _, alg := range algs {
		h := NewHash(alg)
		if h == nil {
			continue // an algorithm we cannot check
		}
		want, err := hex.DecodeString(f.Hashes[alg])
		if err != nil || len(want) != h.Size() {
			return nil, &IndexError{Kind: ErrBadResponse, Msg: fmt.Sprintf("malformed %s digest for %s", alg, quoteClean(f.Filename))}
		}
		strong = strong || IsSecureHash(alg)
		v.algs = append(v.algs, alg)
		v.want = append(v.want, want)
		v.hashes = append(v.hashes, h)
	}
	if !strong {
		return nil, &IndexError{Kind: ErrNoSecureHash, Msg: "cannot verify " + quoteClean(f.Filename)}
	}
	return v, nil
}

// reset gives v fresh hash states (a copy of v must not share them).
func (v *verifier) reset() {
	v.hashes = make([]hash.Hash, len(v.algs))
	for i, alg := range v.algs {
		v.hashes[i] = NewHash(alg)
	}
	v.n, v.err = 0, nil
}

func (v *verifier) failure(kind error, msg string, err error) error {
	ie := &IndexError{Index: v.ix, URL: v.url, Kind: kind, Msg: msg, Err: err}
	if v.x != nil {
		ie.Err = nil
		if err != nil {
			ae := v.x.readFailure(http.StatusOK, err)
			ie = ae.ie
			ie.Msg = msg + ": " + ie.Msg
		}
	}
	return ie
}

// Read implements io.Reader.
func (v *verifier) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	// Never read past the limit by more than one byte.
	if rem := v.limit - v.n + 1; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := v.body.Read(p)
	for _, h := range v.hashes {
		h.Write(p[:n])
	}
	v.n += int64(n)
	if v.n > v.limit {
		msg := fmt.Sprintf("file larger than %d bytes", v.limit)
		kind := ErrLimitExceeded
		if v.size >= 0 {
			msg, kind = fmt.Sprintf("file larger than the %d bytes the index states", v.size), ErrHashMismatch
		}
		v.err = v.failure(kind, msg, nil)
		return n, v.err
	}
	switch {
	case err == io.EOF:
		v.err = v.check()
		if v.err == nil {
			v.err = io.EOF
		}
		return n, v.err
	case err != nil:
		v.err = v.failure(ErrNetwork, "reading the file failed", err)
		return n, v.err
	}
	return n, nil
}

// check compares size and digests once the whole file is read.
func (v *verifier) check() error {
	if v.size >= 0 && v.n != v.size {
		return v.failure(ErrHashMismatch, fmt.Sprintf("file has %d bytes, the index says %d", v.n, v.size), nil)
	}
	var bad []string
	for i, h := range v.hashes {
		if subtle.ConstantTimeCompare(h.Sum(nil), v.want[i]) != 1 {
			bad = append(bad, fmt.Sprintf("%s %x, want %x", v.algs[i], h.Sum(nil), v.want[i]))
		}
	}
	if bad != nil {
		return v.failure(ErrHashMismatch, strings.Join(bad, "; "), nil)
	}
	return nil
}

// Close implements io.Closer.
func (v *verifier) Close() error {
	if v.close == nil {
		return nil
	}
	err := v.close()
	v.close = nil
	return err
}
