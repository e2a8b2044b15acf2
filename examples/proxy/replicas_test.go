package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// staticServer serves an index written with WriteDir under /simple/, as
// nginx would, with PyPI's Cache-Control (max-age=600) on every answer,
// and counts the requests for files.
type staticServer struct {
	*httptest.Server
	files atomic.Int64
	pages atomic.Int64
}

func newStaticServer(t testing.TB, idx *indextest.Index) *staticServer {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, idx.WriteDir(dir))
	s := &staticServer{}
	fs := http.StripPrefix("/simple/", http.FileServer(http.Dir(dir)))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			s.pages.Add(1)
		} else {
			s.files.Add(1)
		}
		w.Header().Set("Cache-Control", "max-age=600")
		p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/simple/")))
		if _, err := os.Stat(p); err != nil {
			// As PyPI does, and unlike http.FileServer, which drops
			// Cache-Control from errors: a 404 is cacheable too.
			w.WriteHeader(http.StatusNotFound)
			return
		}
		fs.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *staticServer) source(name string) policy.Source {
	return policy.Source{Name: name, URL: s.URL + "/simple/"}
}

// replica builds one proxy instance on the shared cache folder, as a
// separate process would: its own client, cache handle and memory.
func replica(t *testing.T, pol *policy.Policy, cacheDir string, logs io.Writer) *httptest.Server {
	t.Helper()
	cache, err := simpleapi.OpenCache(filepath.Join(cacheDir, "pages"), simpleapi.CacheSharedPages())
	require.NoError(t, err)
	srv, err := newServer(options{
		Policy:    pol,
		Client:    testClient(t, simpleapi.WithCache(cache)),
		FileCache: filepath.Join(cacheDir, "files"),
		Logger:    slog.New(slog.NewTextHandler(logs, nil)),
	})
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs
}

// TestReplicasShareOneCache runs two proxy instances on one cache folder
// and hammers both at once; every answer must be right. Then the
// upstream indexes go away, and a third instance, started cold on the
// same folder, still serves every page and file: the folder is the whole
// state, which is what lets replicas sit behind a load balancer.
func TestReplicasShareOneCache(t *testing.T) {
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing", indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()), indextest.Release("1.3.0")),
		indextest.Project("acme-ledger", indextest.Release("0.9.0")),
	)
	pypi := indextest.NewIndex("pypi",
		indextest.Attacker("acme-billing", "99.0.0"),
		indextest.Project("six", indextest.Release("1.16.0", indextest.Wheel(), indextest.Sdist())),
	)
	in, pub := newStaticServer(t, internal), newStaticServer(t, pypi)
	src := in.source("internal")
	src.Claims = []string{"acme-*"}
	pol := &policy.Policy{Sources: []policy.Source{src, pub.source("pypi")}}

	cacheDir := t.TempDir()
	logs := &syncBuffer{}
	replicas := []*httptest.Server{replica(t, pol, cacheDir, logs), replica(t, pol, cacheDir, logs)}

	type want struct {
		path    string
		content []byte // nil for a page
		has     string // a page must contain
	}
	var wants []want
	for _, p := range []struct {
		idx       *indextest.Index
		src, name string
	}{
		{internal, "internal", "acme-billing"}, {internal, "internal", "acme-ledger"}, {pypi, "pypi", "six"},
	} {
		wants = append(wants, want{path: "/simple/" + p.name + "/", has: "/files/" + p.src + "/" + p.name + "/"})
		for _, a := range artifacts(p.idx, p.name) {
			wants = append(wants, want{path: "/files/" + p.src + "/" + p.name + "/" + a.Filename, content: a.Content})
		}
	}

	check := func(base string, w want) error {
		resp, err := http.Get(base + w.path)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		switch {
		case err != nil:
			return fmt.Errorf("%s: %w", w.path, err)
		case resp.StatusCode != http.StatusOK:
			return fmt.Errorf("%s: %s: %s", w.path, resp.Status, body)
		case w.content != nil && string(body) != string(w.content):
			return fmt.Errorf("%s: wrong content", w.path)
		case w.content == nil && (!strings.Contains(string(body), w.has) || strings.Contains(string(body), "99.0.0")):
			return fmt.Errorf("%s: wrong page: %s", w.path, body)
		}
		return nil
	}

	const workers, rounds = 8, 12
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*len(wants))
	for g := range workers {
		wg.Go(func() {
			for i := range rounds {
				for j, w := range wants {
					if err := check(replicas[(g+i+j)%2].URL, w); err != nil {
						errs <- err
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("upstream requests: %d pages, %d files for %d requests", in.pages.Load()+pub.pages.Load(), in.files.Load()+pub.files.Load(), workers*rounds*len(wants))
	assert.LessOrEqual(t, in.files.Load()+pub.files.Load(), int64(2*workers*len(wants)), "files are fetched about once, not once per request")

	// Nothing half-written is left behind.
	tmp, err := filepath.Glob(filepath.Join(cacheDir, "files", ".tmp-*"))
	require.NoError(t, err)
	assert.Empty(t, tmp)

	// The upstream indexes go away: a cold replica serves from the cache.
	in.Close()
	pub.Close()
	cold := replica(t, pol, cacheDir, logs)
	for _, w := range wants {
		assert.NoError(t, check(cold.URL, w))
	}

	// A corrupt cache entry is caught on read, and removed. (Entries are
	// checked on a process's first read, and again when they change.)
	entries, err := filepath.Glob(filepath.Join(cacheDir, "files", "sha256", "*", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		b, err := os.ReadFile(e)
		require.NoError(t, err)
		b[len(b)/2] ^= 1
		require.NoError(t, os.WriteFile(e, b, 0o600))
		later := time.Now().Add(time.Hour) // whatever the file system's mtime resolution
		require.NoError(t, os.Chtimes(e, later, later))
	}
	// A replica that verified these files before sees they changed.
	failed := 0
	for _, w := range wants {
		if w.content != nil && check(replicas[0].URL, w) != nil {
			failed++
		}
	}
	assert.Equal(t, len(wants)-3, failed, "every corrupted file is refused")
	left, _ := filepath.Glob(filepath.Join(cacheDir, "files", "sha256", "*", "*"))
	assert.Empty(t, left, "and removed from the cache")
	assert.Eventually(t, func() bool { return strings.Contains(logs.String(), "cached file does not match its hash") }, 5*time.Second, 10*time.Millisecond)
}

// artifacts lists the files of a project of idx, by reading its page
// from memory.
func artifacts(idx *indextest.Index, name string) []*indextest.Artifact {
	src := idx.Source()
	pg, err := idx.ProjectPage(context.Background(), &src, name)
	if err != nil {
		panic(err)
	}
	var out []*indextest.Artifact
	for _, f := range pg.Files {
		out = append(out, idx.File(f.Filename))
	}
	return out
}
