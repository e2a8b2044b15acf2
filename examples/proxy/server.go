package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// Defaults of options.
const (
	defaultMaxPageFetches = 32
	defaultMaxFileStreams = 64
	defaultPageTimeout    = 10 * time.Second
	defaultViewTTL        = 5 * time.Second
	// maxViews caps the merged pages kept in memory.
	maxViews = 4096
	// pageMaxAge is the Cache-Control max-age of the pages served: how
	// long an installer's own HTTP cache may keep them.
	pageMaxAge = 60
)

// options configure newServer. Only Policy is required.
type options struct {
	// Policy decides; it must pass Validate.
	Policy *policy.Policy
	// Client reads the sources; nil means a simpleapi.Client with default
	// settings and no cache.
	Client *simpleapi.Client
	// FileCache is the folder where verified files are kept by sha256,
	// shared safely by replicas; "" keeps none.
	FileCache string
	// Logger receives request logs and refusals; nil discards.
	Logger *slog.Logger
	// Now is the clock of the policy's age rules; nil means time.Now.
	Now func() time.Time
	// MaxPageFetches and MaxFileStreams bound the upstream page requests
	// and file transfers in flight (defaults 32 and 64).
	MaxPageFetches, MaxFileStreams int
	// PageTimeout bounds one upstream page lookup, retries included
	// (default 10 s, below pip's 15 s read timeout, so that pip sees the
	// 502 and its reason). A lookup that takes longer fails the name with 502.
	PageTimeout time.Duration
	// ViewTTL is how long a merged page is served from memory before the
	// sources are asked again, through the page cache (default 5 s;
	// negative: never). It adds to the sources' own cache lifetimes in how
	// late a new upload shows, and bounds how late a file passes a
	// minimum-age rule. A page made while a source failed is not kept.
	ViewTTL time.Duration
}

// server is the proxy's http.Handler. It holds no state that matters
// beyond its configuration: pages live in the simpleapi cache, files in
// the file cache, and the views it keeps in memory are recomputed from
// them. It is safe for concurrent use.
type server struct {
	opt    options
	pol    *policy.Policy
	client *simpleapi.Client
	log    *slog.Logger
	mux    *http.ServeMux

	pageSem  chan struct{} // upstream page fetches in flight
	fileSem  chan struct{} // upstream file transfers in flight
	lookups  flight[policy.Lookup]
	verified verifiedFiles // file cache entries checked by this process
	roots    flight[*simpleapi.RootPage]

	mu    sync.Mutex
	views map[string]*view // by normalized name
	root  *rootView
	// emptyRoot stands for the root page of an index that has none.
	emptyRoot *simpleapi.RootPage
}

// newServer returns the proxy's handler for opt.
func newServer(opt options) (*server, error) {
	if opt.Policy == nil {
		return nil, errors.New("no policy")
	}
	if err := opt.Policy.Validate(); err != nil {
		return nil, err
	}
	if opt.Client == nil {
		opt.Client = &simpleapi.Client{}
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxPageFetches <= 0 {
		opt.MaxPageFetches = defaultMaxPageFetches
	}
	if opt.MaxFileStreams <= 0 {
		opt.MaxFileStreams = defaultMaxFileStreams
	}
	if opt.PageTimeout <= 0 {
		opt.PageTimeout = defaultPageTimeout
	}
	if opt.ViewTTL == 0 {
		opt.ViewTTL = defaultViewTTL
	}
	if opt.FileCache != "" {
		if err := prepareFileCache(opt.FileCache); err != nil {
			return nil, err
		}
	}
	s := &server{
		opt:       opt,
		pol:       opt.Policy,
		client:    opt.Client,
		log:       opt.Logger,
		pageSem:   make(chan struct{}, opt.MaxPageFetches),
		fileSem:   make(chan struct{}, opt.MaxFileStreams),
		views:     map[string]*view{},
		emptyRoot: &simpleapi.RootPage{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /simple/{$}", s.serveRoot)
	mux.HandleFunc("GET /simple/{name}/{$}", s.serveProject)
	mux.HandleFunc("GET /simple/{name}", s.redirectProject)
	mux.HandleFunc("GET /files/{source}/{name}/{filename}", s.serveFile)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/simple/", http.StatusFound)
	})
	s.mux = mux
	return s, nil
}

// ServeHTTP serves a request and logs it, without query strings (the
// proxy's own URLs carry no secret, and a client's might).
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rw.status, "bytes", rw.bytes,
			"duration", time.Since(start).Round(time.Microsecond).String(), "remote", r.RemoteAddr}
		if p := recover(); p != nil {
			// http.ErrAbortHandler: a download was cut on purpose.
			s.log.Warn("request aborted", append(attrs, "reason", fmt.Sprint(p))...)
			panic(p)
		}
		s.log.Info("request", attrs...)
	}()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(rw, r)
}

// recorder notes the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// ReadFrom keeps the connection's sendfile path open to io.Copy.
func (r *recorder) ReadFrom(src io.Reader) (int64, error) {
	r.wrote = true
	n, err := io.Copy(r.ResponseWriter, src)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// redirectProject sends /simple/Name and /simple/name to /simple/name/
// (PEP 503: the normalized name, with its slash).
func (s *server) redirectProject(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if simpleapi.ValidateName(name) != nil {
		s.fail(w, http.StatusNotFound, fmt.Sprintf("%q is not a valid project name", name))
		return
	}
	s.redirect(w, r, "/simple/"+simpleapi.NormalizeName(name)+"/")
}

func (s *server) redirect(w http.ResponseWriter, r *http.Request, path string) {
	u := url.URL{Path: path, RawQuery: r.URL.RawQuery}
	http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
}

// serveProject serves the merged page of one project.
func (s *server) serveProject(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if simpleapi.ValidateName(name) != nil {
		s.fail(w, http.StatusNotFound, fmt.Sprintf("%q is not a valid project name", name))
		return
	}
	if n := simpleapi.NormalizeName(name); n != name {
		s.redirect(w, r, "/simple/"+n+"/")
		return
	}
	ctype, ok := negotiateRequest(r)
	if !ok {
		s.fail(w, http.StatusNotAcceptable, "format= names no Simple API media type")
		return
	}
	v := s.view(r.Context(), name)
	if v.err != nil {
		s.failView(w, r, v)
		return
	}
	body, err := v.render(ctype)
	if err != nil {
		s.log.Warn("cannot write page", "package", v.name, "error", err.Error())
		s.fail(w, http.StatusBadGateway, err.Error())
		return
	}
	w.Header().Set("Vary", "Accept")
	w.Header().Set("Cache-Control", fmt.Sprintf("max-age=%d", pageMaxAge))
	w.Header().Set("Content-Type", contentType(ctype))
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	_, _ = w.Write(body)
}

// failView answers a view that could not be made, with its reason.
func (s *server) failView(w http.ResponseWriter, r *http.Request, v *view) {
	status, msg := statusOf(v.err), v.err.Error()
	if status >= 500 {
		s.log.Warn("upstream failure", "package", v.name, "error", msg)
	} else if status == http.StatusForbidden {
		s.log.Warn("refused", "package", v.name, "error", msg)
	}
	if r.Context().Err() != nil {
		return // the client left; nobody reads the answer
	}
	s.fail(w, status, msg)
}

// statusOf maps a view's error to an HTTP status: a refusal by the policy
// is 403, a name absent where it must be looked up 404, a failing source
// 502 (never 404: a broken index must not look empty).
func statusOf(err error) int {
	var se *policy.SourceError
	switch {
	case errors.As(err, &se), errors.Is(err, policy.ErrSourceFailed):
		return http.StatusBadGateway
	case errors.Is(err, policy.ErrShadowed):
		return http.StatusForbidden
	case errors.Is(err, policy.ErrNotFound), errors.Is(err, policy.ErrNotOnSource):
		return http.StatusNotFound
	}
	return http.StatusBadGateway
}

// fail writes a plain-text error page. Messages come from errors that
// are already redacted; redact.Text catches anything that slipped.
func (s *server) fail(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Del("Content-Length")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "%d %s: %s\n", status, http.StatusText(status), strings.TrimSpace(redact.Text(msg)))
}
