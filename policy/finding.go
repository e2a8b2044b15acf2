package policy

import (
	"fmt"
	"strings"
)

// Severity ranks a Finding. The zero value is SeverityInfo.
type Severity int

// Severities, lowest first.
const (
	SeverityInfo     Severity = iota // worth knowing, nothing to do
	SeverityLow                      // a weak spot that needs no action now
	SeverityMedium                   // a risk to look at
	SeverityHigh                     // a refusal, or a risk that needs action
	SeverityCritical                 // an attack's signature, such as an internal name shadowed by a higher public version
)

// String returns "info", "low", "medium", "high" or "critical".
func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityLow:
		return "low"
	case SeverityMedium:
		return "medium"
	case SeverityHigh:
		return "high"
	case SeverityCritical:
		return "critical"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity name as String writes it
// (case-insensitively); "warning" is accepted for medium and "error" for
// high, as SARIF and CI tools name them.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "info", "note", "none":
		return SeverityInfo, nil
	case "low":
		return SeverityLow, nil
	case "medium", "moderate", "warning":
		return SeverityMedium, nil
	case "high", "error":
		return SeverityHigh, nil
	case "critical":
		return SeverityCritical, nil
	}
	return 0, fmt.Errorf("policy: unknown severity %q (want info, low, medium, high or critical)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Code names the rule behind a Finding, stable for tools to match on.
type Code string

// Finding codes. Each names one rule; the Message says what it found.
const (
	// Sources.
	CodeShadowed        Code = "shadowed"           // the name exists on a source other than the one chosen
	CodeShadowHigher    Code = "shadow-higher"      // ... and that source offers higher versions: dependency confusion's signature
	CodeMergeRisk       Code = "merge-risk"         // candidates merged across sources (pip --extra-index-url behaviour)
	CodeRelatedMerge    Code = "related-merge"      // sources merged because the user declared them related
	CodeRelatedMismatch Code = "related-mismatch"   // a file of the same name differs between related sources
	CodePEP708Merge     Code = "pep708-merge"       // sources merged on PEP 708 metadata, by opt-in
	CodeShadowUnchecked Code = "shadow-unchecked"   // a lower-priority source failed, so shadowing was not checked
	CodeNamespace       Code = "namespace"          // a PEP 752 namespace rule decided
	CodeProjectStatus   Code = "project-status"     // PEP 792 status
	CodeEmptyProject    Code = "empty-project"      // the chosen source has the project but no files
	CodeNonPEP440       Code = "non-pep440-version" // a file's version is not PEP 440
	CodeBadFilename     Code = "bad-filename"       // a file's name does not parse or names another project

	// Files.
	CodeNoHash         Code = "no-hash"         // no hash in an allowed algorithm
	CodeHashNotPinned  Code = "hash-not-pinned" // no hash matches the requirement's pinned hashes
	CodeYanked         Code = "yanked"          // PEP 592
	CodeRequiresPython Code = "requires-python" // the target Python is excluded
	CodeTooNew         Code = "too-new"         // uploaded after the cutoff or within the minimum age
	CodeNoUploadTime   Code = "no-upload-time"  // the age rules cannot be checked
	CodeAgeBypass      Code = "age-bypass"      // an age rule was bypassed for this package
	CodeDenied         Code = "denied"          // a deny rule matched
	CodeNotAllowed     Code = "not-allowed"     // an allow list exists and nothing on it matched
	CodeFileHost       Code = "file-host"       // the file is served from a host not allowed for its source
	CodeSpecifier      Code = "specifier"       // the requirement's specifier excludes the version
	CodeIncompatible   Code = "incompatible"    // no tag of the wheel is supported by the target
	CodePrerelease     Code = "prerelease"      // a pre-release, left out by PEP 440's preference for finals
	CodeNotBest        Code = "not-best"        // acceptable, but a better candidate was chosen
	CodeChosen         Code = "chosen"          // the candidate that was chosen

	// Versions.
	CodeVulnerable    Code = "vulnerable"      // a known vulnerability affects the version
	CodeVulnAccepted  Code = "vuln-accepted"   // ... and its risk is accepted until a date
	CodeVulnMovedDown Code = "vuln-moved-down" // a lower version was chosen because higher ones are vulnerable

	CodeLicense          Code = "license"           // the licence rule
	CodeMetadataMismatch Code = "metadata-mismatch" // core metadata names another project or version
	CodeMetadata         Code = "metadata"          // core metadata could not be fetched or read

	// Names.
	CodeTyposquat    Code = "typosquat"     // the name looks like a typo of a popular or internal name
	CodeInternalName Code = "internal-name" // the name looks internal but no internal source has it
)

// Finding is one observation a rule made, with where and why. Findings are
// data for tools (Code, Severity and the subject fields) and one sentence
// for people (Message).
type Finding struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Package  string   `json:"package,omitempty"` // normalized project name
	Source   string   `json:"source,omitempty"`  // source name
	Version  string   `json:"version,omitempty"`
	File     string   `json:"file,omitempty"` // distribution filename
	Message  string   `json:"message"`
}

// String returns "severity code: message".
func (f Finding) String() string {
	return f.Severity.String() + " " + string(f.Code) + ": " + f.Message
}

// MaxSeverity returns the highest severity among fs, and false when fs is
// empty.
func MaxSeverity(fs []Finding) (Severity, bool) {
	if len(fs) == 0 {
		return 0, false
	}
	max := fs[0].Severity
	for _, f := range fs[1:] {
		if f.Severity > max {
			max = f.Severity
		}
	}
	return max, true
}
