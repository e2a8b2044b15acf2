package pep440

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVectorsEdge checks hand-picked edge cases (testdata/edge_oracle.py
// lists them) against the answers pypa/packaging gave for them. Regenerate
// with:
//
//	PYTHONPATH=/tmp/packaging/src python3 testdata/edge_oracle.py | gzip -9 -n > testdata/edge.jsonl.gz
func TestVectorsEdge(t *testing.T) {
	var candidates []string
	counts := map[string]int{}
	readVectors(t, "edge.jsonl.gz", func(line int, raw []byte) {
		var vec struct {
			Kind            string
			In              string
			Valid           bool
			Str, Canonical  string
			Public, Base    string
			IsPrerelease    bool `json:"is_prerelease"`
			A, B            string
			Cmp             int
			Spec            string
			Prereleases     *bool
			Version         string
			String          bool
			StringPre       bool  `json:"string_pre"`
			StringNopre     bool  `json:"string_nopre"`
			VersionObj      *bool `json:"version_obj"`
			VersionObjNopre *bool `json:"version_obj_nopre"`
			Out             []string
			List            []string
			Equal           bool
		}
		require.NoError(t, json.Unmarshal(raw, &vec))
		counts[vec.Kind]++
		switch vec.Kind {
		case "candidates":
			candidates = vec.List
		case "version":
			v, err := Parse(vec.In)
			if !vec.Valid {
				require.ErrorIs(t, err, ErrInvalidVersion, "line %d: Parse(%q) = %q", line, vec.In, v)
				return
			}
			require.NoError(t, err, "line %d", line)
			require.Equal(t, vec.Str, v.String(), "line %d: str(Version(%q))", line, vec.In)
			require.Equal(t, vec.Canonical, v.Canonical(), "line %d: canonicalize_version(%q)", line, vec.In)
			require.Equal(t, vec.Public, v.Public().String(), "line %d: public", line)
			require.Equal(t, vec.Base, v.BaseVersion().String(), "line %d: base_version", line)
			require.Equal(t, vec.IsPrerelease, v.IsPrerelease(), "line %d: is_prerelease", line)
		case "order":
			require.Equal(t, vec.Cmp, Compare(MustParse(vec.A), MustParse(vec.B)), "line %d: compare(%q, %q)", line, vec.A, vec.B)
		case "set":
			set, err := ParseSpecifierSet(vec.Spec)
			require.NoError(t, err, "line %d: %q", line, vec.Spec)
			require.Equal(t, vec.Str, set.String(), "line %d: str(SpecifierSet(%q))", line, vec.Spec)
			want := PrereleasesDefault
			if vec.Prereleases != nil && *vec.Prereleases {
				want = PrereleasesAllow
			}
			require.Equal(t, want, set.Prereleases(), "line %d: SpecifierSet(%q).prereleases", line, vec.Spec)
		case "contains":
			set := MustParseSpecifierSet(vec.Spec)
			msg := []any{"line %d: SpecifierSet(%q).contains(%q)", line, vec.Spec, vec.Version}
			require.Equal(t, vec.String, set.ContainsString(vec.Version), msg...)
			require.Equal(t, vec.StringPre, set.WithPrereleases(PrereleasesAllow).ContainsString(vec.Version), msg...)
			require.Equal(t, vec.StringNopre, set.WithPrereleases(PrereleasesExclude).ContainsString(vec.Version), msg...)
			if vec.VersionObj != nil {
				v := MustParse(vec.Version)
				require.Equal(t, *vec.VersionObj, set.Contains(v), msg...)
				require.Equal(t, *vec.VersionObjNopre, set.WithPrereleases(PrereleasesExclude).Contains(v), msg...)
			}
		case "filter":
			set := MustParseSpecifierSet(vec.Spec)
			switch {
			case vec.Prereleases == nil:
			case *vec.Prereleases:
				set = set.WithPrereleases(PrereleasesAllow)
			default:
				set = set.WithPrereleases(PrereleasesExclude)
			}
			want := vec.Out
			if want == nil {
				want = []string{}
			}
			require.Equal(t, want, set.FilterStrings(candidates), "line %d: SpecifierSet(%q).filter(candidates, prereleases=%v)", line, vec.Spec, vec.Prereleases)
			var vs []Version
			wantV := []string{}
			for _, c := range candidates {
				if v, err := Parse(c); err == nil {
					vs = append(vs, v)
				}
			}
			for _, c := range want {
				if v, err := Parse(c); err == nil {
					wantV = append(wantV, v.String())
				}
			}
			got := []string{}
			for _, v := range set.Filter(vs) {
				got = append(got, v.String())
			}
			if !set.arbitrary { // === compares the string as written
				require.Equal(t, wantV, got, "line %d: Filter of %q", line, vec.Spec)
			}
		case "invalid":
			_, err := ParseSpecifierSet(vec.Spec)
			if vec.Valid {
				require.NoError(t, err, "line %d", line)
			} else {
				require.ErrorIs(t, err, ErrInvalidSpecifier, "line %d: ParseSpecifierSet(%q)", line, vec.Spec)
			}
		case "equal":
			a, b := MustParseSpecifierSet(vec.A), MustParseSpecifierSet(vec.B)
			require.Equal(t, vec.Equal, a.Equal(b), "line %d: SpecifierSet(%q) == SpecifierSet(%q)", line, vec.A, vec.B)
		default:
			t.Fatalf("line %d: unknown kind %q", line, vec.Kind)
		}
	})
	t.Logf("edge vectors: %v", counts)
}
