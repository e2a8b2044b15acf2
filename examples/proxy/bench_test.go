package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// benchProxy is a proxy with a page cache and a file cache over a static
// index whose acme-billing page has 120 files.
func benchProxy(b *testing.B) (*server, *indextest.Index) {
	var releases []indextest.Option
	for i := range 60 {
		releases = append(releases, indextest.Release("1."+itoa(i)+".0", indextest.Wheel(), indextest.Sdist()))
	}
	internal := indextest.NewIndex("internal", indextest.Project("acme-billing", releases...))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))
	in, pub := newStaticServer(b, internal), newStaticServer(b, pypi)
	src := in.source("internal")
	src.Claims = []string{"acme-*"}
	dir := b.TempDir()
	cache, err := simpleapi.OpenCache(filepath.Join(dir, "pages"), simpleapi.CacheSharedPages())
	require.NoError(b, err)
	c, err := simpleapi.NewClient(simpleapi.WithCache(cache), simpleapi.WithNetrc(nil))
	require.NoError(b, err)
	srv, err := newServer(options{
		Policy:    &policy.Policy{Sources: []policy.Source{src, pub.source("pypi")}},
		Client:    c,
		FileCache: filepath.Join(dir, "files"),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	require.NoError(b, err)
	return srv, internal
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func serveOnce(b *testing.B, h http.Handler, path, accept string) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", path, w.Code, w.Body)
	}
	return w.Body.Len()
}

// BenchmarkProjectPage serves a cached 120-file page, as JSON.
func BenchmarkProjectPage(b *testing.B) {
	srv, _ := benchProxy(b)
	n := serveOnce(b, srv, "/simple/acme-billing/", acceptJSON)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		serveOnce(b, srv, "/simple/acme-billing/", acceptJSON)
	}
}

// BenchmarkProjectPageRemade makes the merged page again on each request
// (ViewTTL off), from the page cache.
func BenchmarkProjectPageRemade(b *testing.B) {
	srv, _ := benchProxy(b)
	srv.opt.ViewTTL = -1
	n := serveOnce(b, srv, "/simple/acme-billing/", acceptJSON)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		serveOnce(b, srv, "/simple/acme-billing/", acceptJSON)
	}
}

// BenchmarkCachedFile serves a wheel from the file cache.
func BenchmarkCachedFile(b *testing.B) {
	srv, idx := benchProxy(b)
	a := idx.File("acme_billing-1.30.0-py3-none-any.whl")
	path := "/files/internal/acme-billing/" + a.Filename
	serveOnce(b, srv, path, "")
	b.SetBytes(a.Size)
	b.ReportAllocs()
	for b.Loop() {
		serveOnce(b, srv, path, "")
	}
}
