package simpleapi

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	nethtml "golang.org/x/net/html"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func TestParseProjectHTMLCases(t *testing.T) {
	page := mustURL(t, "https://idx.example.com/simple/foo/")
	tests := []struct {
		name, body string
		check      func(t *testing.T, p *ProjectPage)
	}{
		{"empty page", "", func(t *testing.T, p *ProjectPage) {
			assert.Empty(t, p.Files)
			assert.Equal(t, "1.0", p.APIVersion, "PEP 629: assume 1.0")
		}},
		{"relative link", `<a href="foo-1.0.tar.gz#md5=ABC">foo-1.0.tar.gz</a>`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 1)
			assert.Equal(t, "https://idx.example.com/simple/foo/foo-1.0.tar.gz", p.Files[0].URL)
			assert.Equal(t, map[string]string{"md5": "abc"}, p.Files[0].Hashes)
		}},
		{"base after the links applies to them (as in pip)", `<a href="x-1.tar.gz">x</a><base href="https://b.example.com/d/">`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 1)
			assert.Equal(t, "https://b.example.com/d/x-1.tar.gz", p.Files[0].URL)
		}},
		{"entities in href unescaped once", `<a href="https://h/x-1.tar.gz?a=1&amp;amp;b=2">x</a>`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 1)
			assert.Equal(t, "https://h/x-1.tar.gz?a=1&amp;b=2", p.Files[0].URL)
		}},
		{"percent-encoded filename decoded", `<a href="https://h/p/torch-2.0.0%2Bcpu-cp310-cp310-linux_x86_64.whl">x</a>`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 1)
			assert.Equal(t, "torch-2.0.0+cpu-cp310-cp310-linux_x86_64.whl", p.Files[0].Filename)
			assert.Equal(t, "https://h/p/torch-2.0.0%2Bcpu-cp310-cp310-linux_x86_64.whl", p.Files[0].URL)
		}},
		{"data-yanked presence is a yank; empty reason", `<a href="x-1.tar.gz" data-yanked="">x</a><a href="x-2.tar.gz" data-yanked>x</a><a href="x-3.tar.gz">x</a>`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 3)
			assert.True(t, p.Files[0].Yanked)
			assert.True(t, p.Files[1].Yanked)
			assert.False(t, p.Files[2].Yanked)
		}},
		{"PEP 714: core-metadata wins over dist-info-metadata", `<a href="x-1-py3-none-any.whl" data-dist-info-metadata="sha256=AA" data-core-metadata="sha256=bb">x</a><a href="y-1-py3-none-any.whl" data-dist-info-metadata="true">y</a><a href="z-1-py3-none-any.whl" data-core-metadata="false" data-dist-info-metadata="true">z</a>`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 3)
			assert.Equal(t, CoreMetadata{Available: true, Hashes: map[string]string{"sha256": "bb"}}, p.Files[0].CoreMetadata)
			assert.Equal(t, CoreMetadata{Available: true}, p.Files[1].CoreMetadata)
			assert.Equal(t, CoreMetadata{}, p.Files[2].CoreMetadata, "core-metadata present: no fall-back")
		}},
		{"serial comment and status", `<meta name="pypi:project-status" content="quarantined"><meta name="pypi:project-status-reason" content="malware"><!--SERIAL 17-->`, func(t *testing.T, p *ProjectPage) {
			assert.Equal(t, "quarantined", p.Status)
			assert.Equal(t, "malware", p.StatusReason)
			assert.True(t, p.HasLastSerial)
			assert.EqualValues(t, 17, p.LastSerial)
			assert.Empty(t, p.Files, "quarantined: no files, still a page")
		}},
		{"links that are not files", `<a href="../">..</a><a href="?C=N;O=D">sort</a><a href="javascript:alert(1)">js</a><a>none</a><a href="sub/">dir</a>`, func(t *testing.T, p *ProjectPage) {
			assert.Empty(t, p.Files)
			require.Len(t, p.Ignored, 5)
		}},
		{"nul and CR in attributes go through the tokenizer", "<a href=\"x-1.tar.gz\" data-requires-python=\"&gt;=3\r\n\x00\">x</a>", func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 1)
			assert.Equal(t, ">=3\n\uFFFD", p.Files[0].RequiresPython)
		}},
		{"repeated attributes: the first counts (HTML; pip's dict keeps the last)", `<a href="a-1.tar.gz" href="b-1.tar.gz" data-requires-python=">=3" data-requires-python=">=2">x</a>`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 1)
			assert.Equal(t, "a-1.tar.gz", p.Files[0].Filename)
			assert.Equal(t, ">=3", p.Files[0].RequiresPython)
		}},
		{"script content is not markup", `<script>var s = '<a href="evil-1.tar.gz">';</script><a href="good-1.tar.gz">g</a>`, func(t *testing.T, p *ProjectPage) {
			require.Len(t, p.Files, 1)
			assert.Equal(t, "good-1.tar.gz", p.Files[0].Filename)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseProjectHTML(strings.NewReader(tt.body), page)
			require.NoError(t, err)
			tt.check(t, p)
		})
	}
}

func TestParseHTMLLimits(t *testing.T) {
	p := Parser{Limits: Limits{MaxFiles: 2, MaxValueLen: 100, MaxTokenLen: 4096, MaxPageBytes: 1 << 16}}
	_, err := p.ParseProjectHTML(strings.NewReader(strings.Repeat(`<a href="x-1.tar.gz">x</a>`, 3)), nil)
	require.ErrorIs(t, err, ErrLimitExceeded)
	_, err = p.ParseProjectHTML(strings.NewReader(`<a href="`+strings.Repeat("x", 200)+`">x</a>`), nil)
	require.ErrorIs(t, err, ErrLimitExceeded)
	_, err = p.ParseProjectHTML(strings.NewReader(`<a href="`+strings.Repeat("x", 5000)), nil)
	require.ErrorIs(t, err, ErrLimitExceeded)
	_, err = p.ParseProjectHTML(strings.NewReader(strings.Repeat("<br>", 1<<14)+" "), nil)
	require.ErrorIs(t, err, ErrLimitExceeded)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	_, err = p.ParseProjectHTML(strings.NewReader(strings.Repeat("<br>", 1<<14)), nil)
	require.NoError(t, err, "a page of exactly the limit is fine")
}

func TestParseRootHTML(t *testing.T) {
	body := `<a href="/simple/zope-interface/">Zope.Interface</a><a href="/simple/six/">six<a href="/simple/a/">  A  </a>`
	p, err := ParseRootHTML(strings.NewReader(body), mustURL(t, "https://pypi.org/simple/"))
	require.NoError(t, err)
	assert.Equal(t, []Project{
		{Name: "Zope.Interface", NormalizedName: "zope-interface", URL: "https://pypi.org/simple/zope-interface/"},
		{Name: "six", NormalizedName: "six", URL: "https://pypi.org/simple/six/"},
		{Name: "A", NormalizedName: "a", URL: "https://pypi.org/simple/a/"},
	}, p.Projects)
}

// renderHTML writes a page back as PEP 503 HTML, for round trips.
func renderHTML(p *ProjectPage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<meta name=\"pypi:repository-version\" content=\"%s\">\n", p.APIVersion)
	for _, f := range p.Files {
		href := f.URL
		algs := make([]string, 0, len(f.Hashes))
		for a := range f.Hashes {
			algs = append(algs, a)
		}
		sort.Strings(algs)
		for i, a := range algs {
			sep := "&"
			if i == 0 {
				sep = "#"
			}
			href += sep + a + "=" + url.PathEscape(f.Hashes[a])
		}
		fmt.Fprintf(&b, "<a href=\"%s\"", html.EscapeString(href))
		if f.RequiresPython != "" {
			fmt.Fprintf(&b, " data-requires-python=\"%s\"", html.EscapeString(f.RequiresPython))
		}
		if f.Yanked {
			fmt.Fprintf(&b, " data-yanked=\"%s\"", html.EscapeString(f.YankedReason))
		}
		b.WriteString(">x</a>\n")
	}
	return b.String()
}

func corpusSeeds(f *testing.F, ext string) {
	paths, _ := filepath.Glob("testdata/pages/*" + ext)
	for _, p := range paths {
		if strings.HasSuffix(p, ".golden.json") {
			continue
		}
		data, err := os.ReadFile(p)
		if err == nil {
			f.Add(data)
		}
	}
}

// FuzzParseHTML: the HTML parser never panics or hangs; what it accepts
// is well formed (absolute URLs without fragment, hashes in lower case);
// written back as HTML it parses to the same files.
func FuzzParseHTML(f *testing.F) {
	corpusSeeds(f, ".html")
	f.Add([]byte(`<a href="x-1.tar.gz#sha256=AB&md5=cd" data-yanked data-requires-python="&lt;4">`))
	f.Add([]byte("<a href='\x00'><base href=':'><a href=\"%zz\">"))
	base := mustURL(f, "https://idx.example.com/simple/foo/")
	lim := Parser{Limits: Limits{MaxTokenLen: 1 << 16, MaxFiles: 1000}}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := lim.ParseProjectHTML(bytes.NewReader(data), base)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidPage)
			return
		}
		for _, file := range p.Files {
			require.NotEmpty(t, file.Filename)
			require.NotContains(t, file.URL, "#")
			require.NotNil(t, file.Hashes)
			for a, h := range file.Hashes {
				require.Equal(t, strings.ToLower(a), a)
				require.False(t, hasUpperASCII(h))
			}
		}
		// Round trip.
		again, err := lim.ParseProjectHTML(strings.NewReader(renderHTML(p)), base)
		require.NoError(t, err)
		require.Len(t, again.Files, len(p.Files))
		for i := range p.Files {
			a, b := p.Files[i], again.Files[i]
			require.Equal(t, a.Filename, b.Filename)
			require.Equal(t, a.Hashes, b.Hashes)
			require.Equal(t, strings.TrimSpace(a.RequiresPython), strings.TrimSpace(b.RequiresPython))
			require.Equal(t, a.Yanked, b.Yanked)
		}
	})
}

// FuzzRawAttrs: the fast attribute path reads the same attributes as the
// tokenizer's TagAttr whenever it is used.
func FuzzRawAttrs(f *testing.F) {
	f.Add(`href="x" data-yanked data-requires-python="&gt;=3"`)
	f.Add(`HREF=x  =y data-A='1"2' /x=/ z = "q" href=second`)
	f.Add(`a="&amp;&lt;&#39;" b=c/>`)
	f.Add(`x="unterminated`)
	f.Fuzz(func(t *testing.T, body string) {
		doc := "<a " + body + ">"
		z := nethtml.NewTokenizer(strings.NewReader(doc))
		tt := z.Next()
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			return
		}
		raw := bytes.Clone(z.Raw())
		_, hasAttr := z.TagName()
		if needsTokenizer(raw) {
			return
		}
		type kv struct{ k, v string }
		var want []kv
		for more := hasAttr; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			if len(k) <= maxAttrKey {
				want = append(want, kv{string(k), string(v)})
			}
		}
		var got []kv
		require.NoError(t, forAttrs(nil, raw, hasAttr, func(k, v []byte) error {
			got = append(got, kv{string(k), string(v)})
			return nil
		}))
		require.Equal(t, want, got, "raw %q", raw)
	})
}
