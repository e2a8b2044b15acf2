package config

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
)

func TestPipfileProject(t *testing.T) {
	pol, notes, err := LoadFile(os.DirFS("testdata"), "pipenv/Pipfile", env(map[string]string{"ARTIFACTORY_USER": "ci", "ARTIFACTORY_TOKEN": "tok"}))
	require.NoError(t, err)
	assert.Equal(t, &policy.Policy{
		Sources: []policy.Source{
			{Name: "pypi", URL: "https://pypi.org/simple", FileHosts: []string{"files.pythonhosted.org"}},
			{Name: "artifactory", URL: "https://ci:tok@acme.jfrog.io/artifactory/api/pypi/pypi-local/simple", Explicit: true},
		},
		Pins: []policy.Pin{
			{Package: "acme-reports", Source: "artifactory"},
			{Package: "acme-lint", Source: "artifactory"},
		},
	}, pol)
	assert.Equal(t, []string{"1 info source", "8 high source[1].verify_ssl"}, brief(notes))
}

func TestPipfile(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		want  policy.Policy
		notes []string
	}{
		{
			"no source: PyPI",
			"[packages]\nrequests = \"*\"\n",
			policy.Policy{Sources: []policy.Source{pypi}},
			[]string{"0 info "},
		},
		{
			"bare $VAR, custom category, local packages denied, search all sources",
			`[[source]]
name = "internal"
url = "https://$USER:${PASS}@internal.example/simple"
verify_ssl = true

[docs]
acme-theme = { version = "*", index = "internal" }
mylib = { path = ".", editable = true }

[pipenv]
install_search_all_sources = true
`,
			policy.Policy{
				Sources: []policy.Source{{Name: "internal", URL: "https://u:p@internal.example/simple"}},
				Pins:    []policy.Pin{{Package: "acme-theme", Source: "internal"}},
				Rules:   policy.Rules{Deny: []policy.PackageRule{denyUnreadable("mylib", "path")}},
			},
			[]string{"8 medium docs.mylib", "11 high pipenv.install_search_all_sources"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, notes, err := Load("Pipfile", []byte(tt.doc), env(map[string]string{"USER": "u", "PASS": "p"}))
			require.NoError(t, err)
			assert.Equal(t, &tt.want, pol)
			assert.Equal(t, tt.notes, brief(notes))
		})
	}
}

func TestPipfileErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		is        error
		want      string
	}{
		{"unknown index", "[[source]]\nname = \"a\"\nurl = \"https://a/\"\n[packages]\nx = { index = \"b\" }\n", ErrUnknownSource,
			`Pipfile:5:15: packages.x.index: no [[source]] is named "b"`},
		{"unset variable", "[[source]]\nname = \"a\"\nurl = \"https://${TOKEN}@a/\"\n", ErrUndefinedVariable,
			`Pipfile:3:7: source[0].url: environment variable TOKEN is not set`},
		{"missing name", "[[source]]\nurl = \"https://a/\"\n", ErrMissingKey,
			`Pipfile:1:3: source[0]: missing required key "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load("Pipfile", []byte(tt.doc), env(nil))
			require.ErrorIs(t, err, tt.is)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
