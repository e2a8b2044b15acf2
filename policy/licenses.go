package policy

import (
	"fmt"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy/license"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/metadata"
)

// Licenses is the licence rule, for curated repositories: a version whose
// core metadata declares a licence the policy does not allow is refused.
// The rule is on when Allow or Deny is not empty; it needs the chosen
// file's core metadata (PEP 658), which the resolver fetches and checks
// against its hash.
type Licenses struct {
	// Policy lists the SPDX identifiers allowed and denied.
	Policy license.Policy `json:"policy"`
	// AllowUnknown accepts versions whose metadata declares no licence
	// that can be read as an SPDX expression. By default they are refused:
	// a curated repository takes only what it can vouch for.
	AllowUnknown bool `json:"allow_unknown,omitempty"`
	// RefuseInferred trusts only License-Expression (PEP 639). By default
	// a licence inferred from classifiers or the License field counts too,
	// with a note.
	RefuseInferred bool `json:"refuse_inferred,omitempty"`
}

// On reports whether the rule is configured.
func (l *Licenses) On() bool { return len(l.Policy.Allow) > 0 || len(l.Policy.Deny) > 0 }

// MetadataCheck is the outcome of the metadata rules for one version.
type MetadataCheck struct {
	Refused bool
	Reasons []Finding
}

// CheckMetadata applies the rules that need a version's core metadata:
// the metadata must describe the package and version asked for, and the
// licence it declares must be allowed (when the licence rule is on). It
// does no I/O.
func (p *Policy) CheckMetadata(name string, v pep440.Version, file string, md *metadata.Metadata) MetadataCheck {
	var mc MetadataCheck
	refuse := func(code Code, sev Severity, format string, args ...any) {
		mc.Refused = true
		mc.Reasons = append(mc.Reasons, Finding{Code: code, Severity: sev, Package: name, Version: v.String(), File: file, Message: fmt.Sprintf(format, args...)})
	}
	note := func(code Code, sev Severity, format string, args ...any) {
		mc.Reasons = append(mc.Reasons, Finding{Code: code, Severity: sev, Package: name, Version: v.String(), File: file, Message: fmt.Sprintf(format, args...)})
	}
	if simpleapi.NormalizeName(md.Name) != name {
		refuse(CodeMetadataMismatch, SeverityHigh, "%s: its core metadata names project %q, not %q", file, md.Name, name)
	}
	if mv, err := pep440.Parse(md.Version); err != nil || !mv.Equal(v) {
		refuse(CodeMetadataMismatch, SeverityHigh, "%s: its core metadata says version %q, not %s", file, md.Version, v)
	}
	rule := &p.Rules.Licenses
	if !rule.On() {
		return mc
	}
	decl, err := license.FromMetadata(md.LicenseExpression, md.License, md.Classifiers)
	switch {
	case err != nil:
		refuse(CodeLicense, SeverityHigh, "%s: License-Expression %q does not parse: %v", file, md.LicenseExpression, err)
		return mc
	case decl == nil && rule.AllowUnknown:
		note(CodeLicense, SeverityLow, "%s: no licence that reads as an SPDX expression; accepted as allow_unknown is set", file)
		return mc
	case decl == nil:
		refuse(CodeLicense, SeverityHigh, "%s: declares no licence that reads as an SPDX expression, and the policy takes only licences it can check", file)
		return mc
	case decl.Inferred && rule.RefuseInferred:
		refuse(CodeLicense, SeverityHigh, "%s: the licence %s is only inferred from %s, and the policy wants a License-Expression", file, decl.Expression, decl.From)
		return mc
	}
	d := rule.Policy.Evaluate(decl.Expression)
	if !d.Allowed {
		refuse(CodeLicense, SeverityHigh, "%s: licence %s is not allowed: %s", file, decl.Expression, d)
		return mc
	}
	if decl.Inferred {
		note(CodeLicense, SeverityInfo, "%s: licence %s, inferred from %s, is allowed", file, decl.Expression, decl.From)
	}
	return mc
}
