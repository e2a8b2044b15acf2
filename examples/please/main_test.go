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
// it with testdata/BUILD (go test -update rewrites it).
func TestTestdataInSync(t *testing.T) {
	out := filepath.Join(t.TempDir(), "BUILD")
	_, stderr, code := runWith(t, "-o", out)
	require.Equal(t, exampleutil.ExitOK, code, stderr)
	assert.Contains(t, stderr, `acme-billing is also on "pypi" with higher versions (version 99.0.0)`)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	golden := filepath.Join("testdata", "BUILD")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "%s is out of sync: run go test ./examples/please -update", golden)
}

func TestDemoChoices(t *testing.T) {
	stdout, _, code := runWith(t)
	require.Equal(t, exampleutil.ExitOK, code)
	for _, want := range []string{
		`subinclude("///python//build_defs:python")`,
		`name_scheme = "{url_base}/acme_billing-1.3.0-py3-none-any.whl",`, // internal 1.3.0, not the attacker's 99.0.0
		`name_scheme = "{url_base}/fastjson-2.0.0-cp312-cp312-manylinux_2_17_x86_64.whl",`,
		`hashes = ["sha256: `,
	} {
		assert.Contains(t, stdout, want)
	}
	assert.NotContains(t, stdout, "99.0.0")

	stdout, _, code = runWith(t, "-target", "cp312-macosx_14_0_arm64")
	require.Equal(t, exampleutil.ExitOK, code)
	assert.Contains(t, stdout, `name_scheme = "{url_base}/fastjson-2.0.0-cp312-cp312-macosx_11_0_arm64.whl",`)

	// On a target no wheel of fastjson fits, only its sdist is written.
	stdout, _, code = runWith(t, "-target", "cp311-manylinux_2_28_x86_64")
	require.Equal(t, exampleutil.ExitOK, code)
	assert.Contains(t, stdout, "# fastjson 2.0.0 from \"pypi\"\n# No wheel fits the target: build one from the sdist.\nremote_file(\n    name = \"fastjson_sdist\",")
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

	out := filepath.Join(dir, "BUILD")
	_, stderr, code := runWith(t, "-config", cfg, "-o", out, write("ok.txt", "acme-lib==1.1.0\n"))
	require.Equal(t, exampleutil.ExitOK, code, stderr)
	build, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(build), `hashes = ["sha256: `+wheel.SHA256+`"]`)
	assert.Contains(t, string(build), `/files/acme-lib",`+"\n"+`    name_scheme = "{url_base}/acme_lib-1.1.0-py3-none-any.whl",`)

	// A name the internal source does not have: refused, nothing written.
	out2 := filepath.Join(dir, "BUILD2")
	_, stderr, code = runWith(t, "-config", cfg, "-o", out2, write("missing.txt", "acme-other==1.0\n"))
	assert.Equal(t, exampleutil.ExitRefused, code)
	assert.Contains(t, stderr, "REFUSED acme-other==1.0")
	assert.NoFileExists(t, out2)

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
	d := &resolve.Decision{Package: name, Version: v, HasVersion: true, Sources: []string{"idx"}, Files: []resolve.FileChoice{f}}
	if strings.HasSuffix(f.Filename, ".whl") {
		f.Kind, d.Wheel = "wheel", &f
	} else {
		f.Kind, d.Sdist = "sdist", &f
	}
	return d
}

// TestUntrustedInput feeds the generator what a hostile or odd index
// could serve: nothing it sends can end a string, and neither credentials
// nor control characters reach the BUILD file.
func TestUntrustedInput(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	tests := []struct {
		name    string
		file    resolve.FileChoice
		want    []string
		wantErr string
	}{{
		name: "quote in URL",
		file: resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: `https://h/d/x-1.0-py3-none-any.whl?a="),print(1)#`, Hashes: map[string]string{"sha256": sha}},
		want: []string{`repo = "https://h/d",`, `name_scheme = "{url_base}/x-1.0-py3-none-any.whl?a=\"),print(1)",`},
	}, {
		name: "credentials and fragment dropped",
		file: resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://user:s3cret@h/x-1.0-py3-none-any.whl#sha256=" + sha, Hashes: map[string]string{"sha256": strings.ToUpper(sha)}},
		want: []string{`repo = "https://h",`, `hashes = ["sha256: ` + sha + `"],`},
	}, {
		name:    "brace",
		file:    resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://h/x.whl?{url_base}", Hashes: map[string]string{"sha256": sha}},
		wantErr: "which a python_wheel name_scheme cannot express",
	}, {
		name:    "control character",
		file:    resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://h/x.whl\n", Hashes: map[string]string{"sha256": sha}},
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
		name:    "sha512 only",
		file:    resolve.FileChoice{Filename: "x-1.0-py3-none-any.whl", URL: "https://h/x.whl", Hashes: map[string]string{"sha512": strings.Repeat("00", 64)}},
		wantErr: "no sha256 hash",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &resolve.Result{Decisions: []*resolve.Decision{decision(t, "x", "1.0", tt.file)}}
			build, err := generate(res, demoTarget)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			for _, w := range tt.want {
				assert.Contains(t, string(build), w)
			}
			assert.NotContains(t, string(build), "s3cret")
		})
	}
}

func TestRefusals(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	res := &resolve.Result{Decisions: []*resolve.Decision{
		decision(t, "a-b", "1.0", resolve.FileChoice{Filename: "a_b-1.0-py3-none-any.whl", URL: "https://h/1", Hashes: map[string]string{"sha256": sha}}),
		decision(t, "a-b-sdist", "1.0", resolve.FileChoice{Filename: "a_b_sdist-1.0-py3-none-any.whl", URL: "https://h/2", Hashes: map[string]string{"sha256": sha}}),
	}}
	res.Decisions[0].Sdist = &resolve.FileChoice{Filename: "a_b-1.0.tar.gz", URL: "https://h/3", Hashes: map[string]string{"sha256": sha}}
	_, err := generate(res, demoTarget)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `rule name "a_b_sdist" would be used for both a-b and a-b-sdist`)

	failed := &resolve.Result{Decisions: []*resolve.Decision{{Requirement: resolve.Requirement{Name: "x"}, Err: resolve.ErrNoCandidate}}}
	_, err = generate(failed, demoTarget)
	assert.ErrorIs(t, err, resolve.ErrUnresolved)
}
