package simpleapi

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageURLForTests is where written pages are parsed from.
var pageURLForTests = &url.URL{Scheme: "https", Host: "index.example", Path: "/simple/acme-widgets/"}

// fullPage has every field of the model set, with values that need
// escaping in both formats.
func fullPage() *ProjectPage {
	up := time.Date(2024, 3, 1, 12, 30, 45, 123456000, time.UTC)
	return &ProjectPage{
		Name:               "acme-widgets",
		APIVersion:         "1.5",
		Versions:           []string{"1.0", "2.0rc1", "3.0"},
		Tracks:             []string{"https://pypi.org/simple/acme-widgets/"},
		AlternateLocations: []string{"https://mirror.example/simple/acme-widgets/", "https://other.example/simple/acme-widgets/?a=1&b=\"2\""},
		Status:             "deprecated",
		StatusReason:       "use <acme-gadgets> & \"friends\"\r\nfrom now on",
		LastSerial:         12345,
		HasLastSerial:      true,
		Namespaces:         []Namespace{{Name: "acme", Owned: true}, {Name: "acme-legacy", Owned: false}},
		Files: []File{
			{
				Filename:       "acme_widgets-1.0-py3-none-any.whl",
				URL:            "https://files.example/packages/ab/cd/acme_widgets-1.0-py3-none-any.whl",
				Hashes:         map[string]string{"sha256": strings.Repeat("a1", 32), "sha512": strings.Repeat("b2", 64), "md5": strings.Repeat("c3", 16)},
				RequiresPython: ">=3.8, !=3.9.*, <4",
				CoreMetadata:   CoreMetadata{Available: true, Hashes: map[string]string{"sha256": strings.Repeat("d4", 32)}},
				Size:           123456, HasSize: true,
				UploadTime: up,
				Provenance: "https://index.example/integrity/acme-widgets/1.0/acme_widgets-1.0-py3-none-any.whl/provenance",
				GPGSig:     false, HasGPGSig: true,
			},
			{
				Filename:     "acme_widgets-1.0.tar.gz",
				URL:          "https://files.example/packages/acme_widgets-1.0.tar.gz?sig=x&expires=1",
				Hashes:       map[string]string{"sha384": strings.Repeat("e5", 48)},
				Yanked:       true,
				YankedReason: "broken <build> & 'bad' \"metadata\"",
				CoreMetadata: CoreMetadata{Available: true}, // "true": no hash
				Size:         0, HasSize: true,
				UploadTime: up.Add(time.Hour + 7*time.Nanosecond), // nanoseconds
				GPGSig:     true, HasGPGSig: true,
			},
			{
				Filename: "acme_widgets-2.0rc1-py3-none-any.whl",
				URL:      "https://files.example/packages/acme_widgets-2.0rc1-py3-none-any.whl",
				Hashes:   map[string]string{"sha256": strings.Repeat("f6", 32), "blake2b_256": strings.Repeat("07", 32)},
				Yanked:   true, // without a reason
			},
			{
				Filename: "acme_widgets-3.0.zip",
				URL:      "https://files.example/packages/acme_widgets-3.0.zip",
				Hashes:   map[string]string{},
			},
		},
	}
}

// carried returns what parsing p written in format f should give back:
// p, less what the format cannot carry (see Writer).
func carried(p *ProjectPage, f Format, allHashes bool) *ProjectPage {
	q := *p
	q.Format, q.Ignored = f, nil
	if !q.HasLastSerial {
		q.LastSerial = 0
	}
	if f == FormatHTML {
		q.APIVersion = HTMLAPIVersion
		q.Name = strings.TrimSpace(q.Name)
		q.Status = strings.TrimSpace(q.Status)
		q.Tracks, q.AlternateLocations = trimAll(q.Tracks), trimAll(q.AlternateLocations)
		q.Versions, q.Namespaces = nil, nil
	} else {
		v := q.APIVersion
		if v == "" {
			v = DefaultJSONAPIVersion
		}
		v, _ = checkAPIVersion(v)
		if q.Namespaces != nil && semverLess(v, "1.5") {
			v = "1.5"
		}
		q.APIVersion = v
	}
	q.Files = make([]File, len(p.Files))
	for i, fl := range p.Files {
		g := fl
		g.Hashes = lowerValues(fl.Hashes)
		if !g.Yanked {
			g.YankedReason = ""
		}
		if !g.CoreMetadata.Available {
			g.CoreMetadata.Hashes = nil
		}
		g.CoreMetadata.Hashes = lowerValues(g.CoreMetadata.Hashes)
		if !g.HasGPGSig {
			g.GPGSig = false
		}
		if !g.HasSize {
			g.Size = 0
		}
		if !g.UploadTime.IsZero() {
			g.UploadTime = g.UploadTime.UTC()
		}
		if f == FormatHTML {
			kept := map[string]string{}
			for _, alg := range fragmentHashOrder {
				if d, ok := g.Hashes[alg]; ok {
					kept[alg] = d
					if !allHashes {
						break
					}
				}
			}
			g.Hashes = kept
			if alg := preferredHash(g.CoreMetadata.Hashes); alg != "" {
				g.CoreMetadata.Hashes = map[string]string{alg: g.CoreMetadata.Hashes[alg]}
			}
			g.Size, g.HasSize, g.UploadTime = 0, false, time.Time{}
		}
		q.Files[i] = g
	}
	normalize(&q)
	return &q
}

func semverLess(a, b string) bool {
	var am, an, bm, bn int
	fmt.Sscanf(a, "%d.%d", &am, &an)
	fmt.Sscanf(b, "%d.%d", &bm, &bn)
	return am < bm || am == bm && an < bn
}

func trimAll(l []string) []string {
	if len(l) == 0 { // HTML has no empty list
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func lowerValues(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = lowerASCIIString(v)
	}
	return out
}

// normalize makes empty hash maps nil, on both sides of a comparison:
// the model does not distinguish them.
func normalize(p *ProjectPage) {
	for i := range p.Files {
		f := &p.Files[i]
		if len(f.Hashes) == 0 {
			f.Hashes = nil
		}
		if len(f.CoreMetadata.Hashes) == 0 {
			f.CoreMetadata.Hashes = nil
		}
	}
	if len(p.Files) == 0 {
		p.Files = nil
	}
}

func writeParse(t testing.TB, w *Writer, p *ProjectPage, mediaType string) (*ProjectPage, []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, w.WriteProjectPage(&buf, p, mediaType))
	got, err := ParseProjectPage(bytes.NewReader(buf.Bytes()), mediaType, pageURLForTests)
	require.NoError(t, err, "%s", buf.String())
	normalize(got)
	return got, buf.Bytes()
}

func TestWriteRoundTrip(t *testing.T) {
	pages := map[string]*ProjectPage{
		"full":  fullPage(),
		"empty": {},
		"zero-values": {Name: "x", Versions: []string{}, Tracks: []string{}, AlternateLocations: []string{}, Namespaces: []Namespace{},
			Files: []File{{Filename: "x-1.tar.gz", URL: "https://h/x-1.tar.gz"}}},
		"old API":            {Name: "x", APIVersion: "1.0", Files: []File{{Filename: "x-1.tar.gz", URL: "https://h/x-1.tar.gz", Hashes: map[string]string{"sha256": "AB"}}}},
		"status reason only": {StatusReason: "why", LastSerial: 0, HasLastSerial: true},
		"odd URLs": {Name: "x", Files: []File{
			{Filename: "x-1.tar.gz", URL: "https://h/a%20b/x-1.tar.gz?q=%22&r"},
			{Filename: "x-2.tar.gz", URL: "file:///srv/index/x/x-2.tar.gz"},
			{Filename: "x 3.tar.gz", URL: "https://h/x%203.tar.gz"},
			{Filename: "x-é.tar.gz", URL: "https://h/x-%C3%A9.tar.gz"},
		}},
	}
	for name, p := range pages {
		for _, mt := range []string{MediaTypeJSON, MediaTypeHTML, MediaTypeTextHTML, MediaTypeLatestJSON} {
			for _, all := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/all=%v", name, mt, all), func(t *testing.T) {
					w := &Writer{AllHashes: all}
					got, _ := writeParse(t, w, p, mt)
					f, _ := FormatOf(mt)
					assert.Equal(t, carried(p, f, all), got)
				})
			}
		}
	}
}

// TestParseCoreMetadataEscaped: a data-core-metadata value with a
// character reference survives the decoding of the next attribute (the
// parser once kept it in a scratch buffer that the next value reused;
// found by FuzzWriteParse).
func TestParseCoreMetadataEscaped(t *testing.T) {
	page := `<a href="https://h/a-1.tar.gz" data-core-metadata="sha256=a&amp;b" data-provenance="&quot;x&quot;">a-1.tar.gz</a>`
	p, err := ParseProjectHTML(strings.NewReader(page), nil)
	require.NoError(t, err)
	require.Len(t, p.Files, 1)
	assert.Equal(t, map[string]string{"sha256": "a&b"}, p.Files[0].CoreMetadata.Hashes)
	assert.Equal(t, `"x"`, p.Files[0].Provenance)
}

// TestWriteRelative: relative URLs (a static folder, a proxy) resolve
// against the page.
func TestWriteRelative(t *testing.T) {
	p := &ProjectPage{Name: "acme-widgets", Files: []File{
		{Filename: "acme_widgets-1.0.tar.gz", URL: "acme_widgets-1.0.tar.gz", Hashes: map[string]string{"sha256": "aa"}},
		{Filename: "acme_widgets-2.0.tar.gz", URL: "../../files/internal/acme-widgets/acme_widgets-2.0.tar.gz"},
	}}
	for _, mt := range []string{MediaTypeJSON, MediaTypeHTML} {
		got, _ := writeParse(t, &Writer{}, p, mt)
		require.Len(t, got.Files, 2)
		assert.Equal(t, "https://index.example/simple/acme-widgets/acme_widgets-1.0.tar.gz", got.Files[0].URL)
		assert.Equal(t, "https://index.example/files/internal/acme-widgets/acme_widgets-2.0.tar.gz", got.Files[1].URL)
		assert.Equal(t, map[string]string{"sha256": "aa"}, got.Files[0].Hashes)
	}
}

// TestWriteShape pins the bytes of both formats: PyPI's shape.
func TestWriteShape(t *testing.T) {
	p := &ProjectPage{
		Name: "acme-widgets", Status: "active", LastSerial: 7, HasLastSerial: true,
		Versions: []string{"1.0"},
		Files: []File{{
			Filename: "acme_widgets-1.0-py3-none-any.whl", URL: "https://files.example/acme_widgets-1.0-py3-none-any.whl",
			Hashes: map[string]string{"sha256": "aa", "md5": "bb"}, RequiresPython: ">=3.8", Yanked: true,
			CoreMetadata: CoreMetadata{Available: true, Hashes: map[string]string{"sha256": "cc"}},
			Size:         10, HasSize: true, UploadTime: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		}},
	}
	var buf bytes.Buffer
	require.NoError(t, WriteProjectPage(&buf, p, MediaTypeJSON))
	assert.Equal(t, `{"meta":{"api-version":"1.4","_last-serial":7},"name":"acme-widgets","project-status":{"status":"active"},"versions":["1.0"],`+
		`"files":[{"filename":"acme_widgets-1.0-py3-none-any.whl","url":"https://files.example/acme_widgets-1.0-py3-none-any.whl",`+
		`"hashes":{"md5":"bb","sha256":"aa"},"requires-python":">=3.8","size":10,"upload-time":"2024-01-02T03:04:05.000000Z","yanked":true,`+
		`"core-metadata":{"sha256":"cc"},"data-dist-info-metadata":{"sha256":"cc"},"provenance":null}]}`+"\n", buf.String())
	// It is JSON for encoding/json too.
	var v map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &v))

	buf.Reset()
	require.NoError(t, WriteProjectPage(&buf, p, "text/html; charset=utf-8"))
	assert.Equal(t, `<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.4">
    <meta name="pypi:project-status" content="active">
    <title>Links for acme-widgets</title>
  </head>
  <body>
    <h1>Links for acme-widgets</h1>
    <a href="https://files.example/acme_widgets-1.0-py3-none-any.whl#sha256=aa" data-requires-python="&gt;=3.8" data-yanked="" data-dist-info-metadata="sha256=cc" data-core-metadata="sha256=cc">acme_widgets-1.0-py3-none-any.whl</a><br />
  </body>
</html>
<!--SERIAL 7-->
`, buf.String())

	buf.Reset()
	require.NoError(t, (&Writer{AllHashes: true}).WriteProjectPage(&buf, p, MediaTypeHTML))
	assert.Contains(t, buf.String(), `#sha256=aa&amp;md5=bb"`)
}

func TestWriteDeterministic(t *testing.T) {
	p := fullPage()
	for i := range 5 { // many hashes: map order must not show
		p.Files[0].Hashes[fmt.Sprintf("sha3_%d", i)] = "00"
		p.Files[0].CoreMetadata.Hashes[fmt.Sprintf("blake%d", i)] = "11"
	}
	for _, mt := range []string{MediaTypeJSON, MediaTypeHTML} {
		var first []byte
		for range 20 {
			var buf bytes.Buffer
			require.NoError(t, WriteProjectPage(&buf, p, mt))
			if first == nil {
				first = buf.Bytes()
			}
			require.Equal(t, string(first), buf.String())
		}
	}
}

func TestWriteErrors(t *testing.T) {
	file := func(mod func(f *File)) *ProjectPage {
		f := File{Filename: "a-1.0.tar.gz", URL: "https://h/a-1.0.tar.gz", Hashes: map[string]string{"sha256": "aa"}}
		mod(&f)
		return &ProjectPage{Name: "a", Files: []File{{Filename: "ok-1.tar.gz", URL: "https://h/ok-1.tar.gz"}, f}}
	}
	tests := []struct {
		name    string
		page    *ProjectPage
		formats string // "html", "json" or "both"
		want    string
		cause   error
	}{
		{"nil", nil, "both", "page: nil page", nil},
		{"bad UTF-8 name", &ProjectPage{Name: "a\xff"}, "both", "page: name: not valid UTF-8", nil},
		{"NUL in status", &ProjectPage{Status: "a\x00"}, "html", "page: project-status: NUL character (HTML cannot carry it)", nil},
		{"bad UTF-8 version", &ProjectPage{Versions: []string{"\xc0"}}, "json", "page: versions: not valid UTF-8", nil},
		{"negative serial", &ProjectPage{LastSerial: -1, HasLastSerial: true}, "both", "page: _last-serial: negative serial -1", nil},
		{"API version 2", &ProjectPage{APIVersion: "2.0"}, "json", `page: api-version: "2.0": unsupported simple API version: API version 2.0: only major version 1 is supported`, ErrUnsupportedAPIVersion},
		{"API version junk", &ProjectPage{APIVersion: "one"}, "json", `page: api-version: "one": unsupported simple API version: malformed API version "one" (want MAJOR.MINOR)`, ErrUnsupportedAPIVersion},
		{"empty filename", file(func(f *File) { f.Filename = "" }), "both", `file 1 "": filename: empty`, nil},
		{"empty URL", file(func(f *File) { f.URL = "" }), "both", `file 1 "a-1.0.tar.gz": url: empty`, nil},
		{"URL with fragment", file(func(f *File) { f.URL = "https://user:secret@h/a-1.0.tar.gz#sha256=aa" }), "both",
			`file 1 "a-1.0.tar.gz": url: "https://user:xxxxx@h/a-1.0.tar.gz#sha256=aa" has a fragment (hashes go in Hashes)`, nil},
		{"upper-case hash name", file(func(f *File) { f.Hashes = map[string]string{"SHA256": "aa"} }), "both",
			`file 1 "a-1.0.tar.gz": hashes: hash name "SHA256" (want lower-case letters, digits, '_' or '-')`, nil},
		{"bad UTF-8 hash", file(func(f *File) { f.Hashes = map[string]string{"sha256": "\xff"} }), "both", `file 1 "a-1.0.tar.gz": hashes: not valid UTF-8`, nil},
		{"NUL requires-python", file(func(f *File) { f.RequiresPython = ">=3\x00" }), "html", `file 1 "a-1.0.tar.gz": requires-python: NUL character (HTML cannot carry it)`, nil},
		{"bad yank reason", file(func(f *File) { f.Yanked, f.YankedReason = true, "\xff" }), "both", `file 1 "a-1.0.tar.gz": yanked: not valid UTF-8`, nil},
		{"bad metadata hash", file(func(f *File) {
			f.CoreMetadata = CoreMetadata{Available: true, Hashes: map[string]string{"sha256": "\xff"}}
		}), "both",
			`file 1 "a-1.0.tar.gz": core-metadata: not valid UTF-8`, nil},
		{"negative size", file(func(f *File) { f.Size, f.HasSize = -1, true }), "json", `file 1 "a-1.0.tar.gz": size: negative size -1`, nil},
		{"year 10000", file(func(f *File) { f.UploadTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }), "json",
			`file 1 "a-1.0.tar.gz": upload-time: year 10000 outside RFC 3339`, nil},
		{"bad provenance", file(func(f *File) { f.Provenance = "\xff" }), "both", `file 1 "a-1.0.tar.gz": provenance: not valid UTF-8`, nil},
	}
	for _, tt := range tests {
		for _, format := range []string{"html", "json"} {
			mt := MediaTypeHTML
			if format == "json" {
				mt = MediaTypeJSON
			}
			var buf bytes.Buffer
			err := WriteProjectPage(&buf, tt.page, mt)
			if tt.formats != "both" && tt.formats != format {
				assert.NoError(t, err, "%s: %s carries it", tt.name, format)
				continue
			}
			require.Error(t, err, "%s %s", tt.name, format)
			assert.ErrorIs(t, err, ErrUnwritable)
			if tt.cause != nil {
				assert.ErrorIs(t, err, tt.cause)
			}
			var we *WriteError
			require.ErrorAs(t, err, &we)
			assert.Equal(t, "simpleapi: writing "+format+" page: "+tt.want, err.Error())
			assert.Zero(t, buf.Len(), "%s: nothing written", tt.name)
		}
	}

	// Neither writer takes a media type that is not the Simple API's.
	var buf bytes.Buffer
	assert.ErrorIs(t, WriteProjectPage(&buf, fullPage(), "application/json"), ErrUnsupportedContentType)
	assert.ErrorIs(t, WriteRootPage(&buf, &RootPage{}, "application/vnd.pypi.simple.v2+json"), ErrUnsupportedAPIVersion)
	// Nor a root page that cannot be written.
	err := WriteRootPage(&buf, &RootPage{Projects: []Project{{Name: "a"}, {Name: "\xff"}}}, MediaTypeJSON)
	assert.ErrorIs(t, err, ErrUnwritable)
	assert.EqualError(t, err, "simpleapi: writing json page: project 1: name: not valid UTF-8")
	assert.Zero(t, buf.Len())
	// The io.Writer's error is returned.
	assert.ErrorIs(t, WriteProjectPage(failWriter{}, fullPage(), MediaTypeJSON), errWriteFailed)
}

var errWriteFailed = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWriteFailed }

func TestWriteRootRoundTrip(t *testing.T) {
	root := &RootPage{
		APIVersion: "1.1",
		Projects: []Project{
			{Name: "Acme.Widgets"},             // href made from the normalized name
			{Name: "six", URL: "/simple/six/"}, // absolute path
			{Name: "zope-x", NormalizedName: "zope-x", URL: "https://other.example/simple/zope-x/"},
			{Name: "a&b<c>", URL: "https://h/simple/a-b-c/"}, // escaped
		},
		LastSerial: 99, HasLastSerial: true,
	}
	u := &url.URL{Scheme: "https", Host: "index.example", Path: "/simple/"}
	serials := map[string]int64{"six": 3}
	w := &Writer{ProjectSerial: func(p *Project) (int64, bool) { n, ok := serials[p.Name]; return n, ok }}
	for _, mt := range []string{MediaTypeHTML, MediaTypeJSON} {
		var buf bytes.Buffer
		require.NoError(t, w.WriteRootPage(&buf, root, mt))
		got, err := ParseRootPage(bytes.NewReader(buf.Bytes()), mt, u)
		require.NoError(t, err, buf.String())
		var names, urls []string
		for _, p := range got.Projects {
			names = append(names, p.Name)
			urls = append(urls, p.URL)
			assert.Equal(t, NormalizeName(p.Name), p.NormalizedName)
		}
		assert.Equal(t, []string{"Acme.Widgets", "six", "zope-x", "a&b<c>"}, names)
		assert.Equal(t, int64(99), got.LastSerial)
		assert.True(t, got.HasLastSerial)
		if mt == MediaTypeHTML {
			assert.Equal(t, HTMLAPIVersion, got.APIVersion)
			assert.Equal(t, []string{"https://index.example/simple/acme-widgets/", "https://index.example/simple/six/",
				"https://other.example/simple/zope-x/", "https://h/simple/a-b-c/"}, urls)
		} else {
			assert.Equal(t, "1.1", got.APIVersion)
			assert.Contains(t, buf.String(), `{"name":"six","_last-serial":3}`)
		}
	}
}

// TestWritePip: pip 23.2.1 reads the written pages as this package does
// (files, URLs, hashes, requires-python, yanks with and without a reason,
// core metadata), in both formats.
func TestWritePip(t *testing.T) {
	py := requirePip(t)
	p := fullPage()
	dir := t.TempDir()
	type input struct {
		Path        string `json:"path"`
		URL         string `json:"url"`
		ContentType string `json:"content_type"`
	}
	var in []input
	mts := []string{MediaTypeHTML, MediaTypeJSON}
	for i, mt := range mts {
		var buf bytes.Buffer
		require.NoError(t, WriteProjectPage(&buf, p, mt))
		path := filepath.Join(dir, fmt.Sprint(i))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		in = append(in, input{path, pageURLForTests.String(), mt})
	}
	stdin, err := json.Marshal(in)
	require.NoError(t, err)
	cmd := exec.Command(py, "testdata/pip_links.py")
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var pip [][]pipLink
	require.NoError(t, json.Unmarshal(out, &pip))
	require.Len(t, pip, len(mts))
	for i, mt := range mts {
		require.Len(t, pip[i], len(p.Files), mt)
		for k, want := range pip[i] {
			f := p.Files[k]
			assert.Equal(t, f.Filename, want.Filename, mt)
			gotURL, _ := url.PathUnescape(f.URL)
			assert.Equal(t, gotURL, want.URL, mt)
			assert.Equal(t, f.RequiresPython, want.RequiresPython, mt)
			assert.Equal(t, f.Yanked, want.Yanked, "%s %s: pip sees the yank", mt, f.Filename)
			assert.Equal(t, f.YankedReason, want.YankedReason, mt)
			assert.Equal(t, f.CoreMetadata.Available, want.Metadata != nil, mt)
			if want.Metadata != nil {
				for alg, h := range want.Metadata.Hashes {
					assert.Equal(t, f.CoreMetadata.Hashes[alg], h, "%s %s metadata", mt, f.Filename)
				}
			}
			// pip keeps one hash from HTML, the first: the preferred one.
			for alg, h := range want.Hashes {
				assert.Equal(t, f.Hashes[alg], h, "%s %s %s", mt, f.Filename, alg)
			}
			if mt == MediaTypeHTML {
				if alg := preferredHash(f.Hashes); slices.Contains(fragmentHashOrder[:], alg) {
					assert.Equal(t, []string{alg}, slices.Collect(maps.Keys(want.Hashes)), "%s: pip's hash", f.Filename)
				}
			}
		}
	}
}

// FuzzWriteParse builds pages from fuzz input, writes them in both
// formats and parses them back: the result is the page, less what the
// format cannot carry; and a page is refused exactly when it holds what
// no format can carry.
func FuzzWriteParse(f *testing.F) {
	f.Add("acme-widgets", ">=3.8", "broken build", "acme_widgets-1.0.tar.gz", []byte{0xab, 0xcd}, int64(1700000000123456789), uint16(0xffff))
	f.Add("", "", "", "", []byte(nil), int64(0), uint16(0))
	f.Add(" a&b ", "<'\"\r\n>", "\u2028\x00\x1f", "x y+z.whl", []byte{0}, int64(-1), uint16(0x5555))
	f.Add("\xff", "é", "\\u0000", "%41", []byte("AB"), int64(42), uint16(0xaaaa))
	f.Fuzz(func(t *testing.T, name, text, reason, filename string, digest []byte, n int64, flags uint16) {
		bit := func(i int) bool { return flags&(1<<i) != 0 }
		// Filenames from a safe alphabet, so that the URL names them in
		// both formats; odd URLs are TestWriteRoundTrip's.
		fn := []byte(filename)
		for i, c := range fn {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' || c == '+') {
				fn[i] = '_'
			}
		}
		if len(fn) == 0 {
			fn = []byte("f.whl")
		}
		h := hex.EncodeToString(digest)
		hashValue := h
		if bit(0) {
			hashValue = text // anything: escaped in the fragment
		}
		apiVersions := []string{"", "1.0", "1.1", "1.4", "01.05", "1.9"}
		page := &ProjectPage{
			Name:               name,
			APIVersion:         apiVersions[int(flags>>12)%len(apiVersions)],
			Status:             text,
			StatusReason:       reason,
			Tracks:             []string{text},
			AlternateLocations: []string{reason, name},
			LastSerial:         n,
			HasLastSerial:      bit(1),
			Files: []File{{
				Filename:       string(fn),
				URL:            "https://files.example/p/" + string(fn),
				Hashes:         map[string]string{"sha256": hashValue, "sha1": h},
				RequiresPython: text,
				Yanked:         bit(2),
				YankedReason:   reason,
				CoreMetadata:   CoreMetadata{Available: bit(3)},
				Size:           n,
				HasSize:        bit(4),
				Provenance:     reason,
				GPGSig:         bit(5),
				HasGPGSig:      bit(6),
			}},
		}
		if bit(7) {
			page.Versions = []string{text, name}
		}
		if bit(8) {
			page.Namespaces = []Namespace{{Name: reason, Owned: bit(9)}}
		}
		if bit(10) {
			page.Files[0].CoreMetadata.Hashes = map[string]string{"sha256": reason}
		}
		if bit(11) {
			page.Files[0].UploadTime = time.Unix(0, n)
		}
		for _, mt := range []string{MediaTypeHTML, MediaTypeJSON} {
			for _, all := range []bool{false, true} {
				format, _ := FormatOf(mt)
				w := &Writer{AllHashes: all}
				var buf bytes.Buffer
				err := w.WriteProjectPage(&buf, page, mt)
				if refuse := unwritable(page, format); refuse != "" {
					if err == nil {
						t.Fatalf("%s: wrote a page holding %s", format, refuse)
					}
					if !errors.Is(err, ErrUnwritable) {
						t.Fatalf("%s: %v does not match ErrUnwritable", format, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", format, err)
				}
				got, err := ParseProjectPage(bytes.NewReader(buf.Bytes()), mt, pageURLForTests)
				if err != nil {
					t.Fatalf("%s: written page does not parse: %v\n%s", format, err, buf.Bytes())
				}
				normalize(got)
				want := carried(page, format, all)
				if !assert.Equal(t, want, got) {
					t.Fatalf("%s all=%v: round trip differs\n%s", format, all, buf.Bytes())
				}
			}
		}
	})
}

// unwritable says what in p (built by FuzzWriteParse) the format cannot
// carry, or "".
func unwritable(p *ProjectPage, f Format) string {
	html := f == FormatHTML
	bad := func(s string) bool { return !utf8.ValidString(s) || html && strings.IndexByte(s, 0) >= 0 }
	fl := &p.Files[0]
	texts := []string{p.Name, p.Status, p.StatusReason, fl.Filename, fl.URL, fl.RequiresPython, fl.Provenance}
	texts = append(texts, p.Tracks...)
	texts = append(texts, p.AlternateLocations...)
	if fl.Yanked {
		texts = append(texts, fl.YankedReason)
	}
	if fl.CoreMetadata.Available {
		for _, v := range fl.CoreMetadata.Hashes {
			texts = append(texts, v)
		}
	}
	if !html {
		texts = append(texts, p.Versions...)
		for _, ns := range p.Namespaces {
			texts = append(texts, ns.Name)
		}
	}
	for _, s := range texts {
		if bad(s) {
			return fmt.Sprintf("%q", s)
		}
	}
	for _, v := range fl.Hashes { // percent-encoded in HTML
		if !utf8.ValidString(v) {
			return fmt.Sprintf("hash %q", v)
		}
	}
	switch {
	case p.HasLastSerial && p.LastSerial < 0:
		return "a negative serial"
	case !html && fl.HasSize && fl.Size < 0:
		return "a negative size"
	}
	return ""
}

func BenchmarkWriteProjectPage(b *testing.B) {
	p := &ProjectPage{Name: "acme-widgets", APIVersion: "1.4", Status: "active"}
	for i := range 2000 {
		name := fmt.Sprintf("acme_widgets-1.%d-py3-none-any.whl", i)
		p.Files = append(p.Files, File{
			Filename: name, URL: "https://files.example/packages/ab/cd/" + name,
			Hashes: map[string]string{"sha256": strings.Repeat("ab", 32)}, RequiresPython: ">=3.8",
			CoreMetadata: CoreMetadata{Available: true, Hashes: map[string]string{"sha256": strings.Repeat("cd", 32)}},
			Size:         123456, HasSize: true, UploadTime: time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC),
		})
	}
	for _, mt := range []string{MediaTypeHTML, MediaTypeJSON} {
		b.Run(mt, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := WriteProjectPage(&buf, p, mt); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}

func ExampleWriteProjectPage() {
	page := &ProjectPage{
		Name:   "acme-widgets",
		Status: "active",
		Files: []File{{
			Filename:       "acme_widgets-1.0.tar.gz",
			URL:            "https://files.example/acme_widgets-1.0.tar.gz",
			Hashes:         map[string]string{"sha256": "4f2a"},
			RequiresPython: ">=3.9",
			Yanked:         true,
		}},
	}
	if err := WriteProjectPage(os.Stdout, page, MediaTypeJSON); err != nil {
		fmt.Println(err)
	}
	if err := WriteProjectPage(os.Stdout, page, MediaTypeHTML); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"meta":{"api-version":"1.4"},"name":"acme-widgets","project-status":{"status":"active"},"files":[{"filename":"acme_widgets-1.0.tar.gz","url":"https://files.example/acme_widgets-1.0.tar.gz","hashes":{"sha256":"4f2a"},"requires-python":">=3.9","yanked":true,"core-metadata":false,"data-dist-info-metadata":false,"provenance":null}]}
	// <!DOCTYPE html>
	// <html>
	//   <head>
	//     <meta name="pypi:repository-version" content="1.4">
	//     <meta name="pypi:project-status" content="active">
	//     <title>Links for acme-widgets</title>
	//   </head>
	//   <body>
	//     <h1>Links for acme-widgets</h1>
	//     <a href="https://files.example/acme_widgets-1.0.tar.gz#sha256=4f2a" data-requires-python="&gt;=3.9" data-yanked="">acme_widgets-1.0.tar.gz</a><br />
	//   </body>
	// </html>
}
