package policy

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

const sha = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"

func goodFile() simpleapi.File {
	return simpleapi.File{
		Filename:   "foo-1.0-py3-none-any.whl",
		URL:        "https://files.pythonhosted.org/packages/ab/foo-1.0-py3-none-any.whl",
		Hashes:     map[string]string{"sha256": sha},
		UploadTime: now.Add(-30 * 24 * time.Hour),
	}
}

func codes(v Verdict) []Code {
	var out []Code
	for _, r := range v.Reasons {
		out = append(out, r.Code)
	}
	return out
}

func TestCheckFile(t *testing.T) {
	pypi := Source{Name: "pypi", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}}
	private := Source{Name: "private", URL: "https://pkgs.example/simple/", AllowMissingUploadTime: true}
	tests := []struct {
		desc   string
		src    Source
		rules  Rules
		file   func(*simpleapi.File)
		check  func(*FileCheck)
		ok     bool
		yanked bool
		codes  []Code
	}{
		{desc: "a good file", src: pypi, ok: true},
		{desc: "no hash", src: pypi, file: func(f *simpleapi.File) { f.Hashes = map[string]string{} }, codes: []Code{CodeNoHash}},
		{desc: "md5 only is refused by default", src: pypi, file: func(f *simpleapi.File) { f.Hashes = map[string]string{"md5": "abc"} }, codes: []Code{CodeNoHash}},
		{desc: "md5 accepted when listed", src: pypi, rules: Rules{HashAlgorithms: []string{"md5"}},
			file: func(f *simpleapi.File) { f.Hashes = map[string]string{"md5": "abc"} }, ok: true},
		{desc: "missing hashes allowed", src: pypi, rules: Rules{AllowMissingHashes: true}, file: func(f *simpleapi.File) { f.Hashes = nil }, ok: true},
		{desc: "pinned hash matches", src: pypi, check: func(c *FileCheck) { c.PinnedHashes = []Hash{{"sha256", sha}} }, ok: true},
		{desc: "pinned hash differs: the file changed", src: pypi, check: func(c *FileCheck) { c.PinnedHashes = []Hash{{"sha256", "00" + sha[2:]}} }, codes: []Code{CodeHashNotPinned}},
		{desc: "a file from an unknown host", src: pypi, file: func(f *simpleapi.File) { f.URL = "https://evil.example/foo-1.0-py3-none-any.whl" }, codes: []Code{CodeFileHost}},
		{desc: "any host allowed", src: pypi, rules: Rules{AllowAnyFileHost: true}, file: func(f *simpleapi.File) { f.URL = "https://cdn.example/x.whl" }, ok: true},
		{desc: "the source's own host", src: private, file: func(f *simpleapi.File) { f.URL = "https://PKGS.example/files/foo-1.0-py3-none-any.whl" }, ok: true},
		{desc: "a file URL that is not http(s)", src: private, file: func(f *simpleapi.File) { f.URL = "ftp://pkgs.example/x.whl" }, codes: []Code{CodeFileHost}},
		{desc: "requires-python excludes the target", src: pypi, file: func(f *simpleapi.File) { f.RequiresPython = ">=3.13" }, codes: []Code{CodeRequiresPython}},
		{desc: "requires-python includes the target", src: pypi, file: func(f *simpleapi.File) { f.RequiresPython = ">=3.8, <4" }, ok: true},
		{desc: "an invalid requires-python is ignored, as pip does", src: pypi, file: func(f *simpleapi.File) { f.RequiresPython = ">=3.8.*" }, ok: true, codes: []Code{CodeRequiresPython}},
		{desc: "requires-python ignored", src: pypi, rules: Rules{IgnoreRequiresPython: true}, file: func(f *simpleapi.File) { f.RequiresPython = ">=4" }, ok: true},
		{desc: "uploaded an hour ago", src: pypi, rules: Rules{MinReleaseAge: 7 * 24 * time.Hour}, file: func(f *simpleapi.File) { f.UploadTime = now.Add(-time.Hour) }, codes: []Code{CodeTooNew}},
		{desc: "old enough", src: pypi, rules: Rules{MinReleaseAge: 7 * 24 * time.Hour}, ok: true},
		{desc: "after the cutoff", src: pypi, rules: Rules{UploadCutoff: now.Add(-60 * 24 * time.Hour)}, codes: []Code{CodeTooNew}},
		{desc: "no upload time with an age rule", src: pypi, rules: Rules{MinReleaseAge: time.Hour}, file: func(f *simpleapi.File) { f.UploadTime = time.Time{} }, codes: []Code{CodeNoUploadTime}},
		{desc: "no upload time, allowed by the source", src: private, rules: Rules{MinReleaseAge: time.Hour},
			file: func(f *simpleapi.File) { f.UploadTime = time.Time{}; f.URL = "https://pkgs.example/f.whl" }, ok: true, codes: []Code{CodeNoUploadTime}},
		{desc: "bypass in force", src: pypi, rules: Rules{MinReleaseAge: 7 * 24 * time.Hour, AgeBypasses: []Bypass{{"foo", "CVE fix", now.Add(time.Hour)}}},
			file: func(f *simpleapi.File) { f.UploadTime = now.Add(-time.Hour) }, ok: true, codes: []Code{CodeAgeBypass}},
		{desc: "bypass expired", src: pypi, rules: Rules{MinReleaseAge: 7 * 24 * time.Hour, AgeBypasses: []Bypass{{"foo", "CVE fix", now.Add(-time.Hour)}}},
			file: func(f *simpleapi.File) { f.UploadTime = now.Add(-time.Hour) }, codes: []Code{CodeAgeBypass, CodeTooNew}},
		{desc: "denied version", src: pypi, rules: Rules{Deny: []PackageRule{{Package: "foo", Specifier: pep440.MustParseSpecifierSet("<2"), Reason: "CVE-2026-1"}}}, codes: []Code{CodeDenied}},
		{desc: "deny on other versions", src: pypi, rules: Rules{Deny: []PackageRule{{Package: "foo", Specifier: pep440.MustParseSpecifierSet(">=2")}}}, ok: true},
		{desc: "not on the allow list", src: pypi, rules: Rules{Allow: []PackageRule{{Package: "bar"}}}, codes: []Code{CodeNotAllowed}},
		{desc: "on the allow list", src: pypi, rules: Rules{Allow: []PackageRule{{Package: "FOO"}}}, ok: true},
		{desc: "yanked: left to the resolver", src: pypi, file: func(f *simpleapi.File) { f.Yanked = true }, ok: true, yanked: true},
		{desc: "yanked refused", src: pypi, rules: Rules{RefuseYanked: true}, file: func(f *simpleapi.File) { f.Yanked = true }, codes: []Code{CodeYanked}},
		{desc: "yanked allowed", src: pypi, rules: Rules{AllowYanked: true}, file: func(f *simpleapi.File) { f.Yanked = true }, ok: true, codes: []Code{CodeYanked}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			p := &Policy{Sources: []Source{tt.src}, Rules: tt.rules}
			require.NoError(t, p.Validate())
			f := goodFile()
			if tt.file != nil {
				tt.file(&f)
			}
			c := &FileCheck{Package: "foo", Source: &p.Sources[0], File: &f, Version: pep440.MustParse("1.0"),
				Python: pep440.MustParse("3.12.4"), HasPython: true, Now: now}
			if tt.check != nil {
				tt.check(c)
			}
			v := p.CheckFile(c)
			assert.Equal(t, tt.ok, v.OK, "%v", v.Reasons)
			assert.Equal(t, tt.yanked, v.Yanked)
			assert.Equal(t, tt.codes, codes(v))
			for _, r := range v.Reasons {
				assert.Contains(t, r.Message, f.Filename)
				assert.Equal(t, "foo", r.Package)
			}
		})
	}
}

func TestCheckFileMessages(t *testing.T) {
	p := &Policy{Sources: []Source{{Name: "pypi", URL: "https://pypi.org/simple/"}}, Rules: Rules{MinReleaseAge: 72 * time.Hour}}
	f := goodFile()
	f.Hashes = map[string]string{"md5": "abc"}
	f.UploadTime = now.Add(-90 * time.Minute)
	v := p.CheckFile(&FileCheck{Package: "foo", Source: &p.Sources[0], File: &f, Version: pep440.MustParse("1.0"), Now: now})
	var msgs []string
	for _, r := range v.Reasons {
		msgs = append(msgs, r.Message)
	}
	assert.Equal(t, []string{
		"foo-1.0-py3-none-any.whl: the index gives only md5, and the policy accepts sha256, sha384, sha512",
		`foo-1.0-py3-none-any.whl: served from "files.pythonhosted.org", which is neither the host of source "pypi" nor one of its file hosts`,
		"foo-1.0-py3-none-any.whl: uploaded 1h30m0s ago, and the policy wants files at least 72h0m0s old",
	}, msgs)
}

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{SeverityInfo, SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical} {
		got, err := ParseSeverity(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	got, err := ParseSeverity("Warning")
	require.NoError(t, err)
	assert.Equal(t, SeverityMedium, got)
	_, err = ParseSeverity("loud")
	assert.Error(t, err)
	max, ok := MaxSeverity([]Finding{{Severity: SeverityLow}, {Severity: SeverityCritical}, {}})
	assert.True(t, ok)
	assert.Equal(t, SeverityCritical, max)
	_, ok = MaxSeverity(nil)
	assert.False(t, ok)
}

func TestSplitHost(t *testing.T) {
	tests := []struct{ in, scheme, host string }{
		{"https://Files.Example:8443/a/b.whl", "https", "files.example"},
		{"HTTPS://user:pw@host/x", "https", "host"},
		{"http://[::1]:8080/x", "http", "::1"},
		{"file:///srv/w/x.whl", "file", ""},
		{"../x.whl", "", ""},
		{"https://h?x=@evil", "https", "h"},
	}
	for _, tt := range tests {
		scheme, host, ok := splitHost(tt.in)
		assert.True(t, ok, tt.in)
		assert.Equal(t, tt.scheme, scheme, tt.in)
		assert.Equal(t, tt.host, host, tt.in)
	}
}

func TestFileHostMessageNeverQuotesTheURL(t *testing.T) {
	p := &Policy{Sources: []Source{{Name: "pypi", URL: "https://pypi.org/simple/"}}}
	for _, u := range []string{"https://user:s3cret@evil.example/x.whl?sig=s3cret", "not a url with s3cret"} {
		f := goodFile()
		f.URL = u
		v := p.CheckFile(&FileCheck{Package: "foo", Source: &p.Sources[0], File: &f, Version: pep440.MustParse("1.0"), Now: now})
		require.False(t, v.OK)
		for _, r := range v.Reasons {
			assert.NotContains(t, r.Message, "s3cret")
		}
	}
}
