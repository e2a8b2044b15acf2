package lockfile

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden is what a golden file holds: the lock, or the error text.
type golden struct {
	Error string `json:"error,omitempty"`
	Lock  *Lock  `json:"lock,omitempty"`
}

// TestGolden reads every test file of the three formats and compares the
// result, model or error message, with testdata/golden/DIR/NAME.json.
// Regenerate with go test -run TestGolden -update.
func TestGolden(t *testing.T) {
	env := map[string]string{"INDEX_TOKEN": "s3cret", "EMPTY": "", "HOST": "pypi.internal.example"}
	dirs := []struct {
		dir    string
		format Format
		glob   string
	}{
		{"requirements", FormatRequirements, "*.txt"},
		{"pylock", FormatPylock, "*.toml"},
		{"pipfile", FormatPipfileLock, "*.lock"},
	}
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join("testdata", d.dir, d.glob))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		for _, f := range files {
			name := filepath.Base(f)
			t.Run(d.dir+"/"+name, func(t *testing.T) {
				lock, err := ReadFile(os.DirFS(filepath.Join("testdata", d.dir)), name, WithFormat(d.format), WithEnv(mapEnv(env)))
				var g golden
				if err != nil {
					require.Nil(t, lock, "an error comes without a lock")
					var e *Error
					require.ErrorAs(t, err, &e)
					g.Error = err.Error()
				} else {
					g.Lock = lock
				}
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				require.NoError(t, enc.Encode(g))
				got := buf.Bytes()
				path := filepath.Join("testdata", "golden", d.dir, strings.TrimSuffix(name, filepath.Ext(name))+".json")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, os.WriteFile(path, got, 0o644))
					return
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run go test -run TestGolden -update")
				assert.Equal(t, string(want), string(got))
			})
		}
	}
}

// TestPylockAgainstPackaging requires the reader to accept exactly the
// files pypa/packaging's Pylock.from_dict accepts (testdata/pylock_oracle.py).
func TestPylockAgainstPackaging(t *testing.T) {
	raw, err := os.ReadFile("testdata/pylock/packaging.json")
	require.NoError(t, err)
	var ans struct {
		Files map[string]string `json:"files"`
	}
	require.NoError(t, json.Unmarshal(raw, &ans))
	require.NotEmpty(t, ans.Files)
	for name, want := range ans.Files {
		t.Run(name, func(t *testing.T) {
			_, err := ReadFile(os.DirFS("testdata/pylock"), name, WithFormat(FormatPylock))
			if want == "ok" {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrInvalidLock, "packaging: %s", want)
			}
		})
	}
}
