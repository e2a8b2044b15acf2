package resolve

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// Decision is the outcome for one requirement: where it comes from, the
// version and files chosen, every candidate with its reasons, the findings,
// and the error when nothing could be chosen.
type Decision struct {
	Requirement Requirement `json:"requirement"`
	// Package is the normalized project name.
	Package string `json:"package"`
	// Route says where the name may come from and why.
	Route policy.Route `json:"route"`
	// Lookups lists what each source said.
	Lookups []SourceOutcome `json:"lookups"`
	// Sources are the sources whose files were candidates.
	Sources []string `json:"sources,omitempty"`
	// Version is the version chosen, valid when HasVersion is true.
	Version    pep440.Version `json:"version"`
	HasVersion bool           `json:"-"`
	// Files are every acceptable file of the chosen version, in page
	// order: a lock pins all their hashes.
	Files []FileChoice `json:"files,omitempty"`
	// Wheel is the best wheel of Files for the target, Sdist the source
	// distribution; either may be nil.
	Wheel *FileChoice `json:"wheel,omitempty"`
	Sdist *FileChoice `json:"sdist,omitempty"`
	// Candidates lists every file considered, with its reasons: every
	// file of the chosen sources but those counted in Excluded.
	Candidates []*Candidate `json:"candidates,omitempty"`
	// Excluded counts the files left out because the requirement's
	// specifier excludes their version, without further checks.
	Excluded int `json:"excluded,omitempty"`
	// Skipped reports a requirement whose marker the target does not
	// satisfy: nothing was looked up for it.
	Skipped bool `json:"skipped,omitempty"`
	// Findings are what the rules observed on the way.
	Findings []policy.Finding `json:"findings,omitempty"`
	// Err says why nothing was chosen: a *policy.ShadowError, a
	// *policy.SourceError, a *policy.MissingError or a *NoCandidateError.
	Err error `json:"-"`
}

// SourceOutcome is what one source said about a name.
type SourceOutcome struct {
	Source string             `json:"source"`
	State  policy.LookupState `json:"state"`
	Error  string             `json:"error,omitempty"`
}

// FileChoice is a file chosen for a decision.
type FileChoice struct {
	Source         string            `json:"source"`
	Filename       string            `json:"filename"`
	URL            string            `json:"url"`
	Kind           string            `json:"kind"` // "wheel" or "sdist"
	Hashes         map[string]string `json:"hashes"`
	Size           int64             `json:"size,omitempty"`
	HasSize        bool              `json:"-"`
	UploadTime     time.Time         `json:"upload_time,omitzero"`
	Yanked         bool              `json:"yanked,omitempty"`
	RequiresPython string            `json:"requires_python,omitempty"`

	file *simpleapi.File // as listed, for its core metadata
}

// Candidate is one file the resolver considered, with why it was taken or
// left.
type Candidate struct {
	Source   string           `json:"source"`
	Filename string           `json:"filename"`
	Version  string           `json:"version,omitempty"`
	OK       bool             `json:"ok"`     // acceptable under every rule
	Chosen   bool             `json:"chosen"` // the wheel or sdist chosen
	Reasons  []policy.Finding `json:"reasons,omitempty"`
}

func (d *Decision) finding(code policy.Code, sev policy.Severity, src, version, file, format string, args ...any) {
	d.Findings = append(d.Findings, policy.Finding{Code: code, Severity: sev, Package: d.Package, Source: src, Version: version, File: file, Message: fmt.Sprintf(format, args...)})
}

// ErrNoCandidate is matched by *NoCandidateError.
var ErrNoCandidate = errors.New("no acceptable candidate")

// ErrUnsupportedEntry is matched by the errors of FromLock and
// FromPackage for lock entries that cannot become requirements: those no
// index can serve (editable, path, VCS and directory entries), and those
// whose specifier or marker does not parse (which also match the parse
// error: pep440.ErrInvalidSpecifier, say).
var ErrUnsupportedEntry = errors.New("lock entry cannot be resolved")

// ErrDirectURL is matched by the error of a requirement that names a
// direct URL ("name @ https://..."): no index serves it, so no policy
// can vouch for it.
var ErrDirectURL = errors.New("direct URL requirements are not resolved from indexes")

// NoCandidateError reports that the sources chosen for a name offer no
// file that satisfies the requirement and the rules. Candidates says, file
// by file, why.
type NoCandidateError struct {
	Package     string
	Requirement string
	Sources     []string
	Candidates  []*Candidate
}

func (e *NoCandidateError) Error() string {
	if len(e.Candidates) == 0 {
		return fmt.Sprintf("%s: no acceptable candidate for %s: %s has no files", e.Package, e.Requirement, strings.Join(e.Sources, ", "))
	}
	// Summarize by rule: "3 files: no-hash; 2 files: too-new".
	counts := map[policy.Code]int{}
	var order []policy.Code
	for _, c := range e.Candidates {
		seen := map[policy.Code]bool{}
		for _, r := range c.Reasons {
			if r.Severity < policy.SeverityHigh && r.Code != policy.CodeSpecifier && r.Code != policy.CodeVulnerable && r.Code != policy.CodeLicense && r.Code != policy.CodeMetadata && r.Code != policy.CodeIncompatible && r.Code != policy.CodeYanked && r.Code != policy.CodeNonPEP440 && r.Code != policy.CodeBadFilename {
				continue
			}
			if !seen[r.Code] {
				seen[r.Code] = true
				if counts[r.Code] == 0 {
					order = append(order, r.Code)
				}
				counts[r.Code]++
			}
		}
	}
	var parts []string
	for _, c := range order {
		parts = append(parts, fmt.Sprintf("%s (%d of %d files)", c, counts[c], len(e.Candidates)))
	}
	return fmt.Sprintf("%s: no acceptable candidate for %s among %d files on %s: %s", e.Package, e.Requirement, len(e.Candidates), strings.Join(e.Sources, ", "), strings.Join(parts, ", "))
}

// Unwrap returns ErrNoCandidate.
func (e *NoCandidateError) Unwrap() error { return ErrNoCandidate }

// Explain returns the decision in a few sentences for people: where the
// name was looked up, which source serves it and why, the version and files
// chosen or why none, and the findings.
func (d *Decision) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", d.Requirement.String())
	if d.Requirement.Origin != "" {
		fmt.Fprintf(&b, " (%s)", d.Requirement.Origin)
	}
	b.WriteString(":\n")
	switch d.Route.Kind {
	case policy.RoutePinned:
		fmt.Fprintf(&b, "  pinned to source %q.\n", d.Route.Serve[0])
	case policy.RouteClaimed:
		fmt.Fprintf(&b, "  claimed by source %q.\n", d.Route.Serve[0])
	case policy.RouteMerged:
		fmt.Fprintf(&b, "  merged across %s (unsafe, by configuration).\n", strings.Join(d.Route.Serve, ", "))
	case policy.RouteOrdered:
		fmt.Fprintf(&b, "  searched in order: %s.\n", strings.Join(d.Route.Serve, ", "))
	}
	for _, l := range d.Lookups {
		fmt.Fprintf(&b, "  source %q: %s", l.Source, l.State)
		if l.Error != "" {
			fmt.Fprintf(&b, " (%s)", l.Error)
		}
		b.WriteString("\n")
	}
	if d.Excluded > 0 {
		fmt.Fprintf(&b, "  %d files of other versions excluded by %s.\n", d.Excluded, d.Requirement.Specifier)
	}
	switch {
	case d.Skipped:
		b.WriteString("  skipped: its marker does not hold for the target.\n")
	case d.Err != nil:
		fmt.Fprintf(&b, "  refused: %v\n", d.Err)
	default:
		fmt.Fprintf(&b, "  chosen: %s %s from %s", d.Package, d.Version, strings.Join(d.Sources, ", "))
		if d.Wheel != nil {
			fmt.Fprintf(&b, ", wheel %s", d.Wheel.Filename)
		}
		if d.Sdist != nil {
			fmt.Fprintf(&b, ", sdist %s", d.Sdist.Filename)
		}
		fmt.Fprintf(&b, " (%d files pinned).\n", len(d.Files))
	}
	for _, f := range d.Findings {
		fmt.Fprintf(&b, "  %s: %s\n", f.Severity, f.Message)
	}
	return b.String()
}
