package pep440

// Differential tests against pypa/packaging.
//
// The vectors in testdata/ were made with /work/shared/tools/pep440_oracle.py
// (shared/tools/pep440_oracle.py in the project's shared folder) running on
// pypa/packaging 26.4.dev0 (commit 053c884, just after 26.3), CPython 3.11.7:
//
//	git --git-dir=<pypa/packaging git dir> --work-tree=/tmp/packaging checkout HEAD -- src
//	export PYTHONPATH=/tmp/packaging/src
//	for k in versions order; do
//	  python3 pep440_oracle.py $k --seed 440 --count 25000 | gzip -9 -n > testdata/$k.jsonl.gz
//	done
//	python3 pep440_oracle.py specifiers --seed 440 --count 7000 | gzip -9 -n > testdata/specifiers.jsonl.gz
//
// The first line of each file names the packaging version that made it.
// Every vector must agree: there is no allow list of known differences.

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readVectors decodes one JSON object per line of a gzipped JSONL file,
// skipping the header line, and calls fn for each with its line number.
func readVectors(t testing.TB, name string, fn func(line int, raw []byte)) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			var hdr struct{ Packaging string }
			require.NoError(t, json.Unmarshal(sc.Bytes(), &hdr))
			require.True(t, strings.HasPrefix(hdr.Packaging, "26."), "vectors from packaging %s, want 26.x", hdr.Packaging)
			continue
		}
		fn(line, sc.Bytes())
	}
	require.NoError(t, sc.Err())
}

type versionVector struct {
	In            string        `json:"in"`
	Valid         bool          `json:"valid"`
	Str           string        `json:"str"`
	Public        string        `json:"public"`
	Base          string        `json:"base"`
	Epoch         json.Number   `json:"epoch"`
	Release       []json.Number `json:"release"`
	Pre           []any         `json:"pre"`
	Post          *json.Number  `json:"post"`
	Dev           *json.Number  `json:"dev"`
	Local         *string       `json:"local"`
	IsPrerelease  bool          `json:"is_prerelease"`
	IsPostrelease bool          `json:"is_postrelease"`
	IsDevrelease  bool          `json:"is_devrelease"`
}

func TestVectorsVersions(t *testing.T) {
	n, valid := 0, 0
	readVectors(t, "versions.jsonl.gz", func(line int, raw []byte) {
		var vec versionVector
		d := json.NewDecoder(strings.NewReader(string(raw)))
		d.UseNumber()
		require.NoError(t, d.Decode(&vec))
		n++
		v, err := Parse(vec.In)
		if !vec.Valid {
			require.Error(t, err, "line %d: Parse(%q) accepted what packaging rejects, got %q", line, vec.In, v)
			require.ErrorIs(t, err, ErrInvalidVersion)
			return
		}
		valid++
		require.NoError(t, err, "line %d: Parse(%q)", line, vec.In)
		require.Equal(t, vec.Str, v.String(), "line %d: str(Version(%q))", line, vec.In)
		require.Equal(t, vec.Public, v.Public().String(), "line %d: public", line)
		require.Equal(t, vec.Base, v.BaseVersion().String(), "line %d: base_version", line)
		require.Equal(t, vec.Epoch.String(), v.Epoch().String(), "line %d: epoch", line)
		rel := v.Release()
		require.Len(t, rel, len(vec.Release), "line %d: release", line)
		for i := range rel {
			require.Equal(t, vec.Release[i].String(), rel[i].String(), "line %d: release[%d]", line, i)
		}
		kind, pn, ok := v.Pre()
		if vec.Pre == nil {
			require.False(t, ok, "line %d: pre", line)
		} else {
			require.True(t, ok, "line %d: pre", line)
			require.Equal(t, vec.Pre[0], kind, "line %d: pre kind", line)
			require.Equal(t, vec.Pre[1].(json.Number).String(), pn.String(), "line %d: pre number", line)
		}
		post, ok := v.Post()
		require.Equal(t, vec.Post != nil, ok, "line %d: post", line)
		if ok {
			require.Equal(t, vec.Post.String(), post.String(), "line %d: post", line)
		}
		dev, ok := v.Dev()
		require.Equal(t, vec.Dev != nil, ok, "line %d: dev", line)
		if ok {
			require.Equal(t, vec.Dev.String(), dev.String(), "line %d: dev", line)
		}
		if vec.Local == nil {
			require.False(t, v.IsLocal(), "line %d: local", line)
			require.Empty(t, v.Local())
		} else {
			require.True(t, v.IsLocal(), "line %d: local", line)
			require.Equal(t, *vec.Local, v.Local(), "line %d: local", line)
		}
		require.Equal(t, vec.IsPrerelease, v.IsPrerelease(), "line %d: is_prerelease of %q", line, vec.In)
		require.Equal(t, vec.IsPostrelease, v.IsPostrelease(), "line %d: is_postrelease", line)
		require.Equal(t, vec.IsDevrelease, v.IsDevrelease(), "line %d: is_devrelease", line)
	})
	require.GreaterOrEqual(t, n, 20000)
	t.Logf("%d version vectors (%d valid) agree with packaging", n, valid)
}

func TestVectorsOrder(t *testing.T) {
	n := 0
	readVectors(t, "order.jsonl.gz", func(line int, raw []byte) {
		var vec struct {
			A, B string
			Cmp  int
		}
		require.NoError(t, json.Unmarshal(raw, &vec))
		n++
		a, b := MustParse(vec.A), MustParse(vec.B)
		require.Equal(t, vec.Cmp, Compare(a, b), "line %d: compare(%q, %q)", line, vec.A, vec.B)
		require.Equal(t, -vec.Cmp, Compare(b, a), "line %d: compare(%q, %q)", line, vec.B, vec.A)
		require.Equal(t, vec.Cmp == 0, a.Canonical() == b.Canonical(), "line %d: canonical forms of %q and %q", line, vec.A, vec.B)
	})
	require.GreaterOrEqual(t, n, 20000)
	t.Logf("%d ordering vectors agree with packaging", n)
}

func TestVectorsSpecifiers(t *testing.T) {
	var checks, filters, invalid int
	readVectors(t, "specifiers.jsonl.gz", func(line int, raw []byte) {
		var vec struct {
			Spec        string   `json:"spec"`
			Valid       *bool    `json:"valid"`
			Version     string   `json:"version"`
			Contains    bool     `json:"contains"`
			ContainsPre bool     `json:"contains_pre"`
			FilterIn    []string `json:"filter_in"`
			FilterOut   []string `json:"filter_out"`
		}
		require.NoError(t, json.Unmarshal(raw, &vec))
		set, err := ParseSpecifierSet(vec.Spec)
		if vec.Valid != nil && !*vec.Valid {
			invalid++
			require.Error(t, err, "line %d: ParseSpecifierSet(%q) accepted what packaging rejects", line, vec.Spec)
			require.ErrorIs(t, err, ErrInvalidSpecifier)
			return
		}
		require.NoError(t, err, "line %d: ParseSpecifierSet(%q)", line, vec.Spec)
		if vec.FilterIn != nil {
			filters++
			in := make([]Version, len(vec.FilterIn))
			for i, s := range vec.FilterIn {
				in[i] = MustParse(s)
			}
			got := []string{}
			for _, v := range set.Filter(in) {
				got = append(got, v.String())
			}
			require.Equal(t, vec.FilterOut, got, "line %d: SpecifierSet(%q).filter(%q)", line, vec.Spec, vec.FilterIn)
			require.Equal(t, vec.FilterOut, set.FilterStrings(vec.FilterIn), "line %d: FilterStrings", line)
			return
		}
		checks++
		v := MustParse(vec.Version)
		require.Equal(t, vec.Contains, set.Contains(v), "line %d: SpecifierSet(%q).contains(%q)", line, vec.Spec, vec.Version)
		require.Equal(t, vec.Contains, set.ContainsString(vec.Version), "line %d: ContainsString", line)
		require.Equal(t, vec.ContainsPre, set.WithPrereleases(PrereleasesAllow).Contains(v),
			"line %d: SpecifierSet(%q).contains(%q, prereleases=True)", line, vec.Spec, vec.Version)
	})
	require.GreaterOrEqual(t, checks, 20000)
	t.Logf("%d contains checks, %d filters, %d invalid specifiers agree with packaging", checks, filters, invalid)
}
