package policy

import (
	"fmt"
	"strings"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy/osv"
)

// Vulnerabilities is the known-vulnerability rule: versions that an
// advisory of DB affects are refused, or only reported, by severity. A
// nil DB turns the rule off.
type Vulnerabilities struct {
	// DB holds the advisories (see package osv for loading them offline).
	DB *osv.DB `json:"-"`
	// RefuseAt is the lowest severity that refuses a version; advisories
	// below it are reported only. The zero value, osv.LevelUnknown, refuses
	// at every level. An advisory whose severity no record gives is
	// refused whatever RefuseAt says: nothing shows it is minor.
	RefuseAt osv.Level `json:"refuse_at,omitempty"`
	// WarnOnly reports every advisory and refuses none.
	WarnOnly bool `json:"warn_only,omitempty"`
	// Accept lists advisories whose risk is accepted, each with a reason
	// and an expiry date (osv.NewAllowlist); an accepted advisory neither
	// refuses nor warns, and is reported at low severity.
	Accept *osv.Allowlist `json:"-"`
}

// VersionCheck is the outcome of the version-level rules for one version.
type VersionCheck struct {
	// Refused reports that the version must not be used.
	Refused bool
	// Advisories are the advisories that refuse it.
	Advisories []osv.Advisory
	// Reasons are the findings, refusing or not.
	Reasons []Finding
}

// CheckVersion applies the version-level rules (known vulnerabilities) to
// version v of package name (normalized). It does no I/O.
func (p *Policy) CheckVersion(name string, v pep440.Version, now time.Time) VersionCheck {
	var vc VersionCheck
	rule := &p.Rules.Vulnerabilities
	if rule.DB == nil {
		return vc
	}
	for _, a := range rule.DB.Affected(name, v) {
		f := Finding{Code: CodeVulnerable, Package: name, Version: v.String(), Severity: severityOf(a.Severity.Level)}
		desc := describeAdvisory(a)
		if acc, ok := rule.Accept.Match(a); ok { // Match is false on a nil list
			f.Code, f.Severity = CodeVulnAccepted, SeverityLow
			f.Message = fmt.Sprintf("%s %s is affected by %s; accepted until %s: %s", name, v, desc, acc.Expires.UTC().Format(time.DateOnly), acc.Reason)
			vc.Reasons = append(vc.Reasons, f)
			continue
		}
		refuse := !rule.WarnOnly && (a.Severity.Level == osv.LevelUnknown || a.Severity.Level >= rule.RefuseAt)
		if refuse {
			vc.Refused = true
			vc.Advisories = append(vc.Advisories, a)
			f.Message = fmt.Sprintf("%s %s is affected by %s, so it is refused", name, v, desc)
		} else {
			if f.Severity > SeverityMedium {
				f.Severity = SeverityMedium
			}
			f.Message = fmt.Sprintf("%s %s is affected by %s; reported only, as the policy refuses from %s up", name, v, desc, rule.RefuseAt)
			if rule.WarnOnly {
				f.Message = fmt.Sprintf("%s %s is affected by %s; reported only (warn_only)", name, v, desc)
			}
		}
		vc.Reasons = append(vc.Reasons, f)
	}
	return vc
}

// describeAdvisory reads "GHSA-x (CVE-y, PYSEC-z), high: summary; fixed in 1.2".
func describeAdvisory(a osv.Advisory) string {
	var b strings.Builder
	b.WriteString(a.ID)
	var aliases []string
	for _, id := range a.IDs {
		if id != a.ID {
			aliases = append(aliases, id)
		}
	}
	if len(aliases) > 0 {
		b.WriteString(" (" + strings.Join(aliases, ", ") + ")")
	}
	if a.Severity.Level != osv.LevelUnknown {
		b.WriteString(", " + a.Severity.Level.String())
	} else {
		b.WriteString(", severity unknown")
	}
	if a.Summary != "" {
		b.WriteString(": " + a.Summary)
	}
	if a.FixedIn != "" {
		b.WriteString("; fixed in " + a.FixedIn)
	} else {
		b.WriteString("; no fixed version")
	}
	return b.String()
}

// severityOf maps an advisory's level to a finding's severity; unknown
// counts as high.
func severityOf(l osv.Level) Severity {
	switch l {
	case osv.LevelLow:
		return SeverityLow
	case osv.LevelMedium:
		return SeverityMedium
	case osv.LevelCritical:
		return SeverityCritical
	}
	return SeverityHigh
}
