package indextest_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// requirePip returns python3 when `python3 -m pip` works, and skips the
// test otherwise.
func requirePip(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: skipping the end-to-end test with pip")
	}
	if err := exec.Command(py, "-m", "pip", "--version").Run(); err != nil {
		t.Skip("python3 -m pip is not available: skipping the end-to-end test with pip")
	}
	return py
}

// pip runs python3 -m pip with args, offline but for the loopback
// index, and returns its combined output.
func pip(t *testing.T, py string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, append([]string{"-m", "pip"}, args...)...)
	cmd.Env = append(os.Environ(), "PIP_CONFIG_FILE="+os.DevNull, "PIP_NO_INPUT=1", "PIP_RETRIES=0", "PIP_TIMEOUT=20",
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1", "PYTHONDONTWRITEBYTECODE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func pipIndex() *indextest.Index {
	return indextest.NewIndex("internal",
		indextest.Project("Acme.Billing",
			indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("1.3.0", indextest.RequiresPython(">=3.8")),
			indextest.Release("1.4.0", indextest.Tampered()),
		),
	)
}

// TestPipDownload runs the real pip against a Server: pip reads the
// PEP 691 JSON page it negotiates, the PEP 658 metadata, and the wheel,
// checks its hash, and installs it; a tampered file is refused.
func TestPipDownload(t *testing.T) {
	py := requirePip(t)
	idx := pipIndex()
	srv := indextest.NewServer(idx)
	defer srv.Close()
	common := []string{"--no-cache-dir", "--disable-pip-version-check", "--no-deps", "--index-url", srv.IndexURL()}

	dest := t.TempDir()
	out, err := pip(t, py, append([]string{"download", "--dest", dest, "--only-binary", ":all:"}, append(common, "acme-billing==1.3.0")...)...)
	require.NoError(t, err, out)
	want := idx.File("acme_billing-1.3.0-py3-none-any.whl")
	got, err := os.ReadFile(filepath.Join(dest, want.Filename))
	require.NoError(t, err, out)
	assert.Equal(t, want.Content, got)
	assert.Positive(t, idx.Requests("acme-billing"))

	// --require-hashes, with the hash a lock would pin.
	reqs := filepath.Join(t.TempDir(), "requirements.txt")
	a := idx.File("acme_billing-1.2.0-py3-none-any.whl")
	require.NoError(t, os.WriteFile(reqs, []byte("acme-billing==1.2.0 --hash=sha256:"+a.SHA256+"\n"), 0o644))
	dest = t.TempDir()
	out, err = pip(t, py, append([]string{"download", "--require-hashes", "--only-binary", ":all:", "--dest", dest, "-r", reqs}, common...)...)
	require.NoError(t, err, out)
	assert.FileExists(t, filepath.Join(dest, a.Filename))

	// The wheel is valid: pip installs it.
	target := t.TempDir()
	out, err = pip(t, py, append([]string{"install", "--target", target, "--only-binary", ":all:"}, append(common, "acme-billing==1.2.0")...)...)
	require.NoError(t, err, out)
	init, err := os.ReadFile(filepath.Join(target, "acme_billing", "__init__.py"))
	require.NoError(t, err, out)
	assert.Contains(t, string(init), `__version__ = "1.2.0"`)
	assert.DirExists(t, filepath.Join(target, "acme_billing-1.2.0.dist-info"))

	// A file whose bytes do not match its listed hash is refused.
	out, err = pip(t, py, append([]string{"download", "--dest", t.TempDir()}, append(common, "acme-billing==1.4.0")...)...)
	require.Error(t, err, out)
	assert.Contains(t, out, "THESE PACKAGES DO NOT MATCH THE HASHES")
}

// TestPipStaticDir runs pip against a folder written by WriteDir, as a
// file:// index.
func TestPipStaticDir(t *testing.T) {
	py := requirePip(t)
	idx := pipIndex()
	dir := t.TempDir()
	require.NoError(t, idx.WriteDir(dir))
	dest := t.TempDir()
	out, err := pip(t, py, "download", "--no-cache-dir", "--disable-pip-version-check", "--no-deps", "--only-binary", ":all:",
		"--index-url", "file://"+filepath.ToSlash(dir)+"/", "--dest", dest, "acme.billing==1.3.0")
	require.NoError(t, err, out)
	assert.FileExists(t, filepath.Join(dest, "acme_billing-1.3.0-py3-none-any.whl"))
}
