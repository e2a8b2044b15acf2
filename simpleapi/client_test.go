package simpleapi_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/simpleapi"
)

// jsonPage is a small PEP 691 project page with one wheel whose URL is
// relative.
func jsonPage(name string) string {
	return `{"meta": {"api-version": "1.4"}, "name": "` + name + `", "versions": ["1.0"], "files": [` +
		`{"filename": "` + strings.ReplaceAll(name, "-", "_") + `-1.0-py3-none-any.whl", "url": "../../files/` +
		strings.ReplaceAll(name, "-", "_") + `-1.0-py3-none-any.whl", "hashes": {"sha256": "` + strings.Repeat("ab", 32) + `"}, "size": 10}]}`
}

// htmlPage is a small PEP 503 project page with one sdist.
func htmlPage(name string) string {
	return `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.0"><title>Links for ` + name + `</title></head><body>` +
		`<a href="../../files/` + name + `-1.0.tar.gz#sha256=` + strings.Repeat("cd", 32) + `" data-requires-python="&gt;=3.9">` + name + `-1.0.tar.gz</a></body></html>`
}

// sleeps records the waits of a client instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newClient returns a client for tests: no netrc, no real sleeping, plus
// opts.
func newClient(t *testing.T, sl *sleeps, opts ...simpleapi.ClientOption) *simpleapi.Client {
	t.Helper()
	if sl == nil {
		sl = &sleeps{}
	}
	all := append([]simpleapi.ClientOption{simpleapi.WithNetrc(nil), simpleapi.WithClock(nil, sl.sleep)}, opts...)
	c, err := simpleapi.NewClient(all...)
	require.NoError(t, err)
	return c
}

func TestClientProjectPageNegotiation(t *testing.T) {
	var gotAccept, gotUA, gotPath string
	mux := http.NewServeMux()
	mux.HandleFunc("/simple/foo-bar/", func(w http.ResponseWriter, r *http.Request) {
		gotAccept, gotUA, gotPath = r.Header.Get("Accept"), r.Header.Get("User-Agent"), r.URL.Path
		// Moved: relative links must resolve against the final URL.
		http.Redirect(w, r, "/mirror/simple/foo-bar/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/mirror/simple/foo-bar/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		io.WriteString(w, jsonPage("foo-bar"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c := newClient(t, nil)
	// The name is normalized by the client; no trailing slash needed.
	page, err := c.ProjectPage(context.Background(), srv.URL+"/simple", "Foo_Bar")
	require.NoError(t, err)
	assert.Equal(t, simpleapi.Accept, gotAccept)
	assert.Regexp(t, `^safeindex/\S+ \(\+https://github.com/safeindex/safeindex\)$`, gotUA)
	assert.Equal(t, "/simple/foo-bar/", gotPath)
	require.Len(t, page.Files, 1)
	assert.Equal(t, srv.URL+"/mirror/files/foo_bar-1.0-py3-none-any.whl", page.Files[0].URL)
	assert.Equal(t, simpleapi.FormatJSON, page.Format)
}

func TestClientHTMLAndRootPage(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/simple/foo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, htmlPage("foo"))
	})
	mux.HandleFunc("/simple/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+html")
		io.WriteString(w, `<!DOCTYPE html><html><body><a href="/simple/foo/">Foo</a><a href="/simple/bar-baz/">Bar_Baz</a></body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newClient(t, nil)
	page, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	require.Len(t, page.Files, 1)
	assert.Equal(t, ">=3.9", page.Files[0].RequiresPython)
	assert.Equal(t, srv.URL+"/files/foo-1.0.tar.gz", page.Files[0].URL)

	root, err := c.RootPage(context.Background(), srv.URL+"/simple/")
	require.NoError(t, err)
	require.Len(t, root.Projects, 2)
	assert.Equal(t, "bar-baz", root.Projects[1].NormalizedName)
}

// statusServer answers every request with status (and counts them).
func statusServer(t *testing.T, status int, header map[string]string, body string) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestClientFailsClosed(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   map[string]string
		body     string
		kind     error
		attempts int32
	}{
		{"404", 404, nil, "", simpleapi.ErrNotFound, 1},
		{"410", 410, nil, "", simpleapi.ErrNotFound, 1},
		{"401", 401, map[string]string{"WWW-Authenticate": `Basic realm="x"`}, "", simpleapi.ErrUnauthorized, 1},
		{"403", 403, map[string]string{"Content-Type": "text/plain"}, "token expired", simpleapi.ErrUnauthorized, 1},
		{"400 not retried", 400, nil, "", simpleapi.ErrBadResponse, 1},
		{"406", 406, nil, "", simpleapi.ErrBadResponse, 1},
		{"500 forever", 500, nil, "", simpleapi.ErrBadResponse, simpleapi.DefaultMaxAttempts},
		{"503 forever", 503, nil, "", simpleapi.ErrBadResponse, simpleapi.DefaultMaxAttempts},
		{"300", 300, nil, "", simpleapi.ErrBadResponse, 1},
		{"304 unasked", 304, nil, "", simpleapi.ErrBadResponse, 1},
		{"200 text/plain", 200, map[string]string{"Content-Type": "text/plain"}, "please log in", simpleapi.ErrUnsupportedContentType, 1},
		{"200 octet-stream", 200, map[string]string{"Content-Type": "application/octet-stream"}, "x", simpleapi.ErrUnsupportedContentType, 1},
		{"200 application/json", 200, map[string]string{"Content-Type": "application/json"}, "{}", simpleapi.ErrUnsupportedContentType, 1},
		{"200 no type", 200, map[string]string{"Content-Type": ""}, "", simpleapi.ErrUnsupportedContentType, 1},
		{"200 v2", 200, map[string]string{"Content-Type": "application/vnd.pypi.simple.v2+json"}, "{}", simpleapi.ErrUnsupportedAPIVersion, 1},
		{"truncated JSON", 200, map[string]string{"Content-Type": simpleapi.MediaTypeJSON}, `{"meta": {"api-version": "1.1"}, "name": "foo", "files": [{"filename": "foo-1.0.tar.gz"`, simpleapi.ErrInvalidPage, 1},
		{"invalid UTF-8", 200, map[string]string{"Content-Type": simpleapi.MediaTypeJSON}, "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"foo\xff\", \"files\": []}", simpleapi.ErrInvalidPage, 1},
		{"other project", 200, map[string]string{"Content-Type": simpleapi.MediaTypeJSON}, jsonPage("evil"), simpleapi.ErrBadResponse, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := statusServer(t, tt.status, tt.header, tt.body)
			sl := &sleeps{}
			c := newClient(t, sl)
			page, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
			require.Error(t, err)
			assert.Nil(t, page)
			assert.ErrorIs(t, err, tt.kind)
			var ie *simpleapi.IndexError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, srv.URL+"/simple/", ie.Index)
			assert.Equal(t, "foo", ie.Project)
			assert.Equal(t, tt.status, ie.Status)
			assert.Equal(t, tt.attempts, n.Load())
			assert.Len(t, sl.all(), int(tt.attempts-1))
			notFound := tt.kind == simpleapi.ErrNotFound
			assert.Equal(t, notFound, errors.Is(err, simpleapi.ErrNotFound), "ErrNotFound")
			assert.Equal(t, notFound, errors.Is(err, fs.ErrNotExist), "fs.ErrNotExist")
			assert.Equal(t, notFound, ie.NotFound())
		})
	}
}

func TestClientErrorText(t *testing.T) {
	srv, _ := statusServer(t, 403, map[string]string{"Content-Type": "text/plain"}, "token\texpired\x00 for user bob")
	c := newClient(t, nil)
	_, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "Foo.Bar")
	require.Error(t, err)
	assert.Equal(t, `simpleapi: index `+srv.URL+`/simple/ project "foo-bar": GET `+srv.URL+`/simple/foo-bar/: HTTP 403: access refused: server says "token expired for user bob"`, err.Error())

	srv5, _ := statusServer(t, 503, nil, "")
	_, err = c.ProjectPage(context.Background(), srv5.URL+"/simple/", "foo")
	assert.Equal(t, `simpleapi: index `+srv5.URL+`/simple/ project "foo": GET `+srv5.URL+`/simple/foo/: HTTP 503 after 4 attempts: server error`, err.Error())
}

func TestClientBadNameAndIndex(t *testing.T) {
	c := newClient(t, nil)
	for _, name := range []string{"", "../etc", "a/b", "foo%2f", "-foo", "K\u212aelvin"} {
		_, err := c.ProjectPage(context.Background(), "https://pypi.invalid/simple/", name)
		assert.ErrorIs(t, err, simpleapi.ErrInvalidName, name)
		assert.NotErrorIs(t, err, simpleapi.ErrNotFound, name)
	}
	for _, idx := range []string{"ftp://host/simple/", "https:///simple/", "file://remote/x/", "", t.TempDir() + "/missing"} {
		_, err := c.ProjectPage(context.Background(), idx, "foo")
		var ie *simpleapi.IndexError
		assert.ErrorAs(t, err, &ie, idx)
		assert.ErrorIs(t, err, simpleapi.ErrInvalidIndex, idx)
		assert.NotErrorIs(t, err, simpleapi.ErrNotFound, idx)
	}
}

func TestClientRetries(t *testing.T) {
	t.Run("500 then 200", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.WriteHeader(500)
				return
			}
			w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
			io.WriteString(w, jsonPage("foo"))
		}))
		defer srv.Close()
		sl := &sleeps{}
		c := newClient(t, sl)
		page, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
		require.NoError(t, err)
		assert.Len(t, page.Files, 1)
		require.Len(t, sl.all(), 1)
		assert.LessOrEqual(t, sl.all()[0], simpleapi.DefaultRetryBaseDelay)
	})
	t.Run("backoff is jittered, exponential and capped", func(t *testing.T) {
		srv, n := statusServer(t, 502, nil, "")
		sl := &sleeps{}
		c := newClient(t, sl, simpleapi.WithRetries(8, 100*time.Millisecond, 400*time.Millisecond, 0))
		_, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
		require.Error(t, err)
		assert.EqualValues(t, 8, n.Load())
		caps := []time.Duration{100, 200, 400, 400, 400, 400, 400}
		require.Len(t, sl.all(), len(caps))
		for i, d := range sl.all() {
			assert.LessOrEqual(t, d, caps[i]*time.Millisecond)
			assert.GreaterOrEqual(t, d, time.Duration(0))
		}
	})
	t.Run("429 Retry-After seconds", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(429)
				return
			}
			w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
			io.WriteString(w, jsonPage("foo"))
		}))
		defer srv.Close()
		sl := &sleeps{}
		c := newClient(t, sl)
		_, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{7 * time.Second}, sl.all())
	})
	t.Run("503 Retry-After date", func(t *testing.T) {
		now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		srv, n := statusServer(t, 503, map[string]string{"Retry-After": now.Add(30 * time.Second).Format(http.TimeFormat)}, "")
		sl := &sleeps{}
		c := newClient(t, sl, simpleapi.WithClock(func() time.Time { return now }, sl.sleep), simpleapi.WithRetries(2, 0, 0, 0))
		_, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
		require.Error(t, err)
		assert.EqualValues(t, 2, n.Load())
		assert.Equal(t, []time.Duration{30 * time.Second}, sl.all())
	})
	t.Run("Retry-After beyond the cap fails at once", func(t *testing.T) {
		srv, n := statusServer(t, 429, map[string]string{"Retry-After": "3600"}, "")
		sl := &sleeps{}
		c := newClient(t, sl)
		_, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Retry-After 1h0m0s exceeds the 1m0s limit")
		assert.EqualValues(t, 1, n.Load())
		assert.Empty(t, sl.all())
	})
	t.Run("no retry once the context is done", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			cancel()
			w.WriteHeader(503)
		}))
		defer srv.Close()
		c := newClient(t, nil, simpleapi.WithClock(nil, nil)) // real sleep
		start := time.Now()
		_, err := c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
		require.Error(t, err)
		assert.EqualValues(t, 1, n.Load())
		assert.Less(t, time.Since(start), 2*time.Second)
		assert.NotErrorIs(t, err, simpleapi.ErrNotFound)
	})
}

// hijacker answers with a body cut short by closing the connection.
func resetMidBody(w http.ResponseWriter) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: 100000\r\n\r\n", simpleapi.MediaTypeJSON)
	buf.WriteString(`{"meta": {"api-version": "1.1"}, "name": "foo", "files": [`)
	buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // RST
	}
	conn.Close()
}

func TestClientResetMidBody(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			resetMidBody(w)
			return
		}
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		io.WriteString(w, jsonPage("foo"))
	}))
	defer srv.Close()
	sl := &sleeps{}
	c := newClient(t, sl)
	page, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.Len(t, page.Files, 1)
	assert.EqualValues(t, 3, n.Load())

	// Always cut: bounded attempts, then an error that is not "not found".
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { resetMidBody(w) }))
	defer srv2.Close()
	_, err = c.ProjectPage(context.Background(), srv2.URL+"/simple/", "foo")
	require.Error(t, err)
	var ie *simpleapi.IndexError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, simpleapi.DefaultMaxAttempts, ie.Attempts)
	assert.Contains(t, err.Error(), "reading the body failed")
	assert.ErrorIs(t, err, simpleapi.ErrNetwork)
	assert.NotErrorIs(t, err, simpleapi.ErrNotFound)
}

func TestClientTimeouts(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	mux := http.NewServeMux()
	mux.HandleFunc("/slow-headers/foo/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/slow-body/foo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		io.WriteString(w, `{"meta": {"api-version": "1.1"}, `)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/trickle/foo/", func(w http.ResponseWriter, r *http.Request) {
		// Progress every 20ms, forever: only the overall timeout stops it.
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		for {
			if _, err := io.WriteString(w, " "); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(20 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// Generous margins: the idle timeout must not fire between the
	// trickle's 20ms writes, even on a loaded machine.
	c := newClient(t, nil, simpleapi.WithTimeouts(time.Second, 100*time.Millisecond, 400*time.Millisecond), simpleapi.WithRetries(2, 0, 0, 0))
	for path, want := range map[string]string{
		"/slow-headers/": "no response headers after 100ms",
		"/slow-body/":    "no data for 400ms while reading the body",
		"/trickle/":      "request not complete after 1s",
	} {
		start := time.Now()
		_, err := c.ProjectPage(context.Background(), srv.URL+path, "foo")
		require.Error(t, err, path)
		assert.ErrorIs(t, err, simpleapi.ErrTimeout, path)
		assert.Contains(t, err.Error(), want, path)
		assert.Contains(t, err.Error(), "after 2 attempts", path)
		assert.Less(t, time.Since(start), 5*time.Second, path)
	}
}

func TestClientSizeLimits(t *testing.T) {
	const limit = 64 << 10
	big := jsonPage("foo")
	big = big[:len(big)-1] + `, "pad": "` + strings.Repeat("x", 2*limit) + `"}`
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write([]byte(`{"meta": {"api-version": "1.1"}, "name": "foo", "files": [], "pad": "`))
	zw.Write(bytes.Repeat([]byte("0"), 10<<20)) // 10 MiB inflates from ~10 KiB
	zw.Close()
	require.Less(t, bomb.Len(), limit)

	mux := http.NewServeMux()
	mux.HandleFunc("/length/foo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		io.WriteString(w, big) // Content-Length set by the server
	})
	mux.HandleFunc("/chunked/foo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		for i := 0; i < len(big); i += 1000 {
			io.WriteString(w, big[i:min(i+1000, len(big))])
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/bomb/foo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		w.Header().Set("Content-Encoding", "gzip") // whether asked for or not
		w.Write(bomb.Bytes())
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	plain := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, hc := range []*http.Client{http.DefaultClient, plain} {
		var n atomic.Int32
		cnt := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			n.Add(1)
			return hc.Transport.RoundTrip(r)
		})}
		if hc.Transport == nil {
			cnt.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
				n.Add(1)
				return http.DefaultTransport.RoundTrip(r)
			})
		}
		c := newClient(t, nil, simpleapi.WithMaxPageSize(limit), simpleapi.WithHTTPClient(cnt))
		for _, path := range []string{"/length/", "/chunked/", "/bomb/"} {
			n.Store(0)
			_, err := c.ProjectPage(context.Background(), srv.URL+path, "foo")
			require.Error(t, err, path)
			assert.ErrorIs(t, err, simpleapi.ErrLimitExceeded, path)
			assert.EqualValues(t, 1, n.Load(), "an oversized page is not retried")
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestClientGzipPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, jsonPage("foo"))
		zw.Close()
	}))
	defer srv.Close()
	plain := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, hc := range []*http.Client{http.DefaultClient, plain} {
		c := newClient(t, nil, simpleapi.WithHTTPClient(hc))
		page, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
		require.NoError(t, err)
		assert.Len(t, page.Files, 1)
	}
}

func TestClientRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/loop-a/foo/", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b/foo/", http.StatusFound) })
	mux.HandleFunc("/loop-b/foo/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop-a/foo/", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/chain/"), "%d", &i)
		http.Redirect(w, r, fmt.Sprintf("/chain/%d/foo/", i+1), http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/noloc/foo/", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(302) })
	mux.HandleFunc("/ftp/foo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "ftp://example.invalid/x")
		w.WriteHeader(301)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newClient(t, nil)
	for path, want := range map[string]string{
		"/loop-a/":  "redirect loop back to " + srv.URL + "/loop-a/foo/",
		"/chain/0/": "more than 10 redirects",
		"/noloc/":   "redirect without a Location header",
		"/ftp/":     `redirect to unsupported scheme "ftp"`,
	} {
		_, err := c.ProjectPage(context.Background(), srv.URL+path, "foo")
		require.Error(t, err, path)
		assert.Contains(t, err.Error(), want, path)
		assert.NotErrorIs(t, err, simpleapi.ErrNotFound, path)
	}
	c0 := newClient(t, nil, simpleapi.WithMaxRedirects(-1))
	_, err := c0.ProjectPage(context.Background(), srv.URL+"/loop-a/", "foo")
	assert.ErrorIs(t, err, simpleapi.ErrRedirect)
}

func TestClientRefusesDowngrade(t *testing.T) {
	var hit atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hit.Add(1)
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		io.WriteString(w, jsonPage("foo"))
	}))
	defer plain.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+r.URL.Path, http.StatusFound)
	}))
	defer tlsSrv.Close()
	c := newClient(t, nil, simpleapi.WithHTTPClient(tlsSrv.Client()))
	_, err := c.ProjectPage(context.Background(), strings.Replace(tlsSrv.URL, "https://", "https://user:pw@", 1)+"/simple/", "foo")
	require.Error(t, err)
	assert.ErrorIs(t, err, simpleapi.ErrRedirect)
	assert.Contains(t, err.Error(), "redirect from https to http refused")
	assert.EqualValues(t, 0, hit.Load())

	// A TLS failure (untrusted certificate) is not retried.
	c2 := newClient(t, nil)
	_, err = c2.ProjectPage(context.Background(), tlsSrv.URL+"/simple/", "foo")
	require.Error(t, err)
	var ie *simpleapi.IndexError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 1, ie.Attempts)
	assert.Contains(t, err.Error(), "TLS failure")
}

// authRecorder serves pages and records the Authorization header of each
// request.
type authRecorder struct {
	mu   sync.Mutex
	seen []string
}

func (a *authRecorder) record(r *http.Request) {
	a.mu.Lock()
	a.seen = append(a.seen, r.Header.Get("Authorization"))
	a.mu.Unlock()
}

func (a *authRecorder) all() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.seen...)
}

func basic(u, p string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p))
}

func TestClientCredentialsStayOnTheirHost(t *testing.T) {
	var other authRecorder
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.record(r)
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		io.WriteString(w, jsonPage("foo"))
	}))
	defer otherSrv.Close()
	// The other server, reached by another host name: localhost.
	otherURL := strings.Replace(otherSrv.URL, "127.0.0.1", "localhost", 1)

	var index authRecorder
	indexSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		index.record(r)
		http.Redirect(w, r, otherURL+r.URL.Path, http.StatusFound)
	}))
	defer indexSrv.Close()
	// Same host, other port: another origin for URL credentials.
	otherPortURL := otherSrv.URL

	t.Run("userinfo", func(t *testing.T) {
		index.seen, other.seen = nil, nil
		c := newClient(t, nil)
		idx := strings.Replace(indexSrv.URL, "http://", "http://alice:s3cret@", 1) + "/simple/"
		_, err := c.ProjectPage(context.Background(), idx, "foo")
		require.NoError(t, err)
		assert.Equal(t, []string{basic("alice", "s3cret")}, index.all())
		assert.Equal(t, []string{""}, other.all())
	})
	t.Run("userinfo, other port", func(t *testing.T) {
		other.seen = nil
		c := newClient(t, nil)
		idx := strings.Replace(indexSrv.URL, "http://", "http://alice:s3cret@", 1)
		srv := httptest.NewServer(http.RedirectHandler(otherPortURL+"/simple/foo/", http.StatusFound))
		defer srv.Close()
		_ = idx
		_, err := c.ProjectPage(context.Background(), strings.Replace(srv.URL, "http://", "http://alice:s3cret@", 1)+"/simple/", "foo")
		require.NoError(t, err)
		assert.Equal(t, []string{""}, other.all())
	})
	t.Run("netrc", func(t *testing.T) {
		index.seen, other.seen = nil, nil
		n, err := simpleapi.ParseNetrc(strings.NewReader("machine 127.0.0.1 login bob password n3trc\ndefault login anon password d3fault\n"))
		require.NoError(t, err)
		c := newClient(t, nil, simpleapi.WithNetrc(n))
		_, err = c.ProjectPage(context.Background(), indexSrv.URL+"/simple/", "foo")
		require.NoError(t, err)
		assert.Equal(t, []string{basic("bob", "n3trc")}, index.all())
		// Neither the machine entry nor the default entry follows the
		// redirect to another host.
		assert.Equal(t, []string{""}, other.all())
	})
	t.Run("netrc entry of the target host", func(t *testing.T) {
		index.seen, other.seen = nil, nil
		n, err := simpleapi.ParseNetrc(strings.NewReader("machine localhost login carol password l0cal\n"))
		require.NoError(t, err)
		c := newClient(t, nil, simpleapi.WithNetrc(n))
		_, err = c.ProjectPage(context.Background(), indexSrv.URL+"/simple/", "foo")
		require.NoError(t, err)
		assert.Equal(t, []string{""}, index.all())
		assert.Equal(t, []string{basic("carol", "l0cal")}, other.all())
	})
	t.Run("default netrc file", func(t *testing.T) {
		index.seen, other.seen = nil, nil
		p := filepath.Join(t.TempDir(), "netrc")
		require.NoError(t, os.WriteFile(p, []byte("machine 127.0.0.1 login dave password f1le\n"), 0o600))
		t.Setenv("NETRC", p)
		var c simpleapi.Client // zero value: reads $NETRC
		_, err := c.ProjectPage(context.Background(), indexSrv.URL+"/simple/", "foo")
		require.NoError(t, err)
		assert.Equal(t, []string{basic("dave", "f1le")}, index.all())
	})
}

func TestClientNeverLeaksSecrets(t *testing.T) {
	const pw, tok = "pa55w0rd-SECRET", "t0ken-SECRET"
	b64 := base64.StdEncoding.EncodeToString([]byte("alice:" + pw))
	mux := http.NewServeMux()
	mux.HandleFunc("/echo/", func(w http.ResponseWriter, r *http.Request) {
		// A server that echoes what it got, secrets included.
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(401)
		fmt.Fprintf(w, "bad credentials %s for %s", r.Header.Get("Authorization"), r.URL.String())
	})
	mux.HandleFunc("/redir/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/redir/", http.StatusFound)
	})
	mux.HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		io.WriteString(w, `{"meta": {"api-version": "1.1"}, "name": "foo", "files": [{"filename": "`+pw+`"`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, nil, simpleapi.WithLogger(log), simpleapi.WithRetries(2, 0, 0, 0))
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close() // connection refused
	withCreds := func(base string) string {
		return strings.Replace(base, "http://", "http://alice:"+pw+"@", 1)
	}
	for _, idx := range []string{
		withCreds(srv.URL) + "/echo/?token=" + tok,
		withCreds(srv.URL) + "/redir/?token=" + tok,
		withCreds(srv.URL) + "/page/?token=" + tok,
		withCreds(dead.URL) + "/simple/?token=" + tok,
		"http://" + tok + "@" + dead.Listener.Addr().String() + "/simple/",
		"ftp://alice:" + pw + "@host/?token=" + tok,
	} {
		_, err := c.ProjectPage(context.Background(), idx, "foo")
		require.Error(t, err)
		var ie *simpleapi.IndexError
		require.ErrorAs(t, err, &ie)
		texts := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", ie),
			ie.Index, ie.URL, ie.Msg}
		for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
			texts = append(texts, e.Error())
		}
		for _, e := range ie.Unwrap() {
			texts = append(texts, e.Error(), fmt.Sprintf("%+v", e))
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			texts = append(texts, ue.URL, ue.Error())
		}
		for _, s := range texts {
			for _, secret := range []string{pw, tok, b64} {
				assert.NotContains(t, s, secret, idx)
			}
		}
	}
	for _, secret := range []string{pw, tok, b64} {
		assert.NotContains(t, logs.String(), secret)
	}
	assert.Contains(t, logs.String(), "xxxxx", "log lines name the redacted URLs")
}

func TestClientCaptivePortal(t *testing.T) {
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><body><form action="/login">Welcome to Hotel WiFi</form></body></html>`)
	}))
	defer portal.Close()
	portalURL := strings.Replace(portal.URL, "127.0.0.1", "localhost", 1)
	idx := httptest.NewServer(http.RedirectHandler(portalURL+"/login", http.StatusFound))
	defer idx.Close()
	c := newClient(t, nil)
	_, err := c.ProjectPage(context.Background(), idx.URL+"/simple/", "foo")
	require.Error(t, err)
	assert.ErrorIs(t, err, simpleapi.ErrBadResponse)
	assert.Contains(t, err.Error(), "captive portal")
	assert.NotErrorIs(t, err, simpleapi.ErrNotFound)
	_, err = c.RootPage(context.Background(), idx.URL+"/simple/")
	assert.ErrorIs(t, err, simpleapi.ErrBadResponse)
}

// writeStaticIndex writes a PEP 503 directory tree: root index.html,
// foo/index.html, bar/index.json, and an empty project directory.
func writeStaticIndex(t *testing.T, dir string) {
	t.Helper()
	write := func(p, s string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644))
	}
	write("simple/foo/index.html", htmlPage("foo"))
	write("simple/bar/index.json", jsonPage("bar"))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "simple/empty"), 0o755))
	write("files/foo-1.0.tar.gz", "not really a tarball")
}

func TestClientDirectoryIndex(t *testing.T) {
	dir := t.TempDir()
	writeStaticIndex(t, dir)
	c := newClient(t, nil)
	ctx := context.Background()
	for _, idx := range []string{filepath.Join(dir, "simple"), "file://" + filepath.ToSlash(dir) + "/simple/"} {
		page, err := c.ProjectPage(ctx, idx, "FOO")
		require.NoError(t, err, idx)
		require.Len(t, page.Files, 1)
		assert.Equal(t, "file://"+filepath.ToSlash(dir)+"/files/foo-1.0.tar.gz", page.Files[0].URL)

		page, err = c.ProjectPage(ctx, idx, "bar")
		require.NoError(t, err, idx)
		assert.Equal(t, simpleapi.FormatJSON, page.Format)

		_, err = c.ProjectPage(ctx, idx, "missing")
		assert.ErrorIs(t, err, simpleapi.ErrNotFound, idx)
		assert.ErrorIs(t, err, fs.ErrNotExist, idx)

		// A project directory without a page is a broken index.
		_, err = c.ProjectPage(ctx, idx, "empty")
		require.Error(t, err)
		assert.NotErrorIs(t, err, simpleapi.ErrNotFound, idx)
		assert.NotErrorIs(t, err, fs.ErrNotExist, idx)

		root, err := c.RootPage(ctx, idx)
		require.NoError(t, err)
		var names []string
		for _, p := range root.Projects {
			names = append(names, p.NormalizedName)
		}
		assert.Equal(t, []string{"bar", "foo"}, names)
	}
	// A missing index directory is an error, never "not found".
	_, err := c.ProjectPage(ctx, filepath.Join(dir, "nope"), "foo")
	require.Error(t, err)
	assert.NotErrorIs(t, err, simpleapi.ErrNotFound)
	assert.NotErrorIs(t, err, fs.ErrNotExist)
	// Oversized page files are refused.
	small := newClient(t, nil, simpleapi.WithMaxPageSize(10))
	_, err = small.ProjectPage(ctx, filepath.Join(dir, "simple"), "foo")
	assert.ErrorIs(t, err, simpleapi.ErrLimitExceeded)
}

// startPythonServer serves dir with python3 -m http.server on a free
// loopback port and returns its base URL.
func startPythonServer(t *testing.T, dir string) string {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not available")
	}
	cmd := exec.Command("python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", dir, "0")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = io.Discard
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	re := regexp.MustCompile(`port (\d+)`)
	select {
	case line := <-lines:
		m := re.FindStringSubmatch(line)
		require.NotNil(t, m, line)
		base := "http://127.0.0.1:" + m[1]
		// Wait until it accepts connections.
		for range 100 {
			if conn, err := net.Dial("tcp", "127.0.0.1:"+m[1]); err == nil {
				conn.Close()
				return base
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatal("python http.server does not listen")
	case <-time.After(10 * time.Second):
		t.Fatal("python http.server did not start")
	}
	return ""
}

func TestClientPythonStaticIndex(t *testing.T) {
	dir := t.TempDir()
	writeStaticIndex(t, dir)
	base := startPythonServer(t, dir)
	c := newClient(t, nil)
	ctx := context.Background()
	page, err := c.ProjectPage(ctx, base+"/simple/", "Foo")
	require.NoError(t, err)
	require.Len(t, page.Files, 1)
	assert.Equal(t, base+"/files/foo-1.0.tar.gz", page.Files[0].URL)
	assert.Equal(t, strings.Repeat("cd", 32), page.Files[0].Hashes["sha256"])

	_, err = c.ProjectPage(ctx, base+"/simple/", "missing")
	assert.ErrorIs(t, err, simpleapi.ErrNotFound)

	// http.server lists a directory without index.html as an HTML page
	// with links to its entries: "bar/" has index.json only, so the
	// listing holds one link, which is not a distribution file.
	page, err = c.ProjectPage(ctx, base+"/simple/", "bar")
	if err == nil {
		for _, f := range page.Files {
			assert.NotEqual(t, "bar-1.0-py3-none-any.whl", f.Filename)
		}
	}
}

func TestClientConcurrentUse(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%3 == 0 {
			w.WriteHeader(503)
			return
		}
		name := strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		io.WriteString(w, jsonPage(name))
	}))
	defer srv.Close()
	var c simpleapi.Client // the zero value, shared
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("p%d", i%4)
			page, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", name)
			if assert.NoError(t, err) {
				assert.Equal(t, name, page.Name)
			}
		}()
	}
	wg.Wait()
}

func ExampleClient_ProjectPage() {
	// A tiny index, as PyPI would serve it.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/simple/requests-toolbelt/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		io.WriteString(w, `{"meta": {"api-version": "1.4"}, "name": "requests-toolbelt", "versions": ["1.0.0"],
			"files": [{"filename": "requests_toolbelt-1.0.0-py2.py3-none-any.whl",
			           "url": "/files/requests_toolbelt-1.0.0-py2.py3-none-any.whl",
			           "hashes": {"sha256": "cccfdd665f0a24fcf4726e690f65639d272bb0637b9b92dfd91a5568ccf6bd06"},
			           "requires-python": ">=2.7", "size": 54481}]}`)
	}))
	defer srv.Close()

	c, err := simpleapi.NewClient(simpleapi.WithNetrc(nil))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	page, err := c.ProjectPage(ctx, srv.URL+"/simple/", "Requests_Toolbelt")
	if err != nil {
		panic(err)
	}
	for _, f := range page.Files {
		fmt.Println(f.Filename, f.RequiresPython, f.Hashes["sha256"][:12])
	}

	_, err = c.ProjectPage(ctx, srv.URL+"/simple/", "not-there")
	fmt.Println(errors.Is(err, simpleapi.ErrNotFound), errors.Is(err, fs.ErrNotExist))
	// Output:
	// requests_toolbelt-1.0.0-py2.py3-none-any.whl >=2.7 cccfdd665f0a
	// true true
}

func sha256hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestClientOpen(t *testing.T) {
	content := bytes.Repeat([]byte("wheel bytes "), 10000)
	var files authRecorder
	var flaky atomic.Int32
	filesSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files.record(r)
		assert.Equal(t, "identity", r.Header.Get("Accept-Encoding"))
		switch r.URL.Path {
		case "/flaky.whl":
			if flaky.Add(1) == 1 {
				w.WriteHeader(502)
				return
			}
		case "/gone.whl":
			w.WriteHeader(404)
			return
		}
		w.Write(content)
	}))
	defer filesSrv.Close()
	filesURL := strings.Replace(filesSrv.URL, "127.0.0.1", "localhost", 1)
	c := newClient(t, nil)
	ctx := context.Background()
	idx := "http://alice:s3cret@127.0.0.1:1/simple/" // the index itself is not contacted
	good := simpleapi.File{Filename: "x.whl", URL: filesURL + "/x.whl", Hashes: map[string]string{"sha256": sha256hex(content), "md5": fmt.Sprintf("%x", md5.Sum(content))}, Size: int64(len(content)), HasSize: true}

	t.Run("verified", func(t *testing.T) {
		rc, err := c.Open(ctx, idx, &good)
		require.NoError(t, err)
		got, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		assert.Equal(t, content, got)
		// The file host is another host: no credentials went there.
		assert.Equal(t, []string{""}, files.all())
	})
	t.Run("retried", func(t *testing.T) {
		f := good
		f.URL = filesURL + "/flaky.whl"
		rc, err := c.Open(ctx, idx, &f)
		require.NoError(t, err)
		defer rc.Close()
		_, err = io.ReadAll(rc)
		require.NoError(t, err)
	})
	t.Run("hash mismatch fails at the end", func(t *testing.T) {
		f := good
		f.Hashes = map[string]string{"sha256": strings.Repeat("0", 64)}
		rc, err := c.Open(ctx, idx, &f)
		require.NoError(t, err)
		defer rc.Close()
		got, err := io.ReadAll(rc)
		require.Error(t, err)
		assert.ErrorIs(t, err, simpleapi.ErrHashMismatch)
		assert.Contains(t, err.Error(), "sha256 "+sha256hex(content)+", want "+strings.Repeat("0", 64))
		assert.Len(t, got, len(content)) // streamed, then refused
		// And it stays failed.
		_, err = rc.Read(make([]byte, 1))
		assert.ErrorIs(t, err, simpleapi.ErrHashMismatch)
	})
	t.Run("longer than stated", func(t *testing.T) {
		f := good
		f.Size = 100
		f.URL = filesURL + "/x.whl?chunked"
		rc, err := c.Open(ctx, idx, &f)
		if err == nil {
			_, err = io.ReadAll(rc)
			rc.Close()
		}
		assert.ErrorIs(t, err, simpleapi.ErrHashMismatch)
	})
	t.Run("refused before any request", func(t *testing.T) {
		files.seen = nil
		for _, tt := range []struct {
			f    simpleapi.File
			idx  string
			kind error
		}{
			{simpleapi.File{URL: filesURL + "/x.whl", Hashes: map[string]string{"md5": fmt.Sprintf("%x", md5.Sum(content))}}, idx, simpleapi.ErrNoSecureHash},
			{simpleapi.File{URL: filesURL + "/x.whl", Hashes: map[string]string{"sha256": "zz"}}, idx, simpleapi.ErrBadResponse},
			{simpleapi.File{URL: "file:///etc/passwd", Hashes: good.Hashes}, idx, simpleapi.ErrBadResponse},
			{simpleapi.File{URL: filesURL + "/x.whl", Hashes: good.Hashes}, "https://pypi.invalid/simple/", simpleapi.ErrRedirect},
			{simpleapi.File{URL: "x.whl", Hashes: good.Hashes}, idx, simpleapi.ErrBadResponse},
		} {
			_, err := c.Open(ctx, tt.idx, &tt.f)
			assert.ErrorIs(t, err, tt.kind, tt.f.URL)
			assert.NotContains(t, err.Error(), "s3cret")
		}
		assert.Empty(t, files.all())
	})
	t.Run("not found", func(t *testing.T) {
		f := good
		f.URL = filesURL + "/gone.whl"
		_, err := c.Open(ctx, idx, &f)
		assert.ErrorIs(t, err, simpleapi.ErrNotFound)
	})
	t.Run("same origin gets the index credentials", func(t *testing.T) {
		files.seen = nil
		_, err := c.Open(ctx, strings.Replace(filesURL, "http://", "http://alice:s3cret@", 1)+"/simple/", &good)
		require.NoError(t, err)
		assert.Equal(t, []string{basic("alice", "s3cret")}, files.all())
	})
	t.Run("directory index", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "x.whl")
		require.NoError(t, os.WriteFile(p, content, 0o644))
		f := good
		f.URL = "file://" + filepath.ToSlash(p)
		rc, err := c.Open(ctx, dir, &f)
		require.NoError(t, err)
		got, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		assert.Equal(t, content, got)
		f.Hashes = map[string]string{"sha512": strings.Repeat("ab", 64)}
		rc, err = c.Open(ctx, dir, &f)
		require.NoError(t, err)
		_, err = io.ReadAll(rc)
		rc.Close()
		assert.ErrorIs(t, err, simpleapi.ErrHashMismatch)
	})
}

// TestUnparsableIndexURL: an index URL that does not parse is reported as
// such, not looked for as a folder, and its password stays out of the
// error.
func TestUnparsableIndexURL(t *testing.T) {
	c, err := simpleapi.NewClient()
	require.NoError(t, err)
	_, err = c.ProjectPage(t.Context(), "https://alice:s3cr%t@pkgs.example/simple/", "acme")
	require.Error(t, err)
	assert.ErrorIs(t, err, simpleapi.ErrInvalidIndex)
	assert.NotContains(t, err.Error(), "s3cr")
	assert.Contains(t, err.Error(), "pkgs.example")
	assert.Contains(t, err.Error(), "does not parse")
	assert.NotContains(t, err.Error(), "directory")
}

// TestOpenErrorBodyIdleTimeout: an error or redirect response whose body
// never comes does not hang Open: the body idle timeout covers every body
// read, not only the file's.
func TestOpenErrorBodyIdleTimeout(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusFound} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", "/elsewhere")
				w.Header().Set("Content-Type", "text/plain")
				w.Header().Set("Content-Length", "100")
				w.WriteHeader(status)
				w.(http.Flusher).Flush()
				select { // promise a body, send none
				case <-release:
				case <-r.Context().Done():
				}
			}))
			defer srv.Close()
			defer close(release)
			c, err := simpleapi.NewClient(
				simpleapi.WithTimeouts(time.Minute, time.Second, 200*time.Millisecond),
				simpleapi.WithRetries(1, time.Millisecond, time.Millisecond, time.Millisecond),
			)
			require.NoError(t, err)
			f := &simpleapi.File{Filename: "x-1.0.tar.gz", URL: srv.URL + "/x-1.0.tar.gz",
				Hashes: map[string]string{"sha256": strings.Repeat("0", 64)}}
			done := make(chan error, 1)
			go func() {
				rc, err := c.Open(t.Context(), srv.URL+"/simple/", f)
				if rc != nil {
					rc.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				require.Error(t, err) // a timeout, or the status once its body times out
			case <-time.After(10 * time.Second):
				t.Fatal("Open did not return within 10s of a body that never came")
			}
		})
	}
}

// TestTimeoutSaidOnce: a timeout's cause appears once in the error, not
// again through the wrapped net/http error, which repeats it and the URL.
func TestTimeoutSaidOnce(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never answer
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := simpleapi.NewClient(
		simpleapi.WithTimeouts(time.Minute, 100*time.Millisecond, time.Second),
		simpleapi.WithRetries(1, time.Millisecond, time.Millisecond, time.Millisecond),
	)
	require.NoError(t, err)
	_, err = c.ProjectPage(t.Context(), srv.URL+"/simple/", "acme")
	require.ErrorIs(t, err, simpleapi.ErrTimeout)
	assert.Equal(t, 1, strings.Count(err.Error(), "no response headers after"), err.Error())
}

func TestSecureHashes(t *testing.T) {
	assert.Equal(t, []string{"sha256", "sha384", "sha512"}, simpleapi.SecureHashes())
	for _, alg := range []string{"sha256", "sha384", "sha512"} {
		assert.True(t, simpleapi.IsSecureHash(alg), alg)
	}
	for _, alg := range []string{"md5", "sha1", "sha224", "SHA256", "blake2b", ""} {
		assert.False(t, simpleapi.IsSecureHash(alg), alg)
	}
	assert.Equal(t, "sha384", simpleapi.BestHash(map[string]string{"md5": "a", "sha512": "b", "sha384": "c"}))
	assert.Equal(t, "", simpleapi.BestHash(map[string]string{"md5": "a", "sha256": ""}))
}
