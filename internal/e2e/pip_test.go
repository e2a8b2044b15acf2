package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// pipTimeout bounds every pip run; a loopback install takes a second or two.
const pipTimeout = 2 * time.Minute

// requirePip returns the path of python3 when `python3 -m pip` works, and
// skips the test otherwise.
func requirePip(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("skipping: python3 is not on PATH, and this test runs the real pip (python3 -m pip)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), pipTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-m", "pip", "--version")
	cmd.Env = pipEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("skipping: python3 -m pip is not available (%v: %s)", err, bytes.TrimSpace(out))
	}
	return py
}

// pipEnv is the environment pip runs in: the test's, without any PIP_*
// setting or proxy, and with no configuration file. HOME is kept, as
// version managers' python3 shims need it; pip's use of it (the cache,
// the user site, the per-user config) is off.
func pipEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch up := strings.ToUpper(k); {
		case strings.HasPrefix(up, "PIP_"), strings.HasSuffix(up, "_PROXY"),
			up == "PYTHONPATH", up == "PYTHONUSERBASE":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"PIP_CONFIG_FILE="+os.DevNull,
		"PIP_INDEX_URL=", "PIP_EXTRA_INDEX_URL=", "PIP_FIND_LINKS=",
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1",
		"PYTHONDONTWRITEBYTECODE=1", "PYTHONNOUSERSITE=1",
	)
}

// pip runs `python3 -m pip CMD` with args after the options every run
// takes, and returns its combined output.
func pip(t *testing.T, py, cmd string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), pipTimeout)
	defer cancel()
	all := append([]string{"-m", "pip", cmd, "--no-cache-dir", "--disable-pip-version-check", "--no-input",
		"--retries", "0", "--timeout", "20"}, args...)
	c := exec.CommandContext(ctx, py, all...)
	c.Env = pipEnv()
	c.Dir = t.TempDir()
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	err := c.Run()
	if ctx.Err() != nil {
		t.Fatalf("pip %s did not finish within %v:\n%s", cmd, pipTimeout, out.String())
	}
	t.Logf("pip %s %s:\n%s", cmd, strings.Join(args, " "), out.String())
	return out.String(), err
}

// attacked returns an internal index with acme-billing 1.2.0 and 1.3.0,
// and a public one where an attacker published acme-billing 99.0.0, next
// to an honest public project.
func attacked(internalOpts ...indextest.Option) (internal, public *indextest.Index) {
	internal = indextest.NewIndex("internal", indextest.Project("acme-billing",
		append([]indextest.Option{
			indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("1.3.0", indextest.Wheel(), indextest.Sdist()),
		}, internalOpts...)...))
	public = indextest.NewIndex("public",
		indextest.Attacker("acme-billing", "99.0.0"),
		indextest.Project("six", indextest.Release("1.16.0",
			indextest.Wheel(indextest.Tag("py2.py3-none-any")), indextest.Sdist())))
	return internal, public
}

func serve(t *testing.T, idx *indextest.Index) *indextest.Server {
	srv := indextest.NewServer(idx)
	t.Cleanup(srv.Close)
	return srv
}

// resolveAgainst resolves reqs over HTTP against the two servers, the
// internal one claiming acme-*.
func resolveAgainst(t *testing.T, internal, public *indextest.Server, reqs ...string) *resolve.Result {
	t.Helper()
	client, err := simpleapi.NewClient()
	require.NoError(t, err)
	p := &policy.Policy{Sources: []policy.Source{
		{Name: "internal", URL: internal.IndexURL(), Claims: []string{"acme-*"}},
		{Name: "public", URL: public.IndexURL()},
	}}
	var rs []resolve.Requirement
	for _, s := range reqs {
		r, err := resolve.ParseRequirement(s)
		require.NoError(t, err)
		rs = append(rs, r)
	}
	r := &resolve.Resolver{Policy: p, Index: resolve.ClientIndex{Client: client}}
	res, err := r.Resolve(t.Context(), rs)
	require.NoError(t, err)
	require.NoError(t, res.Err())
	return res
}

// TestPipExtraIndexURLInstallsTheAttackersVersion shows the attack: pip
// merges --index-url and --extra-index-url and takes the highest version,
// so the attacker's 99.0.0 on the public index is what gets installed;
// the resolver, given the same two indexes, keeps the internal 1.3.0.
func TestPipExtraIndexURLInstallsTheAttackersVersion(t *testing.T) {
	py := requirePip(t)
	internal, public := attacked()
	isrv, psrv := serve(t, internal), serve(t, public)

	target := t.TempDir()
	out, err := pip(t, py, "install", "--target", target,
		"--index-url", isrv.IndexURL(), "--extra-index-url", psrv.IndexURL(), "acme-billing")
	require.NoError(t, err, out)
	assert.DirExists(t, filepath.Join(target, "acme_billing-99.0.0.dist-info"), "pip installed the attacker's version")
	assert.NoDirExists(t, filepath.Join(target, "acme_billing-1.3.0.dist-info"))
	code, err := os.ReadFile(filepath.Join(target, "acme_billing", "__init__.py"))
	require.NoError(t, err)
	assert.Contains(t, string(code), `VARIANT = "attacker"`, "the attacker's code is what would run")
	assert.Positive(t, internal.Requests("acme-billing"), "pip did ask the internal index")

	res := resolveAgainst(t, isrv, psrv, "acme-billing")
	d := res.Decisions[0]
	assert.Equal(t, "1.3.0", d.Version.String())
	assert.Equal(t, []string{"internal"}, d.Sources)
	require.NotEmpty(t, d.Findings)
	assert.Equal(t, policy.CodeShadowHigher, d.Findings[0].Code)
}

// TestPipRequireHashes installs the requirements file the resolver writes
// with pip's hash-checking mode, with both indexes configured as in the
// attack, then tries again after the internal file was swapped upstream:
// rebuilt with a page that lists the new hash, or tampered with behind a
// page that still lists the old one. pip must refuse both, for install and
// download alike.
func TestPipRequireHashes(t *testing.T) {
	py := requirePip(t)
	internal, public := attacked()
	isrv, psrv := serve(t, internal), serve(t, public)

	res := resolveAgainst(t, isrv, psrv, "acme-billing>=1.0", "six")
	var lock bytes.Buffer
	require.NoError(t, resolve.WriteRequirements(&lock, res))
	wheel := internal.File("acme_billing-1.3.0-py3-none-any.whl")
	require.Contains(t, lock.String(), "acme-billing==1.3.0")
	require.Contains(t, lock.String(), "--hash=sha256:"+wheel.SHA256)
	reqs := filepath.Join(t.TempDir(), "requirements.txt")
	require.NoError(t, os.WriteFile(reqs, lock.Bytes(), 0o644))

	target := t.TempDir()
	out, err := pip(t, py, "install", "--require-hashes", "--no-deps", "-r", reqs, "--target", target,
		"--index-url", isrv.IndexURL(), "--extra-index-url", psrv.IndexURL())
	require.NoError(t, err, out)
	assert.DirExists(t, filepath.Join(target, "acme_billing-1.3.0.dist-info"))
	assert.DirExists(t, filepath.Join(target, "six-1.16.0.dist-info"))
	code, err := os.ReadFile(filepath.Join(target, "acme_billing", "__init__.py"))
	require.NoError(t, err)
	assert.NotContains(t, string(code), "VARIANT")

	for _, tt := range []struct {
		name string
		opt  indextest.Option
	}{
		{"rebuilt, page updated", indextest.Variant("rebuilt")},
		{"tampered, page unchanged", indextest.Tampered()},
	} {
		swapped, _ := attacked(tt.opt)
		ssrv := serve(t, swapped)
		got := sha256.Sum256(swapped.File(wheel.Filename).Content)
		require.NotEqual(t, wheel.SHA256, hex.EncodeToString(got[:]))
		for _, cmd := range []string{"install", "download"} {
			t.Run(tt.name+"/"+cmd, func(t *testing.T) {
				dir := t.TempDir()
				dest := []string{"--target", dir}
				if cmd == "download" {
					dest = []string{"--dest", dir}
				}
				out, err := pip(t, py, cmd, append([]string{"--require-hashes", "--no-deps", "-r", reqs,
					"--index-url", ssrv.IndexURL(), "--extra-index-url", psrv.IndexURL()}, dest...)...)
				require.Error(t, err, "pip accepted a swapped file:\n%s", out)
				assert.Contains(t, out, "THESE PACKAGES DO NOT MATCH THE HASHES")
				assert.Regexp(t, "Expected sha256 "+wheel.SHA256+"\\n(.*\\n)*? +Got +"+hex.EncodeToString(got[:]), out,
					"pip names the hash the lock pins and the one of the swapped file")
				assert.NoDirExists(t, filepath.Join(dir, "acme_billing"))
				assert.NoFileExists(t, filepath.Join(dir, wheel.Filename))
			})
		}
	}
}
