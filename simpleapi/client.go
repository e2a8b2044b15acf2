package simpleapi

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/safeindex/safeindex/internal/redact"
)

// Accept is the Accept header the [Client] sends for index pages: the
// PEP 691 recommended header, JSON preferred, HTML accepted, and text/html
// at the lowest preference so that a captive portal's page is less likely
// to be served in place of a Simple API page.
const Accept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

// Client defaults. Each can be changed with the [ClientOption] of the same
// name.
const (
	// DefaultMaxPageSize caps an index page, after decompression.
	DefaultMaxPageSize = 64 << 20
	// DefaultRequestTimeout caps one HTTP attempt, from sending the
	// request to the last byte of the body.
	DefaultRequestTimeout = 2 * time.Minute
	// DefaultHeaderTimeout caps the wait for response headers.
	DefaultHeaderTimeout = 30 * time.Second
	// DefaultBodyIdleTimeout caps the time without progress while reading
	// a body.
	DefaultBodyIdleTimeout = 30 * time.Second
	// DefaultMaxAttempts is the number of attempts (the first request and
	// its retries) for a retryable failure.
	DefaultMaxAttempts = 4
	// DefaultRetryBaseDelay and DefaultRetryMaxDelay bound the jittered
	// exponential backoff between attempts.
	DefaultRetryBaseDelay = 250 * time.Millisecond
	DefaultRetryMaxDelay  = 10 * time.Second
	// DefaultMaxRetryAfter is the longest Retry-After the client waits
	// for; a server asking for more makes the request fail at once.
	DefaultMaxRetryAfter = 60 * time.Second
	// DefaultMaxRedirects caps the redirects followed for one request.
	DefaultMaxRedirects = 10
)

// Sentinel errors of the [Client]. Every error from a Client method is an
// [*IndexError]; these say what kind of failure it is.
var (
	// ErrNotFound means the index does not have the project: it answered
	// 404 or 410, or a directory index has no directory for it. It also
	// matches [fs.ErrNotExist]. No other failure matches either, so a
	// resolver may treat this, and only this, as "absent here".
	ErrNotFound = fmt.Errorf("project not found on index: %w", fs.ErrNotExist)

	// ErrUnauthorized means the index refused the request with 401 or
	// 403: the credentials are missing, wrong, or lack access. It is not
	// [ErrNotFound]: a locked private index must not look empty.
	ErrUnauthorized = errors.New("index refused access (missing or rejected credentials)")

	// ErrNotCached means the client is offline ([WithOffline]) and the
	// cache holds no answer for the request.
	ErrNotCached = errors.New("offline and not in the cache")

	// ErrTimeout means a timeout of the client expired: no response
	// headers, no body progress, or the whole request took too long.
	ErrTimeout = errors.New("timeout")

	// ErrRedirect means a redirect was refused: too many, a loop, a
	// downgrade from https to http, or an unusable Location.
	ErrRedirect = errors.New("redirect refused")

	// ErrInvalidIndex means the index location itself is unusable: an
	// unsupported scheme, no host, or a directory that does not exist.
	ErrInvalidIndex = errors.New("invalid index location")

	// ErrNetwork means the connection failed or broke (refused, reset,
	// closed mid-body) on every attempt.
	ErrNetwork = errors.New("network failure")

	// ErrBadResponse means the index answered with something that is not
	// a Simple API page: an unexpected status, a missing body encoding,
	// a page for another project, or a page that looks like a login or
	// captive portal.
	ErrBadResponse = errors.New("unexpected response from index")
)

// IndexError is the error of every [Client] method. It says which index,
// which project and what went wrong, with every URL redacted (see package
// internal/redact) and no credential anywhere in its text or fields.
//
// It matches, with [errors.Is], one kind: [ErrNotFound] (only for 404,
// 410 or a missing project directory), or one of [ErrUnauthorized],
// [ErrNotCached], [ErrTimeout], [ErrRedirect], [ErrNetwork],
// [ErrInvalidIndex], [ErrBadResponse],
// [ErrLimitExceeded], [ErrUnsupportedContentType],
// [ErrUnsupportedAPIVersion], [ErrInvalidPage] (through a [*ParseError]),
// [ErrInvalidName], and for [Client.Open] [ErrHashMismatch] or
// [ErrNoSecureHash]; a canceled request matches the context's error; and
// it unwraps to the underlying cause (a [*ParseError], a [*url.Error], a
// [context] error...). Only the [ErrNotFound] kind matches
// [fs.ErrNotExist].
type IndexError struct {
	// Index is the index base URL, redacted.
	Index string
	// Project is the normalized project name; empty for the root page.
	Project string
	// URL is the URL of the last request made, redacted; it differs from
	// the page URL after a redirect.
	URL string
	// Status is the HTTP status of the last response, 0 if there was none.
	Status int
	// Attempts is the number of HTTP attempts made (0 for cache and file
	// answers).
	Attempts int
	// Msg says what went wrong, in words.
	Msg string
	// Kind is the sentinel this error matches (see the type comment);
	// nil when the cause alone classifies it.
	Kind error
	// Err is the cause, if any.
	Err error
}

// Error implements error. For example:
//
//	simpleapi: index https://alice:xxxxx@pkgs.example/simple/ project "foo": GET https://pkgs.example/simple/foo/: HTTP 503 after 4 attempts: server error
func (e *IndexError) Error() string {
	var b strings.Builder
	b.WriteString("simpleapi: index ")
	b.WriteString(e.Index)
	if e.Project != "" {
		fmt.Fprintf(&b, " project %q", e.Project)
	}
	if e.URL != "" {
		b.WriteString(": GET ")
		b.WriteString(e.URL)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(redact.Text(e.Err.Error()))
	}
	return b.String()
}

// Unwrap returns the kind and the cause. A cause that matches
// [fs.ErrNotExist] (a missing file of a directory index, say) is left out
// unless the kind is [ErrNotFound], so that only a missing project can
// ever read as "absent".
func (e *IndexError) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil && (errors.Is(e.Kind, ErrNotFound) || !errors.Is(e.Err, fs.ErrNotExist)) {
		errs = append(errs, e.Err)
	}
	return errs
}

// NotFound reports whether the error says the project is absent from the
// index (it matches [ErrNotFound]).
func (e *IndexError) NotFound() bool { return errors.Is(e.Kind, ErrNotFound) }

// A ClientOption configures a [Client] built by [NewClient]. Options that
// can be wrong return an error from NewClient.
type ClientOption func(*clientConfig) error

type clientConfig struct {
	httpClient      *http.Client
	logger          *slog.Logger
	userAgent       string
	cache           *Cache
	offline         bool
	netrc           *Netrc
	netrcSet        bool
	parser          Parser
	maxPageSize     int64
	requestTimeout  time.Duration
	headerTimeout   time.Duration
	bodyIdleTimeout time.Duration
	maxAttempts     int
	retryBase       time.Duration
	retryMax        time.Duration
	maxRetryAfter   time.Duration
	maxRedirects    int
	now             func() time.Time
	sleep           func(context.Context, time.Duration) error
}

// WithHTTPClient makes the client send its requests through hc (default: a
// client of its own with the timeouts above and TLS 1.2 or later). hc is
// not modified: the Client uses a shallow copy whose CheckRedirect stops at
// every redirect, since it follows redirects itself to decide, hop by hop,
// where credentials may go. hc's Transport and Jar are used as they are.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *clientConfig) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithLogger sends the client's log lines (at Debug: each request; at
// Warn: retries, corrupt cache entries, credentials over plain http) to l.
// Default: no logging. URLs in log lines are redacted.
func WithLogger(l *slog.Logger) ClientOption {
	return func(c *clientConfig) error { c.logger = l; return nil }
}

// WithUserAgent sets the User-Agent header (default
// "safeindex/<version> (+https://github.com/safeindex/safeindex)").
func WithUserAgent(ua string) ClientOption {
	return func(c *clientConfig) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n\x00") {
			return fmt.Errorf("WithUserAgent: invalid user agent %q", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithCache stores and revalidates HTTP index pages in cache (default: no
// cache); see [Cache] for keys, freshness and sharing. File and directory
// indexes are never cached. Several Clients, in one process or several,
// may share a Cache folder.
func WithCache(cache *Cache) ClientOption {
	return func(c *clientConfig) error {
		if cache == nil {
			return errors.New("WithCache: nil *Cache")
		}
		c.cache = cache
		return nil
	}
}

// WithOffline answers only from the cache, fresh or stale, and never uses
// the network; a request the cache cannot answer fails with an error
// matching [ErrNotCached]. It needs [WithCache]. File and directory
// indexes still work.
func WithOffline() ClientOption {
	return func(c *clientConfig) error { c.offline = true; return nil }
}

// WithNetrc takes credentials from n instead of the default netrc file
// ($NETRC or ~/.netrc, see [DefaultNetrcPath]); a nil n disables netrc.
func WithNetrc(n *Netrc) ClientOption {
	return func(c *clientConfig) error { c.netrc = n; c.netrcSet = true; return nil }
}

// WithNetrcFile reads credentials from the netrc file at path; a file that
// does not parse is an error of [NewClient]. (The default file, by
// contrast, is read on first use and ignored, with a warning logged, when
// it is missing or does not parse.)
func WithNetrcFile(path string) ClientOption {
	return func(c *clientConfig) error {
		n, err := ReadNetrcFile(path)
		if err != nil {
			return err
		}
		c.netrc = n
		c.netrcSet = true
		return nil
	}
}

// WithParser parses pages with p, for its [Limits] (default: the zero
// Parser, with default limits).
func WithParser(p Parser) ClientOption {
	return func(c *clientConfig) error { c.parser = p; return nil }
}

// WithMaxPageSize caps the size of an index page in bytes, counted after
// decompression (default [DefaultMaxPageSize]). A larger page fails with
// an error matching [ErrLimitExceeded]; it is never truncated.
func WithMaxPageSize(n int64) ClientOption {
	return func(c *clientConfig) error {
		if n <= 0 {
			return fmt.Errorf("WithMaxPageSize: %d is not positive", n)
		}
		c.maxPageSize = n
		return nil
	}
}

// WithTimeouts sets the timeouts of each HTTP attempt: request caps the
// whole attempt including the body (default [DefaultRequestTimeout]),
// header the wait for response headers (default [DefaultHeaderTimeout]),
// bodyIdle the time without progress while reading the body (default
// [DefaultBodyIdleTimeout]). A zero value keeps the default; a negative
// one is an error. They apply whatever http.Client is used, on top of its
// own timeouts. The caller's context bounds everything, retries included.
func WithTimeouts(request, header, bodyIdle time.Duration) ClientOption {
	return func(c *clientConfig) error {
		if request < 0 || header < 0 || bodyIdle < 0 {
			return errors.New("WithTimeouts: negative timeout")
		}
		c.requestTimeout, c.headerTimeout, c.bodyIdleTimeout = request, header, bodyIdle
		return nil
	}
}

// WithRetries sets the retry policy for connection errors, timeouts, 5xx
// and 429 responses: at most maxAttempts attempts in all (default
// [DefaultMaxAttempts]; 1 disables retries), waiting a random duration in
// [0, min(maxDelay, baseDelay·2ⁿ)] before retry n+1 ("full jitter"), or
// what a Retry-After header asks for, when it is no more than
// maxRetryAfter (default [DefaultMaxRetryAfter]; a longer wait fails the
// request at once). Zero values keep the defaults. Other 4xx responses are
// never retried, and nothing is retried once the context is done.
func WithRetries(maxAttempts int, baseDelay, maxDelay, maxRetryAfter time.Duration) ClientOption {
	return func(c *clientConfig) error {
		if maxAttempts < 0 || baseDelay < 0 || maxDelay < 0 || maxRetryAfter < 0 {
			return errors.New("WithRetries: negative value")
		}
		if maxAttempts > 100 {
			return fmt.Errorf("WithRetries: %d attempts is unreasonable (max 100)", maxAttempts)
		}
		c.maxAttempts, c.retryBase, c.retryMax, c.maxRetryAfter = maxAttempts, baseDelay, maxDelay, maxRetryAfter
		return nil
	}
}

// WithMaxRedirects caps the redirects followed for one request (default
// [DefaultMaxRedirects]; 0 keeps the default, negative refuses every
// redirect).
func WithMaxRedirects(n int) ClientOption {
	return func(c *clientConfig) error { c.maxRedirects = n; return nil }
}

// WithClock replaces the clock (used for cache freshness and Retry-After
// dates) and the sleep between retries, for tests. sleep must return
// ctx.Err() when ctx is done first. Either may be nil to keep the real one.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) ClientOption {
	return func(c *clientConfig) error {
		c.now, c.sleep = now, sleep
		return nil
	}
}

// Client reads Simple API indexes (PEP 503 HTML and PEP 691 JSON) over
// HTTP(S), from file:// URLs and from plain directories.
//
// The zero value is ready to use, with the defaults documented on each
// [ClientOption] and credentials from the default netrc file; [NewClient]
// builds one with options. A Client is safe for concurrent use by multiple
// goroutines, and must not be copied after first use.
//
// # Security
//
// A Client fails closed: only 404 and 410 (or a missing project directory)
// mean the project is absent ([ErrNotFound]); every other failure is an
// error. Credentials come from the index URL's userinfo and from netrc.
// Userinfo credentials are sent only to the scheme, host and port of the
// index URL (or its https form, after an http-to-https redirect on default
// ports); netrc credentials only to the host of their machine entry (the
// netrc default entry only to the index's own origin);
// neither follows a redirect to another host, and a redirect from https to
// http is refused. No credential is ever written to an error, a log line or
// the cache.
type Client struct {
	cfg clientConfig // as set by NewClient; zero means all defaults

	once    sync.Once
	hc      *http.Client // copy of the configured client, redirects off
	log     *slog.Logger
	ua      string
	netrcMu sync.Mutex
	netrc   *Netrc // loaded lazily when !cfg.netrcSet
	loaded  bool
}

// DefaultClient returns a Client with default settings, made on first use
// and shared by every caller, like http.DefaultClient: the readers that
// take an optional Client (resolve.ClientIndex, audit.ClientLister) use it
// when given none, so that connections are reused and ~/.netrc is read
// once.
func DefaultClient() (*Client, error) { return defaultClient() }

var defaultClient = sync.OnceValues(func() (*Client, error) { return NewClient() })

// NewClient returns a Client configured by opts. Conflicting options
// ([WithOffline] without [WithCache]) are an error.
func NewClient(opts ...ClientOption) (*Client, error) {
	c := &Client{}
	for _, o := range opts {
		if err := o(&c.cfg); err != nil {
			return nil, fmt.Errorf("simpleapi: NewClient: %w", err)
		}
	}
	if c.cfg.offline && c.cfg.cache == nil {
		return nil, errors.New("simpleapi: NewClient: WithOffline needs WithCache")
	}
	c.init()
	return c, nil
}

// init fills in the defaults, once.
func (c *Client) init() {
	c.once.Do(func() {
		cfg := &c.cfg
		if cfg.maxPageSize <= 0 {
			cfg.maxPageSize = DefaultMaxPageSize
		}
		if cfg.requestTimeout <= 0 {
			cfg.requestTimeout = DefaultRequestTimeout
		}
		if cfg.headerTimeout <= 0 {
			cfg.headerTimeout = DefaultHeaderTimeout
		}
		if cfg.bodyIdleTimeout <= 0 {
			cfg.bodyIdleTimeout = DefaultBodyIdleTimeout
		}
		if cfg.maxAttempts <= 0 {
			cfg.maxAttempts = DefaultMaxAttempts
		}
		if cfg.retryBase <= 0 {
			cfg.retryBase = DefaultRetryBaseDelay
		}
		if cfg.retryMax <= 0 {
			cfg.retryMax = DefaultRetryMaxDelay
		}
		if cfg.maxRetryAfter <= 0 {
			cfg.maxRetryAfter = DefaultMaxRetryAfter
		}
		if cfg.maxRedirects == 0 {
			cfg.maxRedirects = DefaultMaxRedirects
		}
		if cfg.now == nil {
			cfg.now = time.Now
		}
		if cfg.sleep == nil {
			cfg.sleep = sleepCtx
		}
		c.log = cfg.logger
		if c.log == nil {
			c.log = slog.New(slog.DiscardHandler)
		}
		c.ua = cfg.userAgent
		if c.ua == "" {
			c.ua = defaultUserAgent()
		}
		var hc http.Client
		if cfg.httpClient != nil {
			hc = *cfg.httpClient
		} else {
			hc = http.Client{Transport: defaultTransport()}
		}
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		c.hc = &hc
	})
}

// defaultTransport is http.DefaultTransport's configuration (proxies from
// the environment, HTTP/2, dial and TLS handshake timeouts) with TLS 1.2 at
// least. The header and body timeouts are the Client's own, applied to any
// transport.
func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	t.TLSClientConfig.MinVersion = max(t.TLSClientConfig.MinVersion, tls.VersionTLS12)
	return t
}

// defaultUserAgent is "safeindex/<module version> (+https://github.com/safeindex/safeindex)".
func defaultUserAgent() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == modulePath && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == modulePath && d.Version != "" {
				v = d.Version
			}
		}
	}
	return "safeindex/" + strings.TrimPrefix(v, "v") + " (+https://github.com/safeindex/safeindex)"
}

const modulePath = "github.com/safeindex/safeindex"

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// jitter returns a random duration in [0, d].
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// index is a parsed index location.
type index struct {
	base     *url.URL // without userinfo; path ends in "/"; nil for a directory
	dir      string   // for file: URLs and plain directories
	user     *url.Userinfo
	redacted string // the index as given, redacted, for errors and logs
}

// parseIndex reads an index location: an http(s) or file URL, or a
// directory path.
func parseIndex(s string) (*index, error) {
	if s == "" {
		return nil, &IndexError{Index: `""`, Msg: "empty index URL", Kind: ErrInvalidIndex}
	}
	u, err := url.Parse(s)
	if err != nil && strings.Contains(s, "://") {
		// A URL that does not parse, not a folder: say so, without
		// url.Parse's error, which quotes the URL and its password.
		msg := "index URL does not parse"
		var ee url.EscapeError
		if errors.As(err, &ee) {
			msg += ": a % not followed by two hex digits (write %25 for a literal %)"
		}
		return nil, &IndexError{Index: redact.String(s), Kind: ErrInvalidIndex, Msg: msg}
	}
	if err != nil || u.Scheme == "" || len(u.Scheme) == 1 /* C:\ on Windows */ {
		return dirIndex(s)
	}
	red := redact.URL(u)
	switch strings.ToLower(u.Scheme) {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, &IndexError{Index: red, Kind: ErrInvalidIndex, Msg: "file URL with a remote host is not supported"}
		}
		p, err := fileURLPath(u)
		if err != nil {
			return nil, &IndexError{Index: red, Kind: ErrInvalidIndex, Msg: "bad file URL", Err: err}
		}
		return dirIndex(p)
	case "http", "https":
	default:
		return nil, &IndexError{Index: red, Kind: ErrInvalidIndex, Msg: fmt.Sprintf("unsupported URL scheme %q (want https, http or file)", u.Scheme)}
	}
	if u.Host == "" {
		return nil, &IndexError{Index: red, Kind: ErrInvalidIndex, Msg: "index URL has no host"}
	}
	if u.Opaque != "" {
		return nil, &IndexError{Index: red, Kind: ErrInvalidIndex, Msg: "index URL is opaque"}
	}
	b := *u
	b.Scheme = strings.ToLower(b.Scheme)
	b.Host = strings.ToLower(b.Host)
	b.User = nil
	b.Fragment, b.RawFragment = "", ""
	if !strings.HasSuffix(b.Path, "/") {
		b.Path += "/"
		if b.RawPath != "" {
			b.RawPath += "/"
		}
	}
	return &index{base: &b, user: u.User, redacted: red}, nil
}

// projectURL returns <base><normalized>/ (PEP 503: clients build it
// themselves and never rely on a server redirect to normalize).
func (ix *index) projectURL(normalized string) *url.URL {
	u := *ix.base
	u.Path += normalized + "/"
	if u.RawPath != "" {
		u.RawPath += normalized + "/"
	}
	return &u
}

// checkName validates a project name and returns its normalized form.
func checkName(ix *index, name string) (string, error) {
	if err := ValidateName(name); err != nil {
		return "", &IndexError{Index: ix.redacted, Msg: "bad project name", Err: err}
	}
	return NormalizeName(name), nil
}

// ProjectPage fetches the project page of name (validated, then
// normalized per PEP 503) from the index at indexURL: an http(s) base URL
// such as "https://pypi.org/simple/", a file:// URL or a directory path
// (see [Client] and the package documentation for directory layouts).
//
// The page is requested at <indexURL><normalized-name>/ with the [Accept]
// header; the response must be 200 with a Simple API content type, a body
// no larger than the page-size limit, and a page that parses. Relative
// URLs in the page resolve against the URL after redirects.
//
// Every error is an [*IndexError]; it matches [ErrNotFound] (and
// [fs.ErrNotExist]) only when the index says it does not have the project.
//
// The page and its slices belong to the caller. With a [Cache], the hash
// maps of a page (File.Hashes, CoreMetadata.Hashes) may be shared with
// other answers for the same page and must not be modified.
func (c *Client) ProjectPage(ctx context.Context, indexURL, name string) (*ProjectPage, error) {
	c.init()
	ix, err := parseIndex(indexURL)
	if err != nil {
		return nil, err
	}
	norm, err := checkName(ix, name)
	if err != nil {
		return nil, err
	}
	if ix.base == nil {
		return c.dirProjectPage(ix, norm)
	}
	res, err := c.fetchPage(ctx, ix, norm, ix.projectURL(norm), kindProject)
	if err != nil {
		return nil, err
	}
	return res.project, nil
}

// RootPage fetches the root page of the index at indexURL, the list of
// its projects. For a directory index without an index.html or index.json
// file, the list is made from the project directories present.
// Errors are as for [Client.ProjectPage]; a 404 matches [ErrNotFound].
func (c *Client) RootPage(ctx context.Context, indexURL string) (*RootPage, error) {
	c.init()
	ix, err := parseIndex(indexURL)
	if err != nil {
		return nil, err
	}
	if ix.base == nil {
		return c.dirRootPage(ix)
	}
	u := *ix.base
	res, err := c.fetchPage(ctx, ix, "", &u, kindRoot)
	if err != nil {
		return nil, err
	}
	return res.root, nil
}
