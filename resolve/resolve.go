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

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/pep508"
	"github.com/safeindex/safeindex/resolve/tags"
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
	// Marker, when not nil, limits the requirement to the targets whose
	// environment satisfies it (PEP 508).
	Marker *pep508.Marker `json:"-"`
	// URL is set for a direct reference ("name @ https://..."), which no
	// index serves: such a requirement is refused with ErrDirectURL.
	URL string `json:"url,omitempty"`
	// Origin says where the requirement comes from ("requirements.txt:12"),
	// for messages.
	Origin string `json:"origin,omitempty"`
}

// FromPEP508 converts a parsed PEP 508 requirement. Extras do not change
// which files are chosen (the list is flat and complete), so they are
// dropped.
func FromPEP508(r *pep508.Requirement) Requirement {
	return Requirement{Name: r.Name, Specifier: r.Specifier, Marker: r.Marker, URL: r.URL}
}

// ParseRequirement parses a PEP 508 requirement string ("requests>=2,<3;
// python_version >= '3.9'").
func ParseRequirement(s string) (Requirement, error) {
	r, err := pep508.ParseRequirement(s)
	if err != nil {
		return Requirement{}, err
	}
	return FromPEP508(r), nil
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

// Target is the environment a resolution is for, given explicitly so
// that a build can resolve for a platform other than its own.
type Target struct {
	// Python is the interpreter version Requires-Python is checked
	// against; the check is off when HasPython is false.
	Python    pep440.Version
	HasPython bool
	// Tags are the wheel tags the target supports, best first (see
	// tags.Target.Supported); a wheel's rank is its best tag's position.
	// Nil means the target installs only sdists and pure-Python wheels
	// (py3-none-any).
	Tags *tags.Supported
	// Env is the environment requirement markers are evaluated in; with
	// HasEnv false, markers are not evaluated and every requirement
	// applies.
	Env    pep508.Environment
	HasEnv bool
}

// NewTarget returns the Target for an interpreter and platform given in
// the form of tags.ParseTarget ("cp312-manylinux_2_28_x86_64"), with
// Python set to that interpreter's version.
func NewTarget(s string) (Target, error) {
	t, err := tags.ParseTarget(s)
	if err != nil {
		return Target{}, err
	}
	sup, err := t.Supported()
	if err != nil {
		return Target{}, err
	}
	py, err := pep440.Parse(t.Python)
	if err != nil {
		return Target{}, fmt.Errorf("resolve: target %q: Python version: %w", s, err)
	}
	tg := Target{Python: py, HasPython: true, Tags: sup}
	if env, err := pep508.NewEnvironment(t.Python, envPlatform(t)); err == nil {
		tg.Env, tg.HasEnv = env, true
		if impl := strings.ToLower(t.Implementation); impl != "" && impl != "cpython" && impl != "cp" {
			tg.HasEnv = false // NewEnvironment describes CPython only
		}
	}
	return tg, nil
}

// envPlatform maps a tags target to the platform names of
// pep508.NewEnvironment; "" when it has none.
func envPlatform(t tags.Target) string {
	switch t.OS {
	case tags.OSLinux:
		return "linux_" + t.Arch
	case tags.OSMacOS:
		return "macosx_" + t.Arch
	case tags.OSWindows:
		switch t.Arch {
		case "x86", "win32":
			return "win32"
		case "arm64", "aarch64":
			return "win_arm64"
		}
		return "win_amd64"
	}
	return ""
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
	if req.URL != "" {
		d.Err = fmt.Errorf("%s: %w: %s", d.Package, ErrDirectURL, redact.String(req.URL))
		return d
	}
	if req.Marker != nil && r.Target.HasEnv {
		ok, err := req.Marker.Evaluate(r.Target.Env)
		if err != nil {
			d.Err = fmt.Errorf("%s: marker %q: %w", d.Package, req.Marker.String(), err)
			return d
		}
		if !ok {
			d.Skipped = true
			return d
		}
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
	served := ""
	if err == nil {
		served = choice.Sources[0]
	}
	if nc := p.CheckName(d.Route, served); len(nc.Reasons) > 0 {
		d.Findings = append(d.Findings, nc.Reasons...)
		if nc.Refused && err == nil {
			err = &policy.NameError{Package: d.Package, Reasons: nc.Reasons}
		}
	}
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
	base := len(d.Findings)
	excluded := map[string][]policy.Finding{}
	r.choose(d, choice, pages, excluded)
	// Rules that need the chosen file's core metadata: when one refuses
	// the version, choose again without it.
	for tries := 0; p.Rules.Licenses.On() && d.Err == nil && d.HasVersion && tries < maxMetadataTries; tries++ {
		reasons, refused := r.checkMetadata(ctx, d)
		if !refused {
			d.Findings = append(d.Findings, reasons...)
			break
		}
		excluded[d.Version.Canonical()] = reasons
		d.Findings = d.Findings[:base]
		d.Files, d.Wheel, d.Sdist, d.Candidates, d.Excluded, d.HasVersion = nil, nil, nil, nil, 0, false
		r.choose(d, choice, pages, excluded)
	}
	r.log(d)
	return d
}

// maxMetadataTries bounds how many versions the metadata rules may refuse
// in turn before the resolver gives up on a requirement.
const maxMetadataTries = 8

// checkMetadata fetches the chosen file's core metadata, verified against
// its hash, and applies the policy's metadata rules. A metadata file that
// cannot be had refuses the version: the rules cannot vouch for it.
func (r *Resolver) checkMetadata(ctx context.Context, d *Decision) ([]policy.Finding, bool) {
	fc := d.Wheel
	if fc == nil {
		fc = d.Sdist
	}
	refuse := func(format string, args ...any) ([]policy.Finding, bool) {
		return []policy.Finding{{Code: policy.CodeMetadata, Severity: policy.SeverityHigh, Package: d.Package, Version: d.Version.String(),
			Message: fmt.Sprintf(format, args...)}}, true
	}
	if fc == nil {
		return refuse("%s %s: no file for the target to read core metadata from", d.Package, d.Version)
	}
	mr, ok := r.Index.(MetadataReader)
	if !ok {
		return refuse("%s: the licence rule needs core metadata, and this index reader cannot fetch it", fc.Filename)
	}
	md, err := mr.Metadata(ctx, r.Policy.Source(fc.Source), fc.file)
	if err != nil {
		return refuse("%s: core metadata: %v", fc.Filename, err)
	}
	mc := r.Policy.CheckMetadata(d.Package, d.Version, fc.Filename, md)
	return mc.Reasons, mc.Refused
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

// choose picks the version and files from the chosen sources' pages
// (NewView decides file by file). Versions in excluded (by canonical form)
// are refused with the reasons given.
func (r *Resolver) choose(d *Decision, choice *policy.Choice, pages map[string]*simpleapi.ProjectPage, excluded map[string][]policy.Finding) {
	req := &d.Requirement
	v := NewView(r.Policy, choice, pages, ViewOptions{
		Now: r.now(), Specifier: req.Specifier, Hashes: req.Hashes,
		Python: r.Target.Python, HasPython: r.Target.HasPython, Exclude: excluded,
	})
	d.Findings = append(d.Findings, v.Findings...)
	d.Excluded = v.Excluded
	vulnMemo := v.Versions
	var cands []*candidate
	for _, vf := range v.Files {
		c := &Candidate{Source: vf.Source, Filename: vf.File.Filename, Reasons: vf.Reasons}
		switch {
		case vf.Parsed:
			c.Version = vf.Dist.Version.String()
		case len(vf.Reasons) > 0 && vf.Reasons[0].Code == policy.CodeNonPEP440:
			c.Version = vf.Dist.RawVersion
		}
		d.Candidates = append(d.Candidates, c)
		if !vf.Checked {
			continue
		}
		cand := &candidate{src: vf.Source, file: vf.File, dist: vf.Dist, c: c,
			verdict: policy.Verdict{OK: vf.OK, Yanked: vf.Yanked, Reasons: vf.Reasons}}
		cand.rank, cand.usable = r.rank(vf.Dist)
		cands = append(cands, cand)
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
	r.vulnFindings(d, vulnMemo, cands)

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

// vulnFindings reports, on the decision, the advisories of the chosen
// version that were only warned about, and the higher versions that known
// vulnerabilities ruled out.
func (r *Resolver) vulnFindings(d *Decision, memo map[string]policy.VersionCheck, cands []*candidate) {
	if vc, ok := memo[d.Version.Canonical()]; ok {
		d.Findings = append(d.Findings, vc.Reasons...)
	}
	var higher []pep440.Version
	ids := map[string]bool{}
	var idList []string
	seen := map[string]bool{}
	for _, c := range cands {
		k := c.dist.Version.Canonical()
		vc := memo[k]
		if !vc.Refused || seen[k] || pep440.Compare(c.dist.Version, d.Version) <= 0 || !d.Requirement.Specifier.WithPrereleases(pep440.PrereleasesAllow).Contains(c.dist.Version) {
			continue
		}
		seen[k] = true
		higher = append(higher, c.dist.Version)
		for _, a := range vc.Advisories {
			if !ids[a.ID] {
				ids[a.ID] = true
				idList = append(idList, a.ID)
			}
		}
	}
	if len(higher) > 0 {
		slices.SortFunc(higher, pep440.Compare)
		names := make([]string, len(higher))
		for i, v := range higher {
			names[i] = v.String()
		}
		d.finding(policy.CodeVulnMovedDown, policy.SeverityMedium, "", d.Version.String(), "",
			"%s %s was chosen because known vulnerabilities rule out %s (%s)", d.Package, d.Version, strings.Join(names, ", "), strings.Join(idList, ", "))
	}
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
	if r.Target.Tags != nil {
		var buf [8]tags.Tag
		ts := buf[:0]
		for _, t := range dist.Tags {
			ts = append(ts, tags.Tag(t))
		}
		return r.Target.Tags.Rank(ts)
	}
	for _, t := range dist.Tags {
		if t.Interpreter == "py3" && t.ABI == "none" && t.Platform == "any" {
			return 0, true
		}
	}
	return 0, false
}

// quickVersion returns the version of a wheel or sdist filename of the
// project, cheaply: a wheel's version is its second hyphen-separated field
// (wheel names escape hyphens); an sdist's is what follows the last hyphen
// of its stem. ok is false unless the name part is the project's (PEP 503
// normalized) and the version parses; such files take the full parse,
// which also reports what is wrong with them.
//
// memo keeps the versions parsed so far: a page repeats each version in
// several filenames.
func quickVersion(filename, project string, memo map[string]pep440.Version) (pep440.Version, bool) {
	var name, ver string
	switch {
	case strings.HasSuffix(filename, ".whl"):
		n, rest, ok := strings.Cut(filename, "-")
		if !ok {
			return pep440.Version{}, false
		}
		v, _, ok := strings.Cut(rest, "-")
		if !ok {
			return pep440.Version{}, false
		}
		name, ver = n, v
	case strings.HasSuffix(filename, ".tar.gz"), strings.HasSuffix(filename, ".zip"):
		stem := strings.TrimSuffix(strings.TrimSuffix(filename, ".tar.gz"), ".zip")
		i := strings.LastIndexByte(stem, '-')
		if i < 0 {
			return pep440.Version{}, false
		}
		name, ver = stem[:i], stem[i+1:]
	default:
		return pep440.Version{}, false
	}
	if !sameName(name, project) {
		return pep440.Version{}, false
	}
	if v, ok := memo[ver]; ok {
		return v, true
	}
	v, err := pep440.Parse(ver)
	if err != nil {
		return pep440.Version{}, false
	}
	memo[ver] = v
	return v, true
}

// sameName reports whether raw normalizes (PEP 503) to normalized,
// without allocating.
func sameName(raw, normalized string) bool {
	j := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '-' || c == '_' || c == '.' {
			for i+1 < len(raw) && (raw[i+1] == '-' || raw[i+1] == '_' || raw[i+1] == '.') {
				i++
			}
			c = '-'
		} else if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if j >= len(normalized) || normalized[j] != c {
			return false
		}
		j++
	}
	return j == len(normalized)
}

func fileChoice(c *candidate) FileChoice {
	return FileChoice{file: c.file,
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
