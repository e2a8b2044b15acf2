package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

var update = flag.Bool("update", false, "rewrite testdata/ with the demonstration's output")

func runWith(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), exampleutil.ExitCode(err)
}

// TestTestdataInSync regenerates the demonstration's output and compares
// it with testdata/ (go test -update rewrites it).
func TestTestdataInSync(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runWith(t, "-o", dir)
	require.Equal(t, exampleutil.ExitOK, code, stderr)
	assert.Contains(t, stderr, `acme-billing is also on "pypi" with higher versions (version 99.0.0)`)
	for _, name := range []string{"deps.bzl", "BUILD.bazel", "MODULE.bazel.snippet"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		golden := filepath.Join("testdata", name)
		if *update {
			require.NoError(t, os.WriteFile(golden, got, 0o644))
			continue
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s is out of sync: run go test ./examples/bazel -update", golden)
	}
}

func TestDemoChoices(t *testing.T) {
	stdout, _, code := runWith(t)
	require.Equal(t, exampleutil.ExitOK, code)
	for _, want := range []string{
		"### deps.bzl\n",
		`"@pypi__acme_billing_1_3_0_py3_none_any_whl//file"`, // internal 1.3.0, not the attacker's 99.0.0
		`name = "fastjson",` + "\n" + `    actual = "@pypi__fastjson_2_0_0_cp312_cp312_manylinux_2_17_x86_64_whl//file"`,
		`use_extension("//third_party/python:deps.bzl", "safeindex")`,
	} {
		assert.Contains(t, stdout, want)
	}
	assert.NotContains(t, stdout, "99.0.0")

	stdout, _, code = runWith(t, "-target", "cp312-macosx_14_0_arm64", "-prefix", "py")
	require.Equal(t, exampleutil.ExitOK, code)
	assert.Contains(t, stdout, `actual = "@py__fastjson_2_0_0_cp312_cp312_macosx_11_0_arm64_whl//file"`)
}

// servers starts an internal index, a public one with an attacker's copy
// of an internal name, and a broken one, and writes a config naming the
// first two.
func servers(t *testing.T) (dir string, internal *indextest.Index, brokenURL string) {
	internal = indextest.NewIndex("internal", indextest.Project("acme-lib",
		indextest.Release("1.0.0"), indextest.Release("1.1.0", indextest.Wheel(), indextest.Sdist())))
	public := indextest.NewIndex("pypi", indextest.Attacker("acme-lib", "9.0.0"))
	broken := indextest.NewIndex("broken", indextest.HTTPStatus(503))
	isrv, psrv, bsrv := indextest.NewServer(internal), indextest.NewServer(public), indextest.NewServer(broken)
	t.Cleanup(isrv.Close)
	t.Cleanup(psrv.Close)
	t.Cleanup(bsrv.Close)
	dir = t.TempDir()
	cfg := "strategy = \"strict\"\n\n[[source]]\nname = \"internal\"\nurl = \"" + isrv.IndexURL() +
		"\"\nclaims = [\"acme-*\"]\n\n[[source]]\nname = \"pypi\"\nurl = \"" + psrv.IndexURL() + "\"\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "safeindex.toml"), []byte(cfg), 0o644))
	return dir, internal, bsrv.IndexURL()
}

func TestRequirementsFile(t *testing.T) {
	dir, internal, brokenURL := servers(t)
	cfg := filepath.Join(dir, "safeindex.toml")
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	wheel := internal.File("acme_lib-1.1.0-py3-none-any.whl")

	out := filepath.Join(dir, "out")
	_, stderr, code := runWith(t, "-config", cfg, "-o", out, write("ok.txt", "acme-lib==1.1.0\n"))
	require.Equal(t, exampleutil.ExitOK, code, stderr)
	deps, err := os.ReadFile(filepath.Join(out, "deps.bzl"))
	require.NoError(t, err)
	assert.Contains(t, string(deps), `sha256 = "`+wheel.SHA256+`"`)
	assert.Contains(t, string(deps), `/files/acme-lib/acme_lib-1.1.0-py3-none-any.whl"]`)

	// A name the internal source does not have: refused, nothing written.
	out2 := filepath.Join(dir, "out2")
	_, stderr, code = runWith(t, "-config", cfg, "-o", out2, write("missing.txt", "acme-other==1.0\n"))
	assert.Equal(t, exampleutil.ExitRefused, code)
	assert.Contains(t, stderr, "REFUSED acme-other==1.0")
	assert.NoDirExists(t, out2)

	// A lock whose hash does not match what the index serves: refused.
	_, stderr, code = runWith(t, "-config", cfg, write("hash.txt", "acme-lib==1.1.0 --hash=sha256:"+strings.Repeat("0", 64)+"\n"))
	assert.Equal(t, exampleutil.ExitRefused, code, stderr)

	// The index named in the requirements file fails: status 3.
	_, stderr, code = runWith(t, write("broken.txt", "--index-url "+brokenURL+"\nsix==1.16.0\n"))
	assert.Equal(t, exampleutil.ExitIndexErr, code, stderr)

	// Usage errors.
	for _, args := range [][]string{
		{"-config", cfg},
		{"a.txt", "b.txt"},
		{"-nope"},
		{filepath.Join(dir, "absent.txt")},
		{"-target", "cp312-nowhere"},
		{"-prefix", "9bad"},
	} {
		_, _, code := runWith(t, args...)
		assert.Equal(t, exampleutil.ExitUsage, code, "%q", args)
	}
	_, _, code = runWith(t, "-h")
	assert.Equal(t, exampleutil.ExitOK, code)
}

// decision builds a resolved decision with one file, as an index could
// describe it.
func decision(t *testing.T, name, version string, f resolve.FileChoice) *resolve.Decision {
	t.Helper()
	v, err := pep440.Parse(version)
	require.NoError(t, err)
	f.Kind = "wheel"
	return &resolve.Decision{Package: name, Version: v, HasVersion: true, Sources: []string{"idx"},
		Files: []resolve.FileChoice{f}, Wheel: &f}
}

// TestUntrustedInput feeds the generator what a hostile or odd index
// could serve: nothing it sends can end a Starlark string, and neither
// credentials nor control characters reach the files.
func TestUntrustedInput(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	opts := bzlOptions{Package: "//third_party/python", Prefix: "pypi", Target: demoTarget}
	tests := []struct {
		name    string
		file    resolve.FileChoice
		want    []string // in deps.bzl
		wantErr string
	}{{
		name: "quote in URL",
		file: resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: `https://h/x-1.0-py3-none-any.whl?a="),print(1)#`, Hashes: map[string]string{"sha256": sha}},
		want: []string{`urls = ["https://h/x-1.0-py3-none-any.whl?a=\"),print(1)"],`},
	}, {
		name: "credentials and fragment dropped",
		file: resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://user:s3cret@h/x-1.0-py3-none-any.whl#sha256=" + sha, Hashes: map[string]string{"sha256": strings.ToUpper(sha)}},
		want: []string{`urls = ["https://h/x-1.0-py3-none-any.whl"],`, `sha256 = "` + sha + `",`},
	}, {
		name: "sha512 only: integrity",
		file: resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://h/x.whl", Hashes: map[string]string{"sha512": strings.Repeat("00", 64)}},
		want: []string{`integrity = "sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",`},
	}, {
		name:    "control character",
		file:    resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://h/x%0a.whl\n", Hashes: map[string]string{"sha256": sha}},
		wantErr: "invalid file URL",
	}, {
		name:    "other scheme",
		file:    resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "ftp://h/x.whl", Hashes: map[string]string{"sha256": sha}},
		wantErr: `x 1.0: x-1.0-py3-none-any.whl: file URL scheme "ftp" is not http, https or file`,
	}, {
		name:    "path in filename",
		file:    resolve.FileChoice{Filename: "../x-1.0-py3-none-any.whl", URL: "https://h/x.whl", Hashes: map[string]string{"sha256": sha}},
		wantErr: `filename "../x-1.0-py3-none-any.whl" is not a plain file name`,
	}, {
		name:    "bad hash",
		file:    resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://h/x.whl", Hashes: map[string]string{"sha256": `ab"`}},
		wantErr: `sha256 "ab\"" is not 64 hex digits`,
	}, {
		name:    "md5 only",
		file:    resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://h/x.whl", Hashes: map[string]string{"md5": strings.Repeat("00", 16)}},
		wantErr: "no sha256, sha384 or sha512 hash for Bazel to check",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &resolve.Result{Decisions: []*resolve.Decision{decision(t, "x", "1.0", tt.file)}}
			files, err := generate(res, opts)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			deps := string(files[0].Data)
			for _, w := range tt.want {
				assert.Contains(t, deps, w)
			}
			assert.NotContains(t, deps, "s3cret")
		})
	}
}

func TestNameCollision(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	res := &resolve.Result{Decisions: []*resolve.Decision{
		decision(t, "a-b", "1.0", resolve.FileChoice{Filename: "a_b-1.0-py3-none-any.whl", URL: "https://h/1", Hashes: map[string]string{"sha256": sha}}),
		decision(t, "a-b", "1.0", resolve.FileChoice{Filename: "a.b-1.0-py3-none-any.whl", URL: "https://h/2", Hashes: map[string]string{"sha256": sha}}),
	}}
	_, err := generate(res, bzlOptions{Prefix: "pypi"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `repository name "pypi__a_b_1_0_py3_none_any_whl" would be used for both a_b-1.0-py3-none-any.whl and a.b-1.0-py3-none-any.whl`)

	failed := &resolve.Result{Decisions: []*resolve.Decision{{Requirement: resolve.Requirement{Name: "x"}, Err: resolve.ErrNoCandidate}}}
	_, err = generate(failed, bzlOptions{Prefix: "pypi"})
	assert.ErrorIs(t, err, resolve.ErrUnresolved)
}
