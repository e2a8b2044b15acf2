package simpleapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the .golden.json files of testdata/pages")

// corpusURLs gives the URL each corpus page is served from, as the
// servers it imitates lay them out. Pages not listed are served from
// https://index.example.com/simple/<name>/.
var corpusURLs = map[string]string{
	"artifactory.html":      "https://artifactory.example.com/artifactory/api/pypi/pypi-remote/simple/requests/",
	"nexus.html":            "https://nexus.example.com/repository/pypi-proxy/simple/requests/",
	"devpi.html":            "https://devpi.example.com/root/pypi/+simple/pluggy/",
	"gitlab.html":           "https://gitlab.example.com/api/v4/projects/42/packages/pypi/simple/my-internal-lib/",
	"static-dir2pi.html":    "file:///srv/wheelhouse/simple/six/",
	"nginx-autoindex.html":  "http://mirror.example.com/simple/torch/",
	"apache-autoindex.html": "http://mirror.example.com/simple/pytz/",
	"pypi-root.html":        "https://pypi.org/simple/",
	"pypi-root.json":        "https://pypi.org/simple/",
	"edge-cases.html":       "https://index.example.com/simple/edgy/",
	"edge-cases.json":       "https://index.example.com/simple/edgy/",
}

// corpusPage is one page of testdata/pages.
type corpusPage struct {
	name        string // file name
	path        string
	pageURL     string
	contentType string
	root        bool
}

func corpus(t testing.TB) []corpusPage {
	t.Helper()
	paths, err := filepath.Glob("testdata/pages/*")
	require.NoError(t, err)
	var out []corpusPage
	for _, p := range paths {
		name := filepath.Base(p)
		var ct string
		switch filepath.Ext(name) {
		case ".html":
			ct = "text/html; charset=utf-8"
		case ".json":
			if strings.HasSuffix(name, ".golden.json") {
				continue
			}
			ct = MediaTypeJSON
		default:
			continue
		}
		u := corpusURLs[name]
		if u == "" {
			u = "https://index.example.com/simple/" + strings.TrimSuffix(name, filepath.Ext(name)) + "/"
		}
		out = append(out, corpusPage{name: name, path: p, pageURL: u, contentType: ct, root: strings.Contains(name, "-root")})
	}
	require.NotEmpty(t, out)
	return out
}

// parseCorpusPage parses a page of the corpus into the value its golden
// file holds.
func parseCorpusPage(t testing.TB, c corpusPage) any {
	t.Helper()
	data, err := os.ReadFile(c.path)
	require.NoError(t, err)
	u, err := url.Parse(c.pageURL)
	require.NoError(t, err)
	if c.root {
		page, err := ParseRootPage(bytes.NewReader(data), c.contentType, u)
		require.NoError(t, err)
		return struct {
			Page            *RootPage
			NewerAPIVersion bool
		}{page, page.NewerAPIVersion()}
	}
	page, err := ParseProjectPage(bytes.NewReader(data), c.contentType, u)
	require.NoError(t, err)
	return struct {
		Page            *ProjectPage
		NewerAPIVersion bool
	}{page, page.NewerAPIVersion()}
}

// TestCorpusGolden parses every page of testdata/pages and compares the
// model with the .golden.json beside it. Run with -update to rewrite them
// after checking the diff.
func TestCorpusGolden(t *testing.T) {
	for _, c := range corpus(t) {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(parseCorpusPage(t, c)))
			got := buf.Bytes()
			golden := strings.TrimSuffix(c.path, filepath.Ext(c.path)) + "." + strings.TrimPrefix(filepath.Ext(c.path), ".") + ".golden.json"
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden file; run go test -run TestCorpusGolden -update")
			assert.Equal(t, string(want), string(got))
		})
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		ct      string
		want    Format
		wantErr error
	}{
		{"application/vnd.pypi.simple.v1+json", FormatJSON, nil},
		{"Application/Vnd.PyPI.Simple.V1+JSON", FormatJSON, nil},
		{"application/vnd.pypi.simple.latest+json", FormatJSON, nil},
		{"application/vnd.pypi.simple.v1+html", FormatHTML, nil},
		{"application/vnd.pypi.simple.latest+html", FormatHTML, nil},
		{"text/html", FormatHTML, nil},
		{"text/html; charset=utf-8", FormatHTML, nil},
		{"text/html;charset=\"UTF-8\"", FormatHTML, nil},
		{"text/html; charset=us-ascii", FormatHTML, nil},
		{"text/html; charset=iso-8859-1", FormatUnknown, ErrUnsupportedContentType},
		{"application/vnd.pypi.simple.v2+json", FormatUnknown, ErrUnsupportedAPIVersion},
		{"application/json", FormatUnknown, ErrUnsupportedContentType},
		{"text/plain", FormatUnknown, ErrUnsupportedContentType},
		{"application/octet-stream", FormatUnknown, ErrUnsupportedContentType},
		{"", FormatUnknown, ErrUnsupportedContentType},
		{"text/html; charset", FormatUnknown, ErrUnsupportedContentType},
	}
	for _, tt := range tests {
		t.Run(tt.ct, func(t *testing.T) {
			got, err := FormatOf(tt.ct)
			assert.Equal(t, tt.want, got)
			if tt.wantErr == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.wantErr)
			}
		})
	}
}

func TestParseProjectPageContentType(t *testing.T) {
	u, _ := url.Parse("https://user:hunter2@index.example.com/simple/foo/")
	_, err := ParseProjectPage(strings.NewReader("<html>login</html>"), "text/plain", u)
	require.ErrorIs(t, err, ErrUnsupportedContentType)
	require.ErrorIs(t, err, ErrInvalidPage)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.NotContains(t, err.Error(), "hunter2")
	assert.Contains(t, err.Error(), "index.example.com/simple/foo/")
}

func TestAPIVersion(t *testing.T) {
	tests := []struct {
		v       string
		want    string
		newer   bool
		wantErr bool
	}{
		{"1.0", "1.0", false, false},
		{"1.4", "1.4", false, false},
		{"1.5", "1.5", false, false},
		{"1.10", "1.10", true, false}, // compared as integers: 1.10 > 1.5
		{"1.04", "1.4", false, false},
		{"2.0", "", false, true},
		{"0.9", "", false, true},
		{"1", "", false, true},
		{"1.4.0", "", false, true},
		{"v1.4", "", false, true},
		{"", "", false, true},
		{"1.-1", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			for _, page := range []struct{ ct, body string }{
				{"text/html", `<meta name="pypi:repository-version" content="` + tt.v + `">`},
				{MediaTypeJSON, `{"meta": {"api-version": "` + tt.v + `"}, "name": "x", "files": []}`},
			} {
				p, err := ParseProjectPage(strings.NewReader(page.body), page.ct, nil)
				if tt.wantErr {
					require.ErrorIs(t, err, ErrUnsupportedAPIVersion, page.ct)
					require.ErrorIs(t, err, ErrInvalidPage, page.ct)
					continue
				}
				require.NoError(t, err, page.ct)
				assert.Equal(t, tt.want, p.APIVersion, page.ct)
				assert.Equal(t, tt.newer, p.NewerAPIVersion(), page.ct)
			}
		})
	}
}

func TestParseErrorText(t *testing.T) {
	// Pinned: users see these.
	u, _ := url.Parse("https://__token__:pypi-AgEIcHlwaS5vcmc@index.example.com/simple/foo/?token=abc")
	tests := []struct {
		ct, body, want string
	}{
		{MediaTypeJSON, "{\"files\": [\n  {\"filename\": \"a\", \"filename\": \"b\"}]}",
			`simpleapi: https://__token__:xxxxx@index.example.com/simple/foo/?token=xxxxx: json line 2 col 21: duplicate key "filename"`},
		{MediaTypeJSON, `{"files": [{"filename": "a", "url": "u", "size": "12"}]}`,
			`simpleapi: https://__token__:xxxxx@index.example.com/simple/foo/?token=xxxxx: json line 1 col 50: "size": want integer, got string`},
		{MediaTypeJSON, "{\"name\": \"a\xff\"}",
			`simpleapi: https://__token__:xxxxx@index.example.com/simple/foo/?token=xxxxx: json line 1 col 12: invalid UTF-8 in string`},
		{"text/html", "<html>\n<a href=\"x\xfe\">x</a>",
			`simpleapi: https://__token__:xxxxx@index.example.com/simple/foo/?token=xxxxx: html line 2: invalid UTF-8`},
		{MediaTypeJSON, `{"meta": {"api-version": "2.0"}}`,
			`simpleapi: https://__token__:xxxxx@index.example.com/simple/foo/?token=xxxxx: json line 1 col 26: unsupported simple API version: API version 2.0: only major version 1 is supported`},
	}
	for _, tt := range tests {
		_, err := ParseProjectPage(strings.NewReader(tt.body), tt.ct, u)
		require.Error(t, err)
		assert.Equal(t, tt.want, err.Error())
		assert.NotContains(t, err.Error(), "pypi-AgEIcHlwaS5vcmc")
		var pe *ParseError
		require.True(t, errors.As(err, &pe))
		require.ErrorIs(t, err, ErrInvalidPage)
	}
}
