package indextest_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

var _ resolve.Index = (*indextest.Index)(nil)
var _ resolve.Index = (*indextest.Memory)(nil)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// billing is the index most tests use: every kind of file and attribute.
func billing(opts ...indextest.Option) *indextest.Index {
	return indextest.NewIndex("internal", append([]indextest.Option{
		indextest.Project("Acme_Billing",
			indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist(), indextest.RequiresPython(">=3.9")),
			indextest.Release("1.3.0", indextest.Wheel(indextest.Provenance()), indextest.UploadedAt(t0), indextest.Yanked("broken")),
			indextest.Release("1.4.0rc1", indextest.Wheel(indextest.Tag("cp312-cp312-manylinux_2_17_x86_64"), indextest.NoMetadata())),
		),
		indextest.Project("acme-quarantined", indextest.Release("0.1"), indextest.Status("quarantined", "malware")),
	}, opts...)...)
}

// testClient is a simpleapi Client without netrc, retries or long waits.
func testClient(t *testing.T, opts ...simpleapi.ClientOption) *simpleapi.Client {
	t.Helper()
	c, err := simpleapi.NewClient(append([]simpleapi.ClientOption{
		simpleapi.WithNetrc(nil),
		simpleapi.WithRetries(1, 0, 0, 0),
		simpleapi.WithTimeouts(2*time.Second, time.Second, time.Second),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestWheelIsValid(t *testing.T) {
	a := billing().File("acme_billing-1.2.0-py3-none-any.whl")
	require.NotNil(t, a)
	zr, err := zip.NewReader(bytes.NewReader(a.Content), int64(len(a.Content)))
	require.NoError(t, err)
	members := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		members[f.Name] = b
		names = append(names, f.Name)
	}
	info := "acme_billing-1.2.0.dist-info/"
	assert.Equal(t, []string{"acme_billing/__init__.py", info + "METADATA", info + "WHEEL", info + "RECORD"}, names)
	assert.Equal(t, a.Metadata, members[info+"METADATA"], "the PEP 658 file is the wheel's METADATA")
	assert.Contains(t, string(a.Metadata), "Name: Acme_Billing\nVersion: 1.2.0\n")
	assert.Contains(t, string(a.Metadata), "Requires-Python: >=3.9\n")
	assert.Contains(t, string(members[info+"WHEEL"]), "Root-Is-Purelib: true\nTag: py3-none-any\n")
	// RECORD lists every other member with its urlsafe-base64 sha256 and size.
	for _, line := range strings.Split(strings.TrimSpace(string(members[info+"RECORD"])), "\n") {
		f := strings.Split(line, ",")
		require.Len(t, f, 3, line)
		if f[0] == info+"RECORD" {
			assert.Equal(t, []string{"", ""}, f[1:])
			continue
		}
		sum := sha256.Sum256(members[f[0]])
		assert.Equal(t, "sha256="+base64.RawURLEncoding.EncodeToString(sum[:]), f[1], f[0])
	}
	assert.Equal(t, a.SHA256, a.Hashes["sha256"])
	assert.Equal(t, int64(len(a.Content)), a.Size)
	assert.Equal(t, a.SHA256, billing().File(a.Filename).SHA256, "the same description builds the same bytes")

	plat := billing().File("acme_billing-1.4.0rc1-cp312-cp312-manylinux_2_17_x86_64.whl")
	require.NotNil(t, plat)
	assert.Nil(t, plat.Metadata)
}

func TestSdistIsValid(t *testing.T) {
	a := billing().File("acme_billing-1.2.0.tar.gz")
	require.NotNil(t, a)
	assert.Nil(t, a.Metadata, "no PEP 658 file for sdists")
	gz, err := gzip.NewReader(bytes.NewReader(a.Content))
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	got := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(tr)
		require.NoError(t, err)
		got[h.Name] = string(b)
	}
	assert.Contains(t, got["acme_billing-1.2.0/PKG-INFO"], "Metadata-Version: 2.1\nName: Acme_Billing\nVersion: 1.2.0\n")
	assert.Contains(t, got["acme_billing-1.2.0/pyproject.toml"], `name = "Acme_Billing"`)
	assert.Contains(t, got, "acme_billing-1.2.0/acme_billing/__init__.py")
}

func TestVariantsAndTampering(t *testing.T) {
	honest := indextest.NewIndex("a", indextest.Project("x", indextest.Release("1.0")))
	again := indextest.NewIndex("b", indextest.Project("x", indextest.Release("1.0")))
	rebuilt := indextest.NewIndex("c", indextest.Project("x", indextest.Release("1.0", indextest.Variant("rebuilt"))))
	tampered := indextest.NewIndex("d", indextest.Project("x", indextest.Release("1.0", indextest.Tampered())))
	fn := "x-1.0-py3-none-any.whl"
	assert.Equal(t, honest.File(fn).SHA256, again.File(fn).SHA256, "same description, same bytes, whatever the index")
	assert.NotEqual(t, honest.File(fn).SHA256, rebuilt.File(fn).SHA256)
	ta := tampered.File(fn)
	assert.True(t, ta.Tampered)
	assert.Equal(t, honest.File(fn).Hashes, ta.Hashes, "a tampered file lists the original's hashes")
	assert.NotEqual(t, ta.SHA256, sha256hex(ta.Content), "and serves other bytes")
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return base16(s[:])
}

func base16(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestNegotiate(t *testing.T) {
	const (
		j    = simpleapi.MediaTypeJSON
		h    = simpleapi.MediaTypeHTML
		text = simpleapi.MediaTypeTextHTML
	)
	tests := []struct {
		accept   string
		htmlOnly bool
		want     string
	}{
		{"", false, text},
		{"*/*", false, text}, // ties go to PyPI's first offer
		{simpleapi.Accept, false, j},
		{"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01", false, j}, // pip 23
		{simpleapi.Accept, true, h},
		{"application/vnd.pypi.simple.v1+json", true, text}, // nothing acceptable: PyPI's default
		{"application/vnd.pypi.simple.latest+json", false, j},
		{"application/vnd.pypi.simple.latest+html", false, h},
		{"text/html;q=0.5, application/*;q=0.9", false, h},
		{"application/vnd.pypi.simple.v1+json;q=0, */*", false, text},
		{"application/vnd.pypi.simple.v1+json;q=0.3, application/vnd.pypi.simple.v1+html;q=0.4", false, h},
		{"APPLICATION/VND.PYPI.SIMPLE.V1+JSON", false, j},
		{"application/vnd.pypi.simple.v1+json;q=2", false, text},      // invalid q: range ignored
		{"application/vnd.pypi.simple.v1+json;q=0.0001", false, text}, // more than 3 decimals
		{"application/vnd.pypi.simple.v1+json;q=1.000", false, j},
		{"text/*;q=0.2, application/vnd.pypi.simple.v1+json;q=0.1", false, text},
		{"garbage, ,;;,/", false, text},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, indextest.Negotiate(tt.accept, tt.htmlOnly), "%q htmlOnly=%v", tt.accept, tt.htmlOnly)
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "*/*", simpleapi.Accept, "text/html;q=0.5, application/*;q=0.9", "a/b;q=1.;x=y", "application/vnd.pypi.simple.latest+json;q=0.999"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, accept string, htmlOnly bool) {
		got := indextest.Negotiate(accept, htmlOnly)
		ok := got == simpleapi.MediaTypeTextHTML || got == simpleapi.MediaTypeHTML || (got == simpleapi.MediaTypeJSON && !htmlOnly)
		if !ok {
			t.Fatalf("Negotiate(%q, %v) = %q", accept, htmlOnly, got)
		}
		// Parse, format, parse again: the answer negotiates to itself.
		if again := indextest.Negotiate(got, htmlOnly); again != got {
			t.Fatalf("Negotiate(%q) = %q, not stable", got, again)
		}
	})
}

// TestServerPages reads every page with the simpleapi Client, in JSON
// and in HTML, and checks it against the description.
func TestServerPages(t *testing.T) {
	for _, format := range []simpleapi.Format{simpleapi.FormatJSON, simpleapi.FormatHTML} {
		t.Run(format.String(), func(t *testing.T) {
			var opts []indextest.Option
			if format == simpleapi.FormatHTML {
				opts = append(opts, indextest.HTMLOnly())
			}
			idx := billing(opts...)
			srv := indextest.NewServer(idx)
			defer srv.Close()
			c := testClient(t)
			ctx := context.Background()

			page, err := c.ProjectPage(ctx, srv.IndexURL(), "acme.billing")
			require.NoError(t, err)
			assert.Equal(t, format, page.Format)
			assert.Equal(t, "acme-billing", page.Name)
			assert.Equal(t, indextest.APIVersion, page.APIVersion)
			assert.Equal(t, "active", page.Status)
			var names []string
			for _, f := range page.Files {
				names = append(names, f.Filename)
				a := idx.File(f.Filename)
				require.NotNil(t, a)
				assert.Equal(t, srv.URL+"/files/acme-billing/"+f.Filename, f.URL)
				assert.Equal(t, a.Hashes, f.Hashes)
				assert.Equal(t, a.RequiresPython, f.RequiresPython)
				assert.Equal(t, a.Yanked, f.Yanked)
				assert.Equal(t, a.YankedReason, f.YankedReason)
				assert.Equal(t, a.Metadata != nil, f.CoreMetadata.Available)
				if a.Metadata != nil {
					assert.Equal(t, map[string]string{"sha256": a.MetadataSHA256}, f.CoreMetadata.Hashes)
				}
				if format == simpleapi.FormatJSON {
					assert.Equal(t, a.Size, f.Size)
					assert.True(t, a.UploadTime.Equal(f.UploadTime), f.Filename)
				}
				assert.Equal(t, a.Provenance, f.Provenance != "")

				// The file and its metadata are served, and verify.
				rc, err := c.Open(ctx, srv.IndexURL(), &f)
				require.NoError(t, err)
				got, err := io.ReadAll(rc)
				rc.Close()
				require.NoError(t, err)
				assert.Equal(t, a.Content, got)
				if a.Metadata != nil {
					resp, err := srv.Client().Get(f.MetadataURL())
					require.NoError(t, err)
					md, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					assert.Equal(t, a.Metadata, md)
				}
				if f.Provenance != "" {
					resp, err := srv.Client().Get(f.Provenance)
					require.NoError(t, err)
					resp.Body.Close()
					assert.Equal(t, 200, resp.StatusCode)
				}
			}
			assert.Equal(t, []string{"acme_billing-1.2.0-py3-none-any.whl", "acme_billing-1.2.0.tar.gz",
				"acme_billing-1.3.0-py3-none-any.whl", "acme_billing-1.4.0rc1-cp312-cp312-manylinux_2_17_x86_64.whl"}, names,
				"files in version order, then by name, as PyPI lists them")
			assert.Equal(t, 1, idx.Requests("acme-billing"))

			q, err := c.ProjectPage(ctx, srv.IndexURL(), "acme-quarantined")
			require.NoError(t, err)
			assert.Equal(t, "quarantined", q.Status)
			assert.Equal(t, "malware", q.StatusReason)

			_, err = c.ProjectPage(ctx, srv.IndexURL(), "nope")
			assert.ErrorIs(t, err, simpleapi.ErrNotFound)

			root, err := c.RootPage(ctx, srv.IndexURL())
			require.NoError(t, err)
			var projects []string
			for _, p := range root.Projects {
				projects = append(projects, p.NormalizedName)
			}
			assert.Equal(t, []string{"acme-billing", "acme-quarantined"}, projects)
			assert.Equal(t, format, root.Format)
		})
	}
}

func TestServerHTTP(t *testing.T) {
	srv := indextest.NewServer(billing())
	defer srv.Close()
	hc := srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(path, accept string) *http.Response {
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		require.NoError(t, err)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := hc.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	for _, tt := range []struct{ path, location string }{
		{"/simple/Acme_Billing/", "/simple/acme-billing/"},
		{"/simple/acme-billing", "/simple/acme-billing/"},
		{"/simple/ACME.billing", "/simple/acme-billing/"},
		{"/simple", "/simple/"},
	} {
		resp := get(tt.path, "")
		assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode, tt.path)
		assert.Equal(t, tt.location, resp.Header.Get("Location"), tt.path)
	}
	resp := get("/simple/acme-billing/", "")
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "Accept", resp.Header.Get("Vary"))
	resp = get("/simple/acme-billing/", simpleapi.Accept)
	assert.Equal(t, simpleapi.MediaTypeJSON, resp.Header.Get("Content-Type"))
	resp = get("/simple/acme-billing/?format="+url.QueryEscape(simpleapi.MediaTypeHTML), simpleapi.Accept)
	assert.Equal(t, simpleapi.MediaTypeHTML, resp.Header.Get("Content-Type"), "PEP 691 ?format= wins over Accept")
	for _, path := range []string{"/simple/nope/", "/simple/a/b/", "/simple/-bad-/", "/files/acme-billing/nope.whl", "/files/acme-billing/acme_billing-1.2.0.tar.gz.metadata", "/elsewhere"} {
		assert.Equal(t, http.StatusNotFound, get(path, "").StatusCode, path)
	}
}

// TestFaults checks each fault through a Client reading a Server, and
// that the in-memory index gives an error of the same kind.
func TestFaults(t *testing.T) {
	tests := []struct {
		name    string
		opts    []indextest.Option
		project []indextest.Option
		kind    error
	}{
		{"index 503", []indextest.Option{indextest.HTTPStatus(503)}, nil, simpleapi.ErrBadResponse},
		{"project 500", nil, []indextest.Option{indextest.HTTPStatus(500)}, simpleapi.ErrBadResponse},
		{"project 401", nil, []indextest.Option{indextest.HTTPStatus(401)}, simpleapi.ErrUnauthorized},
		{"index 403", []indextest.Option{indextest.HTTPStatus(403)}, nil, simpleapi.ErrUnauthorized},
		{"project 410", nil, []indextest.Option{indextest.HTTPStatus(410)}, simpleapi.ErrNotFound},
		{"index timeout", []indextest.Option{indextest.Timeout()}, nil, simpleapi.ErrTimeout},
		{"project timeout", nil, []indextest.Option{indextest.Timeout()}, simpleapi.ErrTimeout},
		{"project truncated", nil, []indextest.Option{indextest.Truncated()}, simpleapi.ErrNetwork},
		{"index truncated", []indextest.Option{indextest.Truncated()}, nil, simpleapi.ErrNetwork},
		{"credentials needed", []indextest.Option{indextest.RequireAuth("alice", "s3cret")}, nil, simpleapi.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := indextest.NewIndex("internal", append(tt.opts,
				indextest.Project("acme-billing", append(tt.project, indextest.Release("1.0"))...),
				indextest.Project("acme-other", indextest.Release("1.0")))...)
			srv := indextest.NewServer(idx)
			defer srv.Close()
			c := testClient(t, simpleapi.WithTimeouts(500*time.Millisecond, 200*time.Millisecond, 200*time.Millisecond))
			ctx := context.Background()
			_, err := c.ProjectPage(ctx, srv.IndexURL(), "acme-billing")
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.kind, "client")

			src := idx.Source()
			if tt.name == "credentials needed" {
				src.URL = "https://internal.indextest.invalid/simple/"
			}
			_, merr := idx.ProjectPage(ctx, &src, "acme-billing")
			require.Error(t, merr)
			assert.ErrorIs(t, merr, tt.kind, "memory")
			var ie *simpleapi.IndexError
			assert.ErrorAs(t, merr, &ie)

			// A project fault leaves the other projects alone.
			_, err = c.ProjectPage(ctx, srv.IndexURL(), "acme-other")
			_, merr = idx.ProjectPage(ctx, &src, "acme-other")
			if tt.project != nil {
				assert.NoError(t, err)
				assert.NoError(t, merr)
			} else {
				assert.ErrorIs(t, err, tt.kind)
				assert.ErrorIs(t, merr, tt.kind)
			}
		})
	}
}

func TestWriteDir(t *testing.T) {
	idx := billing(indextest.Project("tampered", indextest.Release("1.0", indextest.Tampered())))
	dir := filepath.Join(t.TempDir(), "index")
	require.NoError(t, idx.WriteDir(dir))
	c := testClient(t)
	ctx := context.Background()
	for _, base := range []string{dir, "file://" + filepath.ToSlash(dir) + "/"} {
		page, err := c.ProjectPage(ctx, base, "Acme-Billing")
		require.NoError(t, err, base)
		require.Len(t, page.Files, 4)
		for _, f := range page.Files {
			a := idx.File(f.Filename)
			assert.Equal(t, "file://"+filepath.ToSlash(dir)+"/acme-billing/"+f.Filename, f.URL)
			assert.Equal(t, a.Hashes, f.Hashes)
			assert.Equal(t, a.Yanked, f.Yanked)
			rc, err := c.Open(ctx, base, &f)
			require.NoError(t, err)
			got, err := io.ReadAll(rc)
			rc.Close()
			require.NoError(t, err)
			assert.Equal(t, a.Content, got)
		}
		q, err := c.ProjectPage(ctx, base, "acme-quarantined")
		require.NoError(t, err)
		assert.Equal(t, "quarantined", q.Status)

		page, err = c.ProjectPage(ctx, base, "tampered")
		require.NoError(t, err)
		rc, err := c.Open(ctx, base, &page.Files[0])
		require.NoError(t, err)
		_, err = io.ReadAll(rc)
		rc.Close()
		assert.ErrorIs(t, err, simpleapi.ErrHashMismatch, "the tampered bytes are written")

		_, err = c.ProjectPage(ctx, base, "nope")
		assert.ErrorIs(t, err, simpleapi.ErrNotFound)
		root, err := c.RootPage(ctx, base)
		require.NoError(t, err)
		assert.Len(t, root.Projects, 3)
	}
}

// TestMemoryMatchesServer requires the in-memory page to be the page a
// Client reads from a Server, but for the host of the URLs.
func TestMemoryMatchesServer(t *testing.T) {
	for _, htmlOnly := range []bool{false, true} {
		var opts []indextest.Option
		if htmlOnly {
			opts = append(opts, indextest.HTMLOnly())
		}
		idx := billing(opts...)
		srv := indextest.NewServer(idx)
		defer srv.Close()
		want, err := testClient(t).ProjectPage(context.Background(), srv.IndexURL(), "acme-billing")
		require.NoError(t, err)
		src := srv.Source()
		got, err := idx.ProjectPage(context.Background(), &src, "acme-billing")
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
}

func TestResolverAgainstMemory(t *testing.T) {
	ctx := context.Background()
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing", indextest.Release("1.2.0"), indextest.Release("1.3.0")),
		indextest.Project("acme-new", indextest.Release("1.0", indextest.UploadedAt(t0))),
		indextest.Project("acme-untimed", indextest.Release("1.0"), indextest.NoUploadTimes()),
		indextest.Project("acme-bad", indextest.Release("1.0"), indextest.Status("quarantined", "malware")),
	)
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"), indextest.Project("six", indextest.Release("1.17.0")))
	p := &policy.Policy{Sources: indextest.Sources(internal, pypi), Rules: policy.Rules{MinReleaseAge: 7 * 24 * time.Hour}}
	r := &resolve.Resolver{Policy: p, Index: indextest.NewMemory(internal, pypi), Now: func() time.Time { return t0.Add(time.Hour) }}
	res, err := r.Resolve(ctx, []resolve.Requirement{{Name: "acme-billing"}, {Name: "acme-new"}, {Name: "acme-untimed"}, {Name: "acme-bad"}, {Name: "six"}})
	require.NoError(t, err)
	d := res.Decisions
	require.NoError(t, d[0].Err)
	assert.Equal(t, "1.3.0", d[0].Version.String())
	assert.Equal(t, policy.CodeShadowHigher, d[0].Findings[0].Code)
	assert.ErrorIs(t, d[1].Err, resolve.ErrNoCandidate, "uploaded an hour ago")
	assert.ErrorIs(t, d[2].Err, resolve.ErrNoCandidate, "no upload time under an age rule")
	assert.Error(t, d[3].Err, "quarantined")
	require.NoError(t, d[4].Err)
	assert.Equal(t, "pypi", d[4].Sources[0])
	assert.Equal(t, 1, internal.Requests("acme-billing"))

	// A broken private index stops the names it could have served.
	broken := indextest.NewIndex("internal", indextest.HTTPStatus(503))
	r.Index = indextest.NewMemory(broken, pypi)
	res, err = r.Resolve(ctx, []resolve.Requirement{{Name: "acme-billing"}})
	require.NoError(t, err)
	assert.ErrorIs(t, res.Decisions[0].Err, policy.ErrSourceFailed)
	assert.ErrorIs(t, res.Decisions[0].Err, simpleapi.ErrBadResponse)

	// An index the Memory does not know fails; it is not empty.
	r.Index = indextest.NewMemory(pypi)
	res, err = r.Resolve(ctx, []resolve.Requirement{{Name: "acme-billing"}})
	require.NoError(t, err)
	assert.ErrorIs(t, res.Decisions[0].Err, policy.ErrSourceFailed)
}

func TestMisusePanics(t *testing.T) {
	tests := []struct {
		want string
		f    func()
	}{
		{"indextest: Wheel is an option of Release, not of Project", func() { indextest.NewIndex("x", indextest.Project("p", indextest.Wheel())) }},
		{"indextest: Release is an option of Project, not of NewIndex", func() { indextest.NewIndex("x", indextest.Release("1")) }},
		{"indextest: Status is an option of Project, not of Release", func() {
			indextest.NewIndex("x", indextest.Project("p", indextest.Release("1", indextest.Status("archived", ""))))
		}},
		{"indextest: Timeout is an option of NewIndex or Project, not of Release", func() {
			indextest.NewIndex("x", indextest.Project("p", indextest.Release("1", indextest.Timeout())))
		}},
		{`indextest: simpleapi: invalid project name "-p": must start and end with an ASCII letter or digit`, func() { indextest.NewIndex("x", indextest.Project("-p")) }},
		{"indextest: project p has two files named p-1-py3-none-any.whl", func() {
			indextest.NewIndex("x", indextest.Project("p", indextest.Release("1", indextest.Wheel(), indextest.Wheel())))
		}},
	}
	for _, tt := range tests {
		assert.PanicsWithValue(t, tt.want, tt.f)
	}
}

func TestTamperedKeepsSize(t *testing.T) {
	idx := indextest.NewIndex("x", indextest.Project("p",
		indextest.Release("1.0", indextest.Wheel(), indextest.Sdist(), indextest.File("p-1.0-custom.zip"), indextest.Tampered(), indextest.Variant("attacker"))))
	for _, fn := range []string{"p-1.0-py3-none-any.whl", "p-1.0.tar.gz", "p-1.0-custom.zip"} {
		a := idx.File(fn)
		require.NotNil(t, a, fn)
		assert.Equal(t, a.Size, int64(len(a.Content)), fn)
		assert.NotEqual(t, a.SHA256, sha256hex(a.Content), fn)
	}
}

// TestRefusesTheAttackersVersion is the test of the package comment.
func TestRefusesTheAttackersVersion(t *testing.T) {
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing",
			indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("1.3.0", indextest.Yanked("broken build")),
		))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))

	r := &resolve.Resolver{
		Policy: &policy.Policy{Sources: indextest.Sources(internal, pypi)},
		Index:  indextest.NewMemory(internal, pypi), // no sockets
	}
	res, err := r.Resolve(t.Context(), []resolve.Requirement{{Name: "acme-billing"}})
	require.NoError(t, err)
	d := res.Decisions[0]
	require.NoError(t, d.Err)
	assert.Equal(t, "1.2.0", d.Version.String()) // 1.3.0 is yanked, 99.0.0 is pypi's
	assert.Equal(t, policy.CodeShadowHigher, d.Findings[0].Code)
}

func TestTLSServer(t *testing.T) {
	idx := indextest.NewIndex("pypi", indextest.Project("sampleproject", indextest.Release("4.0.0", indextest.Provenance())))
	srv := indextest.NewTLSServer(idx)
	defer srv.Close()
	c := testClient(t, simpleapi.WithHTTPClient(srv.Client()))
	page, err := c.ProjectPage(context.Background(), srv.IndexURL(), "sampleproject")
	require.NoError(t, err)
	require.Len(t, page.Files, 1)
	assert.True(t, strings.HasPrefix(page.Files[0].Provenance, "https://127.0.0.1:"), "PEP 740 wants https: %s", page.Files[0].Provenance)
	assert.Equal(t, srv.URL+"/integrity/sampleproject/4.0.0/sampleproject-4.0.0-py3-none-any.whl/provenance", page.Files[0].Provenance)
}

// TestUnwritableDescription: a description holding text no page can
// carry fails where it is served, with the reason, instead of serving a
// page that would read differently.
func TestUnwritableDescription(t *testing.T) {
	idx := indextest.NewIndex("internal", indextest.Project("acme", indextest.Release("1.0"), indextest.Status("deprecated", "bad \xff byte")))
	srv := indextest.NewServer(idx)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/simple/acme/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Contains(t, string(body), "project-status-reason: not valid UTF-8")

	src := indextest.Sources(idx)[0]
	_, err = idx.ProjectPage(context.Background(), &src, "acme")
	require.ErrorIs(t, err, simpleapi.ErrUnwritable)
	assert.NotErrorIs(t, err, simpleapi.ErrNotFound)

	assert.ErrorIs(t, idx.WriteDir(t.TempDir()), simpleapi.ErrUnwritable)
}
