package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
)

// End to end with the real pip (issue 6): the attack works against pip's
// --extra-index-url, and does not through the proxy. Everything runs on
// 127.0.0.1.

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

// pip runs python3 -m pip with args, with no configuration, cache or
// retries, and returns its combined output.
func pip(t *testing.T, py string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	args = append([]string{"-m", "pip"}, args...)
	args = append(args, "--no-cache-dir", "--disable-pip-version-check", "--no-deps")
	cmd := exec.CommandContext(ctx, py, args...)
	// The machine's PIP_* settings (a find-links folder, say) stay out.
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "PIP_") })
	cmd.Env = append(env, "PIP_CONFIG_FILE="+os.DevNull, "PIP_NO_INPUT=1", "PIP_RETRIES=0", "PIP_TIMEOUT=20",
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1", "PYTHONDONTWRITEBYTECODE=1", "PIP_BREAK_SYSTEM_PACKAGES=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// installed returns the versions of name installed into a --target
// folder, from the .dist-info folder names.
func installed(t *testing.T, target, name string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(target, name+"-*.dist-info"))
	require.NoError(t, err)
	var vs []string
	for _, d := range m {
		vs = append(vs, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(d), name+"-"), ".dist-info"))
	}
	return vs
}

func TestPipEndToEnd(t *testing.T) {
	py := requirePip(t)
	f := start(t, internalIndex(), publicIndex(), func(_ *policy.Policy, o *options) { o.FileCache = t.TempDir() })
	proxyIndex := f.proxy.URL + "/simple/"

	t.Run("the attack is real", func(t *testing.T) {
		target := t.TempDir()
		out, err := pip(t, py, "install", "--target", target, "--index-url", f.internal.IndexURL(), "--extra-index-url", f.pypi.IndexURL(), "acme-billing")
		require.NoError(t, err, out)
		assert.Equal(t, []string{"99.0.0"}, installed(t, target, "acme_billing"), "pip merges the indexes and takes the attacker's higher version")
	})

	t.Run("the proxy serves the internal package", func(t *testing.T) {
		target := t.TempDir()
		out, err := pip(t, py, "install", "--target", target, "--index-url", proxyIndex, "acme-billing")
		require.NoError(t, err, out)
		assert.Equal(t, []string{"1.2.0"}, installed(t, target, "acme_billing"), "the internal version; 1.3.0 is yanked, and pip saw the yank")
		out, err = pip(t, py, "install", "--target", t.TempDir(), "--index-url", proxyIndex, "acme-billing==99.0.0")
		require.Error(t, err, out)
		assert.Contains(t, out, "No matching distribution found for acme-billing==99.0.0")

		// A pinned yanked version is still installable, as PEP 592 says.
		target = t.TempDir()
		out, err = pip(t, py, "install", "--target", target, "--index-url", proxyIndex, "acme-billing==1.3.0")
		require.NoError(t, err, out)
		assert.Contains(t, out, "broken build", "pip reports the yank reason")
		assert.Equal(t, []string{"1.3.0"}, installed(t, target, "acme_billing"))

		// Public names come through, with their PEP 658 metadata.
		dest := t.TempDir()
		out, err = pip(t, py, "download", "--dest", dest, "--index-url", proxyIndex, "six")
		require.NoError(t, err, out)
		assert.FileExists(t, filepath.Join(dest, "six-1.16.0-py3-none-any.whl"))
	})

	t.Run("a tampered file fails", func(t *testing.T) {
		dest := t.TempDir()
		out, err := pip(t, py, "download", "--dest", dest, "--index-url", proxyIndex, "acme-tampered")
		require.Error(t, err, out)
		entries, _ := os.ReadDir(dest)
		assert.Empty(t, entries, "nothing was saved")
		assert.Contains(t, f.logs.String(), "file does not match its index's hash: download aborted")
	})
}

// TestPipDebianWheels serves the real wheels Debian's python3-pip ships,
// from a folder index (file://) and, tampered, from a web server, and
// downloads them with pip through the proxy: a file of more than a chunk
// is streamed, and its tampered copy is cut before the end.
func TestPipDebianWheels(t *testing.T) {
	py := requirePip(t)
	wheels, _ := filepath.Glob("/usr/share/python-wheels/setuptools-*-py3-none-any.whl")
	if len(wheels) == 0 {
		t.Skip("no setuptools wheel in /usr/share/python-wheels (Debian's python3-pip): skipping")
	}
	wheel := wheels[0]
	filename := filepath.Base(wheel)
	content, err := os.ReadFile(wheel)
	require.NoError(t, err)
	sum := sha256.Sum256(content)
	digest := hex.EncodeToString(sum[:])

	// A folder index with the real wheel, and a web index with a copy
	// whose middle byte is changed.
	good := t.TempDir()
	writeProject(t, good, "setuptools", filename, content, digest)
	bad := t.TempDir()
	tampered := bytes.Clone(content)
	tampered[len(tampered)/2] ^= 0xff
	writeProject(t, bad, "setuptools", filename, tampered, digest)
	web := httptest.NewServer(http.StripPrefix("/simple/", http.FileServer(http.Dir(bad))))
	defer web.Close()

	for _, c := range []struct {
		name string
		src  policy.Source
		ok   bool
	}{
		{"folder index", policy.Source{Name: "debian", URL: "file://" + good + "/"}, true},
		{"tampered copy", policy.Source{Name: "mirror", URL: web.URL + "/simple/"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs := &syncBuffer{}
			srv, err := newServer(options{Policy: &policy.Policy{Sources: []policy.Source{c.src}}, Client: testClient(t), Logger: newTestLogger(logs)})
			require.NoError(t, err)
			proxy := httptest.NewServer(srv)
			defer proxy.Close()
			dest := t.TempDir()
			out, err := pip(t, py, "download", "--dest", dest, "--index-url", proxy.URL+"/simple/", "setuptools")
			if c.ok {
				require.NoError(t, err, out)
				got, err := os.ReadFile(filepath.Join(dest, filename))
				require.NoError(t, err)
				assert.Equal(t, content, got)
				return
			}
			require.Error(t, err, out)
			t.Logf("pip says:\n%s", out)
			assert.NoFileExists(t, filepath.Join(dest, filename))
			assert.Contains(t, logs.String(), "file does not match its index's hash: download aborted")
			assert.Regexp(t, `path=/files/mirror/setuptools/setuptools-[^ ]+\.whl status=200 bytes=[1-9]\d*`, logs.String(), "bytes were streamed before the check failed")
		})
	}
}

// writeProject writes a one-file project page in the static layout.
func writeProject(t *testing.T, dir, name, filename string, content []byte, digest string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, name), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name, filename), content, 0o644))
	page := fmt.Sprintf("<!DOCTYPE html>\n<html><body>\n<a href=\"%s#sha256=%s\">%s</a>\n</body></html>\n", filename, digest, filename)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name, "index.html"), []byte(page), 0o644))
}
