package config

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
)

// env is a fixed environment for tests.
func env(vars map[string]string) Option {
	return WithEnv(func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	})
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestLoadExampleFile(t *testing.T) {
	pol, notes, err := LoadFile(os.DirFS("testdata"), "safeindex.toml", env(map[string]string{"CI_TOKEN": "tok"}))
	require.NoError(t, err)
	assert.Empty(t, notes)
	want := &policy.Policy{
		Strategy: policy.Strict,
		Sources: []policy.Source{
			{Name: "internal", URL: "https://tok@pypi.acme.example/simple/", Claims: []string{"acme-*", "internal-tools"}},
			{Name: "pytorch", URL: "https://download.pytorch.org/whl/cpu/", Explicit: true},
			{Name: "pypi", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}},
		},
		Pins:      []policy.Pin{{Package: "torch", Source: "pytorch"}, {Package: "torchvision", Source: "pytorch"}},
		Relations: []policy.Relation{{Source: "internal", Kind: policy.Extends, Of: "pypi"}},
		Rules: policy.Rules{
			HashAlgorithms: []string{"sha256"},
			UploadCutoff:   date(2026, 8, 1),
			MinReleaseAge:  7 * 24 * time.Hour,
			AgeBypasses:    []policy.Bypass{{Package: "cryptography", Reason: "CVE fix released yesterday", Expires: date(2026, 9, 15)}},
			Deny:           []policy.PackageRule{{Package: "requests", Specifier: pep440.MustParseSpecifierSet("==2.32.0"), Reason: "broken release"}},
		},
	}
	assert.Equal(t, want, pol)
}

const oneSource = "[[source]]\nname = \"a\"\nurl = \"https://a.example/simple/\"\n"

func TestSafeindex(t *testing.T) {
	src := policy.Source{Name: "a", URL: "https://a.example/simple/"}
	tests := []struct {
		name string
		doc  string
		want policy.Policy
	}{
		{"minimal", oneSource, policy.Policy{Sources: []policy.Source{src}}},
		{
			"every source key",
			`[[source]]
name = "a"
url = "https://a.example/simple/"
explicit = false
claims = ["acme-*", "Acme_Tools"]
file-hosts = ["files.a.example", "*"]
allow-missing-upload-time = true
`,
			policy.Policy{Sources: []policy.Source{{Name: "a", URL: "https://a.example/simple/", Claims: []string{"acme-*", "Acme_Tools"}, FileHosts: []string{"files.a.example", "*"}, AllowMissingUploadTime: true}}},
		},
		{
			// [pins] and [[pin]] merge in file order: the first match wins.
			"pins in file order",
			oneSource + `
[[pin]]
package = "first"
source = "a"

[pins]
second = "a"
"third.x" = "a"

[[pin]]
package = "fourth-*"
source = "a"
`,
			policy.Policy{Sources: []policy.Source{src}, Pins: []policy.Pin{{Package: "first", Source: "a"}, {Package: "second", Source: "a"}, {Package: "third.x", Source: "a"}, {Package: "fourth-*", Source: "a"}}},
		},
		{
			"strategy, merge, pep708, namespaces",
			`strategy = "first-index"
merge = ["numpy", "scipy-*"]
trust-pep708 = true
` + oneSource + `
[[source]]
name = "pypi"
url = "https://pypi.org/simple/"

[[relation]]
source = "a"
kind = "mirrors"
of = "pypi"

[[namespace]]
pattern = "acme-*"
source = "pypi"
namespace = "acme"
`,
			policy.Policy{
				Strategy:    policy.FirstIndex,
				Merge:       []string{"numpy", "scipy-*"},
				TrustPEP708: true,
				Sources:     []policy.Source{src, {Name: "pypi", URL: "https://pypi.org/simple/"}},
				Relations:   []policy.Relation{{Source: "a", Kind: policy.Mirrors, Of: "pypi"}},
				Namespaces:  []policy.NamespaceRule{{Pattern: "acme-*", Source: "pypi", Namespace: "acme"}},
			},
		},
		{
			"every rule",
			oneSource + `
[rules]
hash-algorithms = ["sha256", "sha512", "md5"]
allow-missing-hashes = true
refuse-yanked = true
ignore-requires-python = true
upload-cutoff = 2026-05-01T12:30:00+02:00
min-release-age = "P1DT12H"
allow-quarantined = true
allow-any-file-host = true

[[rules.age-bypass]]
package = "urllib3"
reason = "security fix"
expires = "2026-09-01T00:00:00Z"

[[rules.allow]]
package = "django"
specifier = ">=5, <6"

[[rules.allow]]
package = "acme-*"

[[rules.deny]]
package = "evil"
reason = "malware"
`,
			policy.Policy{Sources: []policy.Source{src}, Rules: policy.Rules{
				HashAlgorithms:       []string{"sha256", "sha512", "md5"},
				AllowMissingHashes:   true,
				RefuseYanked:         true,
				IgnoreRequiresPython: true,
				UploadCutoff:         time.Date(2026, 5, 1, 12, 30, 0, 0, time.FixedZone("", 2*3600)),
				MinReleaseAge:        36 * time.Hour,
				AllowQuarantined:     true,
				AllowAnyFileHost:     true,
				AgeBypasses:          []policy.Bypass{{Package: "urllib3", Reason: "security fix", Expires: date(2026, 9, 1)}},
				Allow:                []policy.PackageRule{{Package: "django", Specifier: pep440.MustParseSpecifierSet(">=5, <6")}, {Package: "acme-*"}},
				Deny:                 []policy.PackageRule{{Package: "evil", Reason: "malware"}},
			}},
		},
		{
			"cutoff as a string date, inline source array",
			"source = [{name = \"a\", url = \"https://a.example/simple/\"}]\n[rules]\nupload-cutoff = \"2026-02-03\"\nallow-yanked = true\n",
			policy.Policy{Sources: []policy.Source{src}, Rules: policy.Rules{UploadCutoff: date(2026, 2, 3), AllowYanked: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, notes, err := Load("safeindex.toml", []byte(tt.doc))
			require.NoError(t, err)
			assert.Empty(t, notes)
			require.NotNil(t, pol)
			if !tt.want.Rules.UploadCutoff.IsZero() {
				assert.True(t, tt.want.Rules.UploadCutoff.Equal(pol.Rules.UploadCutoff))
				tt.want.Rules.UploadCutoff = pol.Rules.UploadCutoff
			}
			assert.Equal(t, &tt.want, pol)
		})
	}
}

// The error messages are user interface: pinned here.
func TestSafeindexErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		is   error
		want string
	}{
		{"bad duration", oneSource + "[rules]\n  min-release-age = \"7 dayz\"\n", ErrInvalidValue,
			`safeindex.toml:5:21: rules.min-release-age: "7 dayz" is not a duration: unknown unit "dayz" (use s, m, h, d or w)`},
		{"duration as a number", oneSource + "[rules]\nmin-release-age = 7\n", ErrInvalidValue,
			`safeindex.toml:5:19: rules.min-release-age: want a duration string such as "7d" or "P7D", got an integer`},
		{"unknown top-level key", "stratgy = \"strict\"\n" + oneSource, ErrUnknownKey,
			`safeindex.toml:1:1: stratgy: unknown key; known keys are strategy, source, pin, pins, merge, relation, trust-pep708, namespace, rules`},
		{"snake case", oneSource + "[rules]\nallow_yanked = true\n", ErrUnknownKey,
			`safeindex.toml:5:1: rules.allow_yanked: unknown key (did you mean "allow-yanked"?); known keys are hash-algorithms, allow-missing-hashes, allow-yanked, refuse-yanked, ignore-requires-python, upload-cutoff, min-release-age, age-bypass, allow-quarantined, allow, deny, allow-any-file-host`},
		{"missing url", "[[source]]\nname = \"a\"\n", ErrMissingKey,
			`safeindex.toml:1:3: source[0]: missing required key "url"`},
		{"empty name", "[[source]]\nname = \"\"\nurl = \"https://a/\"\n", ErrInvalidValue,
			`safeindex.toml:2:8: source[0].name: must not be empty`},
		{"wrong type", oneSource + "explicit = \"yes\"\n", ErrInvalidValue,
			`safeindex.toml:4:12: source[0].explicit: want a boolean (true or false), got a string`},
		{"bad claim", oneSource + "claims = [\"ok\", \"bad/name\"]\n", ErrInvalidValue,
			`safeindex.toml:4:17: source[0].claims[1]: pattern "bad/name": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
		{"file host with scheme", oneSource + "file-hosts = [\"https://files.example\"]\n", ErrInvalidValue,
			`safeindex.toml:4:15: source[0].file-hosts[0]: "https://files.example" is not a host name (write the host alone, without scheme, port or path)`},
		{"unknown source in pin", oneSource + "[pins]\nx = \"b\"\n", ErrUnknownSource,
			`safeindex.toml:5:5: pins.x: no source is named "b" (sources: a)`},
		{"unknown relation", oneSource + "[[relation]]\nsource = \"a\"\nkind = \"copies\"\nof = \"a\"\n", ErrInvalidValue,
			`safeindex.toml:6:8: relation[0].kind: unknown relation "copies" (want "mirrors" or "extends")
safeindex.toml:7:6: relation[0].of: source "a" cannot relate to itself`},
		{"local date-time", oneSource + "[rules]\nupload-cutoff = 2026-01-01T00:00:00\n", ErrInvalidValue,
			`safeindex.toml:5:17: rules.upload-cutoff: date-time 2026-01-01T00:00:00 has no UTC offset; add one, such as Z`},
		{"bad date string", oneSource + "[rules]\nupload-cutoff = \"yesterday\"\n", ErrInvalidValue,
			`safeindex.toml:5:17: rules.upload-cutoff: "yesterday" is not an RFC 3339 date-time or a date: want a date (2006-01-02) or a date-time with an offset (2006-01-02T15:04:05Z)`},
		{"hash algorithm", oneSource + "[rules]\nhash-algorithms = [\n  \"sha256\",\n  \"crc32\",\n]\n", ErrInvalidValue,
			`safeindex.toml:7:3: rules.hash-algorithms[1]: unknown hash algorithm "crc32" (want md5, sha1, sha224, sha256, sha384 or sha512)`},
		{"specifier", oneSource + "[[rules.deny]]\npackage = \"x\"\nspecifier = \"=>1\"\n", ErrInvalidValue,
			`safeindex.toml:6:13: rules.deny[0].specifier: "=>1" is not a version specifier: invalid specifier "=>1": no operator: a clause starts with one of ~= == != <= >= < > ===`},
		{"bypass without expiry", oneSource + "[[rules.age-bypass]]\npackage = \"x\"\nreason = \"r\"\n", ErrMissingKey,
			`safeindex.toml:4:3: rules.age-bypass[0]: missing required key "expires": a bypass must end`},
		{"yanked both ways", oneSource + "[rules]\nallow-yanked = true\nrefuse-yanked = true\n", ErrInvalidValue,
			`safeindex.toml:6:17: rules.refuse-yanked: cannot be true together with allow-yanked`},
		{"duplicate source", oneSource + oneSource, ErrInvalidValue,
			`safeindex.toml:5:8: source[1].name: two sources are named "a"`},
		{"strategy", "strategy = 'merge'\n" + oneSource, ErrInvalidValue,
			`safeindex.toml:1:12: strategy: unknown strategy "merge" (want "first-index" or "strict")`},
		{"syntax", oneSource + "claims = [\"a\"\n", ErrSyntax,
			`safeindex.toml:5:1: invalid TOML: expected character ] but the document ended here`},
		{"duplicate key", oneSource + "name = \"b\"\n", ErrSyntax,
			`safeindex.toml:4:1: source[0].name: invalid TOML: key is defined twice`},
		{"table twice", oneSource + "[rules]\n[rules]\n", ErrSyntax,
			`safeindex.toml:5:2: rules: invalid TOML: key is defined twice`},
		{"undefined variable", "[[source]]\nname = \"a\"\nurl = \"https://${TOKEN}@a.example/simple/\"\n", ErrUndefinedVariable,
			`safeindex.toml:3:7: source[0].url: refers to environment variable TOKEN, but no environment was given (WithEnv)`},
		{"too deep", "x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n", ErrSyntax,
			`safeindex.toml:1: arrays and inline tables nest deeper than 32 levels`},
		// Read well, refused by policy.Validate.
		{"no source", "strategy = \"strict\"\n", policy.ErrInvalidPolicy,
			`safeindex.toml: invalid policy: no sources`},
		// Conflicts between entries, reported where the second one is.
		{"claim everything", oneSource + "claims = [\"*\"]\n", ErrInvalidValue,
			`safeindex.toml:4:11: source[0].claims[0]: claim "*" claims every name; make the source the only one instead`},
		{"claimed twice", oneSource + "claims = [\"acme-*\"]\n[[source]]\nname = \"b\"\nurl = \"https://b/\"\nclaims = [\"six\", \"ACME_*\"]\n", ErrInvalidValue,
			`safeindex.toml:8:18: source[1].claims[1]: "ACME_*" is claimed by both "a" and "b"`},
		{"overlapping claims", oneSource + "claims = [\"acme-*\"]\n[[source]]\nname = \"b\"\nurl = \"https://b/\"\nclaims = [\"*-tools\"]\n", ErrInvalidValue,
			`safeindex.toml:8:11: source[1].claims[0]: "*-tools" of "b" overlaps "acme-*" of "a": a name that matches both would be claimed by two sources`},
		{"claim of a source with errors", "[[source]]\nname = \"a\"\nclaims = [\"x\"]\n[[source]]\nname = \"b\"\nurl = \"https://b/\"\nclaims = [\"x\"]\n", ErrMissingKey,
			`safeindex.toml:1:3: source[0]: missing required key "url"`},
		{"pinned pattern and merged name", "merge = [\"acme-tools\"]\n" + oneSource + "[pins]\n\"acme-*\" = \"a\"\n", ErrInvalidValue,
			`safeindex.toml:1:10: merge[0]: "acme-*" is both pinned to "a" and merged across sources`},
		{"pinned and merged", "merge = [\"x\", \"acme-*\"]\n" + oneSource + "[pins]\nAcme_Tools = \"a\"\n", ErrInvalidValue,
			`safeindex.toml:1:15: merge[1]: "Acme_Tools" is both pinned to "a" and merged across sources`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, _, err := Load("safeindex.toml", []byte(tt.doc))
			require.Error(t, err)
			assert.Nil(t, pol)
			assert.ErrorIs(t, err, tt.is)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "safeindex.toml", e.File)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestSafeindexManyErrors(t *testing.T) {
	doc := "[[source]]\nname = 1\nurl = 2\nexplicit = 3\n[rules]\nallow-yanked = 4\nbogus = 5\n"
	_, _, err := Load("safeindex.toml", []byte(doc))
	require.Error(t, err)
	// Every problem, in file order.
	assert.Equal(t, `safeindex.toml:2:8: source[0].name: want a string, got an integer
safeindex.toml:3:7: source[0].url: want a string, got an integer
safeindex.toml:4:12: source[0].explicit: want a boolean (true or false), got an integer
safeindex.toml:6:16: rules.allow-yanked: want a boolean (true or false), got an integer
safeindex.toml:7:1: rules.bogus: unknown key; known keys are hash-algorithms, allow-missing-hashes, allow-yanked, refuse-yanked, ignore-requires-python, upload-cutoff, min-release-age, age-bypass, allow-quarantined, allow, deny, allow-any-file-host`, err.Error())
	assert.ErrorIs(t, err, ErrUnknownKey)
	assert.ErrorIs(t, err, ErrInvalidValue)

	// The count is capped.
	_, _, err = Load("safeindex.toml", []byte(strings.Repeat("x = 1\n[[source]]\n", 50)))
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), maxErrors+1)
}

func TestEnvironment(t *testing.T) {
	const secret = "s3cr3t-t0ken"
	vars := map[string]string{"USER": "ci", "TOKEN": secret}
	doc := "[[source]]\nname = \"a\"\nurl = \"https://${USER}:${TOKEN}@a.example/simple/$HOME/x\"\n"
	pol, _, err := Load("safeindex.toml", []byte(doc), env(vars))
	require.NoError(t, err)
	// $HOME without braces is not a reference in safeindex.toml.
	assert.Equal(t, "https://ci:"+secret+"@a.example/simple/$HOME/x", pol.Sources[0].URL)
	assert.NotContains(t, pol.Sources[0].String(), secret)

	// An unset variable is named, never a value.
	doc2 := "[[source]]\nname = \"a\"\nurl = \"https://${TOKEN}@a.example/${MISSING}/\"\n"
	_, _, err = Load("safeindex.toml", []byte(doc2), env(vars))
	require.ErrorIs(t, err, ErrUndefinedVariable)
	assert.Equal(t, "safeindex.toml:3:7: source[0].url: environment variable MISSING is not set", err.Error())

	// A URL that Validate refuses, after expansion, does not show the
	// secret either.
	doc3 := "[[source]]\nname = \"a\"\nurl = \"https://ci:${TOKEN}@a.example:port/\"\n"
	_, _, err = Load("safeindex.toml", []byte(doc3), env(vars))
	require.ErrorIs(t, err, policy.ErrInvalidPolicy)
	assert.NotContains(t, err.Error(), secret)
}

func TestErrorAndNoteText(t *testing.T) {
	e := &Error{File: "f", Msg: "m", Err: ErrSyntax}
	assert.Equal(t, "f: m", e.Error())
	assert.True(t, errors.Is(e, ErrSyntax))
	e = &Error{File: "f", Line: 3, Key: "k", Msg: "m"}
	assert.Equal(t, "f:3: k: m", e.Error())
	n := Note{File: "f", Line: 2, Column: 5, Key: "k", Severity: policy.SeverityHigh, Message: "m"}
	assert.Equal(t, "f:2:5: high: k: m", n.String())
	n = Note{File: "f", Severity: policy.SeverityInfo, Message: "m"}
	assert.Equal(t, "f: info: m", n.String())
}
