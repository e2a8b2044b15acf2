package simpleapi

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseProjectJSONCases(t *testing.T) {
	page := mustURL(t, "https://idx.example.com/simple/foo/")
	file := func(extra string) string {
		return `{"name": "foo", "meta": {"api-version": "1.1"}, "files": [{"filename": "foo-1.0.tar.gz", "url": "foo-1.0.tar.gz", "hashes": {}` + extra + `}]}`
	}
	tests := []struct {
		name, body string
		check      func(t *testing.T, f File)
	}{
		{"relative url", file(``), func(t *testing.T, f File) {
			assert.Equal(t, "https://idx.example.com/simple/foo/foo-1.0.tar.gz", f.URL)
			assert.Equal(t, map[string]string{}, f.Hashes)
		}},
		{"yanked true", file(`, "yanked": true`), func(t *testing.T, f File) { assert.True(t, f.Yanked) }},
		{"yanked reason", file(`, "yanked": "bad"`), func(t *testing.T, f File) {
			assert.True(t, f.Yanked)
			assert.Equal(t, "bad", f.YankedReason)
		}},
		{"yanked empty string is not a yank", file(`, "yanked": ""`), func(t *testing.T, f File) { assert.False(t, f.Yanked) }},
		{"yanked null", file(`, "yanked": null`), func(t *testing.T, f File) { assert.False(t, f.Yanked) }},
		{"core-metadata false does not fall back", file(`, "core-metadata": false, "dist-info-metadata": true`), func(t *testing.T, f File) {
			assert.False(t, f.CoreMetadata.Available)
		}},
		{"core-metadata null falls back", file(`, "core-metadata": null, "dist-info-metadata": {"SHA256": "AB"}`), func(t *testing.T, f File) {
			assert.Equal(t, CoreMetadata{Available: true, Hashes: map[string]string{"sha256": "ab"}}, f.CoreMetadata)
		}},
		{"size and upload time", file(`, "size": 9223372036854775807, "upload-time": "2024-02-03T04:05:06.5Z"`), func(t *testing.T, f File) {
			assert.True(t, f.HasSize)
			assert.EqualValues(t, int64(9223372036854775807), f.Size)
			assert.Equal(t, time.Date(2024, 2, 3, 4, 5, 6, 5e8, time.UTC), f.UploadTime)
		}},
		{"escapes in strings", file(`, "requires-python": "\u003e=3.8 \ud83d\ude00 \"q\" \\ \/"`), func(t *testing.T, f File) {
			assert.Equal(t, ">=3.8 😀 \"q\" \\ /", f.RequiresPython)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseProjectJSON(strings.NewReader(tt.body), page)
			require.NoError(t, err)
			require.Len(t, p.Files, 1)
			tt.check(t, p.Files[0])
		})
	}
}

func TestParseProjectJSONErrors(t *testing.T) {
	file := func(extra string) string {
		return `{"files": [{"filename": "foo-1.0.tar.gz", "url": "https://h/foo-1.0.tar.gz", "hashes": {}` + extra + `}]}`
	}
	tests := []struct{ name, body string }{
		{"not an object", `[]`},
		{"empty", ``},
		{"truncated", `{"files": [{"filename": "a"`},
		{"trailing data", `{} {}`},
		{"trailing comma", `{"files": [],}`},
		{"comment", `{/* x */}`},
		{"duplicate top-level key", `{"name": "a", "name": "b"}`},
		{"duplicate key after escape", `{"name": "a", "n\u0061me": "b"}`},
		{"duplicate key in unknown object", `{"x": {"a": 1, "a": 2}}`},
		{"duplicate hash", file(`, "hashes": {}`)},
		{"duplicate hash by case", `{"files": [{"filename": "f", "url": "u", "hashes": {"sha256": "a", "SHA256": "b"}}]}`},
		{"size string", file(`, "size": "1"`)},
		{"size fraction", file(`, "size": 1.0`)},
		{"size negative", file(`, "size": -1`)},
		{"size overflow", file(`, "size": 9223372036854775808`)},
		{"yanked number", file(`, "yanked": 1`)},
		{"hashes array", `{"files": [{"filename": "f", "url": "u", "hashes": []}]}`},
		{"hash value number", `{"files": [{"filename": "f", "url": "u", "hashes": {"sha256": 1}}]}`},
		{"bad upload time", file(`, "upload-time": "yesterday"`)},
		{"missing filename", `{"files": [{"url": "u", "hashes": {}}]}`},
		{"missing url", `{"files": [{"filename": "f", "hashes": {}}]}`},
		{"invalid utf-8", "{\"name\": \"\xc3\x28\"}"},
		{"raw control char", "{\"name\": \"a\tb\"}"},
		{"lone surrogate", `{"name": "\ud800"}`},
		{"bad escape", `{"name": "\x"}`},
		{"leading zero", `{"x": 01}`},
		{"bare word", `{"x": nul}`},
		{"files not array", `{"files": {}}`},
		{"versions not strings", `{"versions": [1]}`},
		{"api-version number", `{"meta": {"api-version": 1.0}}`},
		{"too deep", `{"x": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProjectJSON(strings.NewReader(tt.body), nil)
			require.Error(t, err)
			require.ErrorIs(t, err, ErrInvalidPage)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "json", pe.Format)
		})
	}
}

func TestParseProjectJSONStatusSpellings(t *testing.T) {
	for body, want := range map[string][2]string{
		`{"project-status": {"status": "archived", "reason": "r"}}`:                                      {"archived", "r"},
		`{"project-status": {"state": "quarantined"}}`:                                                   {"quarantined", ""},
		`{"meta": {"api-version": "1.4", "project-status": "deprecated", "project-status-reason": "x"}}`: {"deprecated", "x"},
		`{"project-status": {"status": "archived"}, "meta": {"project-status": "active"}}`:               {"archived", ""},
		`{"meta": {"project-status": "active"}, "project-status": {"status": "archived"}}`:               {"archived", ""},
		`{"project-status": null}`: {"", ""},
	} {
		p, err := ParseProjectJSON(strings.NewReader(body), nil)
		require.NoError(t, err, body)
		assert.Equal(t, want, [2]string{p.Status, p.StatusReason}, body)
	}
}

func TestParseJSONLimits(t *testing.T) {
	p := Parser{Limits: Limits{MaxFiles: 1, MaxPageBytes: 100}}
	_, err := p.ParseProjectJSON(strings.NewReader(`{"files": [{"filename": "a", "url": "u"}, {"filename": "b", "url": "u"}]}`), nil)
	require.ErrorIs(t, err, ErrLimitExceeded)
	_, err = p.ParseProjectJSON(strings.NewReader(`{"x": "`+strings.Repeat("a", 200)+`"}`), nil)
	require.ErrorIs(t, err, ErrLimitExceeded)
}

func TestParseRootJSON(t *testing.T) {
	p, err := ParseRootJSON(strings.NewReader(`{"meta": {"api-version": "1.0", "_last-serial": 5}, "projects": [{"name": "Zope.Interface"}, {"name": "six", "_last-serial": 3}]}`), mustURL(t, "https://pypi.org/simple/"))
	require.NoError(t, err)
	assert.Equal(t, []Project{
		{Name: "Zope.Interface", NormalizedName: "zope-interface", URL: "https://pypi.org/simple/zope-interface/"},
		{Name: "six", NormalizedName: "six", URL: "https://pypi.org/simple/six/"},
	}, p.Projects)
	assert.EqualValues(t, 5, p.LastSerial)

	// A query string (some hosted indexes take a token there) stays after
	// the path.
	p, err = ParseRootJSON(strings.NewReader(`{"projects": [{"name": "six"}]}`), mustURL(t, "https://h.example.com/simple?x=1"))
	require.NoError(t, err)
	assert.Equal(t, "https://h.example.com/simple/six/?x=1", p.Projects[0].URL)
}

// jsonPage is the wire form of a project page, for round trips.
type jsonPage struct {
	Meta struct {
		APIVersion string `json:"api-version"`
	} `json:"meta"`
	Name     string     `json:"name"`
	Versions []string   `json:"versions,omitempty"`
	Files    []jsonFile `json:"files"`
}

type jsonFile struct {
	Filename       string            `json:"filename"`
	URL            string            `json:"url"`
	Hashes         map[string]string `json:"hashes"`
	RequiresPython string            `json:"requires-python,omitempty"`
	Yanked         any               `json:"yanked,omitempty"`
	Size           *int64            `json:"size,omitempty"`
}

// FuzzParseJSON: the JSON parser never panics or hangs; it accepts only
// valid JSON (encoding/json agrees); what it accepts, written back, parses
// to the same files.
func FuzzParseJSON(f *testing.F) {
	corpusSeeds(f, ".json")
	f.Add([]byte(`{"files": [{"filename": "a", "url": "b#sha256=AB", "hashes": {"MD5": "x"}, "yanked": "", "size": 0}]}`))
	f.Add([]byte(`{"a": "\ud83d\ude00\u0000", "b": [1e5, -0.0, true, null, {}]}`))
	base := mustURL(f, "https://idx.example.com/simple/foo/")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProjectJSON(bytes.NewReader(data), base)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidPage)
			return
		}
		require.True(t, json.Valid(data), "accepted invalid JSON %q", data)
		var w jsonPage
		w.Meta.APIVersion = p.APIVersion
		w.Name = p.Name
		w.Versions = p.Versions
		w.Files = []jsonFile{}
		for _, file := range p.Files {
			jf := jsonFile{Filename: file.Filename, URL: file.URL, Hashes: file.Hashes, RequiresPython: file.RequiresPython}
			if file.Yanked {
				jf.Yanked = true
				if file.YankedReason != "" {
					jf.Yanked = file.YankedReason
				}
			}
			if file.HasSize {
				jf.Size = &file.Size
			}
			w.Files = append(w.Files, jf)
		}
		out, err := json.Marshal(w)
		require.NoError(t, err)
		again, err := ParseProjectJSON(bytes.NewReader(out), base)
		require.NoError(t, err, "%s", out)
		require.Len(t, again.Files, len(p.Files))
		for i := range p.Files {
			a, b := p.Files[i], again.Files[i]
			require.Equal(t, a.Filename, b.Filename)
			require.Equal(t, a.Hashes, b.Hashes)
			require.Equal(t, a.RequiresPython, b.RequiresPython)
			require.Equal(t, a.Yanked, b.Yanked)
			require.Equal(t, a.YankedReason, b.YankedReason)
			require.Equal(t, a.Size, b.Size)
		}
	})
}
