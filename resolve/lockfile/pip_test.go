package lockfile

import (
	"encoding/json"
	"os"
	"path"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/resolve/pep508"
	"github.com/safeindex/safeindex/simpleapi"
)

// pipAnswers is testdata/requirements/pip.json, written by
// testdata/pip_oracle.py from pip's own parser.
type pipAnswers struct {
	Env   map[string]string `json:"env"`
	Files map[string]struct {
		Error string    `json:"error"`
		Lines []pipLine `json:"lines"`
	} `json:"files"`
}

type pipLine struct {
	File           string   `json:"file"`
	Line           int      `json:"line"`
	Constraint     bool     `json:"constraint"`
	Requirement    *string  `json:"requirement"`
	Editable       bool     `json:"editable"`
	Hashes         []string `json:"hashes"`
	Name           string   `json:"name"`
	Specifier      string   `json:"specifier"`
	Marker         string   `json:"marker"`
	Link           string   `json:"link"`
	IndexURL       string   `json:"index_url"`
	ExtraIndexURLs []string `json:"extra_index_urls"`
	FindLinks      []string `json:"find_links"`
	NoIndex        bool     `json:"no_index"`
	RequireHashes  bool     `json:"require_hashes"`
	Pre            bool     `json:"pre"`
	TrustedHosts   []string `json:"trusted_hosts"`
}

func mapEnv(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestRequirementsAgainstPip reads every file pip read and compares what
// both found: errors, requirements (line, text, hashes, name, specifier,
// marker) and the options that choose indexes.
func TestRequirementsAgainstPip(t *testing.T) {
	raw, err := os.ReadFile("testdata/requirements/pip.json")
	require.NoError(t, err)
	var ans pipAnswers
	require.NoError(t, json.Unmarshal(raw, &ans))
	fsys := os.DirFS("testdata/requirements")
	for name, want := range ans.Files {
		t.Run(name, func(t *testing.T) {
			lock, err := ReadFile(fsys, name, WithEnv(mapEnv(ans.Env)))
			if want.Error != "" {
				require.Error(t, err, "pip: %s", want.Error)
				require.ErrorIs(t, err, ErrInvalidLock)
				return
			}
			require.NoError(t, err)
			reqs := lock.Packages
			var sources []Source
			var hosts []string
			var requireHashes, pre, noIndex bool
			i := 0
			for _, l := range want.Lines {
				file := path.Clean(l.File)
				if l.Requirement == nil {
					if l.IndexURL != "" {
						sources = append(sources, Source{URL: l.IndexURL, Kind: SourceIndex, Pos: Position{File: file, Line: l.Line}})
					}
					for _, u := range l.ExtraIndexURLs {
						sources = append(sources, Source{URL: u, Kind: SourceExtraIndex, Pos: Position{File: file, Line: l.Line}})
					}
					for _, u := range l.FindLinks {
						sources = append(sources, Source{URL: u, Kind: SourceFindLinks, Pos: Position{File: file, Line: l.Line}})
					}
					hosts = append(hosts, l.TrustedHosts...)
					requireHashes = requireHashes || l.RequireHashes
					pre = pre || l.Pre
					noIndex = noIndex || l.NoIndex
					continue
				}
				require.Less(t, i, len(reqs), "pip found more requirements; next %s:%d %q", file, l.Line, *l.Requirement)
				p := reqs[i]
				i++
				assert.Equal(t, file, p.Pos.File, "line %d", l.Line)
				assert.Equal(t, l.Line, p.Pos.Line, "%q", *l.Requirement)
				assert.Equal(t, *l.Requirement, p.Raw, "line %d", l.Line)
				assert.Equal(t, l.Editable, p.Editable, "line %d", l.Line)
				assert.Equal(t, l.Constraint, p.Constraint, "line %d", l.Line)
				if !l.Editable {
					var got []string
					for _, h := range p.Hashes {
						if !slices.Contains(l.Hashes, h.String()) && p.URL != "" {
							continue // a #sha256= fragment counts too, pip keeps it in the link
						}
						got = append(got, h.String())
					}
					slices.Sort(got)
					if len(l.Hashes) == 0 {
						assert.Empty(t, got, "line %d", l.Line)
					} else {
						assert.Equal(t, l.Hashes, got, "line %d", l.Line)
					}
					assert.Equal(t, simpleapi.NormalizeName(l.Name), simpleapi.NormalizeName(p.Name), "line %d", l.Line)
					if l.Link == "" {
						assert.Equal(t, l.Specifier, p.Specifier, "line %d", l.Line)
					}
					if l.Marker != "" {
						m, err := pep508.ParseMarker(p.Marker)
						require.NoError(t, err)
						assert.Equal(t, l.Marker, m.String(), "line %d", l.Line)
					} else {
						assert.Empty(t, p.Marker, "line %d", l.Line)
					}
				}
			}
			assert.Len(t, reqs, i, "we found more requirements than pip")
			var gotSources []Source
			for _, s := range lock.Sources {
				gotSources = append(gotSources, Source{URL: s.URL, Kind: s.Kind, Pos: Position{File: s.Pos.File, Line: s.Pos.Line}})
			}
			assert.Equal(t, sources, gotSources)
			assert.Equal(t, hosts, lock.TrustedHosts)
			assert.Equal(t, requireHashes, lock.RequireHashes)
			assert.Equal(t, pre, lock.Pre)
			assert.Equal(t, noIndex, lock.NoIndex)
		})
	}
}
