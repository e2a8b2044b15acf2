package pep440

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// precedence lists versions in strictly increasing PEP 440 order, so that
// every pair gives an ordering test. Entries on one line with "=" between
// them are equal. The list follows packaging's own ordering tests and the
// rules of shared/spec/versions.md section 1.6.
var precedence = [][]string{
	{"0"},
	{"0.1.dev0"},
	{"1.0.dev456"},
	{"1.0.dev456+local"},           // a local version sorts above its public one ...
	{"1.0a0", "1.0alpha", "1.0-a"}, // ... but below the next public version
	{"1.0a0.post0.dev0"},
	{"1.0a0.post0"},
	{"1.0a1.dev1"},
	{"1.0a1"},
	{"1.0a1+local"},
	{"1.0b2.post345.dev456"},
	{"1.0b2.post345"},
	{"1.0b2-346", "1.0b2.post346"},
	{"1.0rc1.dev1"},
	{"1.0c1", "1.0rc1", "1.0pre1", "1.0preview1"}, // c, pre and preview are rc
	{"1.0rc2"},
	{"1.0", "1", "1.0.0", "v1.0.0.0", "0!1.0"}, // trailing zeros and epoch 0 do not count
	{"1.0+a"},
	{"1.0+abc", "1.0+ABC"},
	{"1.0+abcdef"},
	{"1.0+def"},
	{"1.0+0", "1.0+00"}, // any letters label sorts before any number label
	{"1.0+1", "1.0+01"},
	{"1.0+1.abc"},
	{"1.0+1.1", "1.0+1-1", "1.0+1_1"},
	{"1.0+1.1.0"}, // no zero padding in local segments
	{"1.0+2"},
	{"1.0+123"},
	{"1.0.post0.dev0"},
	{"1.0.post0", "1.0-0", "1.0r", "1.0rev0", "1.0post"},
	{"1.0.post456"},
	{"1.0.1.dev1"},
	{"1.0.1a1"},
	{"1.0.1"},
	{"1.0.1.post1"},
	{"1.1.dev1"},
	{"1.2.r32", "1.2.post32"},
	{"1.10"},                   // numbers, not strings: 1.10 > 1.2
	{"18446744073709551615"},   // the largest uint64
	{"18446744073709551616"},   // one more: compared as digits
	{"99999999999999999999.1"}, //
	{"1!0.dev0"},               // any epoch 1 version is above every epoch 0 one
	{"1!1.0"},
	{"2!0"},
}

func TestCompareTable(t *testing.T) {
	var flat []Version
	for i, group := range precedence {
		var first Version
		for j, s := range group {
			v, err := Parse(s)
			require.NoError(t, err, s)
			if j == 0 {
				first = v
				flat = append(flat, v)
				continue
			}
			assert.Equal(t, 0, Compare(first, v), "%s == %s", group[0], s)
			assert.True(t, first.Equal(v))
		}
		for _, prev := range precedence[:i] {
			p := MustParse(prev[0])
			assert.Equal(t, -1, Compare(p, first), "%s < %s", prev[0], group[0])
			assert.Equal(t, 1, first.Compare(p), "%s > %s", group[0], prev[0])
		}
	}
	// Sorting a shuffled copy restores the table's order.
	shuffled := slices.Clone(flat)
	slices.Reverse(shuffled)
	slices.SortFunc(shuffled, Compare)
	assert.Equal(t, flat, shuffled)
}

func TestParseNormalizes(t *testing.T) {
	tests := []struct{ in, want string }{
		// Dev spellings.
		{"1.0dev", "1.0.dev0"},
		{"1.0-DEV1", "1.0.dev1"},
		{"1.0.dev", "1.0.dev0"},
		{"1.0_dev_2", "1.0.dev2"},
		// Pre-release spellings.
		{"1.0.alpha1", "1.0a1"},
		{"1.0-b", "1.0b0"},
		{"1.0C", "1.0rc0"},
		{"1.0c056", "1.0rc56"},
		{"1.0-pre2", "1.0rc2"},
		{"1.0preview", "1.0rc0"},
		{"1.0rc", "1.0rc0"},
		// Post-release spellings.
		{"1.0post", "1.0.post0"},
		{"1.0-5", "1.0.post5"},
		{"1.0-rev5", "1.0.post5"},
		{"1.0r", "1.0.post0"},
		{"1.0.r1", "1.0.post1"},
		// Integers and epochs.
		{"1.01", "1.1"},
		{"1.1.dev09000", "1.1.dev9000"},
		{"00!1.2", "1.2"},
		{"0100!0.0", "100!0.0"},
		{"1.100000000000000000000000000000", "1.100000000000000000000000000000"},
		{"1.000000000000000000000000000000001", "1.1"},
		// Case, v, whitespace, local.
		{"1.0+AbC", "1.0+abc"},
		{"   v1.0\t\n", "1.0"},
		{"V1.0", "1.0"},
		{"\u00a01.0\u2029", "1.0"}, // Python strips Unicode whitespace too
		{"\x1c1.0\x1f", "1.0"},     // and the ASCII information separators
		{"1.0+ubuntu-1", "1.0+ubuntu.1"},
		{"1.0+00", "1.0+0"},
		{"1.0+foo0100", "1.0+foo0100"},
		// Separator combinations.
		{"1.0a.1", "1.0a1"},
		{"1.0.1-alpha.1", "1.0.1a1"},
		{"1.0-1.dev1", "1.0.post1.dev1"},
		{"1.0a1-1", "1.0a1.post1"},
		{"1.0.postdev", "1.0.post0.dev0"},
		{"1.0a.", "1.0a0"}, // the separator after a marker is taken even with no number
		{"1.0.post-dev", "1.0.post0.dev0"},
	}
	for _, tt := range tests {
		v, err := Parse(tt.in)
		if assert.NoError(t, err, "%q", tt.in) {
			assert.Equal(t, tt.want, v.String(), "Parse(%q)", tt.in)
			again, err := Parse(v.String())
			require.NoError(t, err)
			assert.Equal(t, v, again, "canonical form of %q parses to the same value", tt.in)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	// Error texts are part of the interface users see: pinned here.
	tests := []struct{ in, want string }{
		{"", `invalid version "": empty string at offset 0`},
		{" ", `invalid version " ": only whitespace at offset 0`},
		{"french toast", `invalid version "french toast": expected a release number at offset 0`},
		{"1. 0", `invalid version "1. 0": unexpected ". 0" (segments must come in the order epoch!release, pre, post, dev, +local) at offset 1`},
		{"1.0 a1", `invalid version "1.0 a1": whitespace inside the version at offset 3`},
		{"1..0", `invalid version "1..0": two separators in a row at offset 1`},
		{"1.0.", `invalid version "1.0.": trailing '.' at offset 3`},
		{".1.0", `invalid version ".1.0": expected a release number at offset 0`},
		{"vv1.0", `invalid version "vv1.0": expected a release number at offset 1`},
		{"1_0", `invalid version "1_0": unexpected "_0" (segments must come in the order epoch!release, pre, post, dev, +local) at offset 1`},
		{"\u0661.0", `invalid version "١.0": expected a release number at offset 0`},
		{"1.\u0660", `invalid version "1.٠": non-ASCII character '٠' at offset 2`},
		{"1.0-", `invalid version "1.0-": trailing '-' at offset 3`},
		{"1.0_1", `invalid version "1.0_1": unexpected "_1" (segments must come in the order epoch!release, pre, post, dev, +local) at offset 3`},
		{"1.0.dev1.post1", `invalid version "1.0.dev1.post1": unexpected ".post1" (segments must come in the order epoch!release, pre, post, dev, +local) at offset 8`},
		{"1.0a1b1", `invalid version "1.0a1b1": unexpected "b1" (segments must come in the order epoch!release, pre, post, dev, +local) at offset 5`},
		{"1.0+a+", `invalid version "1.0+a+": a second local version segment at offset 5`},
		{"1.0+_foobar", `invalid version "1.0+_foobar": expected a local version label of ASCII letters and digits at offset 4`},
		{"1.0+", `invalid version "1.0+": expected a local version label of ASCII letters and digits at offset 4`},
		{"1.0+a..b", `invalid version "1.0+a..b": two separators in a row at offset 5`},
		{"1.0+\u0130", `invalid version "1.0+İ": expected a local version label of ASCII letters and digits at offset 4`},
		{"1!", `invalid version "1!": expected a release number after the epoch at offset 2`},
		{strings.Repeat("1", 4301), `invalid version "` + strings.Repeat("1", 120) + `"... (4301 bytes): number has more than 4300 digits at offset 4301`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		require.Error(t, err, "%q", tt.in)
		assert.ErrorIs(t, err, ErrInvalidVersion)
		var ve *VersionError
		require.True(t, errors.As(err, &ve))
		assert.Equal(t, tt.in, ve.Version)
		assert.Equal(t, tt.want, err.Error())
	}
}

func TestAccessors(t *testing.T) {
	v := MustParse("1!2.0.3rc4.post5.dev6+Ubuntu-7")
	assert.Equal(t, Number("1"), v.Epoch())
	assert.Equal(t, []Number{"2", "0", "3"}, v.Release())
	assert.Equal(t, Number("2"), v.Major())
	assert.Equal(t, Number("0"), v.Minor())
	assert.Equal(t, Number("3"), v.Micro())
	kind, n, ok := v.Pre()
	assert.True(t, ok)
	assert.Equal(t, PreRC, kind)
	assert.Equal(t, Number("4"), n)
	post, ok := v.Post()
	assert.True(t, ok)
	assert.Equal(t, Number("5"), post)
	dev, ok := v.Dev()
	assert.True(t, ok)
	assert.Equal(t, Number("6"), dev)
	assert.Equal(t, "ubuntu.7", v.Local())
	assert.Equal(t, "1!2.0.3rc4.post5.dev6", v.Public().String())
	assert.Equal(t, "1!2.0.3", v.BaseVersion().String())
	assert.True(t, v.IsPrerelease())
	assert.True(t, v.IsPostrelease())
	assert.True(t, v.IsDevrelease())
	assert.True(t, v.IsLocal())

	plain := MustParse("3")
	assert.Equal(t, Number("0"), plain.Minor())
	assert.Equal(t, Number("0"), plain.Micro())
	_, _, ok = plain.Pre()
	assert.False(t, ok)
	_, ok = plain.Post()
	assert.False(t, ok)
	_, ok = plain.Dev()
	assert.False(t, ok)

	// Classification, from packaging's tests.
	for _, s := range []string{"1.0.post1.dev1", "1.0c1.post1", "1.0.dev0", "1.0a1"} {
		assert.True(t, MustParse(s).IsPrerelease(), s)
	}
	for _, s := range []string{"1.0+dev", "1.0.post1", "1.0"} {
		assert.False(t, MustParse(s).IsPrerelease(), s)
	}

	big := MustParse("1.100000000000000000000000000000")
	u, ok := big.Minor().Uint64()
	assert.False(t, ok)
	assert.Zero(t, u)
	u, ok = big.Major().Uint64()
	assert.True(t, ok)
	assert.Equal(t, uint64(1), u)
	assert.Equal(t, 1, big.Minor().Compare("99999999999999999999"))
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.4.0.0.00.000.0000", "1.4"},
		{"1.40.0", "1.40"},
		{"1.0+abc", "1+abc"},
		{"1.0.dev0", "1.dev0"},
		{"1.0rc0", "1rc0"},
		{"100!0.0", "100!0"},
		{"0.0", "0"},
		{"1.10", "1.10"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, MustParse(tt.in).Canonical(), tt.in)
	}
}

func TestZeroValue(t *testing.T) {
	var v Version
	assert.Equal(t, "0", v.String())
	assert.Equal(t, 0, Compare(v, MustParse("0.0")))
	assert.Equal(t, -1, Compare(v, MustParse("0.1.dev0")))
	assert.False(t, v.IsPrerelease())
	assert.Equal(t, []Number{"0"}, v.Release())
	assert.Equal(t, "0", v.Canonical())
}

func TestTextMarshaling(t *testing.T) {
	var got struct{ V Version }
	require.NoError(t, json.Unmarshal([]byte(`{"V":"1.0-Alpha-1"}`), &got))
	assert.Equal(t, "1.0a1", got.V.String())
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"V":"1.0a1"}`, string(b))
	err = json.Unmarshal([]byte(`{"V":"nope"}`), &got)
	assert.ErrorIs(t, err, ErrInvalidVersion)
}

func TestMustParsePanics(t *testing.T) {
	assert.Panics(t, func() { MustParse("x") })
	assert.Panics(t, func() { MustParseSpecifierSet("x") })
}
