package audit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi"
)

// ReportVersion is the version of the JSON report's schema (Report).
const ReportVersion = 1

// DefaultThreshold is the severity at which a report is not OK: a finding
// at or above it means the lock must not be installed as it is.
const DefaultThreshold = policy.SeverityHigh

// Auditor checks lock files against a policy. Set Policy and Index; the
// other fields have working zero values. An Auditor is safe for concurrent
// use.
type Auditor struct {
	// Policy decides; it must pass Validate.
	Policy *policy.Policy
	// Index reads the sources, as for a resolve.Resolver: ClientIndex over
	// HTTP, or an in-memory index in tests.
	Index resolve.Index
	// Target is the environment the lock is audited for. The zero Target
	// evaluates no marker (every entry is audited) and checks no
	// Requires-Python, which suits a lock made for several platforms.
	Target resolve.Target
	// Concurrency bounds the index lookups in flight; zero means
	// resolve.DefaultConcurrency.
	Concurrency int
	// Now is the clock of the age rules; nil means time.Now.
	Now func() time.Time
	// Logger receives a debug line per package with findings; nil
	// discards.
	Logger *slog.Logger
}

// Finding is a policy.Finding placed in the lock file, with the help text
// of its rule (RuleFor).
type Finding struct {
	policy.Finding
	// Pos is where the finding points in the lock: the pylock file table,
	// else the package entry, else the option or source line. File is
	// always set; Line is 0 only for findings about the whole file.
	Pos lockfile.Position `json:"pos"`
	// Help says what to do about it.
	Help string `json:"help,omitempty"`
}

// String returns "file:line:column: severity: [code] message".
func (f *Finding) String() string {
	return fmt.Sprintf("%s: %s: [%s] %s", f.Pos, f.Severity, f.Code, f.Message)
}

// Status is the outcome of the audit for one lock entry.
type Status string

// Statuses of a PackageStatus.
const (
	StatusOK         Status = "ok"          // no finding
	StatusWarn       Status = "warn"        // findings, none high or critical
	StatusFail       Status = "fail"        // a high or critical finding
	StatusSkipped    Status = "skipped"     // a -c constraint, or the target's markers exclude it
	StatusNotChecked Status = "not-checked" // a direct URL, path, VCS or directory entry
)

// PackageStatus is the audit's outcome for one entry of the lock.
type PackageStatus struct {
	// Name is the normalized name; Version the pinned version as written.
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	// Pos is where the entry is written.
	Pos    lockfile.Position `json:"pos"`
	Status Status            `json:"status"`
	// Route is how the policy routes the name; Sources the sources
	// allowed to serve it (empty when none could be determined).
	Route   policy.RouteKind `json:"route,omitempty"`
	Sources []string         `json:"sources,omitempty"`
	// Locked counts the locked files checked (pylock file tables, or
	// requirements and Pipfile.lock hashes); Matched those found on an
	// allowed source.
	Locked  int `json:"locked"`
	Matched int `json:"matched"`
	// Findings counts the entry's findings, MaxSeverity is the highest
	// ("" when none).
	Findings    int    `json:"findings"`
	MaxSeverity string `json:"max-severity,omitempty"`
}

// Report is the outcome of Verify. Its JSON form (WriteJSON) is:
//
//	{
//	  "audit-version": 1,
//	  "lock": "services/api/pylock.toml",     // the lock's path as given
//	  "format": "pylock.toml",                // or "requirements.txt", "Pipfile.lock"
//	  "ok": false,                            // no high or critical finding
//	  "max-severity": "critical",             // omitted when there is no finding
//	  "summary": {"critical": 1, "high": 2},  // findings by severity
//	  "packages": [{
//	    "name": "acme-billing", "version": "99.0.0",
//	    "pos": {"file": "pylock.toml", "line": 12, "column": 1},
//	    "status": "ok|warn|fail|skipped|not-checked",
//	    "route": "pinned|claimed|ordered|merged",
//	    "sources": ["internal"],              // allowed to serve the name
//	    "locked": 2, "matched": 0,            // locked files, and those found where allowed
//	    "findings": 3, "max-severity": "critical"
//	  }],
//	  "findings": [{
//	    "code": "hash-elsewhere", "severity": "info|low|medium|high|critical",
//	    "package": "acme-billing", "source": "pypi", "version": "99.0.0",
//	    "file": "acme_billing-99.0.0-py3-none-any.whl",
//	    "message": "one sentence",
//	    "pos": {"file": "pylock.toml", "line": 14, "column": 1},
//	    "help": "what to do"
//	  }]
//	}
//
// Packages are in lock order, findings sorted by position. Codes are those
// of package policy and of this package (CodeHashElsewhere...). URLs in
// messages are redacted.
type Report struct {
	AuditVersion int             `json:"audit-version"`
	Lock         string          `json:"lock"`
	Format       lockfile.Format `json:"format"`
	OK           bool            `json:"ok"`
	Packages     []PackageStatus `json:"packages"`
	Findings     []Finding       `json:"findings"`
}

// MaxSeverity returns the highest severity among the findings, and false
// when there is none.
func (r *Report) MaxSeverity() (policy.Severity, bool) {
	if len(r.Findings) == 0 {
		return policy.SeverityInfo, false
	}
	m := r.Findings[0].Severity
	for _, f := range r.Findings[1:] {
		m = max(m, f.Severity)
	}
	return m, true
}

// Failed reports whether any finding is at or above threshold: the gate of
// a CI job's -fail-on option.
func (r *Report) Failed(threshold policy.Severity) bool {
	for _, f := range r.Findings {
		if f.Severity >= threshold {
			return true
		}
	}
	return false
}

// Summary counts the findings by severity.
func (r *Report) Summary() map[policy.Severity]int {
	m := map[policy.Severity]int{}
	for _, f := range r.Findings {
		m[f.Severity]++
	}
	return m
}

// Verify audits a lock under the auditor's policy (see the package
// documentation for the checks) and returns a report with every finding.
// The error is nil unless the call itself is wrong (no policy, no index,
// an invalid policy, no lock) or ctx ends; what is wrong with the lock, or
// an index that fails, is in the report.
func (a *Auditor) Verify(ctx context.Context, lock *lockfile.Lock) (*Report, error) {
	if a.Policy == nil || a.Index == nil {
		return nil, errors.New("audit: Auditor needs a Policy and an Index")
	}
	if lock == nil {
		return nil, errors.New("audit: Verify needs a lock")
	}
	if err := a.Policy.Validate(); err != nil {
		return nil, err
	}
	v := &verifier{a: a, p: a.Policy, lock: lock, rec: newRecorder(a.Index), hashIdx: map[recKey]*pageIndex{}}
	v.now = time.Now()
	if a.Now != nil {
		v.now = a.Now()
	}

	// Entries to requirements, one lock entry at a time so that each
	// requirement maps back to its entry and its errors stay its own.
	var reqs []resolve.Requirement
	v.entries = make([]*entry, len(lock.Packages))
	for i := range lock.Packages {
		p := &lock.Packages[i]
		e := &entry{pkg: p, name: simpleapi.NormalizeName(p.Name), req: -1, status: StatusOK}
		v.entries[i] = e
		switch {
		case p.Constraint:
			e.status = StatusSkipped
			continue
		case p.Editable || p.Path != "" || p.VCS != nil || p.Directory != nil || p.Archive != nil || p.URL != "":
			e.status = StatusNotChecked
			v.add(e, p.Pos, policy.Finding{Code: CodeNotFromIndex, Severity: policy.SeverityMedium, Package: e.name, Version: p.Version,
				Message: fmt.Sprintf("%s is installed from %s, not from an index: no policy source vouches for it", cmp.Or(e.name, "this entry"), directKind(p))})
			continue
		}
		req, err := resolve.FromPackage(p)
		if err != nil {
			v.add(e, p.Pos, policy.Finding{Code: CodeInvalidEntry, Severity: policy.SeverityHigh, Package: e.name, Version: p.Version,
				Message: fmt.Sprintf("%s cannot be audited: %v", e.name, err)})
			continue
		}
		e.req = len(reqs)
		reqs = append(reqs, req)
	}

	r := &resolve.Resolver{Policy: a.Policy, Index: v.rec, Target: a.Target, Concurrency: a.Concurrency, Now: func() time.Time { return v.now }, Logger: a.Logger}
	res, err := r.Resolve(ctx, reqs)
	if err != nil {
		return nil, err
	}
	for _, e := range v.entries {
		if e.req >= 0 {
			e.d = res.Decisions[e.req]
		}
	}

	// Match the locked files on the allowed sources; look the names whose
	// files are not all there up on every other source, to tell a file an
	// attacker's index serves from one nobody serves.
	var extra []recKey
	for _, e := range v.entries {
		if e.d == nil || e.d.Skipped {
			continue
		}
		v.prepare(e)
		if e.unmatched() {
			for i := range v.p.Sources {
				s := v.p.Sources[i].Name
				if !v.rec.fetched(s, e.name) {
					extra = append(extra, recKey{s, e.name})
				}
			}
		}
	}
	if err := v.fetchAll(ctx, extra); err != nil {
		return nil, err
	}

	v.lockLevel()
	for _, e := range v.entries {
		if e.d != nil {
			v.check(e)
		}
	}
	return v.report(), nil
}

// verifier holds one Verify call's state.
type verifier struct {
	a       *Auditor
	p       *policy.Policy
	lock    *lockfile.Lock
	rec     *recorder
	now     time.Time
	entries []*entry
	global  []Finding // findings about the whole lock
	hashIdx map[recKey]*pageIndex

	// requirements files: the index URLs pip uses for every entry, and
	// whether the file names any.
	reqIndexes    []lockfile.Source
	reqHasIndexes bool
	// index-unknown findings, one per URL or host.
	unknown map[string]*unknownRef
}

// entry is one lock entry under audit.
type entry struct {
	pkg      *lockfile.Package
	name     string
	req      int // index in the requirements; -1 when none
	d        *resolve.Decision
	allowed  []string
	locked   []*lockedFile
	findings []Finding
	dedupe   map[string]int // finding key to index in findings
	counts   map[string]int // how many times the key was seen
	status   Status
}

// lockedFile is one file the lock records: a pylock file table, or one
// hash of a requirements line or Pipfile.lock entry (whose file is not
// named).
type lockedFile struct {
	name   string
	url    string
	hashes []policy.Hash
	pos    lockfile.Position
	// Set by prepare: the file of an allowed source it matches.
	src  string
	file *simpleapi.File
	// byIndex marks files taken from the page for an entry without
	// hashes: not recorded in the lock, so never "unmatched".
	byIndex bool
}

func (e *entry) unmatched() bool {
	for _, lf := range e.locked {
		if lf.file == nil {
			return true
		}
	}
	return false
}

// directKind names what a non-index entry is installed from.
func directKind(p *lockfile.Package) string {
	switch {
	case p.Editable:
		return "an editable source tree"
	case p.VCS != nil:
		u := p.VCS.URL
		if u == "" {
			u = p.VCS.Path
		}
		return fmt.Sprintf("%s repository %s", p.VCS.Type, redact.String(u))
	case p.Directory != nil:
		return "directory " + p.Directory.Path
	case p.Archive != nil:
		if p.Archive.URL != "" {
			return "archive " + redact.String(p.Archive.URL)
		}
		return "archive " + p.Archive.Path
	case p.URL != "":
		return "URL " + redact.String(p.URL)
	}
	return "path " + p.Path
}

// add records a finding on an entry, merging repeats of the same rule
// and message (the same yank on every wheel of a version) into one.
func (v *verifier) add(e *entry, pos lockfile.Position, f policy.Finding) {
	if pos.File == "" {
		pos.File = v.lock.Path
	}
	key := string(f.Code) + "\x00" + stripFile(f.Message, f.File)
	if e.dedupe == nil {
		e.dedupe, e.counts = map[string]int{}, map[string]int{}
	}
	if _, ok := e.dedupe[key]; ok {
		e.counts[key]++
		return
	}
	e.dedupe[key] = len(e.findings)
	e.counts[key] = 1
	e.findings = append(e.findings, Finding{Finding: f, Pos: pos, Help: RuleFor(f.Code).Help})
}

// stripFile removes the "filename: " prefix the candidate rules put on
// their messages, so that the same rule on several files is one finding.
func stripFile(msg, file string) string {
	if file != "" {
		return strings.TrimPrefix(msg, file+": ")
	}
	return msg
}

// allowedSources returns the sources allowed to serve the entry's name:
// those the resolver chose, or when it could not choose, those the policy
// would have taken (the pinned or claiming source, or the first that has
// the name), so that hashes can still be placed.
func (v *verifier) allowedSources(d *resolve.Decision) []string {
	if len(d.Sources) > 0 {
		return d.Sources
	}
	switch d.Route.Kind {
	case policy.RoutePinned, policy.RouteClaimed:
		return d.Route.Serve
	}
	state := map[string]policy.LookupState{}
	for _, l := range d.Lookups {
		state[l.Source] = l.State
	}
	var out []string
	for _, s := range d.Route.Serve {
		if state[s] == policy.Found {
			out = append(out, s)
			if d.Route.Kind != policy.RouteMerged {
				break
			}
		}
	}
	return out
}

// prepare lists the entry's locked files and matches them on the allowed
// sources' pages.
func (v *verifier) prepare(e *entry) {
	p := e.pkg
	e.allowed = v.allowedSources(e.d)
	if v.lock.Format == lockfile.FormatPylock {
		for i := range p.Files {
			f := &p.Files[i]
			lf := &lockedFile{name: f.Filename(), url: f.URL, pos: f.Pos}
			for _, h := range f.Hashes {
				lf.hashes = append(lf.hashes, lowerHash(h))
			}
			if len(lf.hashes) > 0 {
				e.locked = append(e.locked, lf)
			}
		}
	} else {
		for _, h := range p.Hashes {
			e.locked = append(e.locked, &lockedFile{hashes: []policy.Hash{lowerHash(h)}, pos: p.Pos})
		}
	}
	for _, lf := range e.locked {
		for _, s := range e.allowed {
			if f := v.pageIndex(s, e.name).match(lf.hashes); f != nil {
				lf.src, lf.file = s, f
				break
			}
		}
	}
}

func lowerHash(h lockfile.Hash) policy.Hash {
	return policy.Hash{Algorithm: strings.ToLower(h.Algorithm), Hex: strings.ToLower(h.Hex)}
}

// fetchAll looks names up on sources, at most Concurrency at a time.
func (v *verifier) fetchAll(ctx context.Context, keys []recKey) error {
	limit := v.a.Concurrency
	if limit <= 0 {
		limit = resolve.DefaultConcurrency
	}
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for _, k := range keys {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			_, _ = v.rec.ProjectPage(ctx, v.p.Source(k.source), k.name)
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// pageIndex is a page's files by hash and by filename, and its versions.
type pageIndex struct {
	page     *simpleapi.ProjectPage
	byHash   map[string]*simpleapi.File // "algorithm:hex"
	byName   map[string]*simpleapi.File
	versions []pep440.Version // sorted, distinct
	verOf    map[*simpleapi.File]pep440.Version
}

// pageIndex returns the index of the page of name on source, nil-safe:
// a source that does not have the name gives an empty index.
func (v *verifier) pageIndex(source, name string) *pageIndex {
	k := recKey{source, name}
	if pi, ok := v.hashIdx[k]; ok {
		return pi
	}
	pi := &pageIndex{page: v.rec.page(source, name), byHash: map[string]*simpleapi.File{}, byName: map[string]*simpleapi.File{}, verOf: map[*simpleapi.File]pep440.Version{}}
	if pi.page != nil {
		for i := range pi.page.Files {
			f := &pi.page.Files[i]
			for alg, hex := range f.Hashes {
				pi.byHash[alg+":"+strings.ToLower(hex)] = f
			}
			pi.byName[f.Filename] = f
			if d, err := simpleapi.ParseFilename(f.Filename, name); err == nil && d.Name == name {
				pi.verOf[f] = d.Version
				pi.versions = append(pi.versions, d.Version)
			}
		}
		slices.SortFunc(pi.versions, pep440.Compare)
		pi.versions = slices.CompactFunc(pi.versions, pep440.Version.Equal)
	}
	v.hashIdx[k] = pi
	return pi
}

func (pi *pageIndex) match(hashes []policy.Hash) *simpleapi.File {
	for _, h := range hashes {
		if f := pi.byHash[h.Algorithm+":"+h.Hex]; f != nil {
			return f
		}
	}
	return nil
}

func (pi *pageIndex) hasVersion(v pep440.Version) bool {
	_, ok := slices.BinarySearchFunc(pi.versions, v, pep440.Compare)
	return ok
}

// priority returns a source's position in the policy (lower is trusted
// more).
func (v *verifier) priority(source string) int {
	for i := range v.p.Sources {
		if v.p.Sources[i].Name == source {
			return i
		}
	}
	return len(v.p.Sources)
}

// ignoredReason lists the candidate reasons that are about the
// resolver's choice among files, not about whether a locked file is safe.
func ignoredReason(c policy.Code) bool {
	switch c {
	case policy.CodeNotBest, policy.CodeChosen, policy.CodeIncompatible, policy.CodeSpecifier,
		policy.CodePrerelease, policy.CodeHashNotPinned, policy.CodeYanked, policy.CodeProjectStatus,
		policy.CodeVulnMovedDown, policy.CodeNonPEP440, policy.CodeBadFilename:
		return true
	}
	return false
}

// ignoredDecisionFinding lists the decision findings that are about the
// resolver's choice, or that the audit reports its own way (yanks, per
// locked file).
func ignoredDecisionFinding(c policy.Code) bool {
	switch c {
	case policy.CodeYanked, policy.CodeVulnMovedDown, policy.CodeNonPEP440, policy.CodeBadFilename:
		return true
	}
	return false
}

// check makes the entry's findings.
func (v *verifier) check(e *entry) {
	d, p := e.d, e.pkg
	if d.Skipped {
		e.status = StatusSkipped
		return
	}
	pinned, pinErr := p.PEP440Version()
	hasPin := p.Version != "" && pinErr == nil

	if p.Version == "" {
		v.add(e, p.Pos, policy.Finding{Code: CodeNotPinned, Severity: policy.SeverityMedium, Package: e.name,
			Message: fmt.Sprintf("%s pins no exact version (%s): what is installed depends on the day", e.name, cmp.Or(p.Specifier, "any version"))})
	}
	if len(e.locked) == 0 {
		sev := policy.SeverityMedium
		v.add(e, p.Pos, policy.Finding{Code: CodeUnhashed, Severity: sev, Package: e.name, Version: p.Version,
			Message: fmt.Sprintf("%s has no hashes: neither the installer nor this audit can tie it to a file", e.name)})
	}

	// The resolver's decision: errors, then its findings.
	var shadow *policy.ShadowError
	var srcErr *policy.SourceError
	var missing *policy.MissingError
	var noCand *resolve.NoCandidateError
	switch err := d.Err; {
	case err == nil:
	case errors.As(err, &shadow):
		f := policy.Finding{Code: policy.CodeShadowed, Severity: policy.SeverityHigh, Package: e.name, Message: redact.Text(err.Error())}
		if shadow.HigherElsewhere {
			f.Code, f.Severity = policy.CodeShadowHigher, policy.SeverityCritical
		}
		v.add(e, p.Pos, f)
	case errors.As(err, &srcErr):
		v.add(e, p.Pos, policy.Finding{Code: CodeSourceFailed, Severity: policy.SeverityHigh, Package: e.name, Source: srcErr.Source,
			Message: redact.Text(err.Error()) + "; the entry could not be verified"})
	case errors.As(err, &missing):
		v.add(e, p.Pos, policy.Finding{Code: CodeNotOnSource, Severity: policy.SeverityHigh, Package: e.name, Message: redact.Text(err.Error())})
	case errors.As(err, &noCand):
		// Judged file by file below.
	default:
		v.add(e, p.Pos, policy.Finding{Code: CodeInvalidEntry, Severity: policy.SeverityHigh, Package: e.name, Version: p.Version,
			Message: fmt.Sprintf("%s cannot be audited: %s", e.name, redact.Text(err.Error()))})
	}
	for _, f := range d.Findings {
		if ignoredDecisionFinding(f.Code) {
			continue
		}
		v.add(e, p.Pos, f)
	}

	// The pinned version must be on the allowed source.
	if hasPin && len(e.allowed) > 0 && srcErr == nil && missing == nil {
		served := false
		var have []pep440.Version
		for _, s := range e.allowed {
			pi := v.pageIndex(s, e.name)
			if pi.page == nil {
				continue
			}
			served = served || pi.hasVersion(pinned)
			have = append(have, pi.versions...)
		}
		if !served {
			msg := fmt.Sprintf("%s %s is not served by %s, the source the policy allows for it (it has %s)", e.name, p.Version, quoteList(e.allowed), versionSummary(have))
			if other := v.versionElsewhere(e, pinned); len(other) > 0 {
				msg += fmt.Sprintf("; %s has it", quoteList(other))
			}
			v.add(e, p.Pos, policy.Finding{Code: CodeVersionNotServed, Severity: policy.SeverityHigh, Package: e.name, Version: p.Version, Source: e.allowed[0], Message: msg})
		}
	}

	// An entry without hashes stands for every file of its version on the
	// allowed sources.
	if len(e.locked) == 0 && hasPin {
		for _, s := range e.allowed {
			pi := v.pageIndex(s, e.name)
			if pi.page == nil {
				continue
			}
			for i := range pi.page.Files {
				f := &pi.page.Files[i]
				if fv, ok := pi.verOf[f]; ok && fv.Equal(pinned) {
					e.locked = append(e.locked, &lockedFile{name: f.Filename, pos: p.Pos, src: s, file: f, byIndex: true})
				}
			}
		}
	}

	// Each locked file.
	cands := map[string]*resolve.Candidate{}
	for _, c := range d.Candidates {
		cands[c.Source+"\x00"+c.Filename] = c
	}
	for _, lf := range e.locked {
		if lf.file == nil {
			v.misplaced(e, lf)
			continue
		}
		v.checkFile(e, lf, cands, pinned, hasPin)
	}

	v.indexInfo(e)
}

// misplaced reports a locked file that no allowed source lists.
func (v *verifier) misplaced(e *entry, lf *lockedFile) {
	name := e.name
	what := "the locked file"
	if lf.name != "" {
		what = lf.name
	}
	hashes := hashList(lf.hashes)
	// Served by another source?
	for i := range v.p.Sources {
		s := v.p.Sources[i].Name
		if slices.Contains(e.allowed, s) {
			continue
		}
		f := v.pageIndex(s, name).match(lf.hashes)
		if f == nil {
			continue
		}
		sev := policy.SeverityHigh
		why := ""
		if len(e.allowed) > 0 && v.priority(s) > v.priority(e.allowed[0]) {
			sev = policy.SeverityCritical
			why = ": the lock was made while the name resolved to the lower-priority source, so dependency confusion already happened"
		}
		allowed := "no source"
		if len(e.allowed) > 0 {
			allowed = quoteList(e.allowed)
		}
		served := fmt.Sprintf("is %s on %q", f.Filename, s)
		if lf.name == f.Filename {
			served = fmt.Sprintf("is served by %q", s)
		}
		v.add(e, lf.pos, policy.Finding{Code: CodeHashElsewhere, Severity: sev, Package: name, Source: s, Version: e.pkg.Version, File: f.Filename,
			Message: fmt.Sprintf("%s (%s) %s, which the policy does not allow for %s (it must come from %s)%s", what, hashes, served, name, allowed, why)})
		return
	}
	// The same filename with other hashes on the allowed source?
	if lf.name != "" {
		for _, s := range e.allowed {
			if f := v.pageIndex(s, name).byName[lf.name]; f != nil {
				v.add(e, lf.pos, policy.Finding{Code: CodeHashMismatch, Severity: policy.SeverityHigh, Package: name, Source: s, Version: e.pkg.Version, File: lf.name,
					Message: fmt.Sprintf("%s: the lock records %s, but %q lists it with %s: the file was replaced on the index, or the lock was edited", lf.name, hashes, s, pageHashList(f.Hashes))})
				return
			}
		}
	}
	where := "any source"
	if n := len(v.p.Sources); n == 1 {
		where = fmt.Sprintf("source %q", v.p.Sources[0].Name)
	}
	v.add(e, lf.pos, policy.Finding{Code: CodeHashUnknown, Severity: policy.SeverityHigh, Package: name, Version: e.pkg.Version, File: lf.name,
		Message: fmt.Sprintf("%s (%s) of %s %s is not a file of %s", what, hashes, name, cmp.Or(e.pkg.Version, "(unpinned)"), where)})
}

// checkFile reports what the candidate rules say about a locked file
// found on an allowed source.
func (v *verifier) checkFile(e *entry, lf *lockedFile, cands map[string]*resolve.Candidate, pinned pep440.Version, hasPin bool) {
	f := lf.file
	pi := v.pageIndex(lf.src, e.name)
	fv, parsed := pi.verOf[f]
	if !lf.byIndex && hasPin && parsed && !fv.Equal(pinned) {
		v.add(e, lf.pos, policy.Finding{Code: CodeHashVersion, Severity: policy.SeverityHigh, Package: e.name, Source: lf.src, Version: e.pkg.Version, File: f.Filename,
			Message: fmt.Sprintf("a hash recorded for %s %s belongs to %s, a file of version %s on %q", e.name, e.pkg.Version, f.Filename, fv, lf.src)})
	}
	var reasons []policy.Finding
	if c := cands[lf.src+"\x00"+f.Filename]; c != nil {
		reasons = c.Reasons
	} else if parsed {
		verdict := v.p.CheckFile(&policy.FileCheck{Package: e.name, Source: v.p.Source(lf.src), File: f, Version: fv,
			Python: v.a.Target.Python, HasPython: v.a.Target.HasPython, Now: v.now})
		reasons = verdict.Reasons
		reasons = append(reasons, v.p.CheckVersion(e.name, fv, v.now).Reasons...)
	}
	for _, r := range reasons {
		if ignoredReason(r.Code) {
			continue
		}
		if r.Source == "" {
			r.Source = lf.src
		}
		if r.File == "" {
			r.File = f.Filename
		}
		v.add(e, lf.pos, r)
	}
	if f.Yanked && !v.p.Rules.AllowYanked && !v.p.Rules.RefuseYanked {
		reason := ""
		if f.YankedReason != "" {
			reason = " (" + redact.Text(f.YankedReason) + ")"
		}
		v.add(e, lf.pos, policy.Finding{Code: policy.CodeYanked, Severity: policy.SeverityHigh, Package: e.name, Source: lf.src, Version: e.pkg.Version, File: f.Filename,
			Message: fmt.Sprintf("%s: yanked from %q%s; a lock should not pin a yanked file (PEP 592)", f.Filename, lf.src, reason)})
	}
}

// versionElsewhere lists the sources, other than the allowed ones, whose
// fetched page has version pinned.
func (v *verifier) versionElsewhere(e *entry, pinned pep440.Version) []string {
	var out []string
	for i := range v.p.Sources {
		s := v.p.Sources[i].Name
		if slices.Contains(e.allowed, s) {
			continue
		}
		if pi := v.pageIndex(s, e.name); pi.page != nil && pi.hasVersion(pinned) {
			out = append(out, s)
		}
	}
	return out
}

// report assembles the Report.
func (v *verifier) report() *Report {
	r := &Report{AuditVersion: ReportVersion, Lock: v.lock.Path, Format: v.lock.Format, Packages: []PackageStatus{}, Findings: []Finding{}}
	r.Findings = append(r.Findings, v.global...)
	for _, u := range v.unknown {
		f := u.f
		if u.n > 1 {
			f.Message += fmt.Sprintf(" (and %d more %s)", u.n-1, plural(u.n-1, "entry", "entries"))
		}
		r.Findings = append(r.Findings, f)
	}
	for _, e := range v.entries {
		p := e.pkg
		ps := PackageStatus{Name: e.name, Version: p.Version, Pos: p.Pos, Status: e.status, Sources: e.allowed}
		if ps.Pos.File == "" {
			ps.Pos.File = v.lock.Path
		}
		if e.d != nil {
			ps.Route = e.d.Route.Kind
		}
		for _, lf := range e.locked {
			if lf.byIndex {
				continue
			}
			ps.Locked++
			if lf.file != nil {
				ps.Matched++
			}
		}
		for _, f := range e.findings {
			key := string(f.Code) + "\x00" + stripFile(f.Message, f.File)
			if n := e.counts[key]; n > 1 {
				f.Message += fmt.Sprintf(" (and %d more locked %s)", n-1, plural(n-1, "file", "files"))
			}
			r.Findings = append(r.Findings, f)
			if ps.Findings == 0 || f.Severity > mustSeverity(ps.MaxSeverity) {
				ps.MaxSeverity = f.Severity.String()
			}
			ps.Findings++
		}
		if ps.Status == StatusOK && ps.Findings > 0 {
			ps.Status = StatusWarn
			if mustSeverity(ps.MaxSeverity) >= DefaultThreshold {
				ps.Status = StatusFail
			}
		}
		if ps.Status == StatusNotChecked && mustSeverity(ps.MaxSeverity) >= DefaultThreshold {
			ps.Status = StatusFail
		}
		r.Packages = append(r.Packages, ps)
		if lg := v.a.Logger; lg != nil && ps.Findings > 0 {
			lg.Debug("audit: findings", "package", ps.Name, "version", ps.Version, "status", string(ps.Status), "findings", ps.Findings, "max", ps.MaxSeverity)
		}
	}
	slices.SortStableFunc(r.Findings, compareFindings)
	r.OK = !r.Failed(DefaultThreshold)
	return r
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Column, b.Pos.Column),
		cmp.Compare(b.Severity, a.Severity),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Package, b.Package),
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Message, b.Message),
	)
}

func mustSeverity(s string) policy.Severity {
	sev, _ := policy.ParseSeverity(s)
	return sev
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

func hashList(hs []policy.Hash) string {
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = h.Algorithm + ":" + short(h.Hex)
	}
	return strings.Join(parts, ", ")
}

func pageHashList(h map[string]string) string {
	var parts []string
	for alg, hex := range h {
		parts = append(parts, alg+":"+short(hex))
	}
	slices.Sort(parts)
	if len(parts) == 0 {
		return "no hash"
	}
	return strings.Join(parts, ", ")
}

// short abbreviates a hex digest for messages.
func short(hex string) string {
	if len(hex) > 16 {
		return hex[:16] + "..."
	}
	return hex
}

// versionSummary names up to five of the highest versions.
func versionSummary(vs []pep440.Version) string {
	if len(vs) == 0 {
		return "no version"
	}
	vs = slices.Clone(vs)
	slices.SortFunc(vs, func(a, b pep440.Version) int { return pep440.Compare(b, a) })
	vs = slices.CompactFunc(vs, pep440.Version.Equal)
	var parts []string
	for i, x := range vs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(vs)-5))
			break
		}
		parts = append(parts, x.String())
	}
	return strings.Join(parts, ", ")
}
