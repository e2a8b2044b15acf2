package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/simpleapi/indextest"
)

func runWith(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return out.String(), errb.String(), exitCode(err)
}

func TestDemo(t *testing.T) {
	out, _, code := runWith(t)
	assert.Equal(t, exitOK, code)
	for _, want := range []string{
		"CHOSEN  acme-billing>=1.0",
		`acme-billing 1.3.0 from "internal"`,
		"critical: acme-billing is also on \"pypi\" with higher versions (version 99.0.0)",
		"REFUSED acme-biling",
		`claimed to source "internal", which does not have it`,
		"left out requests-2.32.0-py3-none-any.whl: yanked (regression in 2.32.0)",
		"REFUSED reqeusts",
		`reqeusts looks like a typo or an imitation of popular project "requests" (transposition)`,
		"six==1.16.0 \\\n      --hash=sha256:",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "\x1b[", "no colour when not on a terminal")
}

// servers starts an internal and a public index and writes a config file
// naming them.
func servers(t *testing.T) (dir string) {
	internal := indextest.NewIndex("internal", indextest.Project("acme-lib", indextest.Release("1.0.0"), indextest.Release("1.1.0")))
	public := indextest.NewIndex("pypi", indextest.Attacker("acme-lib", "9.0.0"), indextest.Project("six", indextest.Release("1.16.0")))
	isrv, psrv := indextest.NewServer(internal), indextest.NewServer(public)
	t.Cleanup(isrv.Close)
	t.Cleanup(psrv.Close)
	dir = t.TempDir()
	cfg := `strategy = "strict"

[[source]]
name = "internal"
url = "` + isrv.URL + `/simple/"

[[source]]
name = "pypi"
url = "` + psrv.URL + `/simple/"
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "safeindex.toml"), []byte(cfg), 0o644))
	return dir
}

func TestResolveCommand(t *testing.T) {
	dir := servers(t)
	cfg := filepath.Join(dir, "safeindex.toml")
	reqs := filepath.Join(dir, "requirements.txt")
	require.NoError(t, os.WriteFile(reqs, []byte("six==1.16.0\n"), 0o644))
	out, errs, code := runWith(t, "resolve", "-config", cfg, "-cache", "", reqs)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "six==1.16.0 \\\n    --hash=sha256:")
	assert.Contains(t, errs, "ok six 1.16.0 from pypi")

	out, _, code = runWith(t, "resolve", "-config", cfg, "-cache", "", "-format", "pylock", reqs)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "lock-version = \"1.0\"")

	// Strict refuses the shadowed internal name: exit status 1.
	require.NoError(t, os.WriteFile(reqs, []byte("acme-lib\nsix\n"), 0o644))
	out, errs, code = runWith(t, "resolve", "-config", cfg, "-cache", "", "-format", "json", reqs)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, errs, "REFUSED acme-lib")
	assert.Contains(t, out, `"kind": "shadowed"`)

	// Usage and configuration errors: exit status 2.
	_, _, code = runWith(t, "resolve")
	assert.Equal(t, exitUsage, code)
	_, _, code = runWith(t, "resolve", "-format", "xml", reqs)
	assert.Equal(t, exitUsage, code)
	_, _, code = runWith(t, "nonsense")
	assert.Equal(t, exitUsage, code)
	_, _, code = runWith(t, "resolve", "-config", filepath.Join(dir, "missing.toml"), reqs)
	assert.Equal(t, exitUsage, code)
}

func TestIndexFailureExitStatus(t *testing.T) {
	internal := indextest.NewIndex("internal", indextest.HTTPStatus(503))
	srv := indextest.NewServer(internal)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "safeindex.toml")
	require.NoError(t, os.WriteFile(cfg, []byte(`[[source]]
name = "internal"
url = "`+srv.URL+`/simple/"
`), 0o644))
	_, errs, code := runWith(t, "explain", "-config", cfg, "-cache", "", "six")
	assert.Equal(t, exitIndexErr, code, errs)
}

func TestExplainCommand(t *testing.T) {
	dir := servers(t)
	out, _, code := runWith(t, "explain", "-config", filepath.Join(dir, "safeindex.toml"), "-cache", "", "six>=1")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, `source "internal": not-found`)
	assert.Contains(t, out, `source "pypi": found`)
	assert.Contains(t, out, "candidates:")
	out, _, _ = runWith(t, "-h")
	assert.Contains(t, out, "usage:")
}

func TestResolveWithOSV(t *testing.T) {
	public := indextest.NewIndex("pypi", indextest.Project("jinja2", indextest.Release("3.1.2"), indextest.Release("3.1.3")))
	srv := indextest.NewServer(public)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "safeindex.toml")
	require.NoError(t, os.WriteFile(cfg, []byte("[[source]]\nname = \"pypi\"\nurl = \""+srv.URL+"/simple/\"\n"), 0o644))
	osvDir := filepath.Join(dir, "osv")
	require.NoError(t, os.Mkdir(osvDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(osvDir, "GHSA-x.json"), []byte(`{"id": "GHSA-h5c8-rqwp-cp95", "summary": "attribute injection",
  "database_specific": {"severity": "MODERATE"},
  "affected": [{"package": {"ecosystem": "PyPI", "name": "jinja2"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.1.3"}]}]}]}`), 0o644))
	reqs := filepath.Join(dir, "requirements.txt")
	require.NoError(t, os.WriteFile(reqs, []byte("jinja2\n"), 0o644))
	out, errs, code := runWith(t, "resolve", "-config", cfg, "-cache", "", "-osv", osvDir, reqs)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "jinja2==3.1.2")
	assert.Contains(t, errs, "jinja2 3.1.2 was chosen because known vulnerabilities rule out 3.1.3 (GHSA-h5c8-rqwp-cp95)")
	// Refusing only from high up, the moderate advisory lets 3.1.3 in.
	out, _, code = runWith(t, "resolve", "-config", cfg, "-cache", "", "-osv", osvDir, "-osv-refuse-at", "high", reqs)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "jinja2==3.1.3")
}

func TestAuditCommand(t *testing.T) {
	internal := indextest.NewIndex("internal", indextest.Project("acme-lib", indextest.Release("1.0.0")))
	public := indextest.NewIndex("pypi", indextest.Attacker("acme-lib", "9.0.0"), indextest.Project("six", indextest.Release("1.16.0")))
	isrv, psrv := indextest.NewServer(internal), indextest.NewServer(public)
	t.Cleanup(isrv.Close)
	t.Cleanup(psrv.Close)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "safeindex.toml")
	require.NoError(t, os.WriteFile(cfg, []byte(`[[source]]
name = "internal"
url = "`+isrv.URL+`/simple/"
claims = ["acme-*"]

[[source]]
name = "pypi"
url = "`+psrv.URL+`/simple/"
public = true
`), 0o644))
	lock := filepath.Join(dir, "requirements.txt")
	good := "six==1.16.0 --hash=sha256:" + public.File("six-1.16.0-py3-none-any.whl").SHA256 + "\n"
	require.NoError(t, os.WriteFile(lock, []byte(good), 0o644))
	out, errs, code := runWith(t, "audit", "-config", cfg, "-cache", "", lock)
	require.Equal(t, exitOK, code, out+errs)

	// The confusion already happened: the lock pins the attacker's file.
	bad := good + "acme-lib==9.0.0 --hash=sha256:" + public.File("acme_lib-9.0.0-py3-none-any.whl").SHA256 + "\n"
	require.NoError(t, os.WriteFile(lock, []byte(bad), 0o644))
	out, _, code = runWith(t, "audit", "-config", cfg, "-cache", "", lock)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, out, "requirements.txt:2")
	assert.Contains(t, out, "critical")
	out, _, code = runWith(t, "audit", "-config", cfg, "-cache", "", "-format", "sarif", lock)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, out, `"version": "2.1.0"`)
	_, _, code = runWith(t, "audit", "-config", cfg, "-cache", "", "-fail-on", "nonsense", lock)
	assert.Equal(t, exitUsage, code)

	// Exposure: acme-lib is already public with a higher version.
	out, _, code = runWith(t, "exposure", "-config", cfg, "-cache", "")
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, out, "acme-lib")
	_, _, code = runWith(t, "exposure")
	assert.Equal(t, exitUsage, code)
}
