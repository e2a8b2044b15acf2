package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func addSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(data)
	}
}

// FuzzLoadSafeindexTOML checks that no input makes Load panic or hang,
// that every failure is an *Error, and that every success validates and
// loads again to the same policy.
func FuzzLoadSafeindexTOML(f *testing.F) {
	addSeeds(f, "safeindex.toml")
	for _, s := range []string{
		oneSource,
		oneSource + "[rules]\nmin-release-age = \"7 dayz\"\n",
		"x = [[[[1]]]]\n",
		"a.b.c = 1\n[a]\n[a.b]\n",
		"[[source]]\nname = 'a'\nurl = 'https://${X}@a/'\n[pins]\n'x' = 'a'\n",
		"source = [{name = 'a', url = \"\"\"\nhttps://a/\"\"\"}]\n[rules]\nupload-cutoff = 1979-05-27T07:32:00-08:00\n",
		"k = [true, 1979-05-27, [false], {a = 1}]\n",
	} {
		f.Add([]byte(s))
	}
	lookup := WithEnv(func(k string) (string, bool) { return "v", k != "UNSET" })
	f.Fuzz(func(t *testing.T, data []byte) {
		pol, _, err := Load("safeindex.toml", data, lookup)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if pol != nil {
				t.Fatal("policy with an error")
			}
			return
		}
		if err := pol.Validate(); err != nil {
			t.Fatalf("loaded policy does not validate: %v", err)
		}
		again, _, err := Load("safeindex.toml", data, lookup)
		require.NoError(t, err)
		require.Equal(t, pol, again)
	})
}

// FuzzLoad feeds every importer.
func FuzzLoad(f *testing.F) {
	names := []string{"pyproject.toml", "uv.toml", "Pipfile", "pip.conf", "requirements.txt", "config"}
	for _, seed := range []string{"uv/pyproject.toml", "uv/uv.toml", "poetry/pyproject.toml", "pipenv/Pipfile", "pip/pip.conf", "pip/requirements.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", seed))
		require.NoError(f, err)
		for i := range names {
			f.Add(uint8(i), data)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := names[int(which)%len(names)]
		pol, notes, err := Load(name, data, WithEnv(func(string) (string, bool) { return "v", true }))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			return
		}
		if err := pol.Validate(); err != nil {
			t.Fatalf("loaded policy does not validate: %v", err)
		}
		for _, n := range notes {
			if n.File != name || n.Message == "" {
				t.Fatalf("bad note %+v", n)
			}
		}
	})
}
