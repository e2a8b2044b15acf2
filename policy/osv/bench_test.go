package osv_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy/osv"
)

// synthetic is an OSV export in the shape of PyPI/all.zip: n records over
// n/4 projects (a few with hundreds of advisories, most with one or two),
// each project with a release history of 20 to 200 versions. Half the
// records are PYSEC records aliasing a GHSA record of the same flaw, as in
// the real export; PYSEC records enumerate the affected versions, GHSA
// records carry CVSS vectors, a few have two or three ranges.
type synthetic struct {
	zip     []byte
	queries []query
}

type query struct {
	name string
	v    pep440.Version
}

var syntheticExport = sync.OnceValue(func() synthetic { return makeSynthetic(10_000) })

func makeSynthetic(n int) synthetic {
	rng := rand.New(rand.NewPCG(7, 7))
	nproj := n / 4
	histories := make([][]string, nproj)
	for p := range histories {
		var h []string
		for major := range rng.IntN(6) + 1 {
			for minor := range rng.IntN(8) + 2 {
				for patch := range rng.IntN(5) + 1 {
					h = append(h, fmt.Sprintf("%d.%d.%d", major, minor, patch))
				}
				if rng.IntN(4) == 0 {
					h = append(h, fmt.Sprintf("%d.%d.0rc1", major, minor+1))
				}
			}
		}
		histories[p] = h
	}
	project := func() int { // Zipf-like: low indexes are popular
		return int(float64(nproj) * rng.Float64() * rng.Float64() * rng.Float64())
	}
	details := strings.Repeat("A crafted request can make the server spend too much time parsing input. ", 8)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(rec map[string]any) {
		data, _ := json.MarshalIndent(rec, "", "  ")
		w, _ := zw.Create(rec["id"].(string) + ".json")
		w.Write(data)
	}
	for i := 0; i < n; i += 2 {
		p := project()
		h := histories[p]
		name := fmt.Sprintf("project-%d", p)
		cve := fmt.Sprintf("CVE-2024-%05d", i)
		ghsa := fmt.Sprintf("GHSA-%04x-%04x-%04x", i, rng.IntN(1<<16), rng.IntN(1<<16))
		var ranges []any
		var affected []string
		for range rng.IntN(3) + 1 {
			a, b := rng.IntN(len(h)), rng.IntN(len(h))
			if a > b {
				a, b = b, a
			}
			intro := h[a]
			if a == 0 {
				intro = "0"
			}
			ranges = append(ranges, map[string]any{"type": "ECOSYSTEM", "events": []any{
				map[string]string{"introduced": intro}, map[string]string{"fixed": h[b]}}})
			affected = append(affected, h[a:b]...)
		}
		pkg := map[string]string{"ecosystem": "PyPI", "name": name, "purl": "pkg:pypi/" + name}
		refs := []any{
			map[string]string{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/" + cve},
			map[string]string{"type": "WEB", "url": "https://github.com/example/" + name + "/security"},
			map[string]string{"type": "PACKAGE", "url": "https://pypi.org/project/" + name},
		}
		write(map[string]any{
			"schema_version": "1.6.0", "id": fmt.Sprintf("PYSEC-2024-%d", i), "modified": "2024-06-01T00:00:00Z",
			"published": "2024-01-01T00:00:00Z", "aliases": []string{cve, ghsa}, "details": details,
			"affected": []any{map[string]any{"package": pkg, "ranges": ranges, "versions": affected}}, "references": refs,
		})
		write(map[string]any{
			"schema_version": "1.6.0", "id": ghsa, "modified": "2024-06-02T00:00:00Z",
			"published": "2024-01-01T00:00:00Z", "aliases": []string{cve}, "summary": "Denial of service in " + name,
			"details":  details,
			"severity": []any{map[string]string{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}},
			"affected": []any{map[string]any{"package": pkg, "ranges": ranges}}, "references": refs,
			"database_specific": map[string]any{"severity": "HIGH", "cwe_ids": []string{"CWE-400"}, "github_reviewed": true},
		})
	}
	zw.Close()
	var qs []query
	for range 1000 {
		p := project()
		h := histories[p]
		qs = append(qs, query{fmt.Sprintf("Project_%d", p), pep440.MustParse(h[rng.IntN(len(h))])})
	}
	return synthetic{buf.Bytes(), qs}
}

// BenchmarkLoadZip loads a synthetic export of 10,000 records.
func BenchmarkLoadZip(b *testing.B) {
	s := syntheticExport()
	b.SetBytes(int64(len(s.zip)))
	b.ReportAllocs()
	for b.Loop() {
		db, err := osv.LoadZip(context.Background(), "all.zip", bytes.NewReader(s.zip), int64(len(s.zip)))
		if err != nil || db.Len() != 5000 {
			b.Fatal(err, db.Len())
		}
	}
}

// BenchmarkAffected answers 1,000 queries on that export per iteration; the
// per-query time is reported as ns/query.
func BenchmarkAffected(b *testing.B) {
	s := syntheticExport()
	db, err := osv.LoadZip(context.Background(), "all.zip", bytes.NewReader(s.zip), int64(len(s.zip)))
	if err != nil {
		b.Fatal(err)
	}
	hits := 0
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range s.queries {
			hits += len(db.Affected(q.name, q.v))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(s.queries)), "ns/query")
	b.ReportMetric(float64(hits)/float64(b.N*len(s.queries)), "advisories/query")
	if hits == 0 {
		b.Fatal("no query hit an advisory")
	}
}
