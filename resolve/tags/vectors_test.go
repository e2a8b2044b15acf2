package tags

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vector is one line of testdata/vectors.jsonl.gz, made by
// testdata/gen_vectors.py with pypa/packaging (see that script for how the
// machine probes were replaced by the target's facts).
type vector struct {
	Packaging string   `json:"packaging"`
	Target    string   `json:"target"`
	Tags      []string `json:"tags"`
	Ranks     [][2]any `json:"ranks"`
}

func readVectors(t testing.TB) []vector {
	t.Helper()
	f, err := os.Open("testdata/vectors.jsonl.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var out []vector
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v vector
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		if v.Target != "" {
			out = append(out, v)
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, out)
	return out
}

// TestPackagingVectors demands exact equality with packaging's ordered
// lists, and with the ranks it gives each wheel tag set.
func TestPackagingVectors(t *testing.T) {
	for _, v := range readVectors(t) {
		t.Run(v.Target, func(t *testing.T) {
			target, err := ParseTarget(v.Target)
			require.NoError(t, err)
			assert.Equal(t, v.Target, target.String(), "canonical text")
			s, err := target.Supported()
			require.NoError(t, err)
			got := make([]string, s.Len())
			for i, tag := range s.Tags() {
				got[i] = tag.String()
			}
			require.Equal(t, v.Tags, got)
			for _, r := range v.Ranks {
				wheel := r[0].(string)
				tags, err := ParseTag(wheel)
				require.NoError(t, err)
				rank, ok := s.Rank(tags)
				if r[1] == nil {
					assert.False(t, ok, "%s should be incompatible, got rank %d", wheel, rank)
					continue
				}
				if assert.True(t, ok, wheel) {
					assert.Equal(t, int(r[1].(float64)), rank, wheel)
				}
			}
		})
	}
}

// TestVectorsCoverage keeps the vector file honest about what it covers.
func TestVectorsCoverage(t *testing.T) {
	var names []string
	for _, v := range readVectors(t) {
		names = append(names, v.Target)
	}
	all := strings.Join(names, " ")
	for _, want := range []string{
		"manylinux_2_17_x86_64", "manylinux_2_28_aarch64", "manylinux_2_35", "_i686", "armv7l", "armv8l",
		"musllinux_1_1", "musllinux_1_2", "macosx_10_9", "macosx_11_0", "macosx_12", "macosx_14_0", "macosx_26_0",
		"win32", "win_amd64", "win_arm64", "cp38", "cp39", "cp310", "cp311", "cp312", "cp313", "cp314", "cp313t",
		"pp310", "pp311", "ios_", "android_",
	} {
		assert.Contains(t, all, want)
	}
}
