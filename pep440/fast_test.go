package pep440

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseSlow parses with the general parser only.
func parseSlow(s string) (Version, error) {
	var p parser
	return p.parse(s)
}

// fastVersion is parseFast's answer as a Version.
func fastVersion(s string) (Version, bool) {
	d, n, pub, rel, pfx, flags, ok := parseFast(s)
	return Version{d: d, n: n, pub: pub, rel: rel, pfx: pfx, flags: flags}, ok
}

// checkFast checks that parseFast gives what the general parser gives,
// and that it declines only inputs outside its range or invalid ones.
func checkFast(t *testing.T, s string) {
	t.Helper()
	want, err := parseSlow(s)
	got, ok := fastVersion(s)
	if !ok {
		trimmed := trimPySpace(s)
		inRange := trimmed != "" && len(trimmed) <= fastMax && trimmed[0] < 0x80 && trimmed[len(trimmed)-1] < 0x80
		if err == nil && inRange {
			t.Fatalf("parseFast(%q) declined a valid version in its range", s)
		}
		return
	}
	if err != nil {
		t.Fatalf("parseFast(%q) accepted an input the general parser rejects: %v", s, err)
	}
	if got != want {
		t.Fatalf("parseFast(%q) = %#v, general parser %#v", s, got, want)
	}
}

func TestParseFastAgrees(t *testing.T) {
	c := loadCorpus(t)
	fast := 0
	for _, set := range [][]string{c.valid, c.invalid, c.canonical} {
		for _, s := range set {
			checkFast(t, s)
			if _, ok := fastVersion(s); ok {
				fast++
			}
		}
	}
	for _, group := range precedence {
		for _, s := range group {
			checkFast(t, s)
		}
	}
	for _, s := range []string{
		"1", "0", "00", "v1", "V1.0", "1!0", "0!1", "00!1", "1!", "1.", "1..0", "1.0-",
		"12345678", "123456789", "012345678", "00000000", "000000000", "1.00000000.0",
		"9999999999999999999", "10000000000000000000", "18446744073709551615", "18446744073709551616",
		"1.0a", "1.0A", "1.0alpha", "1.0alph", "1.0ALPHA1", "1.0b", "1.0beta", "1.0bet", "1.0c", "1.0rc",
		"1.0r", "1.0pre", "1.0preview", "1.0previe", "1.0-pre.1", "1.0_c_1", "1.0rc.", "1.0a.post1",
		"1.0-1", "1.0-", "1.0-r", "1.0rev", "1.0post", "1.0.post.1", "1.0-post-1", "1.0r1dev",
		"1.0dev", "1.0.dev", "1.0-dev-1", "1.0de", "1.0.DEV9", "1.0.post1.dev1", "1.0a1.post1.dev1",
		"1.0+a", "1.0+A.B-1_c", "1.0+001", "1.0+a..b", "1.0+a.", "1.0+", "1.0++a", "1.0+a+b",
		"1.0+abc.123456789.0000000000000000000001", "1.0 ", " 1.0", "1.0\u00a0", "1.0\x00",
		"1.0aa", "1.0ab", "1.0alpha.beta", "1!2.3a4.post5.dev6+7.eight",
		"1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22", // 57 bytes: beyond the fast path
	} {
		checkFast(t, s)
	}
	// The longest canonical form and key a fast-path input can have: the
	// bounds argument at fastBuf, which the masks with outMask rely on
	// (a mask that wrapped would corrupt the Version silently).
	for _, tt := range []struct {
		in     string
		cp, kp int
	}{
		{strings.Repeat("1.", fastMax/2-3) + "1crdev", 65, 87},    // every marker adds to the canonical form
		{"1+" + strings.Repeat("a.", fastMax/2-2) + "aa", 56, 92}, // three key bytes per two input bytes
		{"1+" + strings.Repeat("1.", fastMax/2-2) + "1c", 56, 92},
	} {
		require.Len(t, tt.in, fastMax)
		v, ok := fastVersion(tt.in)
		require.True(t, ok, tt.in)
		cp, kp := int(v.n), len(v.d)-int(v.n)
		assert.Equal(t, tt.cp, cp, "canonical length of %q", tt.in)
		assert.Equal(t, tt.kp, kp, "key length of %q", tt.in)
		assert.Less(t, cp+8, outMask, "8-byte stores into the canonical form stay below outMask")
		assert.Less(t, kp+9, outMask, "8-byte stores into the key stay below outMask")
		checkFast(t, tt.in)
	}
	// At the fast path's limit, more inputs with long keys and canonical
	// forms.
	for _, s := range []string{
		strings.Repeat("1.", fastMax/2-1) + "1",
		"1+" + strings.Repeat("a.", fastMax/2-2) + "a",
		"1+" + strings.Repeat("1.", fastMax/2-2) + "1",
		strings.Repeat("1.", fastMax/2-5) + "1c.r.dev",
		strings.Repeat("9", fastMax),
		"1." + strings.Repeat("0", fastMax-3) + "1",
		strings.Repeat("1.", fastMax/2) + "1", // one byte over
	} {
		require.LessOrEqual(t, len(s), fastMax+1)
		checkFast(t, s)
		_, ok := fastVersion(s)
		assert.Equal(t, len(s) <= fastMax, ok, "%q (%d bytes)", s, len(s))
	}
	assert.Greater(t, fast, 20000, "the fast path takes most of the corpus")
}

func TestDigitRun(t *testing.T) {
	for _, s := range []string{"", "0", "7", "10", "09", "1234567", "12345678", "/", ":", "1/", "1:", "12a", "9\xff", "0\x00"} {
		var b [8]byte
		copy(b[:], s)
		want := 0
		for want < len(s) && isDigit(s[want]) {
			want++
		}
		assert.Equal(t, want, digitRun(binary.LittleEndian.Uint64(b[:])), "digitRun(%q)", s)
	}
}

// TestAlnumRun checks alnumRun against byte-at-a-time counting, for
// every byte value at every position of a word of letters and digits,
// and for mixed words.
func TestAlnumRun(t *testing.T) {
	check := func(b [8]byte) {
		t.Helper()
		run, digits := 0, 0
		for run < 8 && isAlnum(b[run]) {
			run++
		}
		for digits < 8 && isDigit(b[digits]) {
			digits++
		}
		var lower [8]byte
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
		gotRun, gotDigits, gotLower := alnumRun(binary.LittleEndian.Uint64(b[:]))
		assert.Equal(t, run, gotRun, "run of %q", b)
		assert.Equal(t, digits, gotDigits, "digits of %q", b)
		assert.Equal(t, binary.LittleEndian.Uint64(lower[:]), gotLower, "lower case of %q", b)
	}
	for pos := range 8 {
		for c := range 256 {
			for _, fill := range []byte{'a', 'Z', '5'} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				check(b)
			}
		}
	}
	for _, s := range []string{"abc1.2xy", "Zz09aA\x00\x00", "12345678", "1a2b3c4d", "\xff1234567", "@[`{/:AZ"} {
		var b [8]byte
		copy(b[:], s)
		check(b)
	}
}

func TestSepAt(t *testing.T) {
	var in fastIn
	for c := range 256 {
		in[3] = byte(c)
		want := 0
		if c == '.' || c == '-' || c == '_' {
			want = 1
		}
		assert.Equal(t, want, sepAt(&in, 3), "sepAt(%q)", byte(c))
	}
}

// FuzzParseFast checks that the fast path and the general parser agree.
func FuzzParseFast(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(checkFast)
}
