package resolve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// DefaultConcurrency is the number of index lookups a Resolver makes at
// once when Concurrency is zero.
const DefaultConcurrency = 16

// Requirement is one entry of the flat, complete requirement list the
// resolver takes (a lock, or a fully pinned requirements file): a project
// name, an optional specifier, and optional hashes that restrict the files.
type Requirement struct {
	// Name is the project name as written.
	Name string `json:"name"`
	// Specifier restricts the versions; empty allows any.
	Specifier pep440.SpecifierSet `json:"-"`
	// Hashes, when not empty, are the only digests accepted: only files
	// carrying one of them count.
	Hashes []policy.Hash `json:"hashes,omitempty"`
	// Origin says where the requirement comes from ("requirements.txt:12"),
	// for messages.
	Origin string `json:"origin,omitempty"`
}

// String returns "name specifier".
func (r *Requirement) String() string {
	if r.Specifier.Len() == 0 {
		return r.Name
	}
	return r.Name + r.Specifier.String()
}

// exactPin reports whether the specifier is a single == (no wildcard) or
// === clause: PEP 592 lets a yanked file serve such a pin.
func (r *Requirement) exactPin() bool {
	specs := r.Specifier.Specifiers()
	if len(specs) != 1 {
		return false
	}
	s := specs[0]
	return s.Op() == pep440.OpArbitrary || s.Op() == pep440.OpEqual && !strings.HasSuffix(s.Version(), ".*")
}

// WheelRanker says which wheels a target can install, and which it
// prefers: a lower rank is better. Package resolve/tags provides one for
// any interpreter and platform.
type WheelRanker interface {
	RankWheel(tags []simpleapi.Tag) (rank int, ok bool)
}

// Target is the environment a resolution is for, given explicitly so
// that a build can resolve for a platform other than its own.
type Target struct {
	// Python is the interpreter version Requires-Python is checked
	// against; the check is off when HasPython is false.
	Python    pep440.Version
	HasPython bool
	// Wheels ranks wheels; nil means the target installs only sdists and
	// wheels tagged py3-none-any (compressed sets such as py2.py3-none-any included).
	Wheels WheelRanker
}

// Resolver resolves requirements under a policy. Set Policy and Index;
// the other fields have working zero values. A Resolver is safe for
// concurrent use.
type Resolver struct {
	// Policy decides; it must pass Validate.
	Policy *policy.Policy
	// Index reads the sources.
	Index Index
	// Target is the environment to resolve for.
	Target Target
	// Concurrency bounds the index lookups in flight; zero means
	// DefaultConcurrency.
	Concurrency int
	// Now is the clock of the age rules; nil means time.Now.
	Now func() time.Time
	// Logger receives one debug line per decision; nil discards.
	Logger *slog.Logger
}

// Result is the outcome of Resolve: one Decision per requirement, in
// input order.
type Result struct {
	Decisions []*Decision `json:"decisions"`
}

// Err joins the errors of every decision that failed, or nil.
func (r *Result) Err() error {
	var errs []error
	for _, d := range r.Decisions {
		if d.Err != nil {
			errs = append(errs, d.Err)
		}
	}
	return errors.Join(errs...)
}

// Findings returns the findings of every decision.
func (r *Result) Findings() []policy.Finding {
	var out []policy.Finding
	for _, d := range r.Decisions {
		out = append(out, d.Findings...)
	}
	return out
}

// Resolve decides every requirement: the source, the highest allowed
// version, its files, the findings and an explanation. Lookups run
// concurrently, at most Concurrency at a time; a project is fetched once
// per source however many requirements name it; the sources a name is
// checked on for shadowing are looked up in parallel with the one that
// serves it.
//
// The error is nil unless the call itself is wrong (no policy, no index,
// an invalid policy) or ctx ends; a requirement that cannot be resolved
// has its Decision.Err set, and Result.Err joins them.
func (r *Resolver) Resolve(ctx context.Context, reqs []Requirement) (*Result, error) {
	if r.Policy == nil || r.Index == nil {
		return nil, errors.New("resolve: Resolver needs a Policy and an Index")
	}
	if err := r.Policy.Validate(); err != nil {
		return nil, err
	}
	limit := r.Concurrency
	if limit <= 0 {
		limit = DefaultConcurrency
	}
	f := newFetcher(r.Index, limit)
	res := &Result{Decisions: make([]*Decision, len(reqs))}
	var wg sync.WaitGroup
	for i := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Decisions[i] = r.decide(ctx, f, reqs[i])
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, nil
}

func (r *Resolver) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Resolver) logger() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// decide resolves one requirement.
func (r *Resolver) decide(ctx context.Context, f *fetcher, req Requirement) *Decision {
	p := r.Policy
	d := &Decision{Requirement: req, Package: simpleapi.NormalizeName(req.Name)}
	if err := simpleapi.ValidateName(req.Name); err != nil {
		d.Err = err
		return d
	}
	d.Route = p.Route(d.Package)

	// Look the name up on every source of the route at once.
	lookups := make([]policy.Lookup, len(d.Route.Lookup))
	var wg sync.WaitGroup
	for i, name := range d.Route.Lookup {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lookups[i] = f.lookup(ctx, p.Source(name), d.Package)
		}()
	}
	wg.Wait()
	for _, l := range lookups {
		o := SourceOutcome{Source: l.Source, State: l.State}
		if l.Err != nil {
			o.Error = l.Err.Error()
		}
		d.Lookups = append(d.Lookups, o)
	}

	choice, err := p.Choose(d.Package, lookups)
	if err != nil {
		d.Err = err
		r.log(d)
		return d
	}
	d.Sources = choice.Sources
	d.Findings = append(d.Findings, choice.Findings...)
	pages := map[string]*simpleapi.ProjectPage{}
	for _, l := range lookups {
		if l.State == policy.Found {
			pages[l.Source] = l.Page
		}
	}
	r.choose(d, pages)
	r.log(d)
	return d
}

func (r *Resolver) log(d *Decision) {
	lg := r.logger()
	if !lg.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	if d.Err != nil {
		lg.Debug("resolve: refused", "package", d.Package, "error", d.Err)
		return
	}
	lg.Debug("resolve: chosen", "package", d.Package, "version", d.Version.String(), "sources", d.Sources)
}

// candidate is one file under consideration.
type candidate struct {
	src     string
	file    *simpleapi.File
	dist    simpleapi.Dist
	verdict policy.Verdict
	rank    int  // wheel rank for the target; -1 for an sdist
	usable  bool // the target can install it
	c       *Candidate
}

// choose picks the version and files from the chosen sources' pages.
func (r *Resolver) choose(d *Decision, pages map[string]*simpleapi.ProjectPage) {
	p := r.Policy
	req := &d.Requirement
	now := r.now()

	// Project status (PEP 792) of each chosen source.
	quarantined := false
	for _, src := range d.Sources {
		pg := pages[src]
		switch strings.ToLower(pg.Status) {
		case "", "active":
		case "quarantined":
			if p.Rules.AllowQuarantined {
				d.finding(policy.CodeProjectStatus, policy.SeverityHigh, src, "", "", "%s is quarantined on %q%s; used anyway, as allow_quarantined is set", d.Package, src, reason(pg.StatusReason))
			} else {
				quarantined = true
				d.finding(policy.CodeProjectStatus, policy.SeverityHigh, src, "", "", "%s is quarantined on %q%s: an index quarantines suspected malware, so none of its files is used", d.Package, src, reason(pg.StatusReason))
			}
		case "deprecated", "archived":
			d.finding(policy.CodeProjectStatus, policy.SeverityMedium, src, "", "", "%s is %s on %q%s", d.Package, strings.ToLower(pg.Status), src, reason(pg.StatusReason))
		default:
			d.finding(policy.CodeProjectStatus, policy.SeverityLow, src, "", "", "%s has the status %q on %q, which this version of safeindex does not know%s", d.Package, pg.Status, src, reason(pg.StatusReason))
		}
	}

	// Every file of every chosen source, once per filename.
	var cands []*candidate
	byName := map[string]*candidate{}
	total := 0
	for _, src := range d.Sources {
		source := p.Source(src)
		pg := pages[src]
		total += len(pg.Files)
		for i := range pg.Files {
			file := &pg.Files[i]
			c := &Candidate{Source: src, Filename: file.Filename}
			d.Candidates = append(d.Candidates, c)
			dist, err := simpleapi.ParseFilename(file.Filename, d.Package)
			switch {
			case err != nil && errors.Is(err, pep440.ErrInvalidVersion):
				c.Version = dist.RawVersion
				c.refuse(policy.Finding{Code: policy.CodeNonPEP440, Severity: policy.SeverityLow, Package: d.Package, Source: src, File: file.Filename,
					Message: fmt.Sprintf("%s: version %q is not PEP 440, so it cannot be compared and is skipped", file.Filename, dist.RawVersion)})
				d.Findings = append(d.Findings, c.Reasons...)
				continue
			case err != nil:
				c.refuse(policy.Finding{Code: policy.CodeBadFilename, Severity: policy.SeverityLow, Package: d.Package, Source: src, File: file.Filename,
					Message: fmt.Sprintf("%s: skipped: %v", file.Filename, err)})
				continue
			case dist.Name != d.Package:
				c.refuse(policy.Finding{Code: policy.CodeBadFilename, Severity: policy.SeverityMedium, Package: d.Package, Source: src, File: file.Filename,
					Message: fmt.Sprintf("%s: names project %q, not %q; skipped", file.Filename, dist.Name, d.Package)})
				continue
			case dist.Kind != simpleapi.KindWheel && dist.Kind != simpleapi.KindSdist:
				c.refuse(policy.Finding{Code: policy.CodeBadFilename, Severity: policy.SeverityInfo, Package: d.Package, Source: src, File: file.Filename,
					Message: fmt.Sprintf("%s: a %s, which installers no longer use; skipped", file.Filename, dist.Kind)})
				continue
			}
			c.Version = dist.Version.String()
			if prev := byName[file.Filename]; prev != nil {
				// The same file on a related source must be the same file.
				if !sameHashes(prev.file.Hashes, file.Hashes) {
					msg := fmt.Sprintf("%s differs between %q (%s) and %q (%s): the related sources disagree about its content, so neither copy is used", file.Filename, prev.src, hashList(prev.file.Hashes), src, hashList(file.Hashes))
					mismatch := policy.Finding{Code: policy.CodeRelatedMismatch, Severity: policy.SeverityHigh, Package: d.Package, Source: src, Version: c.Version, File: file.Filename, Message: msg}
					d.Findings = append(d.Findings, mismatch)
					c.refuse(mismatch)
					prev.c.refuse(mismatch)
					prev.verdict.OK = false
				} else {
					c.refuse(policy.Finding{Code: policy.CodeNotBest, Severity: policy.SeverityInfo, Package: d.Package, Source: src, File: file.Filename,
						Message: fmt.Sprintf("%s: the same file (same hashes) as on %q, which comes first", file.Filename, prev.src)})
				}
				continue
			}
			cand := &candidate{src: src, file: file, dist: dist, c: c}
			byName[file.Filename] = cand
			cand.verdict = p.CheckFile(&policy.FileCheck{
				Package: d.Package, Source: source, File: file, Version: dist.Version,
				PinnedHashes: req.Hashes, Python: r.Target.Python, HasPython: r.Target.HasPython, Now: now,
			})
			c.Reasons = append(c.Reasons, cand.verdict.Reasons...)
			if quarantined {
				cand.verdict.OK = false
				c.Reasons = append(c.Reasons, policy.Finding{Code: policy.CodeProjectStatus, Severity: policy.SeverityHigh, Package: d.Package, Source: src, File: file.Filename,
					Message: fmt.Sprintf("%s: the project is quarantined on %q", file.Filename, src)})
			}
			cand.rank, cand.usable = r.rank(dist)
			cands = append(cands, cand)
		}
	}
	if total == 0 {
		d.finding(policy.CodeEmptyProject, policy.SeverityHigh, d.Sources[0], "", "", "%s has no files on %q: the project exists there but is empty, and other sources are not used for it", d.Package, d.Sources[0])
	}

	// Versions with an acceptable, installable file; yanked files only
	// when PEP 592 allows them.
	pick := func(allowYanked bool) []pep440.Version {
		var vs []pep440.Version
		for _, c := range cands {
			if c.verdict.OK && c.usable && (allowYanked || !c.verdict.Yanked) {
				vs = append(vs, c.dist.Version)
			}
		}
		slices.SortFunc(vs, pep440.Compare)
		vs = slices.CompactFunc(vs, pep440.Version.Equal)
		return req.Specifier.Filter(vs)
	}
	kept := pick(false)
	usedYanked := false
	if len(kept) == 0 && req.exactPin() {
		if kept = pick(true); len(kept) > 0 {
			usedYanked = true
		}
	}
	if len(kept) == 0 {
		r.explainRefusals(d, cands)
		d.Err = &NoCandidateError{Package: d.Package, Requirement: req.String(), Sources: d.Sources, Candidates: d.Candidates}
		return
	}
	best := kept[len(kept)-1]
	d.Version = best
	d.HasVersion = true

	// Files of the chosen version: every acceptable one (so that a lock
	// can carry all their hashes), the best wheel and the sdist.
	var wheel, sdist *candidate
	for _, c := range cands {
		if !c.dist.Version.Equal(best) {
			continue
		}
		if !c.verdict.OK || (c.verdict.Yanked && !usedYanked) {
			continue
		}
		fc := fileChoice(c)
		d.Files = append(d.Files, fc)
		c.c.OK = true
		if c.verdict.Yanked {
			d.finding(policy.CodeYanked, policy.SeverityMedium, c.src, c.c.Version, c.file.Filename, "%s is yanked%s; used because the requirement pins exactly this version and nothing else matches (PEP 592)", c.file.Filename, reason(c.file.YankedReason))
		}
		if !c.usable {
			continue
		}
		if c.dist.Kind == simpleapi.KindSdist {
			if sdist == nil {
				sdist = c
			}
			continue
		}
		if wheel == nil || c.rank < wheel.rank || c.rank == wheel.rank && c.dist.Build.Compare(wheel.dist.Build) > 0 {
			wheel = c
		}
	}
	if wheel != nil {
		fc := fileChoice(wheel)
		d.Wheel = &fc
	}
	if sdist != nil {
		fc := fileChoice(sdist)
		d.Sdist = &fc
	}
	for _, c := range cands {
		if c == wheel || c == sdist {
			c.c.Chosen = true
		}
	}
	r.explainRefusals(d, cands)
}

// explainRefusals gives every candidate that was not chosen a reason.
func (r *Resolver) explainRefusals(d *Decision, cands []*candidate) {
	req := &d.Requirement
	for _, c := range cands {
		if c.c.Chosen || len(c.c.Reasons) > 0 && !c.verdict.OK {
			continue
		}
		add := func(code policy.Code, format string, args ...any) {
			c.c.Reasons = append(c.c.Reasons, policy.Finding{Code: code, Severity: policy.SeverityInfo, Package: d.Package, Source: c.src, Version: c.c.Version, File: c.file.Filename,
				Message: c.file.Filename + ": " + fmt.Sprintf(format, args...)})
		}
		switch {
		case !c.usable:
			add(policy.CodeIncompatible, "no tag of this wheel is supported by the target")
		case req.Specifier.Len() > 0 && !req.Specifier.WithPrereleases(pep440.PrereleasesAllow).Contains(c.dist.Version):
			add(policy.CodeSpecifier, "version %s is excluded by %s", c.dist.Version, req.Specifier)
		case c.verdict.Yanked && !c.c.OK:
			add(policy.CodeYanked, "yanked%s; PEP 592 allows a yanked file only for an exact pin with nothing else matching", reason(c.file.YankedReason))
		case c.dist.Version.IsPrerelease() && d.HasVersion && !d.Version.IsPrerelease():
			add(policy.CodePrerelease, "a pre-release, left out because a final release matches")
		case d.HasVersion && c.c.OK:
			add(policy.CodeNotBest, "acceptable, but another file of %s is preferred for the target", d.Version)
		case d.HasVersion:
			add(policy.CodeNotBest, "version %s is acceptable, but %s is higher", c.dist.Version, d.Version)
		}
	}
}

// rank returns the wheel's rank for the target (-1 for an sdist) and
// whether the target can install the file.
func (r *Resolver) rank(dist simpleapi.Dist) (int, bool) {
	if dist.Kind == simpleapi.KindSdist {
		return -1, true
	}
	if r.Target.Wheels != nil {
		return r.Target.Wheels.RankWheel(dist.Tags)
	}
	for _, t := range dist.Tags {
		if t.Interpreter == "py3" && t.ABI == "none" && t.Platform == "any" {
			return 0, true
		}
	}
	return 0, false
}

func fileChoice(c *candidate) FileChoice {
	return FileChoice{
		Source: c.src, Filename: c.file.Filename, URL: c.file.URL, Kind: c.dist.Kind.String(),
		Hashes: c.file.Hashes, Size: c.file.Size, HasSize: c.file.HasSize,
		UploadTime: c.file.UploadTime, Yanked: c.file.Yanked, RequiresPython: c.file.RequiresPython,
	}
}

func sameHashes(a, b map[string]string) bool {
	common := false
	for alg, h := range a {
		if o, ok := b[alg]; ok {
			common = true
			if !strings.EqualFold(o, h) {
				return false
			}
		}
	}
	return common
}

func hashList(h map[string]string) string {
	var parts []string
	for alg, v := range h {
		if len(v) > 12 {
			v = v[:12] + "..."
		}
		parts = append(parts, alg+":"+v)
	}
	slices.Sort(parts)
	if len(parts) == 0 {
		return "no hashes"
	}
	return strings.Join(parts, ", ")
}

func reason(r string) string {
	if r == "" {
		return ""
	}
	return " (" + r + ")"
}
