package simpleapi

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
)

// filenameVector is one line of testdata/filename_vectors.jsonl, made by
// testdata/gen_filename_vectors.py from pypa/packaging.
type filenameVector struct {
	Filename string   `json:"filename"`
	Func     string   `json:"func"`
	OK       bool     `json:"ok"`
	Name     string   `json:"name"`
	Version  string   `json:"version"`
	Build    []any    `json:"build"`
	Tags     []string `json:"tags"`
}

func loadFilenameVectors(t testing.TB) []filenameVector {
	t.Helper()
	f, err := os.Open("testdata/filename_vectors.jsonl")
	require.NoError(t, err)
	defer f.Close()
	var out []filenameVector
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v filenameVector
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.UseNumber() // build numbers may exceed float64
		require.NoError(t, dec.Decode(&v), sc.Text())
		out = append(out, v)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, out)
	return out
}

// TestFilenameVectors checks ParseFilename (without a project name)
// against pypa/packaging's parse_wheel_filename and parse_sdist_filename:
// the same name, version, build tag and tags wherever packaging accepts
// the input, and a rejection of every wheel name packaging rejects.
func TestFilenameVectors(t *testing.T) {
	for _, v := range loadFilenameVectors(t) {
		t.Run(v.Filename, func(t *testing.T) {
			d, err := ParseFilename(v.Filename, "")
			if !v.OK {
				if v.Func == "wheel" {
					require.Error(t, err, "packaging rejects this wheel name")
					require.ErrorIs(t, err, ErrInvalidFilename)
				}
				// Sdists packaging rejects may still be legacy sdists
				// we read (.tar.bz2), or not PEP 440; nothing to match.
				return
			}
			require.NoError(t, err)
			want := v.Name
			if hasNonASCIIUpper(v.Filename) {
				// Deliberate: ASCII-only case folding (see NormalizeName).
				want = d.Name
			}
			assert.Equal(t, want, d.Name)
			assert.Equal(t, v.Version, d.Version.String())
			if v.Func == "wheel" {
				assert.Equal(t, KindWheel, d.Kind)
				var tags []string
				for _, tg := range d.Tags {
					tags = append(tags, tg.String())
				}
				sort.Strings(tags)
				assert.Equal(t, v.Tags, tags)
				if len(v.Build) == 0 {
					assert.Equal(t, BuildTag{}, d.Build)
				} else {
					n := v.Build[0].(json.Number)
					assert.Equal(t, pep440.Number(n.String()), d.Build.Number)
					assert.Equal(t, v.Build[1], d.Build.Suffix)
				}
			} else {
				assert.Equal(t, KindSdist, d.Kind)
			}
		})
	}
}

func hasNonASCIIUpper(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && strings.ToLower(string(r)) != string(r) {
			return true
		}
	}
	return false
}

// TestParseFilenameProject covers the name-aware split of legacy sdists
// (pip's rule) and the project check; the cases are those of the spec
// digest (requirements-and-files.md 6.3, item 11) and more.
func TestParseFilenameProject(t *testing.T) {
	tests := []struct {
		filename, project string
		name, rawName     string
		version           string // canonical; "" when not PEP 440
		rawVersion        string
		pyVersion         string
		legacy            bool
		err               error // nil, ErrInvalidFilename or pep440.ErrInvalidVersion
	}{
		{"foo__bar-1.0.tar.gz", "foo-bar", "foo-bar", "foo__bar", "1.0", "1.0", "", true, nil},
		{"foo-1.0-1.tar.gz", "foo", "foo", "foo", "1.0.post1", "1.0-1", "", true, nil},
		{"foo_bar-1.0.tar.gz", "foo.bar", "foo-bar", "foo_bar", "1.0", "1.0", "", false, nil},
		{"foo-bar-1.0.tar.gz", "foo", "foo", "foo", "", "bar-1.0", "", false, pep440.ErrInvalidVersion},
		{"foo-bar-1.0.tar.gz", "foo-bar", "foo-bar", "foo-bar", "1.0", "1.0", "", true, nil},
		{"foo-bar-1.0.tar.gz", "Foo_Bar", "foo-bar", "foo-bar", "1.0", "1.0", "", true, nil},
		{"python-dateutil-2.8.2.tar.gz", "python-dateutil", "python-dateutil", "python-dateutil", "2.8.2", "2.8.2", "", true, nil},
		{"pytz-2006p.tar.bz2", "pytz", "pytz", "pytz", "", "2006p", "", true, pep440.ErrInvalidVersion},
		{"foo-1.0-py2.7.tar.gz", "foo", "foo", "foo", "1.0", "1.0", "2.7", true, nil},
		{"foo-1.0.zip", "bar", "", "", "", "", "", false, ErrInvalidFilename},
		{"foo-1.0-py3-none-any.whl", "bar", "foo", "foo", "1.0", "1.0", "", false, ErrInvalidFilename},
		{"foo-.tar.gz", "foo", "foo", "foo", "", "", "", false, ErrInvalidFilename},
		{"exampleproject-1.0.macosx-10.11-x86_64.tar.gz", "exampleproject", "exampleproject", "exampleproject", "", "1.0.macosx-10.11-x86_64", "", false, pep440.ErrInvalidVersion},
		{"six-1.16.0.tgz", "six", "six", "six", "1.16.0", "1.16.0", "", true, nil},
		{"Six-1.16.0.tar", "six", "six", "Six", "1.16.0", "1.16.0", "", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.filename+"@"+tt.project, func(t *testing.T) {
			d, err := ParseFilename(tt.filename, tt.project)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				require.ErrorIs(t, err, ErrInvalidFilename)
				var fe *FilenameError
				require.True(t, errors.As(err, &fe))
				assert.Equal(t, tt.filename, fe.Filename)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.version, d.Version.String())
				assert.Equal(t, tt.legacy, d.Legacy())
			}
			if tt.name != "" {
				assert.Equal(t, tt.name, d.Name)
				assert.Equal(t, tt.rawName, d.RawName)
				assert.Equal(t, tt.rawVersion, d.RawVersion, "the raw version is kept")
			}
			assert.Equal(t, tt.pyVersion, d.PyVersion)
		})
	}
}

func TestParseFilenameKinds(t *testing.T) {
	tests := []struct {
		filename string
		kind     Kind
		ok       bool
	}{
		{"foo-1.0-py2.7.egg", KindEgg, true},
		{"foo-1.0-py2.7-linux-x86_64.egg", KindEgg, true},
		{"foo-1.0.win32-py2.7.exe", KindWininst, false},
		{"foo-1.0.tar.Z", KindUnknown, false},
		{"foo-1.0.rpm", KindUnknown, false},
		{"foo-1.0.tar.xz", KindSdist, true},
		{"foo-1.0.tar.lzma", KindSdist, true},
		{"foo-1.0.tbz", KindSdist, true},
	}
	for _, tt := range tests {
		d, err := ParseFilename(tt.filename, "foo")
		assert.Equal(t, tt.kind, d.Kind, tt.filename)
		assert.Equal(t, tt.ok, err == nil, "%s: %v", tt.filename, err)
	}
}

func TestWheelTagExpansionLimit(t *testing.T) {
	many := strings.Repeat("a.", 99) + "a"
	_, err := ParseFilename("foo-1.0-"+many+"-"+many+"-"+many+".whl", "")
	require.ErrorIs(t, err, ErrLimitExceeded)
	_, err = ParseFilename(strings.Repeat("a", MaxFilenameLen)+"-1.0.tar.gz", "")
	require.ErrorIs(t, err, ErrLimitExceeded)
}

func TestBuildTagCompare(t *testing.T) {
	// Sorted ascending.
	tags := []BuildTag{{}, {Number: "0"}, {Number: "1"}, {Number: "1", Suffix: "a"}, {Number: "1", Suffix: "b"}, {Number: "2"}, {Number: "10"}, {Number: "123456789012345678901234567890"}}
	for i := range tags {
		for j := range tags {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			assert.Equal(t, want, tags[i].Compare(tags[j]), "%v vs %v", tags[i], tags[j])
		}
	}
}

// FuzzParseFilename: the filename parser never panics; what it accepts
// has a normalized name and a version that formats and parses back to
// itself; a wheel's tags are lower-case, non-empty and within the cap.
func FuzzParseFilename(f *testing.F) {
	for _, v := range loadFilenameVectors(f) {
		f.Add(v.Filename, "")
	}
	f.Add("foo-bar-1.0.tar.gz", "foo-bar")
	f.Add("foo-1.0-py2.7.egg", "foo")
	f.Add("pytz-2006p.tar.bz2", "pytz")
	f.Fuzz(func(t *testing.T, filename, project string) {
		d, err := ParseFilename(filename, project)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidFilename)
			var fe *FilenameError
			require.ErrorAs(t, err, &fe)
			return
		}
		require.Equal(t, filename, d.Filename)
		require.NotEqual(t, KindUnknown, d.Kind)
		require.Equal(t, NormalizeName(d.Name), d.Name)
		if project != "" {
			require.Equal(t, NormalizeName(project), d.Name)
		}
		v, err := pep440.Parse(d.Version.String())
		require.NoError(t, err)
		require.Equal(t, d.Version.String(), v.String())
		if d.Kind == KindWheel {
			require.NotEmpty(t, d.Tags)
			require.LessOrEqual(t, len(d.Tags), MaxWheelTags)
			for _, tg := range d.Tags {
				require.Equal(t, strings.ToLower(tg.String()), tg.String())
			}
			// Parse, format, parse: the name rebuilt from the parts.
			again, err := ParseFilename(strings.ReplaceAll(d.Name, "-", "_")+"-"+d.Version.String()+optBuild(d.Build)+"-"+d.Tags[0].String()+".whl", "")
			if strings.Contains(d.Version.String(), "-") {
				return // cannot happen for a valid PEP 440 version
			}
			require.NoError(t, err)
			require.Equal(t, d.Version.String(), again.Version.String())
		}
	})
}

func optBuild(b BuildTag) string {
	if b.Number == "" {
		return ""
	}
	return "-" + b.String()
}
