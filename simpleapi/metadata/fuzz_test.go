package metadata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzParse checks that Parse never panics, that every error matches
// ErrInvalidMetadata, and that the fields and body of a parsed file,
// written out again, parse to the same fields and body.
func FuzzParse(f *testing.F) {
	fixtures, _ := filepath.Glob("testdata/fixtures/*")
	for _, p := range fixtures {
		b, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(string(b))
	}
	f.Add(minimal + "Description: a\n  b\r\n\tc\r\rbody")
	f.Add(minimal + " \n\n")
	f.Add("From x\n" + minimal)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Parse(strings.NewReader(s))
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidMetadata)
			return
		}
		var b strings.Builder
		for _, fl := range m.Fields {
			b.WriteString(fl.Name + ": " + fl.Value + "\n")
		}
		b.WriteString("\n" + m.Body)
		again, err := Parse(strings.NewReader(b.String()))
		require.NoError(t, err, "%q", b.String())
		require.Equal(t, len(m.Fields), len(again.Fields))
		for i := range m.Fields {
			require.Equal(t, m.Fields[i].Name, again.Fields[i].Name)
			require.Equal(t, m.Fields[i].Value, again.Fields[i].Value)
		}
		require.Equal(t, m.Body, again.Body)
		require.Equal(t, m.RequiresDist, again.RequiresDist)
	})
}
