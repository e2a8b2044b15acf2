package config

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
)

func TestPoetryProject(t *testing.T) {
	pol, notes, err := LoadFile(os.DirFS("testdata"), "poetry/pyproject.toml")
	require.NoError(t, err)
	assert.Equal(t, &policy.Policy{
		Sources: []policy.Source{
			pypi, // implicit: no primary source
			{Name: "acme", URL: "https://nexus.acme.example/repository/pypi-internal/simple/"},
			{Name: "mirror", URL: "https://nexus.acme.example/repository/pypi-proxy/simple/"},
			{Name: "gpu", URL: "https://download.pytorch.org/whl/cu124", Explicit: true},
		},
		Pins: []policy.Pin{
			{Package: "acme-ledger", Source: "acme"},
			{Package: "acme-testkit", Source: "acme"}, // "ACME": Poetry matches names case-insensitively
		},
		Rules: policy.Rules{Deny: []policy.PackageRule{
			denyUnreadable("jax", `the single-page link source "jax-releases"`),
			denyUnreadable("local-fixtures", "path"),
		}},
	}, pol)
	assert.Equal(t, []string{
		"0 info ",
		"16 medium tool.poetry.group.dev.dependencies.local-fixtures",
		"18 low tool.poetry.source", // supplemental semantics differ
		"30 high tool.poetry.source[2].url",
	}, brief(notes))
}

func TestPoetry(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		want  policy.Policy
		notes []string
	}{
		{
			"a primary source disables PyPI",
			`[[tool.poetry.source]]
name = "internal"
url = "https://internal.example/simple/"

[tool.poetry.dependencies]
python = "^3.12"
acme = { version = "*", source = "internal" }
`,
			policy.Policy{
				Sources: []policy.Source{{Name: "internal", URL: "https://internal.example/simple/"}},
				Pins:    []policy.Pin{{Package: "acme", Source: "internal"}},
			},
			[]string{},
		},
		{
			"PyPI configured explicitly, two primaries merge in Poetry",
			`[[tool.poetry.source]]
name = "internal"
url = "https://internal.example/simple/"
priority = "primary"

[[tool.poetry.source]]
name = "PyPI"
priority = "primary"
`,
			policy.Policy{Sources: []policy.Source{
				{Name: "internal", URL: "https://internal.example/simple/"},
				{Name: "PyPI", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}},
			}},
			[]string{"1 high tool.poetry.source"},
		},
		{
			"Poetry 1 priorities",
			`[[tool.poetry.source]]
name = "old"
url = "https://old.example/simple/"
secondary = true

[[tool.poetry.source]]
name = "main"
url = "https://main.example/simple/"
priority = "default"

[tool.poetry.group.test.dependencies]
acme = [
  { version = "<2", python = "<3.9", source = "old" },
  { version = ">=2", python = ">=3.9", source = "main" },
]
`,
			policy.Policy{
				Sources: []policy.Source{
					{Name: "main", URL: "https://main.example/simple/"},
					{Name: "old", URL: "https://old.example/simple/"},
				},
				Pins: []policy.Pin{{Package: "acme", Source: "old"}},
			},
			[]string{"1 medium tool.poetry.source[0]", "1 low tool.poetry.source", "6 medium tool.poetry.source[1]", "12 medium tool.poetry.group.test.dependencies.acme"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, notes, err := Load("pyproject.toml", []byte(tt.doc))
			require.NoError(t, err)
			assert.Equal(t, &tt.want, pol)
			assert.Equal(t, tt.notes, brief(notes))
		})
	}
}

func TestPoetryErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		is        error
		want      string
	}{
		{"unknown source", "[tool.poetry.dependencies]\nx = { version = \"*\", source = \"nope\" }\n", ErrUnknownSource,
			`pyproject.toml:2:31: tool.poetry.dependencies.x.source: no [[tool.poetry.source]] is named "nope"`},
		{"PyPI with a URL", "[[tool.poetry.source]]\nname = \"pypi\"\nurl = \"https://pypi.org/simple/\"\n", ErrInvalidValue,
			`pyproject.toml:3:7: tool.poetry.source[0].url: the PyPI source cannot have a URL in Poetry`},
		{"bad priority", "[[tool.poetry.source]]\nname = \"a\"\nurl = \"https://a/\"\npriority = \"first\"\n", ErrInvalidValue,
			`pyproject.toml:4:12: tool.poetry.source[0].priority: unknown priority "first" (want primary, supplemental or explicit)`},
		{"bad package name", "[tool.poetry.dependencies]\n\"a b\" = { source = \"x\" }\n", ErrInvalidValue,
			`pyproject.toml:2:1: tool.poetry.dependencies."a b": "a b" is not a valid project name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load("pyproject.toml", []byte(tt.doc))
			require.ErrorIs(t, err, tt.is)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
