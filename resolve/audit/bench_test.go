package audit

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// cachingProxy serves an indextest server with PyPI's Cache-Control
// (max-age=600), which indextest does not send, so that a client's cache
// answers warm lookups without a request, as it does against PyPI.
func cachingProxy(tb testing.TB, s *indextest.Server) *httptest.Server {
	u, err := url.Parse(s.URL)
	require.NoError(tb, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = s.Client().Transport
	rp.ModifyResponse = func(r *http.Response) error {
		r.Header.Set("Cache-Control", "max-age=600, public")
		return nil
	}
	p := httptest.NewServer(rp)
	tb.Cleanup(p.Close)
	return p
}

// benchWorld is 1,000 internal projects served over loopback, a public
// index with a few names, and a policy over both.
type benchWorld struct {
	internal, pypi *indextest.Index
	intURL, pubURL string
	policy         *policy.Policy
}

func newBenchWorld(b *testing.B, n int) *benchWorld {
	var projects []indextest.Option
	for i := range n {
		projects = append(projects, indextest.Project(fmt.Sprintf("pkg-%d", i),
			indextest.Release("1.0.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("1.1.0", indextest.Wheel(), indextest.Sdist())))
	}
	internal := indextest.NewIndex("internal", projects...)
	pypi := indextest.NewIndex("pypi", indextest.Project("requests", indextest.Release("2.31.0")))
	is, ps := indextest.NewServer(internal), indextest.NewServer(pypi)
	b.Cleanup(is.Close)
	b.Cleanup(ps.Close)
	ip, pp := cachingProxy(b, is), cachingProxy(b, ps)
	w := &benchWorld{internal: internal, pypi: pypi, intURL: ip.URL + "/simple/", pubURL: pp.URL + "/simple/"}
	w.policy = &policy.Policy{Sources: []policy.Source{{Name: "internal", URL: w.intURL}, {Name: "pypi", URL: w.pubURL}}}
	return w
}

// locks returns a pylock.toml and a requirements.txt pinning pkg-i 1.1.0
// with every file's hash.
func (w *benchWorld) locks(b *testing.B, n int, fileHost string) (pylock, reqs []byte) {
	var pl, rq strings.Builder
	pl.WriteString("lock-version = \"1.0\"\ncreated-by = \"bench\"\n")
	fmt.Fprintf(&rq, "--index-url %s\n", w.intURL)
	for i := range n {
		name := fmt.Sprintf("pkg-%d", i)
		files := filesOf(b, w.internal, name, "1.1.0")
		fmt.Fprintf(&pl, "\n[[packages]]\nname = %q\nversion = \"1.1.0\"\nindex = %q\n", name, w.intURL)
		fmt.Fprintf(&rq, "%s==1.1.0", name)
		for _, f := range files {
			u := fileHost + "/files/" + name + "/" + f.Filename
			kind := "[[packages.wheels]]"
			if strings.HasSuffix(f.Filename, ".tar.gz") {
				kind = "[packages.sdist]"
			}
			fmt.Fprintf(&pl, "\n%s\nname = %q\nurl = %q\nhashes = {sha256 = %q}\n", kind, f.Filename, u, f.SHA256)
			fmt.Fprintf(&rq, " \\\n    --hash=sha256:%s", f.SHA256)
		}
		rq.WriteString("\n")
	}
	return []byte(pl.String()), []byte(rq.String())
}

// BenchmarkVerify reads and audits a 1,000-package lock against loopback
// indexes with a warm cache (filled by one run before timing).
func BenchmarkVerify(b *testing.B) {
	const n = 1000
	w := newBenchWorld(b, n)
	host := strings.TrimSuffix(w.intURL, "/simple/")
	pylock, reqs := w.locks(b, n, host)
	cache, err := simpleapi.OpenCache(b.TempDir())
	require.NoError(b, err)
	client, err := simpleapi.NewClient(simpleapi.WithCache(cache), simpleapi.WithHTTPClient(&http.Client{}))
	require.NoError(b, err)
	a := &Auditor{Policy: w.policy, Index: resolve.ClientIndex{Client: client}}

	for _, tc := range []struct {
		name string
		data []byte
	}{{"pylock.toml", pylock}, {"requirements.txt", reqs}} {
		run := func() *Report {
			lock, err := lockfile.Read(tc.name, bytes.NewReader(tc.data))
			require.NoError(b, err)
			rep, err := a.Verify(b.Context(), lock)
			require.NoError(b, err)
			return rep
		}
		rep := run() // fills the cache
		require.True(b, rep.OK, "%v", rep.Findings)
		require.Len(b, rep.Packages, n)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				run()
			}
		})
		// The same with the internal source alone: no public lookups, which
		// the client answers with a request each time (it does not answer a
		// cached 404 while it is fresh).
		one := &Auditor{Policy: &policy.Policy{Sources: w.policy.Sources[:1]}, Index: a.Index}
		b.Run(tc.name+"/internal-only", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				lock, err := lockfile.Read(tc.name, bytes.NewReader(tc.data))
				require.NoError(b, err)
				_, err = one.Verify(b.Context(), lock)
				require.NoError(b, err)
			}
		})
		b.Run(tc.name+"/read", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := lockfile.Read(tc.name, bytes.NewReader(tc.data))
				require.NoError(b, err)
			}
		})
	}
}
