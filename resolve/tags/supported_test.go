package tags

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tagStrings(ts []Tag) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.String()
	}
	return out
}

func mustTags(t *testing.T, target Target) []string {
	t.Helper()
	ts, err := target.Tags()
	require.NoError(t, err)
	return tagStrings(ts)
}

// Spec 7.5 #1-#4, on a single made-up platform ("plat").
func TestSpecCPythonTags(t *testing.T) {
	plat := func(python, abi string) Target {
		return Target{Python: python, ABI: abi, OS: OSOther, PlatformTag: "plat"}
	}
	// #2: (3,3) → cp33-cp33, abi3, none, cp32-abi3, then compatible tags.
	got := mustTags(t, plat("3.3", "cp33"))
	assert.Equal(t, []string{"cp33-cp33-plat", "cp33-abi3-plat", "cp33-none-plat", "cp32-abi3-plat",
		// #4: compatible_tags((3,3), "cp33", ["plat"]).
		"py33-none-plat", "py3-none-plat", "py32-none-plat", "py31-none-plat", "py30-none-plat",
		"cp33-none-any", "py33-none-any", "py3-none-any", "py32-none-any", "py31-none-any", "py30-none-any"}, got)
	assert.Equal(t, []string{"cp32-cp32-plat", "cp32-abi3-plat", "cp32-none-plat"}, mustTags(t, plat("3.2", "cp32"))[:3])
	assert.Equal(t, []string{"cp31-cp31-plat", "cp31-none-plat", "py31-none-plat"}, mustTags(t, plat("3.1", "cp31"))[:3])
	assert.Equal(t, []string{"cp27-cp27-plat", "cp27-none-plat", "py27-none-plat"}, mustTags(t, plat("2.7", "cp27"))[:3])

	// #1: debug 3.11 lists cp311d before cp311.
	got = mustTags(t, Target{Python: "3.11", Debug: true, OS: OSOther, PlatformTag: "plat"})
	assert.Equal(t, []string{"cp311-cp311d-plat", "cp311-cp311-plat", "cp311-abi3-plat", "cp311-none-plat", "cp310-abi3-plat"}, got[:5])
	assert.Contains(t, got, "cp32-abi3-plat")

	// #3: free-threaded 3.13: abi3t, never abi3.
	got = mustTags(t, Target{Python: "3.13", FreeThreaded: true, OS: OSOther, PlatformTag: "p"})
	assert.Equal(t, []string{"cp313-cp313t-p", "cp313-abi3t-p", "cp313-none-p", "cp312-abi3t-p"}, got[:4])
	assert.Contains(t, got, "cp32-abi3t-p")
	assert.NotContains(t, strings.Join(got, " "), "-abi3-")
}

// Spec 7.5 #5-#10: platform lists.
func TestSpecPlatforms(t *testing.T) {
	// #5 glibc 2.12 x86_64.
	p := linuxPlatforms("x86_64", Glibc(2, 12))
	assert.Equal(t, []string{"linux_x86_64", "manylinux_2_12_x86_64", "manylinux2010_x86_64", "manylinux_2_11_x86_64"}, p[:4])
	assert.Equal(t, []string{"manylinux_2_5_x86_64", "manylinux1_x86_64"}, p[len(p)-2:])
	assert.Len(t, p, 1+8+2)

	// #6 glibc 3.2 aarch64.
	p = linuxPlatforms("aarch64", Glibc(3, 2))
	assert.Equal(t, []string{"linux_aarch64", "manylinux_3_2_aarch64", "manylinux_3_1_aarch64", "manylinux_3_0_aarch64", "manylinux_2_50_aarch64"}, p[:5])
	assert.Equal(t, []string{"manylinux_2_17_aarch64", "manylinux2014_aarch64"}, p[len(p)-2:])

	// #7 musl 1.2.
	assert.Equal(t, []string{"linux_x86_64", "musllinux_1_2_x86_64", "musllinux_1_1_x86_64", "musllinux_1_0_x86_64"},
		linuxPlatforms("x86_64", Musl(1, 2)))

	// No manylinux for armv6l; armv8l also runs armv7l.
	assert.Equal(t, []string{"linux_armv6l"}, linuxPlatforms("armv6l", Glibc(2, 36)))
	p = linuxPlatforms("armv8l", Glibc(2, 17))
	assert.Equal(t, []string{"linux_armv8l", "linux_armv7l", "manylinux_2_17_armv8l", "manylinux2014_armv8l", "manylinux_2_17_armv7l", "manylinux2014_armv7l"}, p)

	// #8.
	p = macPlatforms(10, 5, "x86_64")
	assert.Equal(t, []string{
		"macosx_10_5_x86_64", "macosx_10_5_intel", "macosx_10_5_fat64", "macosx_10_5_fat3", "macosx_10_5_universal2", "macosx_10_5_universal",
		"macosx_10_4_x86_64", "macosx_10_4_intel", "macosx_10_4_fat64", "macosx_10_4_fat3", "macosx_10_4_universal2", "macosx_10_4_universal",
	}, p)
	assert.Len(t, macPlatforms(10, 17, "x86_64"), 84)
	assert.Empty(t, macPlatforms(10, 0, "x86_64"))

	// #9.
	for _, v := range [][2]int{{11, 3}, {12, 1}} {
		p = macPlatforms(v[0], v[1], "arm64")
		assert.Contains(t, p, "macosx_11_0_arm64")
		assert.Contains(t, p, "macosx_10_15_universal2")
		assert.NotContains(t, p, "macosx_11_3_arm64")
		assert.NotContains(t, p, "macosx_11_0_universal")
		assert.NotContains(t, p, "macosx_10_15_x86_64")
		p = macPlatforms(v[0], v[1], "x86_64")
		assert.Contains(t, p, "macosx_10_16_x86_64")
		assert.Contains(t, p, "macosx_10_4_x86_64")
		assert.NotContains(t, p, "macosx_10_3_x86_64")
	}

	// #10.
	p = macPlatforms(14, 0, "arm64")
	assert.Len(t, p, 21)
	assert.Equal(t, []string{"macosx_14_0_arm64", "macosx_14_0_universal2", "macosx_13_0_arm64"}, p[:3])

	assert.Equal(t, []string{"ios_13_1_a", "ios_13_0_a", "ios_12_9_a"}, iosPlatforms(13, 1, "a")[:3])
	assert.Len(t, iosPlatforms(13, 1, "a"), 12)
	assert.Equal(t, []string{"android_17_x86", "android_16_x86"}, androidPlatforms(17, "x86"))
}

// Spec 7.5 #11-#13: ranks for CPython 3.12 on glibc 2.28 x86_64.
func TestSpecRanks(t *testing.T) {
	s, err := Manylinux("3.12", 2, 28, "x86_64").Supported()
	require.NoError(t, err)
	rank := func(tag string) (int, bool) {
		ts, err := ParseTag(tag)
		require.NoError(t, err)
		return s.Rank(ts)
	}
	for tag, want := range map[string]int{
		"cp312-cp312-manylinux_2_5_x86_64": 26,
		"cp312-abi3-manylinux1_x86_64":     55,
		"cp39-abi3-manylinux_2_28_x86_64":  141,
		"py3-none-manylinux_2_28_x86_64":   393,
		"cp312-none-any":                   756,
		"py312-none-any":                   757,
		"py2.py3-none-any":                 758,
		"py30-none-any":                    770,
	} {
		r, ok := rank(tag)
		assert.True(t, ok, tag)
		assert.Equal(t, want, r, tag)
	}
	for _, tag := range []string{
		"cp312-cp312-manylinux_2_31_x86_64", "cp312-cp312t-manylinux_2_28_x86_64", "cp312-cp312-musllinux_1_1_x86_64",
		"cp313-cp313-manylinux_2_28_x86_64", "py313-none-any",
	} {
		r, ok := rank(tag)
		assert.False(t, ok, tag)
		assert.Equal(t, s.Len(), r, "an incompatible wheel ranks at Len")
	}
	// Upper-case wheel tags from a hand-made Tag still match.
	r, ok := s.Rank([]Tag{{"CP312", "None", "ANY"}})
	assert.True(t, ok)
	assert.Equal(t, 756, r)

	// #13: the first none-any tag, and the last tag.
	for _, tc := range []struct{ target, first, last string }{
		{"cp312-manylinux_2_28_x86_64", "cp312-none-any", "py30-none-any"},
		{"pp310-manylinux_2_28_x86_64", "pp3-none-any", "py30-none-any"},
	} {
		target, err := ParseTarget(tc.target)
		require.NoError(t, err)
		got := mustTags(t, target)
		for _, g := range got {
			if strings.HasSuffix(g, "-none-any") {
				assert.Equal(t, tc.first, g)
				break
			}
		}
		assert.Equal(t, tc.last, got[len(got)-1])
	}
}

func TestBest(t *testing.T) {
	s, err := Manylinux("3.12", 2, 28, "x86_64").Supported()
	require.NoError(t, err)
	tests := []struct {
		name  string
		files []string
		want  int // -1: none
	}{
		{"empty", nil, -1},
		{"none compatible", []string{"foo-1.0-cp312-cp312-win_amd64.whl", "not-a-wheel.tar.gz"}, -1},
		{"binary beats pure", []string{"foo-1.0-py3-none-any.whl", "foo-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"}, 1},
		{"newer glibc wins", []string{"foo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl", "foo-1.0-cp312-cp312-manylinux_2_28_x86_64.whl"}, 1},
		{"linux_ first in 26.3", []string{"foo-1.0-cp312-cp312-manylinux_2_28_x86_64.whl", "foo-1.0-cp312-cp312-linux_x86_64.whl"}, 1},
		{"own ABI beats abi3", []string{"foo-1.0-cp39-abi3-manylinux_2_28_x86_64.whl", "foo-1.0-cp312-cp312-manylinux_2_5_x86_64.whl"}, 1},
		{"build tag breaks a tie", []string{"foo-1.0-1-py3-none-any.whl", "foo-1.0-10-py3-none-any.whl", "foo-1.0-9-py3-none-any.whl"}, 1},
		{"build tag only breaks ties", []string{"foo-1.0-99-py3-none-any.whl", "foo-1.0-cp312-none-any.whl"}, 1},
		{"first of equals", []string{"foo-1.0-py3-none-any.whl", "bar-1.0-py3-none-any.whl"}, 0},
		{"bad names skipped", []string{"foo-1.0-x-py3-none-any.whl", "foo-1.0-py2.py3-none-any.whl"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, ok := s.BestFilename(tt.files)
			assert.Equal(t, tt.want, i)
			assert.Equal(t, tt.want >= 0, ok)
		})
	}
}

func TestNewSupported(t *testing.T) {
	s := NewSupported([]Tag{{"py3", "none", "any"}, {"py2", "none", "any"}, {"py3", "none", "any"}})
	assert.Equal(t, 3, s.Len())
	i, ok := s.Index(Tag{"py3", "none", "any"})
	assert.True(t, ok)
	assert.Equal(t, 0, i)
	_, ok = s.Index(Tag{"py4", "none", "any"})
	assert.False(t, ok)
	assert.Equal(t, Target{}, s.Target())
	// Tags returns a copy.
	s.Tags()[0] = Tag{}
	assert.Equal(t, Tag{"py3", "none", "any"}, s.Tags()[0])
}

// TestLimits: the largest target the caps allow stays bounded.
func TestLimits(t *testing.T) {
	target := Target{Python: "3.99", OS: OSLinux, Arch: "armv8l", Libc: Glibc(MaxLibcMajor, MaxLibcMinor)}
	ts, err := target.Tags()
	require.NoError(t, err)
	assert.Less(t, len(ts), 400_000)
	_, err = Target{Python: "3.12", OS: OSLinux, Arch: "x86_64", Libc: Glibc(MaxLibcMajor+1, 0)}.Supported()
	assert.ErrorIs(t, err, ErrInvalidTarget)
	_, err = Target{Python: "3.12", OS: OSAndroid, Arch: "x86_64", OSMajor: MaxAndroidAPI + 1}.Supported()
	assert.ErrorIs(t, err, ErrInvalidTarget)
	_, err = ParseTarget(strings.Repeat("a", 1000))
	assert.ErrorIs(t, err, ErrInvalidTarget)
}
