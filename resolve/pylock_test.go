package resolve

import (
	"bytes"
	"context"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/lockfile"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestWritePylock compares with testdata/pylock.golden.toml, which was
// checked with pypa/packaging's validator when it was made:
//
//	PYTHONPATH=/tmp/packaging/src python3 -c 'import tomllib, packaging.pylock as p; p.Pylock.from_dict(tomllib.load(open("testdata/pylock.golden.toml","rb")))'
//
// and reads it back with our own reader.
func TestWritePylock(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("internal", "acme-billing", mkPage("pkgs.acme.example",
		file{name: "acme_billing-1.3.0.tar.gz"},
		file{name: "acme_billing-1.3.0-py3-none-any.whl"},
		file{name: "acme_billing-1.3.0-cp312-cp312-manylinux_2_17_x86_64.whl"}))
	idx.Add("pypi", "six", mkPage("files.pythonhosted.org", file{name: "six-1.16.0-py2.py3-none-any.whl"}))
	p := twoIndexPolicy(policy.FirstIndex)
	p.Sources[0].URL = "https://ci:token@pkgs.acme.example/simple/"
	r := resolver(p, idx)
	six, err := ParseRequirement(`six==1.16.0; python_version >= "3"`)
	require.NoError(t, err)
	res, err := r.Resolve(context.Background(), []Requirement{six, req("acme-billing", "==1.3.0")})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WritePylock(&buf, res, p.Sources, PylockOptions{RequiresPython: ">=3.9"}))
	assert.NotContains(t, buf.String(), "token")
	if *update {
		require.NoError(t, os.WriteFile("testdata/pylock.golden.toml", buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile("testdata/pylock.golden.toml")
	require.NoError(t, err)
	assert.Equal(t, string(want), buf.String())

	lock, err := lockfile.Read("pylock.toml", bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.Len(t, lock.Packages, 2)
	assert.Equal(t, "acme-billing", lock.Packages[0].Name)
	assert.Len(t, lock.Packages[0].Files, 3)
	back, err := FromLock(lock)
	require.NoError(t, err)
	assert.Equal(t, "acme-billing==1.3.0", back[0].String())
	assert.Len(t, back[0].Hashes, 3)
}
