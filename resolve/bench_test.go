package resolve

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// The resolve benchmark of issue 4: 500 pinned requirements against two
// indexes served on loopback, an internal one (100 projects of 20 versions)
// and a public-sized one (400 projects of 150 versions, 600 files a page),
// with pages made by shared/tools/gen_simple_page.py. Every page answer is
// delayed by benchLatency, as a network would; the cold run is then bounded
// by about ceil(lookups / concurrency) * latency, not by lookups * latency.
//
//	go test ./resolve -run '^$' -bench Resolve500 -benchtime 5x
const (
	benchInternal = 100
	benchPublic   = 400
	benchLatency  = 20 * time.Millisecond
)

// genPage runs gen_simple_page.py once for a template project.
func genPage(b *testing.B, versions int) string {
	b.Helper()
	out, err := exec.Command("python3", "../../shared/tools/gen_simple_page.py", "project", "tmplname",
		"--versions", fmt.Sprint(versions), "--wheels", "3", "--format", "json", "--base", "https://files.example.org").Output()
	if err != nil {
		b.Skipf("python3 and shared/tools/gen_simple_page.py are needed to make the pages: %v", err)
	}
	return string(out)
}

type benchIndex struct {
	srv      *httptest.Server
	pages    map[string][]byte // path -> body
	requests atomic.Int64
}

func newBenchIndex(b *testing.B, pages map[string][]byte) *benchIndex {
	bi := &benchIndex{pages: pages}
	bi.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bi.requests.Add(1)
		body, ok := bi.pages[r.URL.Path]
		time.Sleep(benchLatency)
		w.Header().Set("Cache-Control", "max-age=600") // PyPI's CDN caches 404s too
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", simpleapi.MediaTypeJSON)
		w.Write(body)
	}))
	b.Cleanup(bi.srv.Close)
	return bi
}

func benchSetup(b *testing.B) (*policy.Policy, []Requirement, *benchIndex, *benchIndex) {
	small, large := genPage(b, 20), genPage(b, 150)
	internal, public := map[string][]byte{}, map[string][]byte{}
	var reqs []Requirement
	add := func(pages map[string][]byte, tmpl, name string) {
		// Distribution filenames spell the name with underscores.
		body := strings.ReplaceAll(tmpl, "tmplname", strings.ReplaceAll(name, "-", "_"))
		pages["/simple/"+name+"/"] = []byte(body)
		// Pin the newest final version on the page.
		page, err := simpleapi.ParseProjectJSON(bytes.NewReader([]byte(body)), nil)
		require.NoError(b, err)
		var top pep440.Version
		for _, v := range page.Versions {
			pv, err := pep440.Parse(v)
			if err == nil && !pv.IsPrerelease() && pep440.Compare(pv, top) > 0 {
				top = pv
			}
		}
		reqs = append(reqs, Requirement{Name: name, Specifier: pep440.MustParseSpecifierSet("==" + top.String())})
	}
	for i := range benchInternal {
		add(internal, small, fmt.Sprintf("acme-lib%03d", i))
	}
	for i := range benchPublic {
		add(public, large, fmt.Sprintf("public-lib%03d", i))
	}
	in, pub := newBenchIndex(b, internal), newBenchIndex(b, public)
	p := &policy.Policy{Sources: []policy.Source{
		{Name: "internal", URL: in.srv.URL + "/simple/", FileHosts: []string{"files.example.org"}},
		{Name: "pypi", URL: pub.srv.URL + "/simple/", FileHosts: []string{"files.example.org"}},
	}}
	return p, reqs, in, pub
}

func BenchmarkResolve500(b *testing.B) {
	p, reqs, in, pub := benchSetup(b)
	ctx := context.Background()
	run := func(b *testing.B, idx Index) {
		r := &Resolver{Policy: p, Index: idx, Concurrency: DefaultConcurrency,
			Target: Target{Python: pep440.MustParse("3.12.0"), HasPython: true}}
		res, err := r.Resolve(ctx, reqs)
		require.NoError(b, err)
		require.NoError(b, res.Err())
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			client, err := simpleapi.NewClient()
			require.NoError(b, err)
			run(b, ClientIndex{Client: client})
		}
		lookups := 2 * len(reqs)
		bound := time.Duration((lookups+DefaultConcurrency-1)/DefaultConcurrency) * benchLatency
		b.ReportMetric(float64(bound)/float64(time.Millisecond), "bound-ms")
	})
	b.Run("warm", func(b *testing.B) {
		// The resolver never modifies a page, so it can share the cache's.
		cache, err := simpleapi.OpenCache(b.TempDir(), simpleapi.CacheMemory(512<<20), simpleapi.CacheSharedPages())
		require.NoError(b, err)
		client, err := simpleapi.NewClient(simpleapi.WithCache(cache))
		require.NoError(b, err)
		run(b, ClientIndex{Client: client}) // fill the cache
		before := in.requests.Load() + pub.requests.Load()
		b.ResetTimer()
		for b.Loop() {
			run(b, ClientIndex{Client: client})
		}
		b.StopTimer()
		if n := in.requests.Load() + pub.requests.Load() - before; n != 0 {
			b.Fatalf("warm runs made %d requests; the cache should answer them all", n)
		}
	})
}
