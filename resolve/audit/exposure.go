package audit

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
)

// RootLister lists the projects a source serves: the names on its root
// page, as displayed or normalized. Implementations must be safe for
// concurrent use.
type RootLister interface {
	Projects(ctx context.Context, src *policy.Source) ([]string, error)
}

// ClientLister is a RootLister that reads a source's root page with a
// simpleapi.Client (HTTP, file:// or a directory). The zero value uses
// simpleapi.DefaultClient.
type ClientLister struct {
	Client *simpleapi.Client
}

// Projects implements RootLister.
func (c ClientLister) Projects(ctx context.Context, src *policy.Source) ([]string, error) {
	cl := c.Client
	if cl == nil {
		var err error
		if cl, err = simpleapi.DefaultClient(); err != nil {
			return nil, err
		}
	}
	root, err := cl.RootPage(ctx, src.URL)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(root.Projects))
	for i, p := range root.Projects {
		names[i] = p.Name
	}
	return names, nil
}

// ListerFunc adapts a function to a RootLister.
type ListerFunc func(ctx context.Context, src *policy.Source) ([]string, error)

// Projects implements RootLister.
func (f ListerFunc) Projects(ctx context.Context, src *policy.Source) ([]string, error) {
	return f(ctx, src)
}

// ExposureAuditor finds the internal project names an attacker could use
// for dependency confusion. Set Lister and Index; the other fields have
// working zero values. An ExposureAuditor is safe for concurrent use.
type ExposureAuditor struct {
	// Lister lists the internal source's projects.
	Lister RootLister
	// Index looks names up on the public sources (and, for the names found
	// there, on the internal source, to compare versions), as for a
	// resolve.Resolver.
	Index resolve.Index
	// Concurrency bounds the lookups in flight; zero means
	// resolve.DefaultConcurrency (16).
	Concurrency int
	// Progress, when set, is called after each name has been looked up on
	// every public source, with the number of names done and the total. It
	// is called from one goroutine at a time, with done increasing.
	Progress func(done, total int)
	// Logger receives a debug line per name found publicly and per failed
	// lookup; nil discards.
	Logger *slog.Logger
}

// ExposureReport is the outcome of an exposure audit. Its JSON form
// (WriteExposureJSON) is:
//
//	{
//	  "internal": "internal",                 // the internal source's name
//	  "public": ["pypi"],                     // the public sources looked at
//	  "total": 5000,                          // distinct valid names listed
//	  "ok": false,                            // nothing exposed, nothing failed
//	  "unregistered": ["acme-billing", ...],  // free on every public source, sorted
//	  "registered": [{
//	    "name": "acme-utils", "source": "pypi",
//	    "severity": "critical|high",
//	    "higher": true,                       // a public version above every internal one
//	    "internal-highest": "1.4.0",          // omitted when unknown
//	    "status": "active",                   // PEP 792, as the public page says
//	    "versions": [{"version": "99.0.0", "upload-time": "2026-11-20T10:00:00Z"}]  // highest first
//	  }],
//	  "failed": [{"name": "acme-x", "source": "pypi", "error": "..."}],
//	  "findings": [finding...]                // one per name above, as in package policy
//	}
type ExposureReport struct {
	Internal     string           `json:"internal"`
	Public       []string         `json:"public"`
	Total        int              `json:"total"`
	OK           bool             `json:"ok"`
	Unregistered []string         `json:"unregistered"`
	Registered   []Exposed        `json:"registered"`
	Failed       []FailedLookup   `json:"failed"`
	Findings     []policy.Finding `json:"findings"`
}

// Exposed is an internal name that a public source also has.
type Exposed struct {
	Name     string          `json:"name"`
	Source   string          `json:"source"`
	Severity policy.Severity `json:"severity"`
	// Higher reports a public version above every internal one: the
	// signature of an attack in progress.
	Higher bool `json:"higher"`
	// InternalHighest is the highest PEP 440 version the internal source
	// serves; empty when unknown (no such version, or its page failed).
	InternalHighest string `json:"internal-highest,omitempty"`
	// Status is the public page's PEP 792 status, when it gives one.
	Status string `json:"status,omitempty"`
	// Versions are the public versions, highest first (versions that are
	// not PEP 440 last, as written), each with its first upload time.
	Versions []PublicVersion `json:"versions"`
}

// PublicVersion is one version a public source serves.
type PublicVersion struct {
	Version string `json:"version"`
	// UploadTime is the earliest PEP 700 upload time of its files; the
	// zero time when the page gives none.
	UploadTime time.Time `json:"upload-time,omitzero"`
}

// FailedLookup is a lookup that failed: the name's exposure on that source
// is unknown.
type FailedLookup struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Error  string `json:"error"`
}

// ErrListFailed is matched by the error of Exposure when the internal
// source's project list cannot be read.
var ErrListFailed = errors.New("audit: cannot list the internal source's projects")

// Exposure lists every project of the internal source and looks each one
// up on the public sources, at most Concurrency lookups at a time. A name
// is unregistered only when every public source answers that it does not
// have it (404 or 410); a lookup that fails for any other reason puts the
// name in Failed. A name a public source has is in Registered with its
// public versions; critical when one is higher than every internal
// version, which takes a lookup on the internal source as well.
//
// The error is nil unless the call is wrong (no lister or index, no
// public source), the project list cannot be read (ErrListFailed), or ctx
// ends.
func (e *ExposureAuditor) Exposure(ctx context.Context, internal policy.Source, public []policy.Source) (*ExposureReport, error) {
	if e.Lister == nil || e.Index == nil {
		return nil, errors.New("audit: ExposureAuditor needs a Lister and an Index")
	}
	if len(public) == 0 {
		return nil, errors.New("audit: Exposure needs at least one public source")
	}
	raw, err := e.Lister.Projects(ctx, &internal)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w %q (%s): %s", ErrListFailed, internal.Name, redact.String(internal.URL), redact.Text(err.Error()))
	}
	rep := &ExposureReport{Internal: internal.Name, Unregistered: []string{}, Registered: []Exposed{}, Failed: []FailedLookup{}, Findings: []policy.Finding{}}
	for _, p := range public {
		rep.Public = append(rep.Public, p.Name)
	}

	// Distinct valid names; an invalid one is reported as failed.
	seen := map[string]bool{}
	var names []string
	for _, n := range raw {
		if err := simpleapi.ValidateName(n); err != nil {
			rep.Failed = append(rep.Failed, FailedLookup{Name: n, Source: internal.Name, Error: redact.Text(err.Error())})
			continue
		}
		nn := simpleapi.NormalizeName(n)
		if !seen[nn] {
			seen[nn] = true
			names = append(names, nn)
		}
	}
	slices.Sort(names)
	rep.Total = len(names)

	limit := e.Concurrency
	if limit <= 0 {
		limit = resolve.DefaultConcurrency
	}
	results := make([]nameResult, len(names))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(limit, max(len(names), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = e.lookup(ctx, names[i], &internal, public)
				if e.Progress != nil {
					mu.Lock()
					done++
					e.Progress(done, len(names))
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for i := range names {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	for i, name := range names {
		r := &results[i]
		rep.Failed = append(rep.Failed, r.failed...)
		rep.Registered = append(rep.Registered, r.exposed...)
		if r.unregistered {
			rep.Unregistered = append(rep.Unregistered, name)
		}
	}
	slices.SortFunc(rep.Registered, func(a, b Exposed) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Source, b.Source))
	})
	slices.SortFunc(rep.Failed, func(a, b FailedLookup) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Source, b.Source))
	})
	rep.Findings = exposureFindings(rep)
	rep.OK = len(rep.Registered) == 0 && len(rep.Failed) == 0
	return rep, nil
}

// nameResult is what the lookups of one name found.
type nameResult struct {
	unregistered bool
	exposed      []Exposed
	failed       []FailedLookup
}

// lookup looks one name up on every public source, then on the internal
// one if a public source has it.
func (e *ExposureAuditor) lookup(ctx context.Context, name string, internal *policy.Source, public []policy.Source) nameResult {
	var r nameResult
	free := true
	for i := range public {
		src := &public[i]
		page, err := safePage(ctx, e.Index, src, name)
		switch lookupState(page, err) {
		case policy.NotFound:
			continue
		case policy.Failed:
			free = false
			r.failed = append(r.failed, FailedLookup{Name: name, Source: src.Name, Error: redact.Text(err.Error())})
			e.log("audit: public lookup failed", "package", name, "source", src.Name, "error", err)
			continue
		}
		free = false
		r.exposed = append(r.exposed, Exposed{Name: name, Source: src.Name, Status: page.Status, Versions: publicVersions(page, name)})
	}
	r.unregistered = free
	if len(r.exposed) == 0 {
		return r
	}
	var mine []pep440.Version
	page, err := safePage(ctx, e.Index, internal, name)
	known := lookupState(page, err) == policy.Found
	if known {
		mine = pageVersions(page, name)
	} else {
		msg := "the internal source does not have it any more"
		if err != nil {
			msg = redact.Text(err.Error())
		}
		r.failed = append(r.failed, FailedLookup{Name: name, Source: internal.Name, Error: "internal versions unknown, so whether the public ones are higher is unknown: " + msg})
	}
	for i := range r.exposed {
		x := &r.exposed[i]
		x.Severity = policy.SeverityHigh
		if len(mine) > 0 {
			x.InternalHighest = mine[len(mine)-1].String()
		}
		for _, pv := range x.Versions {
			v, err := pep440.Parse(pv.Version)
			if known && err == nil && (len(mine) == 0 || pep440.Compare(v, mine[len(mine)-1]) > 0) {
				x.Higher = true
				x.Severity = policy.SeverityCritical
				break
			}
		}
		e.log("audit: internal name on a public source", "package", name, "source", x.Source, "higher", x.Higher)
	}
	return r
}

func (e *ExposureAuditor) log(msg string, args ...any) {
	if e.Logger != nil {
		e.Logger.Debug(msg, args...)
	}
}

// safePage asks the index for a page, turning a panic into an error.
func safePage(ctx context.Context, idx resolve.Index, src *policy.Source, name string) (page *simpleapi.ProjectPage, err error) {
	defer func() {
		if v := recover(); v != nil {
			page, err = nil, fmt.Errorf("audit: index for source %q panicked: %v", src.Name, v)
		}
	}()
	page, err = idx.ProjectPage(ctx, src, name)
	if err == nil && page == nil {
		err = fmt.Errorf("audit: index for source %q returned no page and no error for %s", src.Name, name)
	}
	return page, err
}

// pageVersions returns the distinct PEP 440 versions of a page's files,
// sorted.
func pageVersions(page *simpleapi.ProjectPage, name string) []pep440.Version {
	var vs []pep440.Version
	for i := range page.Files {
		if d, err := simpleapi.ParseFilename(page.Files[i].Filename, name); err == nil && d.Name == name {
			vs = append(vs, d.Version)
		}
	}
	slices.SortFunc(vs, pep440.Compare)
	return slices.CompactFunc(vs, pep440.Version.Equal)
}

// publicVersions returns a page's versions, highest first, with their
// first upload time: the versions of its files, and those of the PEP 700
// versions list that have none.
func publicVersions(page *simpleapi.ProjectPage, name string) []PublicVersion {
	type ver struct {
		v      pep440.Version
		ok     bool
		raw    string
		upload time.Time
	}
	byKey := map[string]*ver{}
	add := func(raw string, parsed pep440.Version, ok bool, up time.Time) {
		key := raw
		if ok {
			key = parsed.Canonical()
		}
		x := byKey[key]
		if x == nil {
			x = &ver{v: parsed, ok: ok, raw: raw}
			if ok {
				x.raw = parsed.String()
			}
			byKey[key] = x
		}
		if !up.IsZero() && (x.upload.IsZero() || up.Before(x.upload)) {
			x.upload = up
		}
	}
	for i := range page.Files {
		f := &page.Files[i]
		d, err := simpleapi.ParseFilename(f.Filename, name)
		switch {
		case err == nil && d.Name == name:
			add(d.Version.String(), d.Version, true, f.UploadTime)
		case errors.Is(err, pep440.ErrInvalidVersion) && d.RawVersion != "":
			add(d.RawVersion, pep440.Version{}, false, f.UploadTime)
		}
	}
	for _, raw := range page.Versions {
		v, err := pep440.Parse(raw)
		add(raw, v, err == nil, time.Time{})
	}
	list := make([]*ver, 0, len(byKey))
	for _, x := range byKey {
		list = append(list, x)
	}
	slices.SortFunc(list, func(a, b *ver) int {
		switch {
		case a.ok && b.ok:
			return pep440.Compare(b.v, a.v)
		case a.ok != b.ok:
			if a.ok {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.raw, b.raw)
	})
	out := make([]PublicVersion, len(list))
	for i, x := range list {
		out[i] = PublicVersion{Version: x.raw, UploadTime: x.upload.UTC()}
		if x.upload.IsZero() {
			out[i].UploadTime = time.Time{}
		}
	}
	return out
}

// exposureFindings turns the report's lists into findings.
func exposureFindings(rep *ExposureReport) []policy.Finding {
	out := []policy.Finding{}
	for _, x := range rep.Registered {
		f := policy.Finding{Code: CodeExposed, Severity: x.Severity, Package: x.Name, Source: x.Source}
		latest := "no version"
		if len(x.Versions) > 0 {
			latest = x.Versions[0].Version
			f.Version = latest
		}
		if x.Higher {
			f.Code = CodeExposedHigher
			f.Message = fmt.Sprintf("%s is also on %q with version %s, higher than any internal version (%s): the signature of a dependency confusion attack", x.Name, x.Source, latest, cmp.Or(x.InternalHighest, "none"))
		} else {
			f.Message = fmt.Sprintf("%s is also on %q (latest %s; internal %s): its owner can publish a higher version at any time", x.Name, x.Source, latest, cmp.Or(x.InternalHighest, "unknown"))
		}
		out = append(out, f)
	}
	for _, x := range rep.Failed {
		out = append(out, policy.Finding{Code: CodeLookupFailed, Severity: policy.SeverityHigh, Package: x.Name, Source: x.Source,
			Message: fmt.Sprintf("%s: looking it up on %q failed, so whether the name is taken there is unknown: %s", x.Name, x.Source, x.Error)})
	}
	for _, n := range rep.Unregistered {
		out = append(out, policy.Finding{Code: CodeUnregistered, Severity: policy.SeverityMedium, Package: n,
			Message: fmt.Sprintf("%s is on no public source (%s): anyone can register it; register a placeholder or claim a PEP 752 namespace, and pin or claim it to %q", n, quoteList(rep.Public), rep.Internal)})
	}
	return out
}

// WriteExposureText writes an exposure report for people: the names found
// publicly (most severe first, with their versions and upload times), the
// failed lookups, then the unregistered names.
func WriteExposureText(w io.Writer, rep *ExposureReport) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "exposure of %q on %s: %d %s, %d on a public source, %d unregistered, %d failed\n",
		rep.Internal, quoteList(rep.Public), rep.Total, plural(rep.Total, "name", "names"), len(rep.Registered), len(rep.Unregistered), len(rep.Failed))
	if len(rep.Registered) > 0 {
		fmt.Fprintf(bw, "\non a public source (a live confusion risk):\n")
		for _, x := range rep.Registered {
			fmt.Fprintf(bw, "  %s: %s on %q (internal: %s)", x.Severity, x.Name, x.Source, cmp.Or(x.InternalHighest, "unknown"))
			if x.Higher {
				fmt.Fprintf(bw, ", HIGHER PUBLIC VERSION")
			}
			fmt.Fprintln(bw)
			for i, v := range x.Versions {
				if i == 10 {
					fmt.Fprintf(bw, "      ... and %d more\n", len(x.Versions)-10)
					break
				}
				up := "upload time unknown"
				if !v.UploadTime.IsZero() {
					up = v.UploadTime.UTC().Format(time.RFC3339)
				}
				fmt.Fprintf(bw, "      %s  %s\n", v.Version, up)
			}
		}
	}
	if len(rep.Failed) > 0 {
		fmt.Fprintf(bw, "\nfailed lookups (exposure unknown, not counted as unregistered):\n")
		for _, x := range rep.Failed {
			fmt.Fprintf(bw, "  %s on %q: %s\n", x.Name, x.Source, x.Error)
		}
	}
	if len(rep.Unregistered) > 0 {
		fmt.Fprintf(bw, "\nunregistered on every public source (register a placeholder or claim a PEP 752 namespace):\n")
		for _, n := range rep.Unregistered {
			fmt.Fprintf(bw, "  %s\n", n)
		}
	}
	return bw.Flush()
}

// WriteExposureJSON writes an exposure report for tools, indented, in the
// schema documented on ExposureReport.
func WriteExposureJSON(w io.Writer, rep *ExposureReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}
