package simpleapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/safeindex/safeindex/internal/redact"
)

// pageKind says which kind of page a request is for.
type pageKind uint8

const (
	kindProject pageKind = 1
	kindRoot    pageKind = 2
)

// pageResult is a parsed page.
type pageResult struct {
	project *ProjectPage
	root    *RootPage
}

// creds are basic-auth credentials for one request. String never shows
// the password.
type creds struct {
	user, pass string
	source     string // "url" or "netrc", for logs
}

func (c creds) String() string { return "creds{" + c.source + "}" }

// secrets returns the strings that must never appear in an error or a log
// line: the password and the encoded Authorization value.
func (c *creds) secrets() []string {
	if c == nil {
		return nil
	}
	var s []string
	if c.pass != "" {
		s = append(s, c.pass)
	}
	if c.user != "" && c.pass == "" {
		s = append(s, c.user) // a token used as the user name
	}
	s = append(s, base64.StdEncoding.EncodeToString([]byte(c.user+":"+c.pass)))
	return s
}

// scrub masks every secret in s.
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 3 {
			s = strings.ReplaceAll(s, sec, redact.Mask)
		}
	}
	return redact.Text(s)
}

// loadNetrc returns the netrc in use, reading the default file on first
// use.
func (c *Client) loadNetrc() *Netrc {
	if c.cfg.netrcSet {
		return c.cfg.netrc
	}
	c.netrcMu.Lock()
	defer c.netrcMu.Unlock()
	if !c.loaded {
		c.loaded = true
		if p := DefaultNetrcPath(); p != "" {
			n, err := ReadNetrcFile(p)
			switch {
			case err == nil:
				c.netrc = n
			case isNotExist(err):
				// No netrc file: the common case.
			default:
				c.log.Warn("simpleapi: ignoring netrc file", "error", err.Error())
			}
		}
	}
	return c.netrc
}

// credsFor returns the credentials to send to u, a hop of a request to
// index ix, or nil. URL userinfo is sent only to the index's own origin;
// a netrc machine entry only to its host; the netrc default entry only to
// the index's own origin.
func (c *Client) credsFor(ix *index, u *url.URL) *creds {
	own := sameOrigin(ix.base, u) || httpsUpgrade(ix.base, u)
	if own && ix.user != nil {
		p, _ := ix.user.Password()
		return &creds{user: ix.user.Username(), pass: p, source: "url"}
	}
	n := c.loadNetrc()
	if n == nil {
		return nil
	}
	m, ok := n.Lookup(u.Hostname())
	if !ok || (m.Default && !own) || (m.Login == "" && m.Password == "") {
		return nil
	}
	return &creds{user: m.Login, pass: m.Password, source: "netrc"}
}

// sameOrigin reports whether a and b have the same scheme, host and port
// (default ports made explicit).
func sameOrigin(a, b *url.URL) bool {
	if a == nil || b == nil {
		return false
	}
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

// httpsUpgrade reports whether b is the https form of the http URL a on
// the same host, both on default ports: the redirect servers send to move
// a client to TLS, after which the index's credentials still belong.
func httpsUpgrade(a, b *url.URL) bool {
	return a != nil && b != nil && a.Scheme == "http" && b.Scheme == "https" &&
		strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == "80" && portOf(b) == "443"
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validators are the conditional-request headers from a cached entry.
type validators struct {
	etag, lastModified string
}

// fetched is a final response: its status, headers and (for 200) body.
type fetched struct {
	status   int
	header   http.Header
	body     []byte
	final    *url.URL // URL after redirects
	crossed  bool     // a redirect left the index's origin
	ctype    string
	reqTime  time.Time
	respTime time.Time
	attempts int
}

// attemptError is a failed attempt: the IndexError to report and whether
// a retry may help.
type attemptError struct {
	ie         *IndexError
	retry      bool
	retryAfter time.Duration // from Retry-After; 0 if none
	hasAfter   bool
}

// get fetches u with retries. It returns a response with status 200 (body
// read and checked against the limit and the content type), 304 (only
// when cond is set), 404 or 410; anything else is an error.
func (c *Client) get(ctx context.Context, ix *index, project string, u *url.URL, cond *validators) (*fetched, error) {
	var last *attemptError
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			ie := &IndexError{Index: ix.redacted, Project: project, URL: redact.URL(u), Attempts: attempt - 1, Msg: "request canceled", Err: context.Cause(ctx)}
			if last != nil {
				ie.Msg = "request canceled while waiting to retry (last failure: " + last.ie.msgForRetry() + ")"
			}
			return nil, ie
		}
		f, ae := c.attempt(ctx, ix, project, u, cond)
		if ae == nil {
			f.attempts = attempt
			return f, nil
		}
		last = ae
		if !c.backoff(ctx, u, attempt, ae) {
			return nil, ae.ie
		}
	}
}

// backoff decides whether a failed attempt is retried and waits before
// the retry. It returns false, with ae.ie completed, when not to retry.
func (c *Client) backoff(ctx context.Context, u *url.URL, attempt int, ae *attemptError) bool {
	ae.ie.Attempts = attempt
	if !ae.retry || attempt >= c.cfg.maxAttempts {
		return false
	}
	var wait time.Duration
	if ae.hasAfter {
		if ae.retryAfter > c.cfg.maxRetryAfter {
			ae.ie.Msg += fmt.Sprintf(" (Retry-After %v exceeds the %v limit; not retrying)", ae.retryAfter, c.cfg.maxRetryAfter)
			return false
		}
		wait = ae.retryAfter
	} else {
		d := c.cfg.retryBase << (attempt - 1)
		if d <= 0 || d > c.cfg.retryMax {
			d = c.cfg.retryMax
		}
		wait = jitter(d)
	}
	c.log.Warn("simpleapi: retrying", "url", redact.URL(u), "attempt", attempt, "wait", wait, "error", ae.ie.Error())
	if err := c.cfg.sleep(ctx, wait); err != nil {
		ae.ie.Msg += " (canceled while waiting to retry)"
		return false
	}
	return true
}

func (e *IndexError) msgForRetry() string {
	if e.Status != 0 {
		return "HTTP " + strconv.Itoa(e.Status) + ": " + e.Msg
	}
	return e.Msg
}

// redirectStatus reports whether code is a redirect the client follows.
func redirectStatus(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// exchange is one attempt at a request: its contexts, the hop it is at,
// and the secrets its error text must not show.
type exchange struct {
	c        *Client
	ix       *index
	project  string
	ctx      context.Context         // the caller's
	actx     context.Context         // this attempt's
	cancel   context.CancelCauseFunc // cancels actx with a cause
	accept   string
	identity bool // ask for the body as stored (files)
	cond     *validators
	cur      *url.URL
	crossed  bool // a redirect left the index's origin
	secrets  []string
}

func (x *exchange) fail(status int, kind error, retry bool, msg string, err error) *attemptError {
	if err != nil {
		err = scrubbedError(err, x.secrets)
	}
	return &attemptError{ie: &IndexError{Index: x.ix.redacted, Project: x.project, URL: redact.URL(x.cur), Status: status, Kind: kind, Msg: scrub(msg, x.secrets), Err: err}, retry: retry}
}

// attempt makes one request, following redirects, and reads the body.
func (c *Client) attempt(ctx context.Context, ix *index, project string, start *url.URL, cond *validators) (*fetched, *attemptError) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	reqTimeout := fmt.Errorf("%w: request not complete after %v", ErrTimeout, c.cfg.requestTimeout)
	actx, cancelT := context.WithTimeoutCause(actx, c.cfg.requestTimeout, reqTimeout)
	defer cancelT()
	x := &exchange{c: c, ix: ix, project: project, ctx: ctx, actx: actx, cancel: cancel, accept: Accept, cond: cond, cur: start}
	reqTime := c.cfg.now()
	resp, ae := x.send()
	if ae != nil {
		return nil, ae
	}
	f, ae := c.finish(x, resp)
	if ae != nil {
		return nil, ae
	}
	f.final, f.crossed, f.reqTime = x.cur, x.crossed, reqTime
	return f, nil
}

// send makes the request at x.cur and follows redirects, deciding at each
// hop which credentials may go there. It returns the first response that
// is not a redirect, with its body open.
func (x *exchange) send() (*http.Response, *attemptError) {
	c := x.c
	seen := map[string]bool{x.cur.String(): true}
	for hop := 0; ; hop++ {
		cur := x.cur
		req, err := http.NewRequestWithContext(x.actx, http.MethodGet, cur.String(), nil)
		if err != nil {
			return nil, x.fail(0, ErrBadResponse, false, "cannot build request", err)
		}
		x.secrets = append(x.secrets, redact.Secrets(cur)...)
		if x.accept != "" {
			req.Header.Set("Accept", x.accept)
		}
		if x.identity {
			// The bytes as stored: no transparent decompression, which
			// would break hashes (a .tar.gz served with
			// Content-Encoding: gzip).
			req.Header.Set("Accept-Encoding", "identity")
		}
		req.Header.Set("User-Agent", c.ua)
		if x.cond != nil {
			if x.cond.etag != "" {
				req.Header.Set("If-None-Match", x.cond.etag)
			}
			if x.cond.lastModified != "" {
				req.Header.Set("If-Modified-Since", x.cond.lastModified)
			}
		}
		if cr := c.credsFor(x.ix, cur); cr != nil {
			x.secrets = append(x.secrets, cr.secrets()...)
			req.SetBasicAuth(cr.user, cr.pass)
			if cur.Scheme == "http" && !isLoopback(cur.Hostname()) {
				c.log.Warn("simpleapi: sending credentials over plain http", "url", redact.URL(cur), "source", cr.source)
			}
		}
		headerTimeout := fmt.Errorf("%w: no response headers after %v", ErrTimeout, c.cfg.headerTimeout)
		ht := time.AfterFunc(c.cfg.headerTimeout, func() { x.cancel(headerTimeout) })
		resp, err := c.hc.Do(req)
		ht.Stop()
		if err != nil {
			return nil, x.transportFailure(err)
		}
		resp.Body = x.idleBody(resp.Body)
		c.log.Debug("simpleapi: GET", "url", redact.URL(cur), "status", resp.StatusCode, "hop", hop)
		if !redirectStatus(resp.StatusCode) {
			return resp, nil
		}
		loc := resp.Header.Get("Location")
		drain(resp.Body)
		if loc == "" {
			return nil, x.fail(resp.StatusCode, ErrBadResponse, false, "redirect without a Location header", nil)
		}
		next, err := cur.Parse(loc)
		if err != nil {
			return nil, x.fail(resp.StatusCode, ErrRedirect, false, "unparseable redirect Location", errors.New(redact.Text(err.Error())))
		}
		next.User = nil // never take credentials from a server
		next.Fragment, next.RawFragment = "", ""
		switch {
		case next.Scheme != "http" && next.Scheme != "https":
			return nil, x.fail(resp.StatusCode, ErrRedirect, false, fmt.Sprintf("redirect to unsupported scheme %q", next.Scheme), nil)
		case cur.Scheme == "https" && next.Scheme == "http":
			return nil, x.fail(resp.StatusCode, ErrRedirect, false, "redirect from https to http refused: "+redact.URL(next), nil)
		case next.Host == "":
			return nil, x.fail(resp.StatusCode, ErrRedirect, false, "redirect to a URL without host", nil)
		case hop+1 > c.cfg.maxRedirects:
			return nil, x.fail(resp.StatusCode, ErrRedirect, false, fmt.Sprintf("more than %d redirects", max(c.cfg.maxRedirects, 0)), nil)
		case seen[next.String()]:
			return nil, x.fail(resp.StatusCode, ErrRedirect, false, "redirect loop back to "+redact.URL(next), nil)
		}
		seen[next.String()] = true
		if !sameOrigin(x.ix.base, next) {
			x.crossed = true
		}
		c.log.Debug("simpleapi: redirect", "from", redact.URL(cur), "to", redact.URL(next), "status", resp.StatusCode)
		x.cur = next
	}
}

// transportFailure classifies an error from http.Client.Do or a body read.
func (x *exchange) transportFailure(err error) *attemptError {
	fail := x.fail
	if x.ctx.Err() != nil {
		// The caller's context: never retried.
		return fail(0, nil, false, "request canceled", context.Cause(x.ctx))
	}
	if cause := context.Cause(x.actx); cause != nil && errors.Is(cause, ErrTimeout) {
		return fail(0, ErrTimeout, true, cause.Error(), nil) // err only repeats the cause and the URL
	}
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return fail(0, ErrTimeout, true, "network timeout", err)
	}
	if permanentTLS(err) {
		return fail(0, ErrBadResponse, false, "TLS failure", err)
	}
	return fail(0, ErrNetwork, true, "connection failed", err)
}

// permanentTLS reports certificate and protocol errors, which a retry
// cannot fix.
func permanentTLS(err error) bool {
	var (
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		he  x509.HostnameError
		ci  x509.CertificateInvalidError
		rh  tls.RecordHeaderError
		ale tls.AlertError
	)
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) ||
		errors.As(err, &ci) || errors.As(err, &rh) || errors.As(err, &ale)
}

// statusFailure is the error for a response status that is neither 200
// nor an expected 304, 404 or 410.
func (x *exchange) statusFailure(resp *http.Response) *attemptError {
	st := resp.StatusCode
	switch {
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		return x.fail(st, ErrUnauthorized, false, "access refused"+serverSays(resp), nil)
	case st == http.StatusTooManyRequests || st >= 500 && st <= 599:
		msg := "server error"
		if st == http.StatusTooManyRequests {
			msg = "rate limited"
		}
		ae := x.fail(st, ErrBadResponse, true, msg+serverSays(resp), nil)
		ae.retryAfter, ae.hasAfter = parseRetryAfter(resp.Header.Get("Retry-After"), x.c.cfg.now())
		return ae
	}
	return x.fail(st, ErrBadResponse, false, "unexpected status"+serverSays(resp), nil)
}

// finish handles a non-redirect response to a page request.
func (c *Client) finish(x *exchange, resp *http.Response) (*fetched, *attemptError) {
	defer resp.Body.Close()
	fail := x.fail
	st := resp.StatusCode
	f := &fetched{status: st, header: resp.Header, respTime: c.cfg.now()}
	switch {
	case st == http.StatusOK:
	case st == http.StatusNotModified && x.cond != nil,
		st == http.StatusNotFound || st == http.StatusGone:
		drain(resp.Body)
		return f, nil
	default:
		return nil, x.statusFailure(resp)
	}
	ct := resp.Header.Get("Content-Type")
	if _, err := FormatOf(ct); err != nil {
		kind := ErrUnsupportedContentType
		if errors.Is(err, ErrUnsupportedAPIVersion) {
			kind = ErrUnsupportedAPIVersion
		}
		return nil, fail(st, kind, false, "not a Simple API response (a login page or captive portal?)", err)
	}
	f.ctype = ct
	if resp.ContentLength > c.cfg.maxPageSize {
		return nil, fail(st, ErrLimitExceeded, false, fmt.Sprintf("page of %d bytes exceeds the %d-byte limit", resp.ContentLength, c.cfg.maxPageSize), nil)
	}
	var r io.Reader = resp.Body
	if !resp.Uncompressed {
		switch ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); ce {
		case "", "identity":
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				return nil, x.readFailure(st, err)
			}
			defer zr.Close()
			r = zr
		default:
			return nil, fail(st, ErrBadResponse, false, fmt.Sprintf("unsupported Content-Encoding %q", redact.Text(ce)), nil)
		}
	}
	hint := resp.ContentLength
	if !resp.Uncompressed && resp.Header.Get("Content-Encoding") != "" {
		hint = -1
	}
	body, err := readLimited(r, c.cfg.maxPageSize, hint)
	if err != nil {
		if errors.Is(err, ErrLimitExceeded) {
			return nil, fail(st, ErrLimitExceeded, false, fmt.Sprintf("page exceeds the %d-byte limit (after decompression)", c.cfg.maxPageSize), nil)
		}
		return nil, x.readFailure(st, err)
	}
	f.body = body
	f.respTime = c.cfg.now()
	return f, nil
}

// readFailure classifies an error while reading a body: a reset or a
// timeout is retried, a corrupt gzip stream is not.
func (x *exchange) readFailure(st int, err error) *attemptError {
	fail := x.fail
	if x.ctx.Err() != nil {
		return fail(st, nil, false, "request canceled while reading the body", context.Cause(x.ctx))
	}
	if cause := context.Cause(x.actx); cause != nil && errors.Is(cause, ErrTimeout) {
		return fail(st, ErrTimeout, true, cause.Error(), nil) // err only repeats the cause
	}
	if errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) {
		return fail(st, ErrBadResponse, false, "corrupt gzip body", err)
	}
	return fail(st, ErrNetwork, true, "reading the body failed", err)
}

// idleBody wraps a response body so that every read of it, from the
// moment the headers arrive, is under the body idle timeout: the page or
// file, and also the error and redirect bodies that drain and serverSays
// read. When no data comes for the timeout the exchange is canceled.
func (x *exchange) idleBody(body io.ReadCloser) io.ReadCloser {
	d := x.c.cfg.bodyIdleTimeout
	idle := fmt.Errorf("%w: no data for %v while reading the body", ErrTimeout, d)
	return &progressReader{r: body, t: time.AfterFunc(d, func() { x.cancel(idle) }), d: d}
}

// progressReader pushes an idle timer back on every read that makes
// progress, and stops it on Close.
type progressReader struct {
	r io.ReadCloser
	t *time.Timer
	d time.Duration
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.t.Reset(p.d)
	}
	return n, err
}

func (p *progressReader) Close() error {
	p.t.Stop()
	return p.r.Close()
}

// readLimited reads all of r, failing with ErrLimitExceeded rather than
// returning more than limit bytes. hint, when positive, presizes the
// buffer.
func readLimited(r io.Reader, limit, hint int64) ([]byte, error) {
	size := int64(64 << 10)
	if hint > 0 && hint <= limit {
		size = hint + 1
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, ErrLimitExceeded
	}
	return buf.Bytes(), nil
}

// drain reads a little of an unwanted body so the connection can be
// reused, and closes it.
func drain(rc io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, rc, 64<<10)
	_ = rc.Close()
}

// serverSays returns a short, cleaned excerpt of a plain-text or JSON
// error body, prefixed with ": server says ", or "".
func serverSays(resp *http.Response) string {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "text/plain" && mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	var out strings.Builder
	space := false
	for _, r := range string(b) {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			space = true
			continue
		case r < 0x20 || r == 0x7f || r == 0xfffd:
			continue
		}
		if space && out.Len() > 0 {
			out.WriteByte(' ')
		}
		space = false
		out.WriteRune(r)
		if out.Len() >= 200 {
			out.WriteString("…")
			break
		}
	}
	if out.Len() == 0 {
		return ""
	}
	return fmt.Sprintf(": server says %q", out.String())
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP
// date (RFC 9110 section 10.2.3).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// scrubbedError returns err unchanged when its text holds no secret and
// no unredacted URL, or else an error with cleaned text that still
// unwraps to err's own cause chain where it is safe to keep.
func scrubbedError(err error, secrets []string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		// url.Error text includes the full URL (query string too).
		clean := &url.Error{Op: ue.Op, URL: redact.String(ue.URL), Err: ue.Err}
		if scrub(clean.Error(), secrets) == clean.Error() {
			return clean
		}
		return &cleanError{msg: scrub(clean.Error(), secrets), err: ue.Err}
	}
	if s := scrub(err.Error(), secrets); s != err.Error() {
		return &cleanError{msg: s, err: errors.Unwrap(err)}
	}
	return err
}

// cleanError is an error whose text was scrubbed of secrets.
type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
