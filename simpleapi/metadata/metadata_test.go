package metadata

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oracleRecord is one line of testdata/oracle.jsonl, written by
// testdata/email_oracle.py.
type oracleRecord struct {
	File      string      `json:"file"`
	Fields    [][2]string `json:"fields"`
	Body      string      `json:"body"`
	Defects   []string    `json:"defects"`
	Packaging *struct {
		Raw      map[string]any `json:"raw"`
		Unparsed []string       `json:"unparsed"`
	} `json:"packaging"`
}

func readOracle(t *testing.T, r *bufio.Scanner) []oracleRecord {
	t.Helper()
	var recs []oracleRecord
	r.Buffer(nil, 1<<20)
	for r.Scan() {
		var rec oracleRecord
		require.NoError(t, json.Unmarshal(r.Bytes(), &rec))
		recs = append(recs, rec)
	}
	require.NoError(t, r.Err())
	return recs
}

func parseFixture(t *testing.T, name string) *Metadata {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "fixtures", name))
	require.NoError(t, err)
	defer f.Close()
	m, err := Parse(f)
	require.NoError(t, err, name)
	return m
}

// checkEmailView compares the fields and body with Python's email parser.
func checkEmailView(t *testing.T, rec oracleRecord, m *Metadata) {
	t.Helper()
	require.Empty(t, rec.Defects, "fixtures are well-formed")
	var got [][2]string
	for _, f := range m.Fields {
		got = append(got, [2]string{f.Name, f.Value})
	}
	assert.Equal(t, rec.Fields, got, rec.File)
	assert.Equal(t, rec.Body, m.Body, rec.File)
}

// TestOracle compares every fixture with what Python's email parser and
// pypa/packaging 26.4's parse_email made of it (testdata/oracle.jsonl;
// regenerate with
// PYTHONPATH=/path/to/packaging/src python3 testdata/email_oracle.py testdata/fixtures/* > testdata/oracle.jsonl).
func TestOracle(t *testing.T) {
	f, err := os.Open("testdata/oracle.jsonl")
	require.NoError(t, err)
	defer f.Close()
	recs := readOracle(t, bufio.NewScanner(f))
	fixtures, _ := filepath.Glob("testdata/fixtures/*")
	require.Len(t, recs, len(fixtures), "oracle.jsonl is out of date")
	for _, rec := range recs {
		t.Run(rec.File, func(t *testing.T) {
			m := parseFixture(t, rec.File)
			checkEmailView(t, rec, m)
			require.NotNil(t, rec.Packaging)
			raw, unparsed := rec.Packaging.Raw, rec.Packaging.Unparsed
			str := func(key, got string) {
				if strings.Contains(strings.Join(unparsed, " "), strings.ReplaceAll(key, "_", "-")) {
					return
				}
				want, _ := raw[key].(string)
				if key != "description" {
					want = strings.Trim(want, " \t")
				}
				assert.Equal(t, want, got, key)
			}
			list := func(key string, got []string) {
				var want []string
				if v, ok := raw[key].([]any); ok {
					for _, x := range v {
						want = append(want, strings.Trim(x.(string), " \t"))
					}
				}
				assert.Equal(t, want, got, key)
			}
			str("metadata_version", m.MetadataVersion)
			str("name", m.Name)
			str("version", m.Version)
			str("summary", m.Summary)
			str("requires_python", m.RequiresPython)
			str("license", m.License)
			str("license_expression", m.LicenseExpression)
			str("description", m.Description)
			list("requires_dist", m.RequiresDist)
			list("provides_extra", m.ProvidesExtra)
			list("license_files", m.LicenseFiles)
			list("classifiers", m.Classifiers)
			list("dynamic", m.Dynamic)
			if urls, ok := raw["project_urls"].(map[string]any); ok {
				require.Len(t, m.ProjectURLs, len(urls))
				for _, u := range m.ProjectURLs {
					assert.Equal(t, urls[u.Label], u.URL)
				}
			} else {
				assert.Empty(t, m.ProjectURLs)
			}
		})
	}
}

// TestOracleLive runs testdata/email_oracle.py with the machine's Python
// and compares each fixture's fields and body with Parse.
func TestOracleLive(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	fixtures, err := filepath.Glob("testdata/fixtures/*")
	require.NoError(t, err)
	out, err := exec.Command(py, append([]string{"testdata/email_oracle.py"}, fixtures...)...).Output()
	require.NoError(t, err)
	recs := readOracle(t, bufio.NewScanner(bytes.NewReader(out)))
	require.Len(t, recs, len(fixtures))
	for _, rec := range recs {
		checkEmailView(t, rec, parseFixture(t, rec.File))
	}
}

func TestParseFixtures(t *testing.T) {
	m := parseFixture(t, "requests.metadata")
	assert.Equal(t, "requests", m.Name)
	assert.Equal(t, "2.32.3", m.Version)
	assert.Equal(t, ">=3.8", m.RequiresPython)
	assert.Equal(t, []string{"charset-normalizer<4,>=2", "idna<4,>=2.5", "urllib3<3,>=1.21.1", "certifi>=2017.4.17",
		`PySocks!=1.5.7,>=1.5.6; extra == "socks"`, `chardet<6,>=3.0.2; extra == "use_chardet_on_py3"`}, m.RequiresDist)
	assert.Equal(t, []string{"security", "socks", "use_chardet_on_py3"}, m.ProvidesExtra)
	assert.Equal(t, []ProjectURL{{"Documentation", "https://requests.readthedocs.io"}, {"Source", "https://github.com/psf/requests"}}, m.ProjectURLs)
	assert.Equal(t, []string{"Kenneth Reitz"}, m.Other["author"])
	assert.Equal(t, []string{"text/markdown"}, m.Get("DESCRIPTION-CONTENT-TYPE"))
	assert.True(t, strings.HasPrefix(m.Description, "# Requests\n"))
	assert.Equal(t, m.Body, m.Description)

	m = parseFixture(t, "crlf-utf8.metadata")
	assert.Equal(t, "MIT OR Apache-2.0", m.LicenseExpression)
	assert.Equal(t, []string{"LICENSE-MIT", "LICENSES/Apache-2.0.txt"}, m.LicenseFiles)
	assert.Equal(t, []string{"Requires-Dist", "Summary"}, m.Dynamic)
	assert.Equal(t, "An example with é and ✓", m.Summary)
	assert.Equal(t, []ProjectURL{{"Homepage", "https://example.org"}, {"No comma here", ""}}, m.ProjectURLs)
	assert.Equal(t, []string{"spaced value   "}, m.Other["x-custom-field"])
	assert.Equal(t, 12, m.Fields[11].Line)

	m = parseFixture(t, "description-both.metadata")
	assert.Equal(t, "in the header", m.Description)
	assert.Equal(t, "and in the body\n", m.Body)

	m = parseFixture(t, "six-pkg-info.metadata")
	assert.Equal(t, "1.1", m.MetadataVersion)
	assert.Contains(t, m.Description, "\n           :target: https://pypi.org/project/six/\n")

	// Every fixture's Requires-Python parses.
	fixtures, _ := filepath.Glob("testdata/fixtures/*")
	for _, f := range fixtures {
		if rp := parseFixture(t, filepath.Base(f)).RequiresPython; rp != "" {
			_, err := pep440.ParseSpecifierSet(rp)
			assert.NoError(t, err, f)
		}
	}
}

const minimal = "Metadata-Version: 2.1\nName: x\nVersion: 1.0\n"

// TestParseErrors pins error texts: the line and the field are what a
// user needs to find the problem.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, want string
		is       error
	}{
		{"", `metadata: field "Metadata-Version": required field missing`, nil},
		{"Name: x\nVersion: 1\n", `metadata: field "Metadata-Version": required field missing`, nil},
		{"Metadata-Version: 2.1\nVersion: 1\n", `metadata: field "Name": required field missing`, nil},
		{"Metadata-Version: 2.1\nName: x\nVersion:\n", `metadata: line 3: field "Version": required field empty`, nil},
		{minimal + "Name: y\n", `metadata: line 4: field "Name": field given twice (first on line 2)`, nil},
		{minimal + "name: y\n", `metadata: line 4: field "name": field given twice (first on line 2)`, nil},
		{minimal + "Description: a\nDescription: b\n", `metadata: line 5: field "Description": field given twice (first on line 4)`, nil},
		{" x\n" + minimal, `metadata: line 1: continuation line before the first field`, nil},
		{minimal + "not a field\nRequires-Dist: evil\n", `metadata: line 4: line is neither a field nor a continuation line; the header block must end with an empty line: "not a field"`, nil},
		{minimal + "Bad Name: x\n", `metadata: line 4: line is neither a field nor a continuation line; the header block must end with an empty line: "Bad Name: x"`, nil},
		{minimal + ": x\n", `metadata: line 4: field with an empty name`, nil},
		{"From someone\n" + minimal, `metadata: line 1: unexpected mbox "From " line`, nil},
		{"\xef\xbb\xbf" + minimal, `metadata: line 1: line is neither a field nor a continuation line; the header block must end with an empty line: "\ufeffMetadata-Version: 2.1"`, nil},
		{minimal + "Summary: \xff\n", `metadata: line 4: invalid UTF-8 at byte offset 52`, nil},
		{"Metadata-Version: 3.0\nName: x\nVersion: 1\n", `metadata: line 1: field "Metadata-Version": unsupported metadata version 3.0: this package reads 1.x and 2.x`, ErrUnsupportedVersion},
		{"Metadata-Version: 2\nName: x\nVersion: 1\n", `metadata: line 1: field "Metadata-Version": "2" is not of the form MAJOR.MINOR`, nil},
		{"Metadata-Version: 0.9\nName: x\nVersion: 1\n", `metadata: line 1: field "Metadata-Version": "0.9" is not a metadata version`, nil},
		{"Metadata-Version: 2.1\nName: -x\nVersion: 1\n", `metadata: line 2: field "Name": simpleapi: invalid project name "-x": must start and end with an ASCII letter or digit`, simpleapi.ErrInvalidName},
		{"Metadata-Version: 2.1\nName: x\nVersion: one\n", `metadata: line 3: field "Version": invalid version "one": expected a release number at offset 0`, pep440.ErrInvalidVersion},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.in))
		require.Error(t, err, "%q", tt.in)
		assert.Equal(t, tt.want, err.Error(), "%q", tt.in)
		assert.ErrorIs(t, err, ErrInvalidMetadata)
		if tt.is != nil {
			assert.ErrorIs(t, err, tt.is)
		}
		var e *Error
		assert.ErrorAs(t, err, &e)
	}
}

func TestParseLimitsAndSource(t *testing.T) {
	p := &Parser{Source: "https://user:secret@idx.example/f.whl.metadata", MaxSize: 10}
	_, err := p.Parse(strings.NewReader(minimal))
	assert.EqualError(t, err, "metadata: https://user:xxxxx@idx.example/f.whl.metadata: file larger than 10 bytes: core metadata file too large")
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.NotContains(t, err.Error(), "secret")

	// Exactly at the limit is fine.
	p.MaxSize = int64(len(minimal))
	_, err = p.Parse(strings.NewReader(minimal))
	assert.NoError(t, err)

	_, err = Parse(iotest.ErrReader(errors.New("connection reset")))
	assert.EqualError(t, err, "metadata: reading the file failed: connection reset")
}

func digests(data string) (sha, s512, m5 string) {
	a, b, c := sha256.Sum256([]byte(data)), sha512.Sum512([]byte(data)), md5.Sum([]byte(data))
	return fmt.Sprintf("%x", a), fmt.Sprintf("%x", b), fmt.Sprintf("%x", c)
}

func TestParseVerified(t *testing.T) {
	sha, s512, m5 := digests(minimal)
	badSHA, _, badMD5 := digests(minimal + " ")
	ok := []map[string]string{
		{"sha256": sha},
		{"sha256": strings.ToUpper(sha)},
		{"SHA256": sha},
		{"sha512": s512},
		{"sha256": sha, "md5": m5, "blake2b": "whatever"},
	}
	for _, h := range ok {
		m, err := ParseVerified(strings.NewReader(minimal), h)
		require.NoError(t, err, h)
		assert.Equal(t, "x", m.Name)
	}
	p := &Parser{Source: "https://idx.example/x-1.0-py3-none-any.whl.metadata"}
	tests := []struct {
		hashes map[string]string
		want   string
		is     error
	}{
		{map[string]string{"sha256": badSHA},
			"metadata: https://idx.example/x-1.0-py3-none-any.whl.metadata: sha256 is " + sha + ", the index says " + badSHA + ": file content does not match its hash",
			simpleapi.ErrHashMismatch},
		{map[string]string{"sha256": sha, "md5": badMD5},
			"metadata: https://idx.example/x-1.0-py3-none-any.whl.metadata: md5 is " + m5 + ", the index says " + badMD5 + ": file content does not match its hash",
			simpleapi.ErrHashMismatch},
		{map[string]string{"sha256": "abc"},
			`metadata: https://idx.example/x-1.0-py3-none-any.whl.metadata: the index's sha256 digest "abc" is not 32 hex bytes: file content does not match its hash`,
			simpleapi.ErrHashMismatch},
		{map[string]string{"md5": m5},
			"metadata: https://idx.example/x-1.0-py3-none-any.whl.metadata: the index gave only md5: no sha256, sha384 or sha512 hash to verify the file",
			simpleapi.ErrNoSecureHash},
		{nil,
			"metadata: https://idx.example/x-1.0-py3-none-any.whl.metadata: the index gave no hash for the file: no sha256, sha384 or sha512 hash to verify the file",
			simpleapi.ErrNoSecureHash},
	}
	for _, tt := range tests {
		_, err := p.ParseVerified(strings.NewReader(minimal), tt.hashes)
		require.Error(t, err)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, tt.is)
		assert.NotErrorIs(t, err, ErrInvalidMetadata)
		var he *HashError
		assert.ErrorAs(t, err, &he)
	}

	// The hash is checked before parsing: a file that would not parse
	// reports the mismatch.
	_, err := ParseVerified(strings.NewReader("garbage"), map[string]string{"sha256": sha})
	assert.ErrorIs(t, err, simpleapi.ErrHashMismatch)
	// Without a secure hash the file is not even read.
	_, err = ParseVerified(iotest.ErrReader(errors.New("must not be read")), map[string]string{"md5": m5})
	assert.ErrorIs(t, err, simpleapi.ErrNoSecureHash)
}
