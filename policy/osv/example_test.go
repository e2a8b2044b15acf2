package osv_test

import (
	"context"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy/osv"
)

// A PyPA-style YAML record and a GitHub JSON record of the same flaw.
var exampleFS = fstest.MapFS{
	"vulns/requests/PYSEC-2023-74.yaml": {Data: []byte(`id: PYSEC-2023-74
aliases: [CVE-2023-32681, GHSA-j8r2-6x86-q33q]
affected:
- package: {name: requests, ecosystem: PyPI}
  ranges:
  - type: ECOSYSTEM
    events: [{introduced: 2.3.0}, {fixed: 2.31.0}]
`)},
	"GHSA-j8r2-6x86-q33q.json": {Data: []byte(`{
  "id": "GHSA-j8r2-6x86-q33q", "aliases": ["CVE-2023-32681"],
  "summary": "Unintended leak of Proxy-Authorization header in requests",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N"}],
  "database_specific": {"severity": "MODERATE"},
  "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}]}]
}`)},
}

func ExampleDB_Affected() {
	db, err := osv.LoadFS(context.Background(), "advisories", exampleFS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range db.Affected("Requests", pep440.MustParse("2.28.1")) {
		fmt.Println(a.ID, a.IDs)
		fmt.Println(a.Summary)
		fmt.Println(a.Severity.Level, a.Severity.Score, "- upgrade to", a.FixedIn)
	}
	fmt.Println(len(db.Affected("requests", pep440.MustParse("2.31.0"))))
	// Output:
	// PYSEC-2023-74 [PYSEC-2023-74 GHSA-j8r2-6x86-q33q CVE-2023-32681]
	// Unintended leak of Proxy-Authorization header in requests
	// medium 6.1 - upgrade to 2.31.0
	// 0
}

func ExampleDB_Highest() {
	db, err := osv.LoadFS(context.Background(), "advisories", exampleFS)
	if err != nil {
		fmt.Println(err)
		return
	}
	candidates := []pep440.Version{pep440.MustParse("2.28.1"), pep440.MustParse("2.30.0"), pep440.MustParse("2.2.0")}
	c := db.Highest("requests", candidates, nil)
	fmt.Println("picked", c.Version)
	for _, s := range c.Skipped {
		fmt.Println("skipped", s.Version, "for", s.Advisories[0].ID)
	}

	now := func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }
	allow, err := osv.NewAllowlist([]osv.Accept{{
		ID:      "CVE-2023-32681",
		Reason:  "no proxy in this deployment",
		Expires: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
	}}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	c = db.Highest("requests", candidates, allow)
	fmt.Println("picked", c.Version, "accepting", c.Accepted[0].Advisory.ID, "-", c.Accepted[0].Accept.Reason)
	// Output:
	// picked 2.2.0
	// skipped 2.30.0 for PYSEC-2023-74
	// skipped 2.28.1 for PYSEC-2023-74
	// picked 2.30.0 accepting PYSEC-2023-74 - no proxy in this deployment
}

func ExampleCVSS3BaseScore() {
	score, err := osv.CVSS3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
	fmt.Println(score, err)
	// Output: 9.8 <nil>
}
