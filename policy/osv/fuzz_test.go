package osv

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/safeindex/safeindex/pep440"
)

// FuzzParseRecord feeds any bytes to the record reader, as JSON and as YAML.
// It must never panic; a record it accepts must index and answer queries,
// and its decoded form must survive a JSON round trip unchanged.
func FuzzParseRecord(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*/*.json")
	yamls, _ := filepath.Glob("testdata/good/pypa/vulns/*/*.yaml")
	bad, _ := filepath.Glob("testdata/bad/*")
	for _, name := range append(append(files, yamls...), bad...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, filepath.Ext(name) != ".json")
	}
	f.Add([]byte(`{"id":"X","affected":[{"package":{"ecosystem":"PyPI","name":"a"},"ranges":[{"type":"ECOSYSTEM","events":[{"limit":"1"},{"last_affected":"0"}]}]}]}`), false)
	f.Add([]byte("id: X\nk: &a [*a]\n"), true)
	queries := []pep440.Version{pep440.MustParse("0"), pep440.MustParse("1.0"), pep440.MustParse("2.0rc1"), pep440.MustParse("1!1.0+l")}
	f.Fuzz(func(t *testing.T, data []byte, isYAML bool) {
		fm := formatJSON
		if isYAML {
			fm = formatYAML
		}
		rec, warnings, err := parseRecord("fuzz", data, fm, versionCache{})
		if err != nil {
			if rec != nil || warnings != nil {
				t.Fatal("an error with a record or warnings")
			}
			return
		}
		if rec == nil {
			return // withdrawn
		}
		db := build([]*record{rec}, warnings)
		for _, p := range rec.pkgs {
			for _, q := range queries {
				for _, a := range db.Affected(p.name, q) {
					if a.ID == "" || a.Package != p.name {
						t.Fatalf("bad answer %+v", a)
					}
				}
			}
			for _, s := range p.rawVersions {
				if len(db.AffectedString(p.name, s)) == 0 {
					t.Fatalf("raw version %q not matched", s)
				}
			}
		}
		// Parse, format, parse again.
		w, err := decodeRecord(data, fm)
		if err != nil {
			t.Fatalf("parseRecord accepted what decodeRecord refuses: %v", err)
		}
		out, err := json.Marshal(w)
		if err != nil {
			t.Fatal(err)
		}
		w2, err := decodeRecord(out, formatJSON)
		if err != nil {
			t.Fatalf("re-reading %s: %v", out, err)
		}
		if !reflect.DeepEqual(normalizeRaw(w), normalizeRaw(w2)) {
			t.Fatalf("round trip changed the record:\n%+v\n%+v", w, w2)
		}
	})
}

// normalizeRaw compacts database_specific so that two spellings of the same
// JSON compare equal.
func normalizeRaw(w *wireRecord) wireRecord {
	c := *w
	if string(c.DatabaseSpecific) == "null" {
		c.DatabaseSpecific = nil
	}
	if len(c.DatabaseSpecific) > 0 {
		var v any
		if json.Unmarshal(c.DatabaseSpecific, &v) == nil {
			c.DatabaseSpecific, _ = json.Marshal(v)
		}
	}
	return c
}
