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

// View is what the policy lets the chosen sources serve for one name, file
// by file, before any version is chosen: the candidates the resolver
// chooses among, and the page an index proxy publishes. Build it with
// NewView, from a policy.Choice and the pages of its sources.
type View struct {
	// Package is the normalized name.
	Package string
	// Sources are the sources whose files were considered.
	Sources []string
	// Status and StatusReason are the PEP 792 status of the first chosen
	// source, or of a source that quarantines the project.
	Status, StatusReason string
	// Quarantined reports that a chosen source quarantines the project
	// and the policy does not allow quarantined projects: no file is OK.
	Quarantined bool
	// Files lists every file of the chosen sources, in source and page
	// order, but those counted in Excluded.
	Files []*ViewFile
	// Excluded counts the files left out because ViewOptions.Specifier
	// excludes their version.
	Excluded int
	// Versions holds the version-level checks (known vulnerabilities),
	// by canonical version (pep440.Version.Canonical).
	Versions map[string]policy.VersionCheck
	// Findings are the observations about the project as a whole: status,
	// an empty project, files that differ between related sources,
	// versions that are not PEP 440.
	Findings []policy.Finding
}

// ViewFile is one file of a View.
type ViewFile struct {
	Source string
	File   *simpleapi.File
	// Dist is the parsed filename, valid when Parsed.
	Dist simpleapi.Dist
	// Parsed reports that the name parsed as a wheel or sdist of the
	// project, with a PEP 440 version.
	Parsed bool
	// Checked reports that the file went through the candidate rules: its
	// name parsed as a wheel or sdist of the project, and no source before
	// it served the same filename.
	Checked bool
	// OK reports that no rule refused the file. A yanked file can be OK:
	// see Yanked.
	OK bool
	// Yanked is a PEP 592 yank the rules left to the installer (or to the
	// resolver, which uses such a file only for an exact pin).
	Yanked bool
	// Reasons are the findings of every rule about the file.
	Reasons []policy.Finding
}

// ViewOptions tune NewView. The zero value considers every file, with no
// pinned hashes and no target Python, at time.Now.
type ViewOptions struct {
	// Now is the time the age rules measure from; zero means time.Now.
	Now time.Time
	// Specifier, when not empty, excludes the files whose version it
	// excludes (pre-releases allowed): they are counted, not checked.
	Specifier pep440.SpecifierSet
	// Hashes are the requirement's pinned hashes.
	Hashes []policy.Hash
	// Python is the target interpreter for Requires-Python; unchecked when
	// HasPython is false (a proxy leaves it to the installer).
	Python    pep440.Version
	HasPython bool
	// Exclude refuses versions (by canonical form) with the reasons given.
	Exclude map[string][]policy.Finding
}

// NewView applies the policy's file and version rules to every file of
// the chosen sources' pages: filenames that do not parse or name another
// project are refused, a filename served by two sources must carry the
// same hashes on both (else neither copy is OK), a quarantined project
// offers nothing, and each remaining file goes through Policy.CheckFile
// and, once per version, Policy.CheckVersion. It does no I/O.
//
// pages holds the page of every source of choice.Sources; a source
// missing from it, or from the policy, contributes no files.
func NewView(p *policy.Policy, choice *policy.Choice, pages map[string]*simpleapi.ProjectPage, opts ViewOptions) *View {
	name := choice.Route.Package
	v := &View{Package: name, Sources: choice.Sources, Versions: map[string]policy.VersionCheck{}}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	add := func(code policy.Code, sev policy.Severity, src, format string, args ...any) {
		v.Findings = append(v.Findings, policy.Finding{Code: code, Severity: sev, Package: name, Source: src, Message: fmt.Sprintf(format, args...)})
	}

	// Project status (PEP 792) of each chosen source. A source without a
	// page in pages offers no files.
	for i, src := range choice.Sources {
		pg := pages[src]
		if pg == nil {
			continue
		}
		if i == 0 {
			v.Status, v.StatusReason = pg.Status, pg.StatusReason
		}
		switch strings.ToLower(pg.Status) {
		case "", "active":
		case "quarantined":
			v.Status, v.StatusReason = pg.Status, pg.StatusReason
			if p.Rules.AllowQuarantined {
				add(policy.CodeProjectStatus, policy.SeverityHigh, src, "%s is quarantined on %q%s; used anyway, as allow_quarantined is set", name, src, reason(pg.StatusReason))
			} else {
				v.Quarantined = true
				add(policy.CodeProjectStatus, policy.SeverityHigh, src, "%s is quarantined on %q%s: an index quarantines suspected malware, so none of its files is used", name, src, reason(pg.StatusReason))
			}
		case "deprecated", "archived":
			add(policy.CodeProjectStatus, policy.SeverityMedium, src, "%s is %s on %q%s", name, strings.ToLower(pg.Status), src, reason(pg.StatusReason))
		default:
			add(policy.CodeProjectStatus, policy.SeverityLow, src, "%s has the status %q on %q, which this version of safeindex does not know%s", name, pg.Status, src, reason(pg.StatusReason))
		}
	}

	anyVersion := opts.Specifier.WithPrereleases(pep440.PrereleasesAllow)
	pyMemo := map[string]pep440.SpecifierSet{}
	versionMemo := map[string]pep440.Version{}
	byName := map[string]*ViewFile{}
	total := 0
	for _, src := range choice.Sources {
		source := p.Source(src)
		pg := pages[src]
		if pg == nil || source == nil {
			continue
		}
		total += len(pg.Files)
		for i := range pg.Files {
			file := &pg.Files[i]
			// A file whose version the specifier excludes needs no more
			// work; its version is read cheaply (quickVersion).
			if ver, ok := quickVersion(file.Filename, name, versionMemo); ok && !anyVersion.Contains(ver) {
				v.Excluded++
				continue
			}
			vf := &ViewFile{Source: src, File: file}
			v.Files = append(v.Files, vf)
			refuse := func(code policy.Code, sev policy.Severity, format string, args ...any) policy.Finding {
				f := policy.Finding{Code: code, Severity: sev, Package: name, Source: src, File: file.Filename, Message: file.Filename + ": " + fmt.Sprintf(format, args...)}
				vf.OK = false
				vf.Reasons = append(vf.Reasons, f)
				return f
			}
			dist, err := simpleapi.ParseFilename(file.Filename, name)
			vf.Dist = dist
			switch {
			case err != nil && errors.Is(err, pep440.ErrInvalidVersion):
				f := refuse(policy.CodeNonPEP440, policy.SeverityLow, "version %q is not PEP 440, so it cannot be compared and is skipped", dist.RawVersion)
				v.Findings = append(v.Findings, f)
				continue
			case err != nil:
				refuse(policy.CodeBadFilename, policy.SeverityLow, "skipped: %v", err)
				continue
			case dist.Name != name:
				refuse(policy.CodeBadFilename, policy.SeverityMedium, "names project %q, not %q; skipped", dist.Name, name)
				continue
			case dist.Kind != simpleapi.KindWheel && dist.Kind != simpleapi.KindSdist:
				refuse(policy.CodeBadFilename, policy.SeverityInfo, "a %s, which installers no longer use; skipped", dist.Kind)
				continue
			}
			vf.Parsed = true
			if prev := byName[file.Filename]; prev != nil {
				// The same filename on two chosen sources must be the same file.
				if !sameHashes(prev.File.Hashes, file.Hashes) {
					f := policy.Finding{Code: policy.CodeRelatedMismatch, Severity: policy.SeverityHigh, Package: name, Source: src, Version: dist.Version.String(), File: file.Filename,
						Message: fmt.Sprintf("%s differs between %q (%s) and %q (%s): the sources disagree about its content, so neither copy is used", file.Filename, prev.Source, hashList(prev.File.Hashes), src, hashList(file.Hashes))}
					v.Findings = append(v.Findings, f)
					vf.Reasons = append(vf.Reasons, f)
					prev.OK = false
					prev.Reasons = append(prev.Reasons, f)
				} else {
					refuse(policy.CodeNotBest, policy.SeverityInfo, "the same file (same hashes) as on %q, which comes first", prev.Source)
				}
				continue
			}
			byName[file.Filename] = vf
			vf.Checked = true
			verdict := p.CheckFile(&policy.FileCheck{
				Package: name, Source: source, File: file, Version: dist.Version,
				PinnedHashes: opts.Hashes, Python: opts.Python, HasPython: opts.HasPython, Now: now,
				RequiresPythonMemo: pyMemo,
			})
			vf.OK, vf.Yanked = verdict.OK, verdict.Yanked
			vf.Reasons = append(vf.Reasons, verdict.Reasons...)
			vk := dist.Version.Canonical()
			vc, ok := v.Versions[vk]
			if !ok {
				vc = p.CheckVersion(name, dist.Version, now)
				v.Versions[vk] = vc
			}
			if vc.Refused {
				vf.OK = false
			}
			for _, f := range vc.Reasons {
				f.Source, f.File = src, file.Filename
				vf.Reasons = append(vf.Reasons, f)
			}
			if why, ok := opts.Exclude[vk]; ok {
				vf.OK = false
				vf.Reasons = append(vf.Reasons, why...)
			}
			if v.Quarantined {
				refuse(policy.CodeProjectStatus, policy.SeverityHigh, "%s is quarantined on %q%s: an index quarantines suspected malware", name, src, reason(pg.StatusReason))
			}
		}
	}
	if total == 0 {
		if pages[choice.Sources[0]] == nil {
			// A caller's slip, not the index's: say so rather than call
			// the project empty.
			add(policy.CodeEmptyProject, policy.SeverityHigh, choice.Sources[0], "%s has no files: NewView was given no page of %q, its first chosen source", name, choice.Sources[0])
		} else {
			add(policy.CodeEmptyProject, policy.SeverityHigh, choice.Sources[0], "%s has no files on %q: the project exists there but is empty, and other sources are not used for it", name, choice.Sources[0])
		}
	}
	return v
}
