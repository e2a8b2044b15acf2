package indextest

import (
	"bytes"
	"crypto/subtle"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// Server is an index served over HTTP on 127.0.0.1 by an
// httptest.Server, shaped like PyPI:
//
//	/simple/                     the root page
//	/simple/<name>/              a project page; other spellings of the
//	                             name, and a missing final slash, are
//	                             redirected (301) to the normalized form
//	/files/<name>/<filename>     a file, and <filename>.metadata its
//	                             PEP 658 core metadata
//	/integrity/<name>/<version>/<filename>/provenance
//	                             its PEP 740 provenance, with Provenance
//
// Pages are chosen by content negotiation (see Negotiate), or by PEP
// 691's ?format= query parameter, and carry Vary: Accept. The index's
// faults apply to every request, a project's faults to its page.
//
// Close it when done; Close ends requests held by Timeout. A Server is
// safe for concurrent use.
type Server struct {
	// URL is the base URL, "http://127.0.0.1:port", without a slash.
	URL string

	idx     *Index
	hs      *httptest.Server
	done    chan struct{}
	closing sync.Once
}

// NewServer starts serving idx over HTTP. The caller must call Close.
func NewServer(idx *Index) *Server {
	return start(idx, false)
}

// NewTLSServer starts serving idx over HTTPS, with a certificate that
// only the client of Server.Client trusts: give it to a simpleapi.Client
// with simpleapi.WithHTTPClient. The caller must call Close.
func NewTLSServer(idx *Index) *Server {
	return start(idx, true)
}

func start(idx *Index, tls bool) *Server {
	s := &Server{idx: idx, done: make(chan struct{})}
	s.hs = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// The URL is set before any request is served, so the handler may
	// read it.
	if tls {
		s.URL = "https://" + s.hs.Listener.Addr().String()
		s.hs.StartTLS()
	} else {
		s.URL = "http://" + s.hs.Listener.Addr().String()
		s.hs.Start()
	}
	return s
}

// Close ends held requests, then shuts the server down and waits for
// its requests to finish. It may be called more than once.
func (s *Server) Close() {
	s.closing.Do(func() { close(s.done) })
	s.hs.Close()
}

// IndexURL returns the Simple API base URL, URL + "/simple/".
func (s *Server) IndexURL() string { return s.URL + "/simple/" }

// Source returns a policy source for the server: the index's name and
// IndexURL, with the credentials in it when the index has RequireAuth.
func (s *Server) Source() policy.Source {
	u, _ := url.Parse(s.IndexURL())
	u.User = s.idx.user
	return policy.Source{Name: s.idx.name, URL: u.String()}
}

// Client returns an HTTP client for the server (httptest.Server.Client).
func (s *Server) Client() *http.Client { return s.hs.Client() }

// Index returns the index served.
func (s *Server) Index() *Index { return s.idx }

func (s *Server) links() links {
	return links{
		file: func(project string, a *Artifact) string {
			return s.URL + "/files/" + project + "/" + url.PathEscape(a.Filename)
		},
		provenance: func(project string, a *Artifact) string {
			if !a.Provenance {
				return ""
			}
			return s.URL + provenancePath(project, a)
		},
	}
}

// wait sleeps d, or less when the request or the server ends first; it
// reports whether the whole delay passed.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

// fault answers a request with f, reporting whether it did.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, f faults, body []byte, ctype string) bool {
	if f.slow > 0 && !s.wait(r, f.slow) {
		return true
	}
	switch {
	case f.timeout:
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return true
	case f.status != 0:
		if f.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="indextest"`)
		}
		http.Error(w, strconv.Itoa(f.status)+" "+http.StatusText(f.status), f.status)
		return true
	case f.truncated && body != nil:
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler) // closes the connection mid-body
	}
	return false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	idx := s.idx
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if idx.user != nil {
		u, p, ok := r.BasicAuth()
		wantP, _ := idx.user.Password()
		if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(idx.user.Username())) != 1 || subtle.ConstantTimeCompare([]byte(p), []byte(wantP)) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="indextest"`)
			http.Error(w, "401 Unauthorized", http.StatusUnauthorized)
			return
		}
	}
	path := r.URL.Path
	switch {
	case path == "/simple":
		http.Redirect(w, r, "/simple/", http.StatusMovedPermanently)
	case path == "/simple/":
		ctype := s.negotiate(r)
		body, err := idx.renderRoot(func(name string) string { return "/simple/" + name + "/" }, ctype)
		if err != nil {
			http.Error(w, "500 indextest: "+err.Error(), http.StatusInternalServerError)
			return
		}
		if s.fault(w, r, idx.fault, body, ctype) {
			return
		}
		s.page(w, r, body, ctype)
	case strings.HasPrefix(path, "/simple/"):
		s.project(w, r, strings.TrimPrefix(path, "/simple/"))
	case strings.HasPrefix(path, "/files/"):
		if s.fault(w, r, idx.fault, nil, "") {
			return
		}
		s.file(w, r, strings.TrimPrefix(path, "/files/"))
	case strings.HasPrefix(path, "/integrity/") && strings.HasSuffix(path, "/provenance"):
		if s.fault(w, r, idx.fault, nil, "") {
			return
		}
		s.provenance(w, r, path)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) negotiate(r *http.Request) string {
	if f := r.URL.Query().Get("format"); f != "" {
		if got := Negotiate(f, s.idx.htmlOnly); strings.EqualFold(got, f) {
			return got
		}
	}
	return Negotiate(strings.Join(r.Header.Values("Accept"), ","), s.idx.htmlOnly)
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, body []byte, ctype string) {
	h := w.Header()
	if ctype == simpleapi.MediaTypeTextHTML {
		h.Set("Content-Type", "text/html; charset=utf-8")
	} else {
		h.Set("Content-Type", ctype)
	}
	h.Set("Vary", "Accept")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func (s *Server) project(w http.ResponseWriter, r *http.Request, rest string) {
	idx := s.idx
	seg, after, slash := strings.Cut(rest, "/")
	if after != "" || simpleapi.ValidateName(seg) != nil {
		http.NotFound(w, r)
		return
	}
	norm := simpleapi.NormalizeName(seg)
	if norm != seg || !slash {
		target := "/simple/" + norm + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	idx.count(norm)
	p := idx.byName[norm]
	ctype := s.negotiate(r)
	var body []byte
	if rp := idx.renderable(p, norm); rp != nil {
		var err error
		if body, err = idx.renderProject(rp, s.links(), ctype); err != nil {
			http.Error(w, "500 indextest: "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	if s.fault(w, r, idx.fault, body, ctype) {
		return
	}
	if p == nil {
		http.NotFound(w, r)
		return
	}
	if s.fault(w, r, p.fault, body, ctype) {
		return
	}
	s.page(w, r, body, ctype)
}

func (s *Server) file(w http.ResponseWriter, r *http.Request, rest string) {
	project, name, ok := strings.Cut(rest, "/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	meta := false
	a := s.idx.files[project+"/"+name]
	if a == nil {
		if base, cut := strings.CutSuffix(name, ".metadata"); cut {
			a, meta = s.idx.files[project+"/"+base], true
		}
	}
	if a == nil || (meta && a.Metadata == nil) {
		http.NotFound(w, r)
		return
	}
	content := a.Content
	if meta {
		content = a.Metadata
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	http.ServeContent(w, r, "", a.UploadTime, bytes.NewReader(content))
}

func (s *Server) provenance(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.TrimPrefix(path, "/integrity/"), "/")
	if len(parts) != 4 {
		http.NotFound(w, r)
		return
	}
	a := s.idx.files[parts[0]+"/"+parts[2]]
	if a == nil || !a.Provenance || a.Version != parts[1] {
		http.NotFound(w, r)
		return
	}
	body := []byte(`{"version": 1, "attestation_bundles": []}` + "\n")
	w.Header().Set("Content-Type", "application/json")
	http.ServeContent(w, r, "", a.UploadTime, bytes.NewReader(body))
}
