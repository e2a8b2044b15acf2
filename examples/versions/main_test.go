package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run([]string{"-spec", ">=1.0,<2", "1.0", "2.0rc1", "1.5.post1", "1.5a1", "0.9", "banana"}, nil, &out, &errOut)
	require.NoError(t, err, "invalid inputs are reported, not a failure")
	assert.Equal(t, `- 0.9
+ 1.0
- 1.5a1  (pre-release)
+ 1.5.post1
- 2.0rc1  (pre-release)
2 of 5 valid versions satisfy "<2,>=1.0"
invalid: invalid version "banana": expected a release number at offset 0
`, out.String())
}

func TestRunStdin(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("# a comment 9.9\n2.0\n\n1.0 1.1a1\n\t1.0.0  \n")
	require.NoError(t, run([]string{"-spec", "~=1.0", "-pre", "allow"}, in, &out, &out))
	assert.Equal(t, "+ 1.0\n+ 1.0.0\n+ 1.1a1  (pre-release)\n- 2.0\n3 of 4 valid versions satisfy \"~=1.0\"\n", out.String())
}

func TestRunBadSpecifier(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-spec", "=>1.0", "1.0"}, nil, &out, &out)
	require.Error(t, err)
	assert.True(t, errors.Is(err, errUsage))
	assert.Contains(t, err.Error(), `invalid specifier "=>1.0"`)
	err = run([]string{"-pre", "sometimes"}, strings.NewReader(""), &out, &out)
	assert.ErrorIs(t, err, errUsage)
}

// TestRunStdinOneLongLine: thousands of versions on one line are read, as
// the help invites, past bufio.Scanner's default 64 KiB line.
func TestRunStdinOneLongLine(t *testing.T) {
	var out bytes.Buffer
	line := strings.Repeat("1.0.0 ", 20000)
	require.NoError(t, run(nil, strings.NewReader(line), &out, &out))
	assert.Equal(t, 20000, strings.Count(out.String(), "+ 1.0.0\n"))
}
