package typosquat

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzCheck checks that Check never panics and finds exactly what a scan
// of the list with every rule finds (against a small list, so that each
// input is checked quickly).
func FuzzCheck(f *testing.F) {
	popular, err := DefaultPopular()
	require.NoError(f, err)
	c := newChecker(f, WithPopular(popular[:2000]), WithProtected("acme-billing-service", "acme-auth"),
		WithInternalPatterns("acme-*"))
	sc := newScanner(c)
	for _, s := range []string{"reqeusts", "request", "djang0", "python-dateutil", "pythondateutil",
		"pyrequests", "beautifulsuop4x", "acme-auht", "", "-", "a", "Ab.C_d", "rnrnrn", "vvvv",
		"py", "python", "py-py", "python3-python3", strings.Repeat("a", MaxDistanceLen+1), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		compareWithScan(t, c, sc, name)
		for _, m := range c.Check(name) {
			require.True(t, c.Known(m.Target))
			require.False(t, c.Known(m.Name))
		}
		c.LooksInternal(name)
	})
}

// FuzzParseList checks that ParseList never panics and that what it
// returns parses again to the same list.
func FuzzParseList(f *testing.F) {
	f.Add("# x\nrequests\n\n Django \n")
	f.Add("a\nb c\n")
	f.Add("\r\n\r\nfoo\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		names, err := ParseList(strings.NewReader(s), "fuzz")
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidList)
			return
		}
		again, err := ParseList(strings.NewReader(strings.Join(names, "\n")), "again")
		require.NoError(t, err)
		require.Equal(t, len(names), len(again))
	})
}
