package pep508

import (
	"errors"
	"strings"
	"testing"

	"github.com/safeindex/safeindex/pep440"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRequirement(t *testing.T) {
	tests := []struct {
		in     string
		name   string
		extras []string
		spec   string
		url    string
		marker string
		str    string
	}{
		// Spec digest 5.6 vector 1: both spellings are the same requirement.
		{in: `requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7"`,
			name: "requests", extras: []string{"security", "tests"}, spec: "==2.8.*,>=2.8.1",
			marker: `python_version < "2.7"`, str: `requests[security,tests]==2.8.*,>=2.8.1; python_version < "2.7"`},
		{in: "name (>=1.0, <2)", name: "name", spec: "<2,>=1.0", str: "name<2,>=1.0"},
		{in: "name>=1.0,", name: "name", spec: ">=1.0", str: "name>=1.0"},
		{in: "name ( >=1.0 , )", name: "name", spec: ">=1.0", str: "name>=1.0"},
		{in: `name[a_b, C]>=1.0,<2;python_version>="3"`, name: "name", extras: []string{"a_b", "C"},
			spec: "<2,>=1.0", marker: `python_version >= "3"`, str: `name[C,a_b]<2,>=1.0; python_version >= "3"`},
		{in: `name[b,a]@ https://x/y.whl ; os_name=="nt"`, name: "name", extras: []string{"b", "a"},
			url: "https://x/y.whl", marker: `os_name == "nt"`, str: `name[a,b] @ https://x/y.whl ; os_name == "nt"`},
		// The URL takes everything up to whitespace, ";" included.
		{in: `name @ https://x/a.whl;python_version<"3"`, name: "name", url: `https://x/a.whl;python_version<"3"`,
			str: `name @ https://x/a.whl;python_version<"3"`},
		{in: "name @ file:///absolute/path", name: "name", url: "file:///absolute/path", str: "name @ file:///absolute/path"},
		{in: "name@http://foo.com", name: "name", url: "http://foo.com", str: "name @ http://foo.com"},
		{in: "name @ http://x\n", name: "name", url: "http://x\n", str: "name @ http://x\n"}, // a URL keeps a newline
		{in: "name @ http://foo.com \t", name: "name", url: "http://foo.com", str: "name @ http://foo.com"},
		// Names: "_" may end a name; the name is kept as written.
		{in: "foo_", name: "foo_", str: "foo_"},
		{in: "  Foo.Bar  ", name: "Foo.Bar", str: "Foo.Bar"},
		{in: "name[]", name: "name", str: "name"},
		{in: "name()", name: "name", str: "name"},
		{in: "name[ ]", name: "name", str: "name"},
		// Exact duplicate extras are one; case variants stay.
		{in: "name[a,a,A]", name: "name", extras: []string{"a", "A"}, str: "name[A,a]"},
		// Unicode white space after an operator (Python's \s).
		{in: "name>=\u00a01.0", name: "name", spec: ">=1.0", str: "name>=1.0"},
		{in: "name>=\n1.0", name: "name", spec: ">=1.0", str: "name>=1.0"},
		{in: "name===\u00a0x", name: "name", spec: "===x", str: "name===x"},
		{in: "name===1.0 ; os_name=='a'", name: "name", spec: "===1.0", marker: `os_name == "a"`, str: `name===1.0; os_name == "a"`},
		// Extra literals are normalized (PEP 685).
		{in: `mariadb>=1.0.1; extra == "mariadb_connector"`, name: "mariadb", spec: ">=1.0.1",
			marker: `extra == "mariadb-connector"`, str: `mariadb>=1.0.1; extra == "mariadb-connector"`},
		{in: "name==1.0.post1.dev2+abc.1", name: "name", spec: "==1.0.post1.dev2+abc.1", str: "name==1.0.post1.dev2+abc.1"},
		{in: "name>=v1.0", name: "name", spec: ">=v1.0", str: "name>=v1.0"},
		{in: "name~=1.0", name: "name", spec: "~=1.0", str: "name~=1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := ParseRequirement(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.name, r.Name)
			assert.Equal(t, tt.extras, r.Extras)
			assert.Equal(t, tt.spec, r.Specifier.String())
			assert.Equal(t, tt.url, r.URL)
			assert.Equal(t, tt.marker, r.Marker.String())
			assert.Equal(t, tt.str, r.String())
		})
	}
}

func TestParseRequirementErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		reason string // substring of the error
		marker bool   // also matches ErrInvalidMarker
		spec   bool   // also matches pep440.ErrInvalidSpecifier
	}{
		{in: "", offset: 0, reason: "package name"},
		{in: "==0.0", offset: 0, reason: "package name"},
		{in: "-foo", offset: 0, reason: "package name"},
		{in: "foo-", offset: 3, reason: "semicolon"},
		{in: "namé", offset: 0, reason: "package name"}, // no word boundary after "nam"
		{in: "name (>= 1.0", offset: 5, reason: "closing parenthesis"},
		{in: "name[bar baz]", offset: 9, reason: "comma between extra names"},
		{in: "name[bar, baz,]", offset: 14, reason: "extra name after the comma"},
		{in: "name[a.]", offset: 4, reason: "closing bracket"},
		{in: "black (>=20.*)", offset: 7, reason: "only be used with the == and !="},
		{in: "name==1.2.3.post4.*", offset: 4, reason: "cannot follow a pre-release"},
		{in: "name<=1.0+local", offset: 4, reason: "local version label"},
		{in: "demo===x,y", offset: 4, reason: "invalid version specifier", spec: true},
		{in: "name; invalid_name", offset: 6, reason: "marker variable", marker: true},
		{in: "name @ ", offset: 7, reason: "URL after @"},
		{in: "name==1.0 ;", offset: 11, reason: "marker variable", marker: true},
		{in: "name @ https://example.com/; extra == 'example'", offset: 29, reason: "semicolon"},
		{in: "name\n", offset: 4, reason: "semicolon"},
		{in: "name>=1.0\n", offset: 9, reason: "comma"},
		{in: "name ; os_name==\"a\"\n", offset: 19, reason: "end of the dependency specifier", marker: true},
		{in: "name (>=1.0) @ http://x", offset: 13, reason: "semicolon"},
		{in: "name>=1,,<2", offset: 8, reason: "comma"},
		{in: "name\xff", offset: 4, reason: "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseRequirement(tt.in)
			require.Error(t, err)
			var re *RequirementError
			require.ErrorAs(t, err, &re)
			assert.ErrorIs(t, err, ErrInvalidRequirement)
			assert.Equal(t, tt.in, re.Input)
			assert.Equal(t, tt.offset, re.Offset, "offset; error: %v", err)
			assert.Contains(t, err.Error(), tt.reason)
			assert.Equal(t, tt.marker, errors.Is(err, ErrInvalidMarker), "matches ErrInvalidMarker")
			assert.Equal(t, tt.spec, errors.Is(err, pep440.ErrInvalidSpecifier), "matches pep440.ErrInvalidSpecifier")
		})
	}
}

// Error text is user-facing: pin it.
func TestRequirementErrorText(t *testing.T) {
	_, err := ParseRequirement("name[bar baz]")
	assert.EqualError(t, err, `invalid requirement "name[bar baz]": at byte 9: expected a comma between extra names`)

	// Credentials in a URL never reach the message.
	_, err = ParseRequirement("name @ https://user:s3cret@example.com/x.whl;; bad")
	require.Error(t, err)
	_, err = ParseRequirement("name @ https://user:s3cret@example.com/x.whl ;; bad")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
	assert.Contains(t, err.Error(), "example.com/x.whl")

	// Long inputs are shortened.
	_, err = ParseRequirement(strings.Repeat("a", 10000) + "!")
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 400)
}

func TestRequirementEqual(t *testing.T) {
	tests := []struct {
		a, b  string
		equal bool
	}{
		{`requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7"`,
			`requests[security, tests]>=2.8.1,==2.8.*;python_version<"2.7"`, true},
		{"scikit-learn==1.0.1", "scikit_learn==1.0.1", true},
		{"foo==1.0.0", "foo==1.0.0.0", true},
		{"foo[A_b]", "FOO[a.B]", true},
		{"packaging>20.1", "packaging>=20.1", false},
		{"name @ http://x", "name @ http://x/", false},
		{"name; os_name == 'a'", "name", false},
		{"name; extra == 'A_B'", "name; extra == 'a.b'", true},
	}
	for _, tt := range tests {
		a, err := ParseRequirement(tt.a)
		require.NoError(t, err)
		b, err := ParseRequirement(tt.b)
		require.NoError(t, err)
		assert.Equal(t, tt.equal, a.Equal(b), "%q vs %q", tt.a, tt.b)
		assert.Equal(t, tt.equal, b.Equal(a), "%q vs %q", tt.b, tt.a)
	}
	var nilReq *Requirement
	assert.True(t, nilReq.Equal(nil))
}

func TestNormalizedName(t *testing.T) {
	r, err := ParseRequirement("Zope.Interface__x[Foo_Bar,foo-bar,BAZ]")
	require.NoError(t, err)
	assert.Equal(t, "zope-interface-x", r.NormalizedName())
	assert.Equal(t, []string{"baz", "foo-bar"}, r.NormalizedExtras())
}

// A hostile number of extras is parsed in linear time.
func TestManyExtras(t *testing.T) {
	var b strings.Builder
	b.WriteString("name[")
	for i := range 50000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("e")
		b.WriteString(strings.Repeat("x", i%7))
	}
	b.WriteString("]")
	r, err := ParseRequirement(b.String())
	require.NoError(t, err)
	assert.Len(t, r.Extras, 7)
}
