package config

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
)

func TestPipConf(t *testing.T) {
	pol, notes, err := LoadFile(os.DirFS("testdata"), "pip/pip.conf")
	require.NoError(t, err)
	assert.Equal(t, &policy.Policy{Sources: []policy.Source{
		{Name: "pypi.acme.example", URL: "https://pypi.acme.example/simple/"},
		{Name: "wheels.acme.example", URL: "https://wheels.acme.example/simple/"},
		{Name: "pypi", URL: "https://pypi.org/simple", FileHosts: []string{"files.pythonhosted.org"}},
	}}, pol)
	assert.Equal(t, []string{"5 high global.extra-index-url", "10 medium install.trusted-host"}, brief(notes))
	assert.Equal(t, 5, notes[0].Column)
	assert.Contains(t, notes[0].Message, "pip merges every index")
}

func TestRequirementsFile(t *testing.T) {
	pol, notes, err := LoadFile(os.DirFS("testdata"), "pip/requirements.txt", env(map[string]string{"PYPI_USER": "u", "PYPI_TOKEN": "t"}))
	require.NoError(t, err)
	// PyPI goes last although it was the extra index.
	assert.Equal(t, &policy.Policy{Sources: []policy.Source{
		{Name: "pypi.acme.example", URL: "https://pypi.acme.example/simple/"},
		{Name: "pypi", URL: "https://u:t@pypi.org/simple", FileHosts: []string{"files.pythonhosted.org"}},
	}}, pol)
	assert.Equal(t, []string{"3 high --extra-index-url", "4 high --find-links"}, brief(notes))
	assert.Equal(t, 19, notes[0].Column)
}

func TestPip(t *testing.T) {
	tests := []struct {
		name, file, doc string
		want            []policy.Source
		notes           []string
	}{
		{
			"abbreviated and short options, comments, continuations",
			"requirements.txt",
			"-ihttps://a.example/simple  # the internal index\n--extra-index \\\n  https://b.example/simple\nrequests==2.0 --hash=sha256:00\n# --index-url https://ignored.example/\nx @ https://c.example/x.whl#sha256=00\n",
			[]policy.Source{{Name: "b.example", URL: "https://b.example/simple"}, {Name: "a.example", URL: "https://a.example/simple"}},
			[]string{"2 high --extra-index-url"},
		},
		{
			"index-url twice: the last wins",
			"reqs.in",
			"--index-url https://a.example/simple\n--index-url=https://b.example/simple\n-r other.txt\n",
			[]policy.Source{{Name: "b.example", URL: "https://b.example/simple"}},
			[]string{"2 low --index-url", "3 low --requirement"},
		},
		{
			"no options: PyPI",
			"requirements.txt",
			"requests\n",
			[]policy.Source{pypi},
			[]string{"0 info "},
		},
		{
			"pip.ini with underscores, [install] overrides [global]",
			"pip.ini",
			"[global]\nindex_url = https://a.example/simple\n[install]\nINDEX-URL: https://b.example/simple\n[download]\nextra-index-url = https://c.example/\n",
			[]policy.Source{{Name: "b.example", URL: "https://b.example/simple"}},
			[]string{"6 low download.extra-index-url"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, notes, err := Load(tt.file, []byte(tt.doc))
			require.NoError(t, err)
			assert.Equal(t, tt.want, pol.Sources)
			assert.Equal(t, tt.notes, brief(notes))
		})
	}
}

func TestPipErrors(t *testing.T) {
	tests := []struct {
		name, file, doc string
		is              error
		want            string
	}{
		{"option outside a section", "pip.conf", "index-url = https://a/\n", ErrSyntax,
			`pip.conf:1:1: option outside a section (pip reads [global] and [install])`},
		{"not key = value", "pip.conf", "[global]\njust words\n", ErrSyntax,
			`pip.conf:2:1: want "key = value", got "just words"`},
		{"set twice", "pip.conf", "[global]\nindex-url = a\nindex_url = b\n", ErrSyntax,
			`pip.conf:3:1: global.index-url: option set twice in [global]`},
		{"bad boolean", "pip.conf", "[global]\nno-index = maybe\n", ErrInvalidValue,
			`pip.conf:2:12: global.no-index: "maybe" is not a boolean (true, false, yes, no, on, off, 1, 0)`},
		{"no-index", "pip.conf", "[global]\nno-index = yes\n", policy.ErrInvalidPolicy,
			`pip.conf: invalid policy: no sources`},
		{"missing value", "requirements.txt", "--index-url\n", ErrSyntax,
			`requirements.txt:1:1: --index-url: option needs a value`},
		{"unset variable", "requirements.txt", "-i https://${TOKEN}@a/simple\n", ErrUndefinedVariable,
			`requirements.txt:1:4: --index-url: refers to environment variable TOKEN, but no environment was given (WithEnv)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(tt.file, []byte(tt.doc))
			require.ErrorIs(t, err, tt.is)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestPipNoteRedactsRequirementURL: a -r or -c given as a URL with
// credentials is named in a note without them.
func TestPipNoteRedactsRequirementURL(t *testing.T) {
	_, notes, err := Load("requirements.txt", []byte("-r https://alice:s3cr3t@pkgs.example/reqs.txt\n-c other.txt\n"))
	require.NoError(t, err)
	require.Equal(t, []string{"0 info ", "1 low --requirement", "2 low --constraint"}, brief(notes))
	assert.NotContains(t, notes[1].Message, "s3cr3t")
	assert.Contains(t, notes[1].Message, "pkgs.example/reqs.txt")
	assert.Contains(t, notes[2].Message, `"other.txt" is not followed`)
}
