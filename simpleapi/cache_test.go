package simpleapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cacheFillValue sets every field reachable from v to a non-zero value derived
// from *n, so that a field the cache encoder forgets shows up as a
// difference after a round trip.
func cacheFillValue(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n) * 1000003)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2020, 1, 2, 3, 4, 5, *n*1000, time.UTC)))
			return
		}
		for i := range v.NumField() {
			cacheFillValue(v.Field(i), n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			cacheFillValue(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			cacheFillValue(k, n)
			cacheFillValue(e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic("cacheFillValue: add a case for " + v.Kind().String())
	}
}

func cacheForTest(t testing.TB) *Cache {
	c, err := OpenCache(t.TempDir())
	require.NoError(t, err)
	return c
}

func TestCacheCodecRoundTrip(t *testing.T) {
	c := cacheForTest(t)
	var n int
	var full ProjectPage
	cacheFillValue(reflect.ValueOf(&full).Elem(), &n)
	var root RootPage
	cacheFillValue(reflect.ValueOf(&root).Elem(), &n)
	pages := []*ProjectPage{
		&full,
		{}, // nil slices stay nil
		{Files: []File{{}}, Versions: []string{}, Tracks: []string{}, Namespaces: []Namespace{}}, // empty stays empty
		{Files: []File{{Hashes: map[string]string{}, CoreMetadata: CoreMetadata{Hashes: map[string]string{}}}}},
	}
	stored := time.Date(2026, 5, 6, 7, 8, 9, 10, time.UTC)
	for i, p := range pages {
		k := makeCacheKey(kindProject, fmt.Sprint("https://h/simple/p", i), nil)
		e := &cacheEntry{kind: kindProject, status: 200, url: "u", contentType: "ct", etag: `"e"`, lastModified: "lm",
			stored: stored, age: time.Second, lifetime: time.Minute, hasLifetime: true, noCache: true, project: p}
		got, err := c.decodeEntry(c.encodeEntry(e, k), k)
		require.NoError(t, err)
		assert.Equal(t, e.project, got.project, "page %d", i)
		got.project = e.project
		assert.True(t, got.stored.Equal(e.stored))
		got.stored = e.stored
		assert.Equal(t, e, got)
	}
	k := makeCacheKey(kindRoot, "https://h/simple/", nil)
	e := &cacheEntry{kind: kindRoot, status: 200, root: &root}
	got, err := c.decodeEntry(c.encodeEntry(e, k), k)
	require.NoError(t, err)
	assert.Equal(t, &root, got.root)

	// An entry read under another key is refused.
	_, err = c.decodeEntry(c.encodeEntry(e, k), makeCacheKey(kindRoot, "https://other/simple/", nil))
	assert.ErrorContains(t, err, "another key")
}

func TestCacheCodecRealPage(t *testing.T) {
	body := cacheGenPage(t, "json", 50)
	u, _ := url.Parse("https://pypi.example/simple/botocore/")
	p, err := ParseProjectPage(bytes.NewReader(body), MediaTypeJSON, u)
	require.NoError(t, err)
	c := cacheForTest(t)
	k := makeCacheKey(kindProject, u.String(), nil)
	got, err := c.decodeEntry(c.encodeEntry(&cacheEntry{kind: kindProject, status: 200, project: p}, k), k)
	require.NoError(t, err)
	assert.Equal(t, p, got.project)
}

func TestCacheDetectsEveryFlippedByte(t *testing.T) {
	c := cacheForTest(t)
	k := makeCacheKey(kindProject, "https://h/simple/foo/", nil)
	var n int
	var p ProjectPage
	cacheFillValue(reflect.ValueOf(&p).Elem(), &n)
	data := c.encodeEntry(&cacheEntry{kind: kindProject, status: 200, project: &p}, k)
	for i := range data {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(data)
			bad[i] ^= bit
			_, err := c.decodeEntry(bad, k)
			require.Error(t, err, "byte %d", i)
		}
	}
	for i := range len(data) {
		_, err := c.decodeEntry(data[:i], k)
		require.Error(t, err, "truncated to %d", i)
	}
}

func FuzzCacheDecode(f *testing.F) {
	c, err := OpenCache(f.TempDir())
	require.NoError(f, err)
	k := makeCacheKey(kindProject, "https://h/simple/foo/", nil)
	var n int
	var p ProjectPage
	cacheFillValue(reflect.ValueOf(&p).Elem(), &n)
	f.Add(c.encodeEntry(&cacheEntry{kind: kindProject, status: 200, project: &p}, k))
	f.Add(c.encodeEntry(&cacheEntry{kind: kindProject, status: 404}, k))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Bypass the checksum to reach the decoder: it must still never
		// panic or allocate beyond the input.
		if len(data) >= cacheHeaderLen {
			payload := data[cacheHeaderLen:]
			copy(data, cacheMagic)
			data[len(cacheMagic)] = cacheLayout
			fp := c.fingerprint()
			copy(data[len(cacheMagic)+1:], fp[:])
			binary.LittleEndian.PutUint64(data[len(cacheMagic)+9:], uint64(len(payload)))
			binary.LittleEndian.PutUint32(data[len(cacheMagic)+17:], crc32.Checksum(payload, castagnoli))
		}
		e, err := c.decodeEntry(data, k)
		if err == nil {
			// Whatever decodes survives a round trip unchanged (the
			// bytes may differ: varints and flags have more than one
			// spelling, and duplicate map keys collapse).
			e2, err := c.decodeEntry(c.encodeEntry(e, k), k)
			require.NoError(t, err)
			assert.Equal(t, e, e2)
		}
	})
}

// cacheGenPage runs the shared generator for a botocore-like page.
func cacheGenPage(t testing.TB, format string, versions int) []byte {
	t.Helper()
	gen := "../../shared/tools/gen_simple_page.py"
	if _, err := os.Stat(gen); err != nil {
		gen = "/work/shared/tools/gen_simple_page.py"
	}
	if _, err := os.Stat(gen); err != nil {
		t.Skip("gen_simple_page.py not available")
	}
	out, err := exec.Command("python3", gen, "project", "botocore", "--versions", fmt.Sprint(versions), "--wheels", "2", "--format", format).Output()
	if err != nil {
		t.Skipf("gen_simple_page.py: %v", err)
	}
	return out
}

// cacheServer serves a JSON page for any project with the given headers,
// answering If-None-Match with 304, and records requests.
type cacheServer struct {
	*httptest.Server
	header   http.Header
	status   atomic.Int32 // 0 means 200
	requests atomic.Int32
	mu       sync.Mutex
	cond     []string // If-None-Match / If-Modified-Since seen, per request
}

func newCacheServer(t *testing.T, header http.Header) *cacheServer {
	s := &cacheServer{header: header}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.mu.Lock()
		s.cond = append(s.cond, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		s.mu.Unlock()
		for k, v := range s.header {
			w.Header()[k] = v
		}
		if st := s.status.Load(); st != 0 {
			w.WriteHeader(int(st))
			return
		}
		if et := s.header.Get("ETag"); et != "" && r.Header.Get("If-None-Match") == et {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if lm := s.header.Get("Last-Modified"); lm != "" && r.Header.Get("If-Modified-Since") == lm {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		name := strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")
		w.Header().Set("Content-Type", MediaTypeJSON)
		fmt.Fprintf(w, `{"meta": {"api-version": "1.1"}, "name": %q, "files": [{"filename": "%s-1.0.tar.gz", "url": "/f/%s-1.0.tar.gz", "hashes": {"sha256": "%s"}, "size": 1}]}`,
			name, name, name, strings.Repeat("0", 64))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *cacheServer) conds() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cond...)
}

// cacheClock is a settable clock, safe for concurrent use.
type cacheClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *cacheClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *cacheClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func cachedClient(t *testing.T, cache *Cache, clk *cacheClock, opts ...ClientOption) *Client {
	t.Helper()
	all := []ClientOption{WithCache(cache), WithNetrc(nil),
		WithClock(clk.Now, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })}
	c, err := NewClient(append(all, opts...)...)
	require.NoError(t, err)
	return c
}

func TestCacheMaxAgeAndRevalidation(t *testing.T) {
	srv := newCacheServer(t, http.Header{"Etag": {`"v1"`}, "Cache-Control": {"max-age=600, public"}})
	clk := &cacheClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := cachedClient(t, cacheForTest(t), clk)
	ctx := context.Background()
	first, err := c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)

	clk.Add(5 * time.Minute) // fresh: no request
	p, err := c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.Equal(t, first, p)
	assert.EqualValues(t, 1, srv.requests.Load())

	clk.Add(6 * time.Minute) // stale: revalidated, 304
	p, err = c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.Equal(t, first, p)
	assert.Equal(t, []string{"|", `"v1"|`}, srv.conds())

	clk.Add(5 * time.Minute) // the 304 renewed freshness
	_, err = c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.EqualValues(t, 2, srv.requests.Load())
}

func TestCacheAgeHeaderAndExpires(t *testing.T) {
	srv := newCacheServer(t, http.Header{"Cache-Control": {"max-age=600"}, "Age": {"590"}})
	clk := &cacheClock{now: time.Now()}
	c := cachedClient(t, cacheForTest(t), clk)
	ctx := context.Background()
	_, err := c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	clk.Add(20 * time.Second) // 590+20 > 600: stale
	_, err = c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.EqualValues(t, 2, srv.requests.Load())

	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := readCachePolicy(http.Header{"Date": {date.Format(http.TimeFormat)}, "Expires": {date.Add(time.Hour).Format(http.TimeFormat)}})
	assert.Equal(t, cachePolicy{store: true, lifetime: time.Hour, hasLifetime: true}, p)
	p = readCachePolicy(http.Header{"Cache-Control": {"no-cache, max-age=60"}, "Vary": {"Accept"}})
	assert.Equal(t, cachePolicy{store: true, noCache: true, lifetime: time.Minute, hasLifetime: true}, p)
	assert.False(t, readCachePolicy(http.Header{"Vary": {"*"}}).store)
	assert.True(t, readCachePolicy(http.Header{"Pragma": {"no-cache"}}).noCache)
}

func TestCacheNoCacheRevalidatesEveryTime(t *testing.T) {
	lm := "Mon, 02 Jan 2006 15:04:05 GMT"
	srv := newCacheServer(t, http.Header{"Last-Modified": {lm}, "Cache-Control": {"no-cache"}})
	clk := &cacheClock{now: time.Now()}
	c := cachedClient(t, cacheForTest(t), clk)
	for range 3 {
		_, err := c.ProjectPage(context.Background(), srv.URL+"/simple/", "foo")
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"|", "|" + lm, "|" + lm}, srv.conds())
}

func cacheCountEntries(t *testing.T, dir string) (n int) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	}))
	return n
}

func TestCacheNoStore(t *testing.T) {
	srv := newCacheServer(t, http.Header{"Etag": {`"v1"`}, "Cache-Control": {"max-age=600"}})
	cache := cacheForTest(t)
	clk := &cacheClock{now: time.Now()}
	c := cachedClient(t, cache, clk)
	ctx := context.Background()
	_, err := c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.Equal(t, 1, cacheCountEntries(t, cache.Dir()))

	// The index now says no-store: the stale entry is revalidated, then
	// dropped; nothing is stored again.
	srv.header = http.Header{"Cache-Control": {"no-store"}}
	clk.Add(time.Hour)
	for range 2 {
		_, err = c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
		require.NoError(t, err)
	}
	assert.Equal(t, 0, cacheCountEntries(t, cache.Dir()))
	assert.EqualValues(t, 3, srv.requests.Load())
}

func TestCacheCorruptEntryIsRefetched(t *testing.T) {
	srv := newCacheServer(t, http.Header{"Etag": {`"v1"`}, "Cache-Control": {"max-age=600"}})
	cache := cacheForTest(t)
	clk := &cacheClock{now: time.Now()}
	var logs bytes.Buffer
	c := cachedClient(t, cache, clk, WithLogger(cacheLogger(&logs)))
	ctx := context.Background()
	want, err := c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)

	var entry string
	require.NoError(t, filepath.WalkDir(cache.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			entry = p
		}
		return err
	}))
	data, err := os.ReadFile(entry)
	require.NoError(t, err)
	data[len(data)/2] ^= 0x20
	// Replace the file as another process would (rename), and also
	// corrupt it in place, as a disk might: both are caught.
	require.NoError(t, os.WriteFile(entry+".new", data, 0o600))
	require.NoError(t, os.Rename(entry+".new", entry))

	// Still fresh by the clock, but corrupt: fetched again, without
	// validators (the entry cannot be trusted for them either).
	got, err := c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"|", "|"}, srv.conds())
	assert.Contains(t, logs.String(), "checksum mismatch")
	// And the entry was rewritten.
	_, err = c.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	assert.EqualValues(t, 2, srv.requests.Load())
}

func TestCacheOffline(t *testing.T) {
	srv := newCacheServer(t, http.Header{"Cache-Control": {"max-age=0"}})
	cache := cacheForTest(t)
	clk := &cacheClock{now: time.Now()}
	online := cachedClient(t, cache, clk)
	ctx := context.Background()
	want, err := online.ProjectPage(ctx, srv.URL+"/simple/", "foo")
	require.NoError(t, err)
	srv.status.Store(404)
	_, err = online.ProjectPage(ctx, srv.URL+"/simple/", "gone")
	require.ErrorIs(t, err, ErrNotFound)
	n := srv.requests.Load()

	offline := cachedClient(t, cache, clk, WithOffline())
	clk.Add(24 * time.Hour) // stale does not matter offline
	got, err := offline.ProjectPage(ctx, srv.URL+"/simple/", "Foo")
	require.NoError(t, err)
	assert.Equal(t, want, got)

	_, err = offline.ProjectPage(ctx, srv.URL+"/simple/", "gone")
	assert.ErrorIs(t, err, ErrNotFound, "a cached 404 is still not found")

	_, err = offline.ProjectPage(ctx, srv.URL+"/simple/", "never-fetched")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrNotCached)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "no cached copy of the page")
	assert.Equal(t, n, srv.requests.Load(), "offline makes no request")

	_, err = NewClient(WithOffline())
	assert.ErrorContains(t, err, "WithOffline needs WithCache")
}

func TestCacheKeepsNoCredentials(t *testing.T) {
	const pw = "v3ry-s3cret-pw"
	srv := newCacheServer(t, http.Header{"Cache-Control": {"max-age=600"}})
	cache := cacheForTest(t)
	clk := &cacheClock{now: time.Now()}
	c := cachedClient(t, cache, clk)
	idx := strings.Replace(srv.URL, "http://", "http://alice:"+pw+"@", 1) + "/simple/?token=tok-s3cret"
	_, err := c.ProjectPage(context.Background(), idx, "foo")
	require.NoError(t, err)
	b64 := base64.StdEncoding.EncodeToString([]byte("alice:" + pw))
	require.NoError(t, filepath.WalkDir(cache.Dir(), func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		for _, s := range []string{pw, b64, "tok-s3cret", "alice", "127.0.0.1"} {
			assert.NotContains(t, p, s)
		}
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			for _, s := range []string{pw, b64, "tok-s3cret"} {
				assert.NotContains(t, string(data), s)
			}
		}
		return nil
	}))
	// Without the credentials, the entry is not found: pages fetched with
	// credentials are not served to other callers.
	offline := cachedClient(t, cache, clk, WithOffline())
	_, err = offline.ProjectPage(context.Background(), srv.URL+"/simple/?token=tok-s3cret", "foo")
	assert.ErrorIs(t, err, ErrNotCached)
	_, err = offline.ProjectPage(context.Background(), idx, "foo")
	assert.NoError(t, err)
}

func TestCacheConcurrentClients(t *testing.T) {
	srv := newCacheServer(t, http.Header{"Etag": {`"v1"`}, "Cache-Control": {"max-age=0"}})
	cache1 := cacheForTest(t)
	cache2, err := OpenCache(cache1.Dir())
	require.NoError(t, err)
	clk := &cacheClock{now: time.Now()}
	clients := []*Client{cachedClient(t, cache1, clk), cachedClient(t, cache2, clk)}
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("p%d", i%5)
			for range 5 {
				p, err := clients[i%2].ProjectPage(context.Background(), srv.URL+"/simple/", name)
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, name, p.Name)
				assert.Len(t, p.Files, 1)
			}
		}()
	}
	wg.Wait()
}

// TestCacheMultiProcess runs this test binary a second time as a child
// process that writes and reads the same entries as the parent, in the
// same folder, at the same time. Neither may ever see a partial entry.
func TestCacheMultiProcess(t *testing.T) {
	if dir := os.Getenv("SAFEINDEX_CACHE_CHILD_DIR"); dir != "" {
		cacheHammer(t, dir, "child")
		return
	}
	if testing.Short() {
		t.Skip("spawns a process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCacheMultiProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SAFEINDEX_CACHE_CHILD_DIR="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	cacheHammer(t, dir, "parent")
	require.NoError(t, cmd.Wait(), out.String())
}

// cacheHammer stores and loads a few entries for a while, checking every
// read is either a miss or a complete, valid entry.
func cacheHammer(t *testing.T, dir, who string) {
	c, err := OpenCache(dir)
	require.NoError(t, err)
	var pages []*ProjectPage
	for i := range 4 {
		p := &ProjectPage{Name: fmt.Sprintf("p%d", i), APIVersion: "1.1"}
		for j := range 200 * (i + 1) {
			p.Files = append(p.Files, File{Filename: fmt.Sprintf("p%d-%d.tar.gz", i, j), URL: "https://f/" + who, Hashes: map[string]string{"sha256": strings.Repeat("a", 64)}})
		}
		pages = append(pages, p)
	}
	deadline := time.Now().Add(700 * time.Millisecond)
	var loads, hits int
	for i := 0; time.Now().Before(deadline); i++ {
		p := pages[i%len(pages)]
		k := makeCacheKey(kindProject, "https://h/simple/"+p.Name+"/", nil)
		if i%3 == 0 {
			require.NoError(t, c.store(k, &cacheEntry{kind: kindProject, status: 200, project: p}))
			continue
		}
		e, err := c.load(k)
		require.NoError(t, err, "%s read a partial or corrupt entry", who)
		loads++
		if e != nil {
			hits++
			require.Equal(t, p.Name, e.project.Name)
			require.Len(t, e.project.Files, len(p.Files))
		}
	}
	require.Positive(t, hits)
	t.Logf("%s: %d loads, %d hits", who, loads, hits)
}

func cacheLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Benchmarks: a 6,000-file page (gen_simple_page.py project botocore
// --versions 2000 --wheels 2), parsed fresh versus re-read from the cache.

func cacheBenchPage(b *testing.B, format string) ([]byte, *url.URL) {
	body := cacheGenPage(b, format, 2000)
	u, _ := url.Parse("https://pypi.example/simple/botocore/")
	return body, u
}

func BenchmarkCacheFreshParse(b *testing.B) {
	for _, format := range []string{"json", "html"} {
		b.Run(format, func(b *testing.B) {
			body, u := cacheBenchPage(b, format)
			ct := map[string]string{"json": MediaTypeJSON, "html": MediaTypeTextHTML}[format]
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := ParseProjectPage(bytes.NewReader(body), ct, u)
				if err != nil || len(p.Files) != 6000 {
					b.Fatal(err, len(p.Files))
				}
			}
		})
	}
}

// BenchmarkCacheReread reads an entry back: "disk" decodes the file every
// time (CacheMemory(0)); "memory" is the default, which checks the file is
// unchanged (one stat) and copies the kept decoded page.
func BenchmarkCacheReread(b *testing.B) {
	b.Run("disk", func(b *testing.B) { benchCacheReread(b, CacheMemory(0)) })
	b.Run("memory", func(b *testing.B) { benchCacheReread(b) })
	b.Run("memory-shared", func(b *testing.B) { benchCacheReread(b, CacheSharedPages()) })
}

func benchCacheReread(b *testing.B, opts ...CacheOption) {
	body, u := cacheBenchPage(b, "json")
	p, err := ParseProjectPage(bytes.NewReader(body), MediaTypeJSON, u)
	require.NoError(b, err)
	c, err := OpenCache(b.TempDir(), opts...)
	require.NoError(b, err)
	k := makeCacheKey(kindProject, u.String(), nil)
	require.NoError(b, c.store(k, &cacheEntry{kind: kindProject, status: 200, project: p, stored: time.Now(), lifetime: time.Hour, hasLifetime: true}))
	c.forget(k) // start from the file, like another process would
	p = nil     // as in BenchmarkCacheFreshParse, keep no parsed page alive
	runtime.GC()
	st, _ := os.Stat(c.path(k))
	b.ReportMetric(float64(st.Size()), "entry-bytes")
	b.ReportAllocs()
	for b.Loop() {
		e, err := c.load(k)
		if err != nil || e == nil || len(e.project.Files) != 6000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkClientCachedProjectPage is the whole Client path for a fresh
// cached page: key, stat, checks, no request; "copy" is the default,
// "shared" uses CacheSharedPages.
func BenchmarkClientCachedProjectPage(b *testing.B) {
	b.Run("copy", func(b *testing.B) { benchClientCached(b) })
	b.Run("shared", func(b *testing.B) { benchClientCached(b, CacheSharedPages()) })
}

func benchClientCached(b *testing.B, opts ...CacheOption) {
	body, _ := cacheBenchPage(b, "json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", MediaTypeJSON)
		w.Header().Set("Cache-Control", "max-age=600")
		w.Write(body)
	}))
	defer srv.Close()
	cache, err := OpenCache(b.TempDir(), opts...)
	require.NoError(b, err)
	c, err := NewClient(WithCache(cache), WithNetrc(nil))
	require.NoError(b, err)
	ctx := context.Background()
	_, err = c.ProjectPage(ctx, srv.URL+"/simple/", "botocore")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.ProjectPage(ctx, srv.URL+"/simple/", "botocore")
		if err != nil || len(p.Files) != 6000 {
			b.Fatal(err)
		}
	}
}

func TestCacheMemoryLayer(t *testing.T) {
	c, err := OpenCache(t.TempDir(), CacheMemory(1<<20))
	require.NoError(t, err)
	mk := func(name string, files int) *cacheEntry {
		p := &ProjectPage{Name: name}
		for i := range files {
			p.Files = append(p.Files, File{Filename: fmt.Sprint(i), Hashes: map[string]string{"sha256": strings.Repeat("a", 64)}})
		}
		return &cacheEntry{kind: kindProject, status: 200, project: p}
	}
	k1 := makeCacheKey(kindProject, "https://h/simple/a/", nil)
	require.NoError(t, c.store(k1, mk("a", 10)))
	e, err := c.load(k1)
	require.NoError(t, err)
	// The caller's slices are its own: filtering in place is safe.
	e.project.Files = slices.DeleteFunc(e.project.Files, func(File) bool { return true })
	e.project.Name = "changed"
	e2, err := c.load(k1)
	require.NoError(t, err)
	assert.Equal(t, "a", e2.project.Name)
	assert.Len(t, e2.project.Files, 10)
	assert.Equal(t, "0", e2.project.Files[0].Filename)

	// Another Cache (another process) replaces the entry: seen at once.
	other, err := OpenCache(c.Dir())
	require.NoError(t, err)
	require.NoError(t, other.store(k1, mk("b", 3)))
	e3, err := c.load(k1)
	require.NoError(t, err)
	assert.Equal(t, "b", e3.project.Name)
	// Removed by another process: a miss.
	other.remove(k1)
	e4, err := c.load(k1)
	require.NoError(t, err)
	assert.Nil(t, e4)

	// Shared pages are the kept page itself.
	sh, err := OpenCache(c.Dir(), CacheSharedPages())
	require.NoError(t, err)
	require.NoError(t, sh.store(k1, mk("s", 2)))
	s1, err := sh.load(k1)
	require.NoError(t, err)
	s2, err := sh.load(k1)
	require.NoError(t, err)
	assert.Same(t, s1.project, s2.project)

	// The memory stays under its limit.
	for i := range 50 {
		require.NoError(t, c.store(makeCacheKey(kindProject, fmt.Sprint(i), nil), mk("x", 500)))
	}
	c.mu.Lock()
	assert.LessOrEqual(t, c.memoBytes, int64(1<<20))
	assert.NotEmpty(t, c.memo)
	c.mu.Unlock()

	_, err = OpenCache(t.TempDir(), CacheMemory(-1))
	assert.Error(t, err)
}
