package osv_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy/osv"
)

// refEvent is an event as the schema's pseudocode sees it.
type refEvent struct{ kind, version string }

// refAffected is the schema's IsVulnerable for one package, transcribed
// literally (https://ossf.github.io/osv-schema/#evaluation), with PEP 440
// comparisons and the events sorted stably by version, "0" first.
func refAffected(v pep440.Version, versions []string, ranges [][]refEvent) bool {
	for _, s := range versions {
		if w, err := pep440.Parse(s); err == nil && pep440.Compare(v, w) == 0 {
			return true
		}
	}
	cmpTo := func(kind, s string) int { // sign of v - s
		if kind == "introduced" && s == "0" {
			return 1
		}
		return pep440.Compare(v, pep440.MustParse(s))
	}
	for _, r := range ranges {
		before := true
		hasLimit := false
		for _, e := range r {
			if e.kind == "limit" {
				if !hasLimit {
					before = false
				}
				hasLimit = true
				if strings.Contains(e.version, "*") || cmpTo(e.kind, e.version) < 0 {
					before = true
				}
			}
		}
		if !before {
			continue
		}
		evs := slices.DeleteFunc(slices.Clone(r), func(e refEvent) bool { return e.kind == "limit" })
		slices.SortStableFunc(evs, func(a, b refEvent) int {
			switch {
			case a.version == "0" && a.kind == "introduced" && b.version == "0" && b.kind == "introduced":
				return 0
			case a.version == "0" && a.kind == "introduced":
				return -1
			case b.version == "0" && b.kind == "introduced":
				return 1
			}
			return pep440.Compare(pep440.MustParse(a.version), pep440.MustParse(b.version))
		})
		vulnerable := false
		for _, e := range evs {
			switch {
			case e.kind == "introduced" && cmpTo(e.kind, e.version) >= 0:
				vulnerable = true
			case e.kind == "fixed" && cmpTo(e.kind, e.version) >= 0:
				vulnerable = false
			case e.kind == "last_affected" && cmpTo(e.kind, e.version) > 0:
				vulnerable = false
			}
		}
		if vulnerable {
			return true
		}
	}
	return false
}

// TestEvaluationMatchesSpec compares the DB with the literal algorithm on
// random records over a small pool of versions full of PEP 440 corner cases.
func TestEvaluationMatchesSpec(t *testing.T) {
	pool := []string{"0", "0.1", "1.0.dev1", "1.0a1", "1.0", "1.0.0", "1.0+local", "1.0.post1", "1.1", "2.0rc1", "2.0", "2.0.post1.dev1", "3", "1!0.1"}
	queries := append(slices.Clone(pool), "0.0.dev0", "0.5", "1.0+zzz", "1.0.post2", "1.5", "2.0.1", "9", "1!0.0", "1!5")
	kinds := []string{"introduced", "introduced", "fixed", "last_affected", "limit"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var ranges [][]refEvent
		var wireRanges []any
		for range rng.IntN(3) + 1 {
			var r []refEvent
			var events []map[string]string
			for range rng.IntN(6) + 1 {
				e := refEvent{kinds[rng.IntN(len(kinds))], pool[rng.IntN(len(pool))]}
				if e.kind == "limit" && rng.IntN(4) == 0 {
					e.version = "*"
				}
				r = append(r, e)
				events = append(events, map[string]string{e.kind: e.version})
			}
			ranges = append(ranges, r)
			wireRanges = append(wireRanges, map[string]any{"type": "ECOSYSTEM", "events": events})
		}
		var versions []string
		for range rng.IntN(3) {
			versions = append(versions, pool[rng.IntN(len(pool))])
		}
		rec := map[string]any{"id": fmt.Sprintf("OSV-RAND-%d", i), "affected": []any{map[string]any{
			"package": map[string]string{"ecosystem": "PyPI", "name": "p"}, "ranges": wireRanges, "versions": versions}}}
		data, err := json.Marshal(rec)
		require.NoError(t, err)
		l, err := osv.NewLoader()
		require.NoError(t, err)
		require.NoError(t, l.AddJSON("rand.json", strings.NewReader(string(data))))
		db := l.DB()
		for _, q := range queries {
			v := pep440.MustParse(q)
			want := refAffected(v, versions, ranges)
			got := len(db.Affected("p", v)) > 0
			if got != want {
				t.Fatalf("record %s, version %s: got %v, want %v", data, q, got, want)
			}
		}
	}
}
