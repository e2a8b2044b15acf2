package config

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, data string
		want       Format
	}{
		{"safeindex.toml", "", FormatSafeindex},
		{"ci/release.safeindex.toml", "", FormatSafeindex},
		{"uv.toml", "", FormatUV},
		{"Pipfile", "", FormatPipfile},
		{"/etc/pip.conf", "", FormatPipConf},
		{`C:\Users\me\pip\pip.ini`, "", FormatPipConf},
		{"requirements/dev.txt", "", FormatRequirements},
		{"requirements.in", "", FormatRequirements},
		{"pyproject.toml", "[tool.uv]\n[tool.poetry]\nname = 'x'\n", FormatUV},
		{"pyproject.toml", "[tool.uv]\n[[tool.poetry.source]]\nname = 'x'\nurl = 'https://x/'\n", FormatPoetry},
		{"pyproject.toml", "[tool.uv]\nindex-strategy = 'first-index'\n[tool.poetry]\n", FormatUV},
		{"pyproject.toml", "[tool.poetry.dependencies]\nx = '1'\n", FormatPoetry},
		// By content.
		{"config", "[[source]]\nname = 'a'\nurl = 'https://a/'\n", FormatSafeindex},
		{"config", "[[source]]\nname = 'a'\nurl = 'https://a/'\nverify_ssl = true\n", FormatPipfile},
		{"config", "[packages]\nx = '*'\n", FormatPipfile},
		{"config", "[tool.uv]\n", FormatUV},
		{"config", "index-strategy = 'first-index'\n", FormatUV},
		{"config", "# pip\n[global]\nindex-url = https://a/\n", FormatPipConf},
		{"config", "requests\n--extra-index-url https://a/\n", FormatRequirements},
		{"config", "-i https://a/\n", FormatRequirements},
	}
	for _, tt := range tests {
		f, err := DetectFormat(tt.name, []byte(tt.data))
		require.NoError(t, err, tt.name+": "+tt.data)
		assert.Equal(t, tt.want, f, tt.name+": "+tt.data)
	}
}

func TestDetectFormatErrors(t *testing.T) {
	_, err := DetectFormat("pyproject.toml", []byte("[tool.uv]\nindex-url = 'https://a/'\n[[tool.poetry.source]]\nname = 'x'\nurl = 'https://x/'\n"))
	require.ErrorIs(t, err, ErrAmbiguous)
	assert.Equal(t, "pyproject.toml: configures indexes for both uv ([tool.uv]) and Poetry ([[tool.poetry.source]]); choose one with WithFormat", err.Error())

	_, err = DetectFormat("pyproject.toml", []byte("[project]\nname = 'x'\n"))
	require.ErrorIs(t, err, ErrUnknownFormat)
	assert.Equal(t, "pyproject.toml: no [tool.uv] or [tool.poetry] section: nothing to import", err.Error())

	_, err = DetectFormat("pyproject.toml", []byte("[project\n"))
	require.ErrorIs(t, err, ErrSyntax)

	for _, data := range []string{"", "requests==1.0\n", "[other]\nx = 1\n", "\x00\xff"} {
		_, err = DetectFormat("settings", []byte(data))
		require.ErrorIs(t, err, ErrUnknownFormat, data)
	}
}

func TestWithFormat(t *testing.T) {
	doc := "[tool.uv]\nindex-url = 'https://uv.example/simple/'\n[[tool.poetry.source]]\nname = 'x'\nurl = 'https://poetry.example/simple/'\n"
	_, _, err := Load("pyproject.toml", []byte(doc))
	require.ErrorIs(t, err, ErrAmbiguous)

	pol, _, err := Load("pyproject.toml", []byte(doc), WithFormat(FormatUV))
	require.NoError(t, err)
	assert.Equal(t, "https://uv.example/simple/", pol.Sources[0].URL)

	pol, _, err = Load("pyproject.toml", []byte(doc), WithFormat(FormatPoetry))
	require.NoError(t, err)
	assert.Equal(t, "https://poetry.example/simple/", pol.Sources[0].URL)

	// A safeindex.toml under another name.
	pol, _, err = Load("policy.cfg", []byte(oneSource), WithFormat(FormatSafeindex))
	require.NoError(t, err)
	assert.Equal(t, "a", pol.Sources[0].Name)

	_, _, err = Load("x", nil, WithFormat("yaml"))
	require.ErrorIs(t, err, ErrUnknownFormat)
}

func TestLoadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"repo/safeindex.toml": {Data: []byte(oneSource)},
		"repo/big.toml":       {Data: []byte(strings.Repeat("#", 100))},
	}
	pol, _, err := LoadFile(fsys, "repo/safeindex.toml")
	require.NoError(t, err)
	assert.Equal(t, "a", pol.Sources[0].Name)

	_, _, err = LoadFile(fsys, "repo/missing.toml")
	require.ErrorIs(t, err, fs.ErrNotExist)

	_, _, err = LoadFile(fsys, "repo/big.toml", WithMaxSize(99))
	require.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, "repo/big.toml: larger than 99 bytes", err.Error())

	// Errors name the path given.
	_, _, err = LoadFile(fstest.MapFS{"a/safeindex.toml": {Data: []byte("x = 1\n")}}, "a/safeindex.toml")
	require.ErrorIs(t, err, ErrUnknownKey)
	assert.True(t, strings.HasPrefix(err.Error(), "a/safeindex.toml:1:1: x: unknown key"), err.Error())
}

func TestParseDuration(t *testing.T) {
	const day = 24 * 3600
	ok := []struct {
		in   string
		secs float64
	}{
		{"0", 0}, {"7d", 7 * day}, {"12h", 12 * 3600}, {"90m", 90 * 60}, {"1h30m", 5400}, {"3w", 21 * day},
		{"1d12h", 1.5 * day}, {"7 days", 7 * day}, {"1 week", 7 * day}, {"1 day 12 hours", 1.5 * day},
		{"24 Hours", day}, {"1.5d", 1.5 * day}, {"P7D", 7 * day}, {"p1w", 7 * day}, {"PT12H", 12 * 3600},
		{"P1DT12H", 1.5 * day}, {"PT1M30S", 90}, {"PT0.5S", 0.5}, {" 7d ", 7 * day}, {"500ms", 0.5},
	}
	for _, tt := range ok {
		d, err := ParseDuration(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.secs, d.Seconds(), tt.in)
	}
	bad := map[string]string{
		"":           "empty duration",
		"-7d":        "negative duration",
		"7":          "missing unit after 7 (use s, m, h, d or w)",
		"7 dayz":     `unknown unit "dayz" (use s, m, h, d or w)`,
		"d":          `want a number at "d"`,
		"P1M":        "years and months have no fixed length; use weeks or days",
		"P1Y":        "years and months have no fixed length; use weeks or days",
		"P":          "ISO 8601 duration without a value",
		"PT":         "ISO 8601 duration without a value",
		"P1DT":       "ISO 8601 duration ends with T",
		"P1H":        `bad ISO 8601 duration "P1H"`,
		"P1D2W":      `bad ISO 8601 duration "P1D2W": units out of order`,
		"P7":         `bad ISO 8601 duration "P7"`,
		"1.2.3d":     `bad number "1.2.3"`,
		"999999999w": "duration too long",
	}
	for in, want := range bad {
		_, err := ParseDuration(in)
		require.Error(t, err, in)
		assert.Equal(t, want, err.Error(), in)
	}
}
