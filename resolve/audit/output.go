package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/lockfile"
)

// severitiesDown lists the severities, highest first.
func severitiesDown() [5]policy.Severity {
	return [...]policy.Severity{policy.SeverityCritical, policy.SeverityHigh, policy.SeverityMedium, policy.SeverityLow, policy.SeverityInfo}
}

// summaryText returns "1 critical, 2 high" for the findings' counts.
func summaryText(r *Report) string {
	counts := r.Summary()
	var parts []string
	for _, s := range severitiesDown() {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	return strings.Join(parts, ", ")
}

// WriteText writes the report for people: a verdict line, then the
// findings grouped by package (findings about the whole lock first), one
// "file:line:column: severity: [code] message" line each, and a count of
// the entries without findings. The output is the same for the same
// report.
func WriteText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	verdict := "OK"
	if !r.OK {
		verdict = "FAILED"
	}
	fmt.Fprintf(bw, "%s (%s): %s", r.Lock, r.Format, verdict)
	if len(r.Findings) == 0 {
		fmt.Fprintf(bw, ", no findings in %d %s\n", len(r.Packages), plural(len(r.Packages), "entry", "entries"))
	} else {
		fmt.Fprintf(bw, ", %d %s (%s)\n", len(r.Findings), plural(len(r.Findings), "finding", "findings"), summaryText(r))
	}

	// Groups: the lock itself, then each package in lock order.
	byPkg := map[string][]Finding{}
	for _, f := range r.Findings {
		byPkg[f.Package] = append(byPkg[f.Package], f)
	}
	if fs := byPkg[""]; len(fs) > 0 {
		fmt.Fprintf(bw, "\nthe lock file:\n")
		for i := range fs {
			fmt.Fprintf(bw, "  %s\n", fs[i].String())
		}
	}
	done := map[string]bool{}
	clean, skipped := 0, 0
	for _, p := range r.Packages {
		switch {
		case done[p.Name]:
			continue
		case p.Status == StatusSkipped:
			skipped++
			continue
		case p.Findings == 0 && len(byPkg[p.Name]) == 0:
			clean++
			continue
		}
		done[p.Name] = true
		fs := byPkg[p.Name]
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n%s", p.Name)
		if p.Version != "" {
			fmt.Fprintf(bw, " %s", p.Version)
		}
		fmt.Fprintf(bw, ": %s", p.Status)
		if len(p.Sources) > 0 {
			fmt.Fprintf(bw, " (allowed from %s)", quoteList(p.Sources))
		}
		fmt.Fprintln(bw)
		for i := range fs {
			fmt.Fprintf(bw, "  %s\n", fs[i].String())
		}
	}
	fmt.Fprintf(bw, "\n%d %s without findings", clean, plural(clean, "entry", "entries"))
	if skipped > 0 {
		fmt.Fprintf(bw, ", %d skipped", skipped)
	}
	fmt.Fprintln(bw, ".")
	return bw.Flush()
}

// jsonReport is the JSON form of a Report (see Report).
type jsonReport struct {
	AuditVersion int             `json:"audit-version"`
	Lock         string          `json:"lock"`
	Format       lockfile.Format `json:"format"`
	OK           bool            `json:"ok"`
	MaxSeverity  string          `json:"max-severity,omitempty"`
	Summary      map[string]int  `json:"summary"`
	Packages     []PackageStatus `json:"packages"`
	Findings     []Finding       `json:"findings"`
}

// WriteJSON writes the report for tools, indented, in the schema
// documented on Report. The output is the same for the same report.
func WriteJSON(w io.Writer, r *Report) error {
	j := jsonReport{AuditVersion: r.AuditVersion, Lock: r.Lock, Format: r.Format, OK: r.OK, Summary: map[string]int{},
		Packages: r.Packages, Findings: r.Findings}
	if j.Packages == nil {
		j.Packages = []PackageStatus{}
	}
	if j.Findings == nil {
		j.Findings = []Finding{}
	}
	if m, ok := r.MaxSeverity(); ok {
		j.MaxSeverity = m.String()
	}
	for s, n := range r.Summary() {
		j.Summary[s.String()] = n
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(j)
}
