package license

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzParse checks that Parse never panics, that its errors match
// ErrInvalidExpression, and that a parsed expression prints to text that
// parses to the same expression (parse, format, parse again).
func FuzzParse(f *testing.F) {
	if fh, err := os.Open("testdata/vectors.jsonl"); err == nil {
		sc := bufio.NewScanner(fh)
		for i := 0; sc.Scan() && i < 200; i++ {
			var v struct{ Expr string }
			if json.Unmarshal(sc.Bytes(), &v) == nil {
				f.Add(v.Expr)
			}
		}
		fh.Close()
	}
	f.Add("DocumentRef-a:LicenseRef-b WITH DocumentRef-c:AdditionRef-d")
	f.Add("((((MIT))))")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidExpression)
			return
		}
		again, err := Parse(e.String())
		require.NoError(t, err, "%q printed as %q", s, e.String())
		require.Equal(t, e, again)
		(&Policy{Allow: []string{"MIT"}, Deny: []string{"GPL-3.0-only"}}).Evaluate(e)
	})
}
