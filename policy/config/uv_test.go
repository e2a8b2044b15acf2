package config

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
)

// brief summarizes notes as "line severity key" for tables.
func brief(notes []Note) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = fmt.Sprintf("%d %s %s", n.Line, n.Severity, n.Key)
	}
	return out
}

var pypi = policy.Source{Name: "pypi", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}}

func TestUVProject(t *testing.T) {
	pol, notes, err := LoadFile(os.DirFS("testdata"), "uv/pyproject.toml")
	require.NoError(t, err)
	assert.Equal(t, &policy.Policy{
		Sources: []policy.Source{
			{Name: "acme", URL: "https://pypi.acme.example/simple/"},
			{Name: "pytorch-cpu", URL: "https://download.pytorch.org/whl/cpu", Explicit: true},
			{Name: "pytorch-cu124", URL: "https://download.pytorch.org/whl/cu124", Explicit: true},
			pypi,
		},
		Strategy: policy.FirstIndex,
		Pins: []policy.Pin{
			{Package: "acme-auth", Source: "acme"},
			{Package: "acme-models", Source: "acme"},
			{Package: "torch", Source: "pytorch-cpu"},
		},
		Rules: policy.Rules{
			UploadCutoff: date(2026, 8, 1),
			Deny:         []policy.PackageRule{denyUnreadable("shared-utils", "path")},
		},
	}, pol)
	assert.Equal(t, []string{
		"0 info ",                              // PyPI is implicit
		"14 high tool.uv.index-strategy",       // unsafe-best-match refused
		"20 low tool.uv.index[0].authenticate", // not carried over
		"31 medium tool.uv.index[2].ignore-error-codes",
		"36 medium tool.uv.sources.torch",        // markers not evaluated
		"40 medium tool.uv.sources.shared-utils", // path: denied
		"43 medium tool.uv.exclude-newer-package.fastapi",
	}, brief(notes))
	assert.Contains(t, notes[1].Message, "unsafe-best-match merges every index")
}

func TestUVConfigFile(t *testing.T) {
	pol, notes, err := LoadFile(os.DirFS("testdata"), "uv/uv.toml")
	require.NoError(t, err)
	assert.Equal(t, []policy.Source{
		{Name: "pypi.acme.example", URL: "https://pypi.acme.example/simple/"},
		{Name: "mirror.acme.example", URL: "https://mirror.acme.example/pypi/simple/"},
	}, pol.Sources)
	assert.Equal(t, 7*24*time.Hour, pol.Rules.MinReleaseAge)
	assert.Equal(t, []string{"5 high find-links"}, brief(notes))
}

func TestUV(t *testing.T) {
	tests := []struct {
		name  string
		doc   string // pyproject.toml
		want  policy.Policy
		notes []string
	}{
		{
			"default index replaces PyPI and comes last",
			`[tool.uv]
[[tool.uv.index]]
name = "proxy"
url = "https://proxy.example/simple/"
default = true

[[tool.uv.index]]
name = "internal"
url = "https://internal.example/simple/"
`,
			policy.Policy{Sources: []policy.Source{
				{Name: "internal", URL: "https://internal.example/simple/"},
				{Name: "proxy", URL: "https://proxy.example/simple/"},
			}},
			nil,
		},
		{
			"unnamed indexes, extra-index-url, first-index",
			`[tool.uv]
index-strategy = "first-index"
extra-index-url = ["https://extra.example/simple/"]

[[tool.uv.index]]
url = "https://one.example/simple/"

[[tool.uv.index]]
url = "https://one.example/other/"
`,
			policy.Policy{Strategy: policy.FirstIndex, Sources: []policy.Source{
				{Name: "one.example", URL: "https://one.example/simple/"},
				{Name: "one.example-2", URL: "https://one.example/other/"},
				{Name: "extra.example", URL: "https://extra.example/simple/"},
				pypi,
			}},
			[]string{"0 info "},
		},
		{
			"flat index: left out, its pins denied",
			`[tool.uv]
[[tool.uv.index]]
name = "wheels"
url = "./wheels"
format = "flat"

[tool.uv.sources]
acme-native = { index = "wheels" }
`,
			policy.Policy{Sources: []policy.Source{pypi}, Rules: policy.Rules{Deny: []policy.PackageRule{denyUnreadable("acme-native", `the flat index "wheels"`)}}},
			[]string{"0 info ", "5 high tool.uv.index[0].format"},
		},
		{
			"conditional pin, git and workspace sources, duration cutoff",
			`[tool.uv]
exclude-newer = "P3D"

[[tool.uv.index]]
name = "internal"
url = "https://internal.example/simple/"

[tool.uv.sources]
Acme_Lib = { index = "internal", marker = "sys_platform == 'linux'" }
tool = { git = "https://github.com/acme/tool" }
member = { workspace = true }
`,
			policy.Policy{
				Sources: []policy.Source{{Name: "internal", URL: "https://internal.example/simple/"}, pypi},
				Pins:    []policy.Pin{{Package: "acme-lib", Source: "internal"}},
				Rules: policy.Rules{MinReleaseAge: 72 * time.Hour, Deny: []policy.PackageRule{
					denyUnreadable("tool", "git"), denyUnreadable("member", "workspace"),
				}},
			},
			[]string{"0 info ", "9 medium tool.uv.sources.Acme_Lib", "10 medium tool.uv.sources.tool", "11 medium tool.uv.sources.member"},
		},
		{
			"date cutoff, unsafe-first-match",
			"[tool.uv]\nexclude-newer = \"2026-03-01\"\nindex-strategy = \"unsafe-first-match\"\n",
			policy.Policy{Strategy: policy.FirstIndex, Sources: []policy.Source{pypi}, Rules: policy.Rules{UploadCutoff: date(2026, 3, 1)}},
			[]string{"0 info ", "2 low tool.uv.exclude-newer", "3 high tool.uv.index-strategy"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, notes, err := Load("pyproject.toml", []byte(tt.doc))
			require.NoError(t, err)
			assert.Equal(t, &tt.want, pol)
			if tt.notes == nil {
				tt.notes = []string{}
			}
			assert.Equal(t, tt.notes, brief(notes))
		})
	}
}

func TestUVErrors(t *testing.T) {
	tests := []struct {
		name, file, doc string
		is              error
		want            string
	}{
		{"unknown index", "pyproject.toml", "[tool.uv.sources]\nx = { index = \"nope\" }\n", ErrUnknownSource,
			`pyproject.toml:2:15: tool.uv.sources.x.index: no [[tool.uv.index]] is named "nope"`},
		{"index without url", "uv.toml", "[[index]]\nname = \"x\"\n", ErrMissingKey,
			`uv.toml:1:3: index[0]: missing required key "url"`},
		{"bad strategy", "uv.toml", "index-strategy = \"best\"\n", ErrInvalidValue,
			`uv.toml:1:18: index-strategy: unknown index-strategy "best" (want first-index, unsafe-first-match or unsafe-best-match)`},
		{"bad exclude-newer", "uv.toml", "exclude-newer = \"soon\"\n", ErrInvalidValue,
			`uv.toml:1:17: exclude-newer: "soon" is neither a date-time, a date nor a duration: want a number at "soon"`},
		{"duplicate index name", "uv.toml", "[[index]]\nname = \"a\"\nurl = \"https://a/\"\n[[index]]\nname = \"a\"\nurl = \"https://b/\"\n", ErrInvalidValue,
			`uv.toml:5:8: index[1].name: two indexes are named "a"`},
		{"no-index leaves nothing", "uv.toml", "no-index = true\n", policy.ErrInvalidPolicy,
			`uv.toml: invalid policy: no sources`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(tt.file, []byte(tt.doc))
			require.ErrorIs(t, err, tt.is)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestUVCredentials(t *testing.T) {
	doc := "[[index]]\nname = \"internal-proxy\"\nurl = \"https://proxy.example/simple/\"\n[[index]]\nname = \"other\"\nurl = \"https://me@other.example/simple/\"\n"
	pol, _, err := Load("uv.toml", []byte(doc), env(map[string]string{
		"UV_INDEX_INTERNAL_PROXY_USERNAME": "ci",
		"UV_INDEX_INTERNAL_PROXY_PASSWORD": "pw",
		"UV_INDEX_OTHER_PASSWORD":          "unused", // the URL has its own user
	}))
	require.NoError(t, err)
	assert.Equal(t, "https://ci:pw@proxy.example/simple/", pol.Sources[0].URL)
	assert.Equal(t, "https://me@other.example/simple/", pol.Sources[1].URL)
}
