package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/policy"
)

// SARIF constants: the schema and version written, and the
// partialFingerprints key of each result.
const (
	SARIFSchema         = "https://json.schemastore.org/sarif-2.1.0.json"
	SARIFVersion        = "2.1.0"
	SARIFFingerprintKey = "safeindexFinding/v1"
)

// SARIFOptions are the parts of a SARIF log the report does not decide.
// The zero value works.
type SARIFOptions struct {
	// ToolName is runs[].tool.driver.name; "safeindex" when empty.
	ToolName string
	// ToolVersion is the driver's version; when empty, the version of the
	// safeindex module this program was built with, if it is known.
	ToolVersion string
	// InformationURI is the driver's informationUri;
	// "https://github.com/safeindex/safeindex" when empty.
	InformationURI string
	// Root, when set, is the directory that lock paths are made relative
	// to (the repository's checkout), since code scanning places results
	// by paths relative to the repository. Relative paths are kept as they
	// are; an absolute path outside Root is written as a file:// URI.
	Root string
}

// SARIF 2.1.0 objects, only the properties written, in the order written.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      sarifText          `json:"fullDescription"`
		Help                 sarifText          `json:"help"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           sarifRuleProps     `json:"properties"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProps struct {
		Tags             []string `json:"tags"`
		Precision        string   `json:"precision"`
		SecuritySeverity string   `json:"security-severity"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          sarifResultProps  `json:"properties"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifResultProps struct {
		Severity string `json:"severity"`
		Package  string `json:"package,omitempty"`
		Version  string `json:"version,omitempty"`
		Source   string `json:"source,omitempty"`
		File     string `json:"file,omitempty"`
	}
)

// SARIFLevel maps a severity to a SARIF result level: critical and high
// are "error", medium "warning", low and info "note".
func SARIFLevel(s policy.Severity) string {
	switch {
	case s >= policy.SeverityHigh:
		return "error"
	case s == policy.SeverityMedium:
		return "warning"
	}
	return "note"
}

// SecuritySeverity maps a severity to GitHub code scanning's
// properties.security-severity score, which GitHub reads as critical above
// 9.0, high from 7.0 to 8.9, medium from 4.0 to 6.9 and low from 0.1 to
// 3.9: "9.5", "8.0", "5.5", "2.0", and "0.0" for info.
func SecuritySeverity(s policy.Severity) string {
	switch s {
	case policy.SeverityCritical:
		return "9.5"
	case policy.SeverityHigh:
		return "8.0"
	case policy.SeverityMedium:
		return "5.5"
	case policy.SeverityLow:
		return "2.0"
	}
	return "0.0"
}

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run, for
// code-scanning services (GitHub code scanning's subset):
//
//   - runs[0].tool.driver: name, version, informationUri, and one rule per
//     finding code in the report, sorted by id, each with
//     shortDescription, fullDescription, help (RuleFor),
//     defaultConfiguration.level and properties (tags "security" and
//     "supply-chain", precision, security-severity) from the rule's usual
//     severity;
//   - results, one per finding in report order: ruleId and ruleIndex, level
//     from the finding's own severity (SARIFLevel), message.text,
//     one location (the lock file, relative to the repository, with
//     uriBaseId %SRCROOT%; region startLine and startColumn when known),
//     partialFingerprints[SARIFFingerprintKey] (a digest of the rule,
//     file, package, version, distribution file and source, stable across
//     runs while the finding stays), and properties with the severity
//     and the finding's subject.
//
// The output is indented and the same for the same report and options.
func WriteSARIF(w io.Writer, r *Report, opts SARIFOptions) error {
	drv := sarifDriver{Name: opts.ToolName, Version: opts.ToolVersion, InformationURI: opts.InformationURI}
	if drv.Name == "" {
		drv.Name = "safeindex"
	}
	if drv.InformationURI == "" {
		drv.InformationURI = "https://github.com/safeindex/safeindex"
	}
	if drv.Version == "" {
		drv.Version = moduleVersion()
	}

	var codes []policy.Code
	for _, f := range r.Findings {
		if !slices.Contains(codes, f.Code) {
			codes = append(codes, f.Code)
		}
	}
	slices.Sort(codes)
	index := map[policy.Code]int{}
	drv.Rules = []sarifRule{}
	for i, c := range codes {
		index[c] = i
		rule := RuleFor(c)
		drv.Rules = append(drv.Rules, sarifRule{
			ID: string(c), Name: ruleName(c),
			ShortDescription:     sarifText{rule.ShortDescription},
			FullDescription:      sarifText{rule.FullDescription},
			Help:                 sarifText{rule.Help},
			DefaultConfiguration: sarifConfiguration{SARIFLevel(rule.Severity)},
			Properties:           sarifRuleProps{Tags: []string{"security", "supply-chain"}, Precision: "high", SecuritySeverity: SecuritySeverity(rule.Severity)},
		})
	}

	run := sarifRun{Tool: sarifTool{Driver: drv}, Results: []sarifResult{}}
	for _, f := range r.Findings {
		file := f.Pos.File
		if file == "" {
			file = r.Lock
		}
		art := artifact(file, opts.Root)
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: art}}
		if f.Pos.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Pos.Line, StartColumn: f.Pos.Column}
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: string(f.Code), RuleIndex: index[f.Code], Level: SARIFLevel(f.Severity),
			Message:             sarifText{f.Message},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{SARIFFingerprintKey: fingerprint(&f, art.URI)},
			Properties:          sarifResultProps{Severity: f.Severity.String(), Package: f.Package, Version: f.Version, Source: f.Source, File: f.File},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{run}})
}

// artifact returns the location of a lock file: a relative URI against
// %SRCROOT% when the path is relative (to Root, if given), else a file://
// URI.
func artifact(file, root string) sarifArtifact {
	if root != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	if filepath.IsAbs(file) {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // a Windows drive letter
		}
		return sarifArtifact{URI: u.String()}
	}
	u := url.URL{Path: filepath.ToSlash(filepath.Clean(file))}
	return sarifArtifact{URI: u.EscapedPath(), URIBaseID: "%SRCROOT%"}
}

// fingerprint identifies a finding across runs: what it is about, not
// where its line is or how its message reads.
func fingerprint(f *Finding, uri string) string {
	h := sha256.New()
	for _, s := range []string{string(f.Code), uri, f.Package, f.Version, f.File, f.Source} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// ruleName turns a code into a SARIF rule name: "hash-elsewhere" becomes
// "HashElsewhere".
func ruleName(c policy.Code) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(string(c), func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// moduleVersion returns the version of the safeindex module in the
// running program's build information, or "" when it is not known.
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	const mod = "github.com/safeindex/safeindex"
	if bi.Main.Path == mod && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == mod {
			return d.Version
		}
	}
	return ""
}
