package audit

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// kitchenSink audits a lock of every scenario in one format.
func kitchenSink(t *testing.T, format lockfile.Format) *Report {
	t.Helper()
	w := newWorld()
	tampered := w.entry(t, w.internal, "acme-tamper", "1.0.0")
	tampered.Files = served(t, w.internal, tampered.Files)
	entries := []lockEntry{
		w.entry(t, w.internal, "acme-internal", "1.0.0"),
		w.entry(t, w.pypi, "acme-billing", "99.0.0"),
		w.entry(t, w.internal, "acme-old", "1.0.0"),
		w.entry(t, w.internal, "acme-new", "2.0.0"),
		w.entry(t, w.pypi, "shared-tool", "1.0.0"),
		tampered,
	}
	if format == lockfile.FormatRequirements {
		entries[0], entries[1] = entries[1], entries[0] // the file's index: the public one
	}
	lock := readLock(t, format, writeLock(format, []*indextest.Index{w.internal, w.pypi}, entries))
	rep, err := w.auditor().Verify(t.Context(), lock)
	require.NoError(t, err)
	return rep
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), string(got), "golden %s (go test -update rewrites it)", path)
}

func TestGoldens(t *testing.T) {
	for _, format := range formats {
		rep := kitchenSink(t, format)
		var text, js, sarif bytes.Buffer
		require.NoError(t, WriteText(&text, rep))
		require.NoError(t, WriteJSON(&js, rep))
		require.NoError(t, WriteSARIF(&sarif, rep, SARIFOptions{ToolVersion: "v0.0.0-test"}))
		golden(t, format.String()+".txt", text.Bytes())
		golden(t, format.String()+".json", js.Bytes())
		golden(t, format.String()+".sarif", sarif.Bytes())
		checkSARIF(t, sarif.Bytes(), len(rep.Findings))

		// Byte-stable.
		var again bytes.Buffer
		require.NoError(t, WriteSARIF(&again, kitchenSink(t, format), SARIFOptions{ToolVersion: "v0.0.0-test"}))
		assert.Equal(t, sarif.String(), again.String())
	}
}

// checkSARIF checks the properties SARIF 2.1.0 requires and GitHub code
// scanning reads.
func checkSARIF(t *testing.T, data []byte, results int) {
	t.Helper()
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name           string `json:"name"`
					InformationURI string `json:"informationUri"`
					Version        string `json:"version"`
					Rules          []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						FullDescription struct {
							Text string `json:"text"`
						} `json:"fullDescription"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
						Properties struct {
							Tags             []string `json:"tags"`
							SecuritySeverity string   `json:"security-severity"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	require.NoError(t, json.Unmarshal(data, &log))
	assert.Equal(t, "2.1.0", log.Version)
	assert.NotEmpty(t, log.Schema)
	require.Len(t, log.Runs, 1)
	run := log.Runs[0]
	d := run.Tool.Driver
	assert.Equal(t, "safeindex", d.Name)
	assert.NotEmpty(t, d.InformationURI)
	ids := map[string]int{}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	for i, r := range d.Rules {
		_, dup := ids[r.ID]
		assert.False(t, dup, r.ID)
		ids[r.ID] = i
		assert.NotEmpty(t, r.ShortDescription.Text, r.ID)
		assert.NotEmpty(t, r.FullDescription.Text, r.ID)
		assert.NotEmpty(t, r.Help.Text, r.ID)
		assert.True(t, levels[r.DefaultConfiguration.Level], r.ID)
		assert.Contains(t, r.Properties.Tags, "security")
		s, err := strconv.ParseFloat(r.Properties.SecuritySeverity, 64)
		require.NoError(t, err, r.ID)
		assert.True(t, s >= 0 && s <= 10, r.ID)
	}
	require.Len(t, run.Results, results)
	for _, r := range run.Results {
		i, ok := ids[r.RuleID]
		require.True(t, ok, "result rule %q not in rules", r.RuleID)
		require.NotNil(t, r.RuleIndex)
		assert.Equal(t, i, *r.RuleIndex)
		assert.True(t, levels[r.Level], r.Level)
		assert.NotEmpty(t, r.Message.Text)
		require.Len(t, r.Locations, 1)
		loc := r.Locations[0].PhysicalLocation
		assert.NotEmpty(t, loc.ArtifactLocation.URI)
		assert.NotContains(t, loc.ArtifactLocation.URI, "\\")
		if loc.Region != nil {
			assert.Positive(t, loc.Region.StartLine)
		}
		assert.NotEmpty(t, r.PartialFingerprints[SARIFFingerprintKey])
	}
}

func TestSARIFLevels(t *testing.T) {
	for sev, want := range map[string][2]string{
		"critical": {"error", "9.5"}, "high": {"error", "8.0"}, "medium": {"warning", "5.5"}, "low": {"note", "2.0"}, "info": {"note", "0.0"},
	} {
		s := mustSeverity(sev)
		assert.Equal(t, want[0], SARIFLevel(s), sev)
		assert.Equal(t, want[1], SecuritySeverity(s), sev)
	}
}

func TestSARIFPaths(t *testing.T) {
	assert.Equal(t, sarifArtifact{URI: "services/api/pylock.toml", URIBaseID: "%SRCROOT%"}, artifact("services/api/pylock.toml", ""))
	assert.Equal(t, sarifArtifact{URI: "a%20b/requirements.txt", URIBaseID: "%SRCROOT%"}, artifact("a b/requirements.txt", ""))
	assert.Equal(t, sarifArtifact{URI: "api/pylock.toml", URIBaseID: "%SRCROOT%"}, artifact("/repo/api/pylock.toml", "/repo"))
	assert.Equal(t, sarifArtifact{URI: "file:///elsewhere/pylock.toml"}, artifact("/elsewhere/pylock.toml", "/repo"))
}
