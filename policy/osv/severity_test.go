package osv_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy/osv"
)

// Expected scores computed by the Ruby cvss-suite 3.1.0 gem (Debian's
// ruby-cvss-suite), an implementation independent of this one.
var cvss3Tests = []struct {
	vector string
	score  float64
}{
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
	{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N", 5.4},
	{"CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:N/A:N", 4.4},
	{"CVSS:3.1/AV:A/AC:H/PR:H/UI:R/S:U/C:H/I:N/A:N", 4.0},
	{"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", 6.1},
	{"CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N", 5.6},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5},
	{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5},
	{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H", 7.4},
	{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.9},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0},
	{"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6},
	{"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4},
	{"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1},
	{"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 8.8},
	{"CVSS:3.1/AV:A/AC:L/PR:L/UI:R/S:C/C:L/I:N/A:N", 3.4},
	{"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
	{"CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C", 9.8},
	{"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:L", 2.6},
	{"CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:L", 5.0},
}

func TestCVSS3BaseScore(t *testing.T) {
	for _, tt := range cvss3Tests {
		got, err := osv.CVSS3BaseScore(tt.vector)
		require.NoError(t, err, tt.vector)
		assert.InDelta(t, tt.score, got, 1e-9, tt.vector)
	}
}

func TestCVSS3BaseScoreInvalid(t *testing.T) {
	for _, tt := range []struct{ vector, msg string }{
		{"", `invalid CVSS vector "": does not start with "CVSS:3.0/" or "CVSS:3.1/"`},
		{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", `does not start with`},
		{"AV:N/AC:L/Au:N/C:P/I:P/A:P", `does not start with`},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", `base metric A is missing`},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L", `metric "A" appears twice`},
		{"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", `base metric AV has value "X"`},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", `unknown metric "ZZ"`},
		{"CVSS:3.1/AV:N//AC:L", `metric "" is not NAME:VALUE`},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:", `metric "A:" is not NAME:VALUE`},
	} {
		_, err := osv.CVSS3BaseScore(tt.vector)
		require.ErrorIs(t, err, osv.ErrInvalidVector, tt.vector)
		assert.Contains(t, err.Error(), tt.msg)
	}
}

func TestLevel(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want osv.Level
	}{
		{"LOW", osv.LevelLow}, {"moderate", osv.LevelMedium}, {"Medium", osv.LevelMedium},
		{"HIGH", osv.LevelHigh}, {" critical ", osv.LevelCritical}, {"unknown", osv.LevelUnknown},
	} {
		got, err := osv.ParseLevel(tt.in)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got)
	}
	_, err := osv.ParseLevel("severe")
	assert.EqualError(t, err, `osv: unknown severity level "severe" (want low, medium, high or critical)`)
	assert.Equal(t, "critical", osv.LevelCritical.String())
	assert.Equal(t, "Level(9)", osv.Level(9).String())
	assert.Less(t, osv.LevelUnknown, osv.LevelLow)
	assert.Less(t, osv.LevelHigh, osv.LevelCritical)
}
