package osv_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy/osv"
)

var fixtures = sync.OnceValues(func() (*osv.DB, error) {
	return osv.LoadFS(context.Background(), "testdata/good", os.DirFS("testdata/good"))
})

func loadFixtures(t testing.TB) *osv.DB {
	t.Helper()
	db, err := fixtures()
	require.NoError(t, err)
	return db
}

// summarize returns "ID>FixedIn" for each advisory.
func summarize(advs []osv.Advisory) []string {
	var out []string
	for _, a := range advs {
		out = append(out, a.ID+">"+a.FixedIn)
	}
	return out
}

// affectedTests run against the fixtures in testdata/good, loaded from the
// folder and from a zip. Each row is a project, a version, and "ID>FixedIn"
// for every advisory that affects it.
var affectedTests = []struct {
	name, version string
	want          []string
}{
	// jinja2: PYSEC-2021-66 merges GHSA-g3rq-g295-4j3m and CVE-2020-28493.
	{"jinja2", "2.10", []string{"PYSEC-2021-66>2.11.3", "GHSA-h5c8-rqwp-cp95>3.1.3"}},
	{"Jinja2", "2.11.3rc1", []string{"PYSEC-2021-66>2.11.3", "GHSA-h5c8-rqwp-cp95>3.1.3"}},    // pre-release of the fix: below it
	{"jinja2", "2.11.2.post1", []string{"PYSEC-2021-66>2.11.3", "GHSA-h5c8-rqwp-cp95>3.1.3"}}, // post-release of an affected one
	{"jinja2", "2.11.3", []string{"GHSA-h5c8-rqwp-cp95>3.1.3"}},
	{"jinja2", "2.11.3+local.1", []string{"GHSA-h5c8-rqwp-cp95>3.1.3"}}, // local version sorts above the fix
	{"JINJA2", "3.1.4", []string{"GHSA-gmj6-6f8f-6699>3.1.5"}},
	{"jinja2", "3.1.5", nil},
	{"jinja2", "1!0.1", nil}, // epoch 1 is above every epoch-0 version
	// urllib3: two ranges per advisory; PYSEC-2023-192 lists its events out of order.
	{"urllib3", "1.26.16", []string{"PYSEC-2023-192>1.26.17", "GHSA-34jh-p97f-mpxf>1.26.19", "GHSA-g4mx-q9vg-27p4>1.26.18"}},
	{"urllib3", "1.26.17", []string{"GHSA-34jh-p97f-mpxf>1.26.19", "GHSA-g4mx-q9vg-27p4>1.26.18"}},
	{"urllib3", "1.26.19", nil},
	{"urllib3", "2.0.0a1", nil}, // a pre-release of 2.0.0 is below introduced 2.0.0
	{"urllib3", "2.0.0", []string{"PYSEC-2023-192>2.0.6", "GHSA-34jh-p97f-mpxf>2.2.2", "GHSA-g4mx-q9vg-27p4>2.0.7"}},
	{"urllib3", "2.0.5", []string{"PYSEC-2023-192>2.0.6", "GHSA-34jh-p97f-mpxf>2.2.2", "GHSA-g4mx-q9vg-27p4>2.0.7"}},
	{"urllib3", "2.2.1", []string{"GHSA-34jh-p97f-mpxf>2.2.2"}},
	{"urllib3", "2.2.2", nil},
	// requests
	{"requests", "2.2.1", []string{"GHSA-9wx4-h78v-vm56>2.32.0"}},
	{"requests", "2.3", []string{"PYSEC-2023-74>2.31.0", "GHSA-9wx4-h78v-vm56>2.32.0"}},
	{"requests", "2.31.0", []string{"GHSA-9wx4-h78v-vm56>2.32.0"}},
	// django: the PYSEC YAML record merges the GHSA JSON one; the
	// withdrawn GHSA-9qx6-2p8c-4xwc (introduced 0) counts for nothing.
	{"django", "3.1", nil},
	{"django", "3.2.19", []string{"PYSEC-2023-100>3.2.20", "PYSEC-2024-47>3.2.25"}},
	{"django", "4.1.9", []string{"PYSEC-2023-100>4.1.10"}},
	{"django", "4.1.10", nil},
	{"django", "5.0.dev1", nil}, // below introduced 5.0a1
	{"django", "5.0rc1", []string{"PYSEC-2024-47>5.0.3"}},
	{"django", "5.0.3", nil},
	// pillow and friends
	{"pillow", "8.4.0", []string{"PYSEC-2022-10>9.0.0", "PYSEC-2023-175>10.0.0", "GHSA-3f63-hfp8-52jq>10.2.0"}},
	{"Pillow", "10.1.0", []string{"GHSA-3f63-hfp8-52jq>10.2.0"}},
	{"cryptography", "0.8", []string{"GHSA-3ww4-gg4f-jr7f>42.0.0"}},
	{"cryptography", "39.0.0", []string{"GHSA-3ww4-gg4f-jr7f>42.0.0", "GHSA-x4qr-2fvf-3mr5>39.0.1"}},
	{"openssl-src", "100.0.0", nil}, // a crates.io package in the same record
	{"setuptools", "65.5.0", []string{"PYSEC-2022-43012>65.5.1", "GHSA-cx63-2mw6-8hw5>70.0.0"}},
	{"aiohttp", "1.0.4", []string{"GHSA-8495-4g3g-x7pr>3.10.11"}},
	{"aiohttp", "3.9.1", []string{"PYSEC-2024-24>3.9.2", "GHSA-8495-4g3g-x7pr>3.10.11"}},
	// last_affected is inclusive, and no FixedIn can be given.
	{"mlflow", "1.26.9", nil},
	{"mlflow", "1.27.0", []string{"GHSA-4mhc-g2wr-r6mw>"}},
	{"mlflow", "2.13.2", []string{"GHSA-4mhc-g2wr-r6mw>"}},
	{"mlflow", "2.13.2.post1", nil},
	// ecosystem "pypi" is not "PyPI"
	{"semver", "5.0", nil},
	// limit: below 2.5 only in the first range; no limit ("*") in the second.
	{"limitpkg", "0.9", nil},
	{"limitpkg", "1.0", []string{"OSV-TEST-2025-1>1.5"}},
	{"limitpkg", "1.5", nil},
	{"limitpkg", "2.4.9", []string{"OSV-TEST-2025-1>"}},
	{"limitpkg", "2.5", nil},
	{"limitpkg", "3.0", []string{"OSV-TEST-2025-1>"}},
	{"limitpkg", "99", []string{"OSV-TEST-2025-1>"}},
	// versions list only, compared with PEP 440 equality.
	{"epoch-pkg", "1!0.5", []string{"OSV-TEST-2025-2>"}},
	{"epoch.pkg", "0.5", nil},
	{"epoch-pkg", "2.0a1", []string{"OSV-TEST-2025-2>"}},
	{"epoch-pkg", "1.0.post1", []string{"OSV-TEST-2025-2>"}},
	{"epoch-pkg", "1.0+ubuntu1", []string{"OSV-TEST-2025-2>"}},
	{"epoch-pkg", "1.0+ubuntu2", nil},
	{"epoch-pkg", "1.0.0", []string{"OSV-TEST-2025-2>"}},
	{"epoch-pkg", "1.1", nil},
	// The fixed event "not a version" was skipped, so range 0 never ends;
	// fixed 6.0 is affected by it, so there is no FixedIn.
	{"badevents", "100.0", []string{"OSV-TEST-2025-3>"}},
	{"badevents", "1.0", []string{"OSV-TEST-2025-3>"}},
	// Ties at one version are walked in record order.
	{"tiepkg", "1.0", []string{"OSV-TEST-2025-4>2.0"}}, // introduced 1.0, then last_affected 1.0 (v > 1.0 only)
	{"tiepkg", "1.1", nil},
	{"tiepkg", "2.0", nil}, // introduced 2.0 then fixed 2.0
	{"tiepkg", "2.5", nil},
	{"tiepkg", "3.0", []string{"OSV-TEST-2025-4>"}}, // fixed 3.0 then introduced 3.0
	// An alias chain: OSV-TEST-2025-5 -> PYSEC-2099-1 <- GHSA-aaaa-bbbb-cccc.
	{"chainpkg", "1.0.post0", []string{"PYSEC-2099-1>1.0.post1"}},
	{"chainpkg", "1.0.post1", nil},
	// YAML with unquoted numbers: 3.10 is "3.10", not 3.1.
	{"pyyaml", "3.10", []string{"PYSEC-2021-142>5.4"}},
	{"pyyaml-unquoted", "3.10", []string{"PYSEC-2021-142>"}},
	{"pyyaml-unquoted", "3.1", nil},
	{"no-such-project", "1.0", nil},
}

func checkAffected(t *testing.T, db *osv.DB) {
	t.Helper()
	for _, tt := range affectedTests {
		got := db.Affected(tt.name, pep440.MustParse(tt.version))
		assert.Equal(t, tt.want, summarize(got), "%s %s", tt.name, tt.version)
		got2 := db.AffectedString(tt.name, tt.version)
		assert.Equal(t, got, got2, "%s %s as a string", tt.name, tt.version)
	}
}

func TestAffected(t *testing.T) {
	checkAffected(t, loadFixtures(t))
}

func TestAffectedFields(t *testing.T) {
	db := loadFixtures(t)
	got := db.Affected("Urllib3", pep440.MustParse("2.0.5"))
	require.Len(t, got, 3)
	a := got[0]
	assert.Equal(t, "PYSEC-2023-192", a.ID)
	assert.Equal(t, []string{"PYSEC-2023-192", "GHSA-v845-jxx5-vc9f", "CVE-2023-43804"}, a.IDs)
	assert.Equal(t, "urllib3", a.Package)
	assert.Equal(t, []string{"1.26.17", "2.0.6"}, a.Fixed)
	assert.Equal(t, "2.0.6", a.FixedIn)
	// The PYSEC record has no summary; the GHSA one's is used.
	assert.Equal(t, "urllib3's Cookie HTTP header isn't stripped on cross-origin redirects", a.Summary)
	assert.Equal(t, osv.LevelHigh, a.Severity.Level)
	assert.InDelta(t, 7.4, a.Severity.Score, 1e-9)
	assert.Equal(t, "https://osv.dev/vulnerability/PYSEC-2023-192", a.URL())

	// Strings that are not PEP 440 versions match versions[] entries as written.
	got = db.AffectedString("epoch-pkg", " legacy-1.0-r123 ")
	assert.Equal(t, []string{"OSV-TEST-2025-2>"}, summarize(got))
	assert.Nil(t, db.AffectedString("epoch-pkg", "Legacy-1.0-r123"))
	assert.Nil(t, db.AffectedString("no-such", "legacy"))
}

func TestAdvisory(t *testing.T) {
	db := loadFixtures(t)
	a, ok := db.Advisory("cve-2020-28493")
	require.True(t, ok)
	assert.Equal(t, "PYSEC-2021-66", a.ID)
	assert.Equal(t, []string{"PYSEC-2021-66", "GHSA-g3rq-g295-4j3m", "CVE-2020-28493"}, a.IDs)
	assert.Equal(t, []string{"jinja2"}, a.Packages)
	// The older YAML copy of PYSEC-2021-66 lost to the JSON one.
	assert.Equal(t, []string{"testdata/good/osv/GHSA-g3rq-g295-4j3m.json", "testdata/good/osv/PYSEC-2021-66.json"}, a.Sources)
	assert.Equal(t, osv.Severity{Level: osv.LevelMedium, Score: 5.3, Vectors: []string{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"}}, a.Severity)
	assert.Equal(t, time.Date(2021, 2, 1, 20, 15, 0, 0, time.UTC), a.Published)
	assert.Equal(t, time.Date(2024, 11, 21, 5, 0, 0, 0, time.UTC), a.Modified)
	assert.Empty(t, a.Package)
	assert.Empty(t, a.Fixed)

	_, ok = db.Advisory("GHSA-9qx6-2p8c-4xwc")
	assert.False(t, ok, "withdrawn")

	a, ok = db.Advisory("GHSA-x4qr-2fvf-3mr5")
	require.True(t, ok)
	assert.Equal(t, []string{"cryptography"}, a.Packages, "crates.io entry ignored")

	// A CVSS v4 vector with a GitHub label: the label gives the level.
	a, _ = db.Advisory("CVE-2024-56201")
	assert.Equal(t, osv.LevelMedium, a.Severity.Level)
	assert.Zero(t, a.Severity.Score)
	// A CVSS v4 vector alone: unknown.
	a, _ = db.Advisory("GHSA-8495-4g3g-x7pr")
	assert.Equal(t, osv.LevelUnknown, a.Severity.Level)
	assert.Equal(t, []string{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N"}, a.Severity.Vectors)
	// The highest of label and score: CRITICAL label, 9.8 score.
	a, _ = db.Advisory("CVE-2022-22817")
	assert.Equal(t, "PYSEC-2022-10", a.ID)
	assert.Equal(t, osv.LevelCritical, a.Severity.Level)
	// Primary ID: PYSEC over GHSA over others over CVE.
	a, _ = db.Advisory("OSV-TEST-2025-5")
	assert.Equal(t, []string{"PYSEC-2099-1", "GHSA-aaaa-bbbb-cccc", "OSV-TEST-2025-5", "CVE-2099-0005"}, a.IDs)

	// 32 JSON files and 5 YAML, less 1 withdrawn, 1 duplicate and 8 merges.
	assert.Equal(t, 27, db.Len())
	var zero osv.DB
	assert.Nil(t, zero.Affected("jinja2", pep440.MustParse("1.0")))
	_, ok = zero.Advisory("PYSEC-2021-66")
	assert.False(t, ok)
}

func TestWarnings(t *testing.T) {
	db := loadFixtures(t)
	var msgs []string
	for _, w := range db.Warnings() {
		require.ErrorIs(t, w, osv.ErrIgnored)
		var re *osv.RecordError
		require.ErrorAs(t, w, &re)
		msgs = append(msgs, w.Error())
	}
	assert.Equal(t, []string{
		`osv: testdata/good/osv/OSV-TEST-2025-3.json (OSV-TEST-2025-3): severity[0].score: CVSS v3 vector not read; severity from it ignored`,
		`osv: testdata/good/osv/OSV-TEST-2025-3.json (OSV-TEST-2025-3): affected[0].ranges[0].events[1].fixed: "not a version" is not a PEP 440 version; event ignored`,
		`osv: testdata/good/osv/OSV-TEST-2025-3.json (OSV-TEST-2025-3): affected[0].ranges[1].events[0]: an event must have exactly one of introduced, fixed, last_affected and limit, not 2; event ignored`,
		`osv: testdata/good/osv/OSV-TEST-2025-3.json (OSV-TEST-2025-3): affected[0].ranges[2].type: range type "SEMVER" is not evaluated for PyPI (only ECOSYSTEM is); range ignored`,
		`osv: testdata/good/osv/OSV-TEST-2025-3.json (OSV-TEST-2025-3): affected[0].ranges[3].events: no usable introduced event, so the range affects no version`,
		`osv: testdata/good/pypa/vulns/jinja2/PYSEC-2021-66.yaml (PYSEC-2021-66): the same id is in testdata/good/osv/PYSEC-2021-66.json, modified later or read first; this copy ignored`,
	}, msgs)
	assert.ErrorIs(t, db.Warnings()[0], osv.ErrInvalidVector)
	assert.ErrorIs(t, db.Warnings()[1], pep440.ErrInvalidVersion)
}

// zipFS writes every regular file of fsys into a zip archive, flat (by base
// name) as OSV's all.zip is.
func zipFS(t testing.TB, fsys fs.FS) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		w, err := zw.Create(path.Base(p))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestLoadZip(t *testing.T) {
	data := zipFS(t, os.DirFS("testdata/good"))
	db, err := osv.LoadZip(context.Background(), "all.zip", bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	checkAffected(t, db)
	a, _ := db.Advisory("PYSEC-2021-66")
	assert.Equal(t, []string{"all.zip!GHSA-g3rq-g295-4j3m.json", "all.zip!PYSEC-2021-66.json"}, a.Sources)

	_, err = osv.LoadZip(context.Background(), "junk.zip", strings.NewReader("not a zip"), 9)
	assert.ErrorContains(t, err, "osv: reading zip junk.zip: zip: not a valid zip file")
}

func TestLoadZipLimits(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("PYSEC-2000-1.json")
	w.Write([]byte(`{"id": "PYSEC-2000-1", "details": "` + strings.Repeat("x", 4000) + `", "affected": [{"package": {"ecosystem": "PyPI", "name": "big"}, "versions": ["1.0"]}]}`))
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "PYSEC-2000-2.json", Method: zip.Store})
	w.Write([]byte(`{"id": "PYSEC-2000-2", "affected": [{"package": {"ecosystem": "PyPI", "name": "small"}, "versions": ["1.0"]}]}`))
	w, _ = zw.Create("README.txt")
	w.Write([]byte("not a record"))
	require.NoError(t, zw.Close())
	data := buf.Bytes()

	_, err := osv.LoadZip(context.Background(), "all.zip", bytes.NewReader(data), int64(len(data)), osv.WithMaxRecordSize(2048))
	require.ErrorIs(t, err, osv.ErrRecordTooLarge)
	require.ErrorIs(t, err, osv.ErrInvalidRecord)
	assert.EqualError(t, err, "osv: all.zip!PYSEC-2000-1.json: larger than 2048 bytes")

	db, err := osv.LoadZip(context.Background(), "all.zip", bytes.NewReader(data), int64(len(data)),
		osv.WithMaxRecordSize(2048), osv.WithInvalidRecordsSkippedUnsafe())
	require.NoError(t, err)
	require.Len(t, db.Warnings(), 1)
	assert.ErrorIs(t, db.Warnings()[0], osv.ErrRecordTooLarge)
	assert.Len(t, db.Affected("small", pep440.MustParse("1.0")), 1)
	assert.Empty(t, db.Affected("big", pep440.MustParse("1.0")))

	_, err = osv.LoadZip(context.Background(), "all.zip", bytes.NewReader(data), int64(len(data)),
		osv.WithMaxRecords(1), osv.WithInvalidRecordsSkippedUnsafe())
	require.ErrorIs(t, err, osv.ErrTooManyRecords)
	assert.EqualError(t, err, "osv: too many OSV records: more than 1")

	// A corrupted entry (its CRC no longer matches) names the entry.
	bad := bytes.Replace(bytes.Clone(data), []byte(`"small"`), []byte(`"smell"`), 1)
	_, err = osv.LoadZip(context.Background(), "all.zip", bytes.NewReader(bad), int64(len(bad)))
	require.ErrorIs(t, err, osv.ErrInvalidRecord)
	assert.EqualError(t, err, "osv: all.zip!PYSEC-2000-2.json: read failed: zip: checksum error")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = osv.LoadZip(ctx, "all.zip", bytes.NewReader(data), int64(len(data)))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestBadRecords(t *testing.T) {
	for _, tt := range []struct{ file, msg string }{
		{"truncated.json", `osv: bad/truncated.json: not valid JSON (line 3, byte 93): unexpected end of JSON input`},
		{"no-id.json", `osv: bad/no-id.json: id: missing id`},
		{"wrong-type.json", `osv: bad/wrong-type.json: field aliases: want []string, not string`},
		{"array.json", `osv: bad/array.json: a record must be a JSON object, not array`},
		{"broken.yaml", `osv: bad/broken.yaml: not valid YAML: line 2: did not find expected node content`},
		{"alias-bomb.yaml", `osv: bad/alias-bomb.yaml: YAML aliases expand to more values than the document has bytes`},
	} {
		data, err := os.ReadFile("testdata/bad/" + tt.file)
		require.NoError(t, err)
		fsys := fstestMap{tt.file: data, "PYSEC-2000-2.json": []byte(`{"id": "PYSEC-2000-2", "affected": [{"package": {"ecosystem": "PyPI", "name": "ok"}, "versions": ["1.0"]}]}`)}
		_, err = osv.LoadFS(context.Background(), "bad", fsys.FS())
		require.ErrorIs(t, err, osv.ErrInvalidRecord, tt.file)
		var re *osv.RecordError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "bad/"+tt.file, re.Source)
		assert.EqualError(t, err, tt.msg)

		db, err := osv.LoadFS(context.Background(), "bad", fsys.FS(), osv.WithInvalidRecordsSkippedUnsafe())
		require.NoError(t, err, tt.file)
		require.Len(t, db.Warnings(), 1)
		assert.EqualError(t, db.Warnings()[0], tt.msg)
		assert.Len(t, db.Affected("ok", pep440.MustParse("1.0")), 1, "the good record is kept")
	}
}

func TestOptions(t *testing.T) {
	_, err := osv.NewLoader(osv.WithMaxRecordSize(10))
	assert.EqualError(t, err, "osv: WithMaxRecordSize(10): want 1 KiB to 1 GiB")
	_, err = osv.NewLoader(osv.WithMaxRecords(0))
	assert.EqualError(t, err, "osv: WithMaxRecords(0): want a positive number")
	_, err = osv.NewLoader(osv.WithLogger(nil))
	assert.EqualError(t, err, "osv: WithLogger(nil)")
}

func TestLoaderSources(t *testing.T) {
	l, err := osv.NewLoader()
	require.NoError(t, err)
	require.NoError(t, l.AddJSON("a.json", strings.NewReader(`{"id": "GHSA-aaaa-0000-0001", "aliases": ["CVE-2000-1"], "modified": "2020-01-01T00:00:00Z",
		"affected": [{"package": {"ecosystem": "PyPI", "name": "p"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0"}]}]}]}`)))
	require.NoError(t, l.AddYAML("b.yaml", strings.NewReader("id: PYSEC-2000-1\naliases: [CVE-2000-1]\naffected:\n- package: {name: p, ecosystem: PyPI}\n  ranges:\n  - type: ECOSYSTEM\n    events: [{introduced: '0'}, {fixed: '2.0'}]\n")))
	db := l.DB()
	got := db.Affected("p", pep440.MustParse("1.5"))
	assert.Equal(t, []string{"PYSEC-2000-1>2.0"}, summarize(got))
	got = db.Affected("p", pep440.MustParse("0.5"))
	require.Equal(t, []string{"PYSEC-2000-1>2.0"}, summarize(got), "1.0 is still affected by the PYSEC record")
	assert.Equal(t, []string{"1.0", "2.0"}, got[0].Fixed)

	// A later copy of the GHSA record replaces it.
	require.NoError(t, l.AddJSON("c.json", strings.NewReader(`{"id": "GHSA-aaaa-0000-0001", "modified": "2021-01-01T00:00:00Z",
		"affected": [{"package": {"ecosystem": "PyPI", "name": "q"}, "versions": ["1.0"]}]}`)))
	db = l.DB()
	assert.Equal(t, []string{"PYSEC-2000-1>2.0"}, summarize(db.Affected("p", pep440.MustParse("1.5"))))
	assert.Equal(t, []string{"GHSA-aaaa-0000-0001>"}, summarize(db.Affected("q", pep440.MustParse("1.0"))))
	assert.Len(t, db.Warnings(), 1)
	assert.EqualError(t, db.Warnings()[0], "osv: a.json (GHSA-aaaa-0000-0001): the same id is in c.json, modified later or read first; this copy ignored")
}

func TestHighest(t *testing.T) {
	db := loadFixtures(t)
	vs := func(ss ...string) []pep440.Version {
		var out []pep440.Version
		for _, s := range ss {
			out = append(out, pep440.MustParse(s))
		}
		return out
	}
	c := db.Highest("jinja2", vs("2.11.2", "3.1.5", "3.1.4", "3.1.5.0"), nil)
	assert.True(t, c.Found)
	assert.Equal(t, "3.1.5", c.Version.String(), "the first of equal versions")
	assert.Empty(t, c.Skipped)

	c = db.Highest("urllib3", vs("1.26.18", "2.0.5", "2.2.1", "2.0.7"), nil)
	assert.False(t, c.Found)
	var skipped []string
	for _, s := range c.Skipped {
		skipped = append(skipped, s.Version.String()+": "+strings.Join(summarize(s.Advisories), " "))
	}
	assert.Equal(t, []string{
		"2.2.1: GHSA-34jh-p97f-mpxf>2.2.2",
		"2.0.7: GHSA-34jh-p97f-mpxf>2.2.2",
		"2.0.5: PYSEC-2023-192>2.0.6 GHSA-34jh-p97f-mpxf>2.2.2 GHSA-g4mx-q9vg-27p4>2.0.7",
		"1.26.18: GHSA-34jh-p97f-mpxf>1.26.19",
	}, skipped)

	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	allow, err := osv.NewAllowlist([]osv.Accept{{ID: "cve-2024-37891", Reason: "no proxies in use", Expires: now.Add(time.Hour)}},
		func() time.Time { return now })
	require.NoError(t, err)
	c = db.Highest("urllib3", vs("1.26.18", "2.0.5", "2.2.1", "2.0.7"), allow)
	require.True(t, c.Found)
	assert.Equal(t, "2.2.1", c.Version.String())
	assert.Empty(t, c.Skipped)
	require.Len(t, c.Accepted, 1)
	assert.Equal(t, "GHSA-34jh-p97f-mpxf", c.Accepted[0].Advisory.ID)
	assert.Equal(t, "no proxies in use", c.Accepted[0].Accept.Reason)

	now = now.Add(time.Hour) // expired at this instant
	c = db.Highest("urllib3", vs("1.26.18", "2.0.5", "2.2.1", "2.0.7"), allow)
	assert.False(t, c.Found)
	assert.Len(t, c.Skipped, 4)
	assert.Equal(t, "cve-2024-37891", allow.Expired()[0].ID)

	c = db.Highest("urllib3", nil, nil)
	assert.False(t, c.Found)
}

func TestAllowlist(t *testing.T) {
	exp := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		list []osv.Accept
		msg  string
	}{
		{[]osv.Accept{{ID: "", Reason: "r", Expires: exp}}, "osv: accepted advisory 0 (): missing id"},
		{[]osv.Accept{{ID: "CVE-1", Reason: " ", Expires: exp}}, "osv: accepted advisory 0 (CVE-1): no reason given"},
		{[]osv.Accept{{ID: "CVE-1", Reason: "r"}}, "osv: accepted advisory 0 (CVE-1): no expiry date given"},
		{[]osv.Accept{{ID: "CVE-1", Reason: "r", Expires: exp}, {ID: "cve-1", Reason: "r", Expires: exp}}, "osv: accepted advisory 1 (cve-1): the same ID is accepted by entry 0"},
	} {
		_, err := osv.NewAllowlist(tt.list, nil)
		require.ErrorIs(t, err, osv.ErrInvalidAccept)
		var ae *osv.AcceptError
		require.ErrorAs(t, err, &ae)
		assert.EqualError(t, err, tt.msg)
	}

	db := loadFixtures(t)
	a, _ := db.Advisory("PYSEC-2021-66")
	allow, err := osv.NewAllowlist([]osv.Accept{
		{ID: "GHSA-G3RQ-G295-4J3M", Reason: "urlize not used", Expires: exp},
		{ID: "CVE-2020-28493", Reason: "older decision", Expires: exp.AddDate(-1, 0, 0)},
	}, nil)
	require.NoError(t, err)
	acc, ok := allow.Match(a)
	require.True(t, ok)
	assert.Equal(t, "urlize not used", acc.Reason, "the entry expiring last")
	assert.Empty(t, allow.Expired())

	var none *osv.Allowlist
	_, ok = none.Match(a)
	assert.False(t, ok)
	assert.Nil(t, none.Expired())
}

func TestConcurrentQueries(t *testing.T) {
	db := loadFixtures(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				for _, tt := range affectedTests {
					if got := summarize(db.Affected(tt.name, pep440.MustParse(tt.version))); !slices.Equal(got, tt.want) {
						t.Errorf("%s %s: %v", tt.name, tt.version, got)
					}
				}
			}
		})
	}
	wg.Wait()
}
