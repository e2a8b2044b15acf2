package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// internalIndex is the company's index: acme-* names, one of them
// yanked, one tampered, one quarantined.
func internalIndex(opts ...indextest.Option) *indextest.Index {
	return indextest.NewIndex("internal", append([]indextest.Option{
		indextest.Project("acme-billing",
			indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("1.3.0", indextest.Yanked("broken build")),
		),
		indextest.Project("acme-tampered", indextest.Release("1.0.0", indextest.Tampered())),
		indextest.Project("acme-quarantined", indextest.Status("quarantined", "suspected malware"), indextest.Release("1.0.0")),
		indextest.Project("acme-unhashed", indextest.Release("1.0.0", indextest.Hashes("md5"))),
	}, opts...)...)
}

// publicIndex is PyPI as an attacker sees it: the internal name with a
// higher version, and ordinary public projects.
func publicIndex(opts ...indextest.Option) *indextest.Index {
	return indextest.NewIndex("pypi", append([]indextest.Option{
		indextest.Attacker("acme-billing", "99.0.0"),
		indextest.Project("requests",
			indextest.Release("2.31.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("2.32.0", indextest.Yanked("")),
		),
		indextest.Project("six", indextest.Release("1.16.0")),
	}, opts...)...)
}

// testClient reads the indexes without retries, netrc or delays.
func testClient(t *testing.T, extra ...simpleapi.ClientOption) *simpleapi.Client {
	t.Helper()
	c, err := simpleapi.NewClient(append([]simpleapi.ClientOption{
		simpleapi.WithNetrc(nil),
		simpleapi.WithRetries(1, time.Millisecond, time.Millisecond, time.Millisecond),
	}, extra...)...)
	require.NoError(t, err)
	return c
}

type fixture struct {
	internal, pypi *indextest.Server
	proxy          *httptest.Server
	srv            *server
	logs           *syncBuffer
}

// claimPolicy claims acme-* for the internal index, in front of PyPI.
func claimPolicy(internal, pypi *indextest.Server) *policy.Policy {
	in := internal.Source()
	in.Claims = []string{"acme-*"}
	return &policy.Policy{Sources: []policy.Source{in, pypi.Source()}}
}

// start serves the two indexes and a proxy over them; mod may change the
// policy and options.
func start(t *testing.T, internal, pypi *indextest.Index, mod func(*policy.Policy, *options)) *fixture {
	t.Helper()
	f := &fixture{internal: indextest.NewServer(internal), pypi: indextest.NewServer(pypi), logs: &syncBuffer{}}
	t.Cleanup(f.internal.Close)
	t.Cleanup(f.pypi.Close)
	pol := claimPolicy(f.internal, f.pypi)
	opt := options{Policy: pol, Client: testClient(t), Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})), PageTimeout: 5 * time.Second}
	if mod != nil {
		mod(pol, &opt)
	}
	srv, err := newServer(opt)
	require.NoError(t, err)
	f.srv = srv
	f.proxy = httptest.NewServer(srv)
	t.Cleanup(f.proxy.Close)
	return f
}

// get requests path from the proxy with an Accept header, without
// following redirects.
func (f *fixture) get(t *testing.T, path, accept string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, f.proxy.URL+path, nil)
	require.NoError(t, err)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 30 * time.Second}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// page fetches and parses a project page in the wire format of accept.
func (f *fixture) page(t *testing.T, name, accept string) *simpleapi.ProjectPage {
	t.Helper()
	resp, body := f.get(t, "/simple/"+name+"/", accept)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	u, _ := url.Parse(f.proxy.URL + "/simple/" + name + "/")
	pg, err := simpleapi.ParseProjectPage(bytes.NewReader(body), resp.Header.Get("Content-Type"), u)
	require.NoError(t, err, string(body))
	return pg
}

const acceptJSON = simpleapi.MediaTypeJSON

func filenames(pg *simpleapi.ProjectPage) []string {
	var out []string
	for _, f := range pg.Files {
		out = append(out, f.Filename)
	}
	return out
}

func TestClaimedNameServedFromItsSourceOnly(t *testing.T) {
	internal, pypi := internalIndex(), publicIndex()
	f := start(t, internal, pypi, nil)
	for _, accept := range []string{acceptJSON, simpleapi.MediaTypeHTML} {
		t.Run(accept, func(t *testing.T) {
			pg := f.page(t, "acme-billing", accept)
			assert.Equal(t, []string{"acme_billing-1.2.0-py3-none-any.whl", "acme_billing-1.2.0.tar.gz", "acme_billing-1.3.0-py3-none-any.whl"}, filenames(pg))
			for _, file := range pg.Files {
				assert.True(t, strings.HasPrefix(file.URL, f.proxy.URL+"/files/internal/acme-billing/"), file.URL)
				a := internal.File(file.Filename)
				assert.Equal(t, a.SHA256, file.Hashes["sha256"], "hashes pass through")
				assert.Equal(t, a.Yanked, file.Yanked, "yanks pass through")
				assert.Equal(t, a.YankedReason, file.YankedReason)
				assert.Equal(t, a.RequiresPython, file.RequiresPython)
				if a.Metadata != nil {
					assert.True(t, file.CoreMetadata.Available)
					assert.Equal(t, a.MetadataSHA256, file.CoreMetadata.Hashes["sha256"])
				}
				if accept == acceptJSON {
					assert.Equal(t, a.Size, file.Size)
					assert.Equal(t, a.UploadTime, file.UploadTime)
				}
			}
			assert.Equal(t, "1.4", pg.APIVersion)
			assert.Equal(t, "active", pg.Status)
			if accept == acceptJSON {
				assert.Equal(t, []string{"1.2.0", "1.3.0"}, pg.Versions)
			}
		})
	}

	// The attacker's file cannot be had by URL either.
	resp, body := f.get(t, "/files/pypi/acme-billing/acme_billing-99.0.0-py3-none-any.whl", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, string(body))
	// The files, and their metadata, come through intact.
	for _, name := range []string{"acme_billing-1.2.0-py3-none-any.whl", "acme_billing-1.2.0.tar.gz"} {
		resp, body = f.get(t, "/files/internal/acme-billing/"+name, "")
		require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
		assert.Equal(t, internal.File(name).Content, body)
	}
	resp, body = f.get(t, "/files/internal/acme-billing/acme_billing-1.2.0-py3-none-any.whl.metadata", "")
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Equal(t, internal.File("acme_billing-1.2.0-py3-none-any.whl").Metadata, body)
	resp, _ = f.get(t, "/files/internal/acme-billing/acme_billing-1.2.0.tar.gz.metadata", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "sdists have no metadata file")
}

func TestFirstIndex(t *testing.T) {
	f := start(t, internalIndex(), publicIndex(), func(p *policy.Policy, _ *options) {
		p.Sources[0].Claims = nil // the order alone protects acme-billing
	})
	pg := f.page(t, "acme-billing", acceptJSON)
	assert.Equal(t, []string{"1.2.0", "1.3.0"}, pg.Versions, "the first index that has the name is the only one used")
	for _, file := range pg.Files {
		assert.Contains(t, file.URL, "/files/internal/")
	}
	pg = f.page(t, "requests", acceptJSON)
	assert.Equal(t, []string{"2.31.0", "2.32.0"}, pg.Versions)
	for _, file := range pg.Files {
		assert.Contains(t, file.URL, "/files/pypi/requests/")
		assert.Equal(t, strings.Contains(file.Filename, "2.32.0"), file.Yanked, "a yank without a reason passes through")
	}
	assert.Contains(t, f.logs.String(), "shadow-higher", "the attack's signature is logged")

	resp, body := f.get(t, "/simple/nothing-here/", acceptJSON)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), `nothing-here: not found on any source (looked on "internal", "pypi")`)
}

func TestStrictShadowRefused(t *testing.T) {
	f := start(t, internalIndex(), publicIndex(), func(p *policy.Policy, _ *options) {
		p.Sources[0].Claims = nil
		p.Strategy = policy.Strict
	})
	resp, body := f.get(t, "/simple/acme-billing/", acceptJSON)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Equal(t, "403 Forbidden: acme-billing: found on 2 sources: \"internal\" (2 versions, 1.2.0 to 1.3.0), \"pypi\" (version 99.0.0); "+
		"pin the name to one source or declare how the sources relate; a lower-priority source offers higher versions, "+
		"the signature of a dependency confusion attack\n", string(body))
	resp, _ = f.get(t, "/files/internal/acme-billing/acme_billing-1.2.0-py3-none-any.whl", "")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "nor are its files served")
	assert.Len(t, f.page(t, "six", acceptJSON).Files, 1, "a name on one source only is served")
}

func TestQuarantinedAndUnverifiableHidden(t *testing.T) {
	f := start(t, internalIndex(), publicIndex(), nil)
	for _, accept := range []string{acceptJSON, simpleapi.MediaTypeHTML} {
		pg := f.page(t, "acme-quarantined", accept)
		assert.Empty(t, pg.Files, accept)
		assert.Equal(t, "quarantined", pg.Status, accept)
		assert.Equal(t, "suspected malware", pg.StatusReason, accept)
	}
	resp, body := f.get(t, "/files/internal/acme-quarantined/acme_quarantined-1.0.0-py3-none-any.whl", "")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, string(body), `acme-quarantined is quarantined on "internal" (suspected malware)`)

	// A file with an md5 only is refused by the policy's hash rule.
	pg := f.page(t, "acme-unhashed", acceptJSON)
	assert.Empty(t, pg.Files)
	resp, body = f.get(t, "/files/internal/acme-unhashed/acme_unhashed-1.0.0-py3-none-any.whl", "")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, string(body), "the index gives only md5")
}

func TestDeniedVersionHidden(t *testing.T) {
	f := start(t, internalIndex(), publicIndex(), func(p *policy.Policy, _ *options) {
		p.Rules.Deny = []policy.PackageRule{{Package: "requests", Specifier: mustSpec(t, "==2.31.0"), Reason: "CVE-0000-0000"}}
	})
	pg := f.page(t, "requests", acceptJSON)
	assert.Equal(t, []string{"requests-2.32.0-py3-none-any.whl"}, filenames(pg))
	assert.Equal(t, []string{"2.32.0"}, pg.Versions)
}

func TestTamperedFileAborted(t *testing.T) {
	for _, cached := range []bool{false, true} {
		t.Run(map[bool]string{false: "streamed", true: "file-cache"}[cached], func(t *testing.T) {
			internal := internalIndex()
			f := start(t, internal, publicIndex(), func(_ *policy.Policy, o *options) {
				if cached {
					o.FileCache = t.TempDir()
				}
			})
			a := internal.File("acme_tampered-1.0.0-py3-none-any.whl")
			pg := f.page(t, "acme-tampered", acceptJSON)
			require.Len(t, pg.Files, 1, "the page lists the file: its hash is only wrong in the bytes")

			// The file is smaller than a chunk: nothing at all is sent,
			// not even the headers.
			resp, err := http.Get(pg.Files[0].URL)
			if err == nil {
				body, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.Error(t, rerr, "the download must not complete")
				assert.Less(t, len(body), int(a.Size))
			}
			assert.Eventually(t, func() bool {
				return strings.Contains(f.logs.String(), "file does not match its index's hash: download aborted")
			}, 5*time.Second, 10*time.Millisecond)
		})
	}
}

func TestUpstreamFailuresAre502(t *testing.T) {
	t.Run("internal 503", func(t *testing.T) {
		f := start(t, internalIndex(indextest.HTTPStatus(503)), publicIndex(), nil)
		for _, name := range []string{"acme-billing", "requests"} {
			resp, body := f.get(t, "/simple/"+name+"/", acceptJSON)
			assert.Equal(t, http.StatusBadGateway, resp.StatusCode, name)
			assert.Contains(t, string(body), `source "internal" failed`)
			assert.Contains(t, string(body), "HTTP 503")
		}
	})
	t.Run("public 503", func(t *testing.T) {
		f := start(t, internalIndex(), publicIndex(indextest.HTTPStatus(503)), nil)
		resp, body := f.get(t, "/simple/requests/", acceptJSON)
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode, "never a 404")
		assert.Contains(t, string(body), `source "pypi" failed`)
		assert.Len(t, f.page(t, "acme-billing", acceptJSON).Files, 3, "a claimed name does not need the public index")
	})
	t.Run("timeout", func(t *testing.T) {
		f := start(t, internalIndex(indextest.Timeout()), publicIndex(), func(_ *policy.Policy, o *options) {
			o.PageTimeout = 300 * time.Millisecond
		})
		begin := time.Now()
		resp, body := f.get(t, "/simple/requests/", acceptJSON)
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
		assert.Contains(t, string(body), "no answer within 300ms (-page-timeout)")
		assert.Less(t, time.Since(begin), 5*time.Second)
	})
	t.Run("secrets redacted", func(t *testing.T) {
		pypi := publicIndex(indextest.RequireAuth("alice", "s3cret-token"), indextest.Project("broken", indextest.HTTPStatus(500)))
		f := start(t, internalIndex(), pypi, nil)
		resp, body := f.get(t, "/simple/broken/", acceptJSON)
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
		assert.Contains(t, string(body), "http://xxxxx@127.0.0.1")
		assert.Len(t, f.page(t, "six", acceptJSON).Files, 1, "the credentials work")
		_, _ = f.get(t, "/files/pypi/six/six-1.16.0-py3-none-any.whl", "")
		assert.NotContains(t, string(body)+f.logs.String(), "s3cret-token")
	})
}

func TestRedirectsToNormalizedName(t *testing.T) {
	f := start(t, internalIndex(), publicIndex(), nil)
	for path, want := range map[string]string{
		"/simple/Acme.Billing/":       "/simple/acme-billing/",
		"/simple/ACME__billing/":      "/simple/acme-billing/",
		"/simple/acme-billing":        "/simple/acme-billing/",
		"/simple/acme_billing?x=1":    "/simple/acme-billing/?x=1",
		"/simple/Acme.Billing/?a=b&c": "/simple/acme-billing/?a=b&c",
	} {
		resp, _ := f.get(t, path, "")
		assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode, path)
		assert.Equal(t, want, resp.Header.Get("Location"), path)
	}
	resp, _ := f.get(t, "/simple/-bad-/", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestNegotiation(t *testing.T) {
	f := start(t, internalIndex(), publicIndex(), nil)
	pipAccept := "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"
	for _, c := range []struct{ accept, query, want string }{
		{"", "", simpleapi.MediaTypeTextHTML},
		{pipAccept, "", simpleapi.MediaTypeJSON},
		{simpleapi.Accept, "", simpleapi.MediaTypeJSON},
		{"application/vnd.pypi.simple.latest+json", "", simpleapi.MediaTypeJSON},
		{"application/vnd.pypi.simple.latest+html", "", simpleapi.MediaTypeHTML},
		{"text/html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.9", "", simpleapi.MediaTypeJSON},
		{"application/vnd.pypi.simple.v1+json;q=0.4, application/*;q=0.5", "", simpleapi.MediaTypeHTML},
		{"application/vnd.pypi.simple.v1+json;q=0, */*", "", simpleapi.MediaTypeTextHTML},
		{"application/xml", "", simpleapi.MediaTypeTextHTML},
		{"application/vnd.pypi.simple.v1+json;q=2", "", simpleapi.MediaTypeTextHTML},
		{"", "format=application/vnd.pypi.simple.v1%2Bjson", simpleapi.MediaTypeJSON},
		{pipAccept, "format=text/html", simpleapi.MediaTypeTextHTML},
	} {
		path := "/simple/six/"
		if c.query != "" {
			path += "?" + c.query
		}
		resp, body := f.get(t, path, c.accept)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
		assert.Equal(t, contentType(c.want), resp.Header.Get("Content-Type"), "%q %q", c.accept, c.query)
		assert.Equal(t, "Accept", resp.Header.Get("Vary"))
		if c.query == "" {
			assert.Equal(t, indextest.Negotiate(c.accept, false), negotiate(c.accept), "agrees with the index server %q", c.accept)
		}
	}
	resp, _ := f.get(t, "/simple/six/?format=application/xml", "")
	assert.Equal(t, http.StatusNotAcceptable, resp.StatusCode)
}

func TestRootPage(t *testing.T) {
	f := start(t, internalIndex(), publicIndex(), nil)
	resp, body := f.get(t, "/simple/", acceptJSON)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	u, _ := url.Parse(f.proxy.URL + "/simple/")
	root, err := simpleapi.ParseRootPage(bytes.NewReader(body), resp.Header.Get("Content-Type"), u)
	require.NoError(t, err)
	var names []string
	for _, p := range root.Projects {
		names = append(names, p.NormalizedName)
	}
	assert.Equal(t, []string{"acme-billing", "acme-quarantined", "acme-tampered", "acme-unhashed", "requests", "six"}, names)

	resp, body = f.get(t, "/simple/", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	root, err = simpleapi.ParseRootPage(bytes.NewReader(body), resp.Header.Get("Content-Type"), u)
	require.NoError(t, err)
	require.Len(t, root.Projects, 6)
	assert.Equal(t, f.proxy.URL+"/simple/acme-billing/", root.Projects[0].URL)
}

func TestHealthAndHead(t *testing.T) {
	internal := internalIndex()
	f := start(t, internal, publicIndex(), nil)
	resp, body := f.get(t, "/healthz", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok\n", string(body))

	req, _ := http.NewRequest(http.MethodHead, f.proxy.URL+"/files/internal/acme-billing/acme_billing-1.2.0.tar.gz", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, internal.File("acme_billing-1.2.0.tar.gz").Size, resp.ContentLength)

	req, _ = http.NewRequest(http.MethodPost, f.proxy.URL+"/simple/six/", nil)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

// TestViewTTL: a merged page is served from memory for ViewTTL, and
// made again from the sources afterwards.
func TestViewTTL(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	internal := internalIndex()
	f := start(t, internal, publicIndex(), func(_ *policy.Policy, o *options) {
		o.ViewTTL = time.Minute
		o.Now = clock
	})
	f.page(t, "acme-billing", acceptJSON)
	f.page(t, "acme-billing", acceptJSON)
	assert.Equal(t, 1, internal.Requests("acme-billing"), "served from memory")
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	f.page(t, "acme-billing", acceptJSON)
	assert.Equal(t, 2, internal.Requests("acme-billing"), "made again")

	// A page made while a source failed is not kept.
	pypi := publicIndex(indextest.Project("flaky", indextest.HTTPStatus(503)))
	f = start(t, internalIndex(), pypi, func(_ *policy.Policy, o *options) { o.ViewTTL = time.Hour })
	for range 2 {
		resp, _ := f.get(t, "/simple/flaky/", acceptJSON)
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	}
	assert.Equal(t, 2, pypi.Requests("flaky"))
}

func TestShutdownFinishesInFlight(t *testing.T) {
	dir := t.TempDir()
	internal := indextest.NewServer(internalIndex(indextest.Slow(300 * time.Millisecond)))
	defer internal.Close()
	cfg := dir + "/safeindex.toml"
	require.NoError(t, writeFile(cfg, "[[source]]\nname = \"internal\"\nurl = \""+internal.IndexURL()+"\"\n"))
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	logs := &syncBuffer{}
	go func() {
		done <- run(ctx, []string{"-config", cfg, "-listen", "127.0.0.1:0", "-cache", dir + "/cache"}, logs, ready)
	}()
	addr := <-ready
	got := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/simple/acme-billing/")
		if err != nil {
			got <- 0
			return
		}
		resp.Body.Close()
		got <- resp.StatusCode
	}()
	time.Sleep(100 * time.Millisecond) // the request is in flight
	cancel()
	assert.Equal(t, http.StatusOK, <-got, "the request in flight is finished")
	require.NoError(t, <-done)
	assert.Contains(t, logs.String(), "shutting down")
	assert.Contains(t, logs.String(), "msg=stopped")
	_, err := http.Get("http://" + addr + "/healthz")
	assert.Error(t, err, "no longer accepting")
}

func TestUsage(t *testing.T) {
	var logs syncBuffer
	err := run(t.Context(), nil, &logs, nil)
	var ue *exampleutil.ExitError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, exampleutil.ExitUsage, ue.Code)
	assert.Contains(t, logs.String(), "usage: proxy -config FILE")
	err = run(t.Context(), []string{"-config", "/nonexistent/safeindex.toml"}, &logs, nil)
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, exampleutil.ExitUsage, ue.Code)
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "text/html", simpleapi.Accept, "*/*;q=0.5, application/*;q=1.0", "a/b;q=0.001,;,;q=", "application/vnd.pypi.simple.latest+json;q=1.000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		got := negotiate(accept)
		if got != offers[0] && got != offers[1] && got != offers[2] {
			t.Fatalf("negotiate(%q) = %q, not an offer", accept, got)
		}
	})
}

// TestStreamHoldsBackTheLastChunk: bytes flow as they come, but the
// last chunk waits for the verdict.
func TestStreamHoldsBackTheLastChunk(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef"), (2*chunk+chunk/2)/16) // two chunks and a half
	for _, c := range []struct {
		name string
		end  error
	}{{"verified", nil}, {"mismatch", simpleapi.ErrHashMismatch}} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			r := io.MultiReader(iotest.OneByteReader(bytes.NewReader(content[:1000])), bytes.NewReader(content[1000:]), &failAtEnd{err: c.end})
			err := stream(&out, r, nil)
			if c.end == nil {
				require.NoError(t, err)
				assert.Equal(t, content, out.Bytes())
				return
			}
			require.ErrorIs(t, err, c.end)
			assert.Equal(t, content[:out.Len()], out.Bytes(), "what was sent is a prefix")
			assert.Greater(t, out.Len(), 0, "streamed, not buffered")
			assert.LessOrEqual(t, out.Len(), 2*chunk, "the last chunk is held back")
		})
	}
}

// failAtEnd ends a stream with err instead of io.EOF (nil: io.EOF).
type failAtEnd struct{ err error }

func (f *failAtEnd) Read([]byte) (int, error) {
	if f.err == nil {
		return 0, io.EOF
	}
	return 0, f.err
}

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func mustSpec(t *testing.T, s string) pep440.SpecifierSet {
	t.Helper()
	set, err := pep440.ParseSpecifierSet(s)
	require.NoError(t, err)
	return set
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }
