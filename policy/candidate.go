package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// Hash is a file digest: a lower-case algorithm name and lower-case hex.
type Hash struct {
	Algorithm string `json:"algorithm"`
	Hex       string `json:"hex"`
}

// String returns "algorithm:hex", the form requirements files use.
func (h Hash) String() string { return h.Algorithm + ":" + h.Hex }

// FileCheck is what the candidate rules need to know about one file.
type FileCheck struct {
	Package string // normalized project name
	Source  *Source
	File    *simpleapi.File
	Version pep440.Version // parsed from the filename
	// PinnedHashes, when not empty, are the only digests the requirement
	// accepts (from a lock or a requirements file in hash mode).
	PinnedHashes []Hash
	// Python is the target interpreter version for Requires-Python; the
	// check is skipped when HasPython is false.
	Python    pep440.Version
	HasPython bool
	// Now is the time the age rules measure from.
	Now time.Time
	// RequiresPythonMemo, when not nil, keeps parsed Requires-Python
	// specifiers between calls: a caller checking the many files of a page
	// (which repeat a few values) passes the same map to each call. Not
	// safe for concurrent use.
	RequiresPythonMemo map[string]pep440.SpecifierSet
}

// Verdict is the outcome of the candidate rules for one file.
type Verdict struct {
	// OK reports that no rule refused the file. A yanked file can be OK
	// and still be used only under PEP 592's conditions: see Yanked.
	OK bool
	// Yanked reports a PEP 592 yank that the rules did not settle: the
	// file may be used only for an exact pin and only when no unyanked
	// file matches. The resolver decides, as it sees every candidate.
	Yanked bool
	// Reasons lists every rule that refused the file (severity high) or
	// had something to say about it.
	Reasons []Finding
}

func (v *Verdict) refuse(f Finding) {
	v.OK = false
	v.Reasons = append(v.Reasons, f)
}

// CheckFile applies the candidate rules to one file. It does no I/O.
//
// The rules, each reported with its Code: allowed hash algorithms
// (no-hash) and pinned hashes (hash-not-pinned); the file host
// (file-host); Requires-Python against the target (requires-python); the
// upload-time cutoff and minimum age (too-new, no-upload-time,
// age-bypass); deny and allow lists (denied, not-allowed); and PEP 592
// yanks (yanked), which CheckFile only marks.
func (p *Policy) CheckFile(c *FileCheck) Verdict {
	v := Verdict{OK: true}
	f := c.File
	base := Finding{Package: c.Package, Source: c.Source.Name, Version: c.Version.String(), File: f.Filename}
	with := func(code Code, sev Severity, format string, args ...any) Finding {
		g := base
		g.Code, g.Severity, g.Message = code, sev, f.Filename+": "+fmt.Sprintf(format, args...)
		return g
	}
	r := &p.Rules

	// Hashes.
	algos := r.HashAlgorithms
	hasAllowed := false
	if algos == nil {
		hasAllowed = simpleapi.BestHash(f.Hashes) != ""
		algos = simpleapi.SecureHashes() // named only in the refusal
	} else {
		for _, a := range algos {
			if f.Hashes[a] != "" {
				hasAllowed = true
				break
			}
		}
	}
	if !hasAllowed && !r.AllowMissingHashes {
		if len(f.Hashes) == 0 {
			v.refuse(with(CodeNoHash, SeverityHigh, "the index gives no hash, so the download cannot be verified"))
		} else {
			v.refuse(with(CodeNoHash, SeverityHigh, "the index gives only %s, and the policy accepts %s", strings.Join(sortedKeys(f.Hashes), ", "), strings.Join(algos, ", ")))
		}
	}
	if len(c.PinnedHashes) > 0 && !pinnedMatch(f.Hashes, c.PinnedHashes) {
		v.refuse(with(CodeHashNotPinned, SeverityHigh, "none of its hashes (%s) is one the requirement pins", hashSummary(f.Hashes)))
	}

	// File host.
	if !r.AllowAnyFileHost && !c.Source.allowsFileURL(f.URL) {
		v.refuse(with(CodeFileHost, SeverityHigh, "served from %q, which is neither the host of source %q nor one of its file hosts", hostOf(f.URL), c.Source.Name))
	}

	// Requires-Python.
	if c.HasPython && !r.IgnoreRequiresPython && f.RequiresPython != "" {
		set, err := c.requiresPython(f.RequiresPython)
		switch {
		case err != nil:
			// pip ignores an invalid Requires-Python; so do we, with a note.
			v.Reasons = append(v.Reasons, with(CodeRequiresPython, SeverityLow, "Requires-Python %q does not parse and is ignored, as pip does", f.RequiresPython))
		case !set.Contains(c.Python):
			v.refuse(with(CodeRequiresPython, SeverityHigh, "requires Python %s, and the target is %s", set, c.Python))
		}
	}

	// Age.
	if !r.UploadCutoff.IsZero() || r.MinReleaseAge > 0 {
		p.checkAge(c, &v, with)
	}

	// Deny and allow lists.
	for i := range r.Deny {
		if r.Deny[i].matches(c.Package, c.Version) {
			v.refuse(with(CodeDenied, SeverityHigh, "denied by the rule %q%s", r.Deny[i].String(), reasonSuffix(r.Deny[i].Reason)))
			break
		}
	}
	if len(r.Allow) > 0 && !slices.ContainsFunc(r.Allow, func(a PackageRule) bool { return a.matches(c.Package, c.Version) }) {
		v.refuse(with(CodeNotAllowed, SeverityHigh, "%s %s is on no allow rule", c.Package, c.Version))
	}

	// Yanks.
	if f.Yanked {
		switch {
		case r.RefuseYanked:
			v.refuse(with(CodeYanked, SeverityHigh, "yanked%s, and the policy refuses yanked files", reasonSuffix(f.YankedReason)))
		case r.AllowYanked:
			v.Reasons = append(v.Reasons, with(CodeYanked, SeverityMedium, "yanked%s; allowed by allow_yanked", reasonSuffix(f.YankedReason)))
		default:
			v.Yanked = true
		}
	}
	return v
}

// requiresPython parses a Requires-Python value, through the memo.
func (c *FileCheck) requiresPython(s string) (pep440.SpecifierSet, error) {
	if set, ok := c.RequiresPythonMemo[s]; ok {
		return set, nil
	}
	set, err := pep440.ParseSpecifierSet(s)
	if err == nil && c.RequiresPythonMemo != nil {
		c.RequiresPythonMemo[s] = set
	}
	return set, err
}

func (p *Policy) checkAge(c *FileCheck, v *Verdict, with func(Code, Severity, string, ...any) Finding) {
	r := &p.Rules
	for _, b := range r.AgeBypasses {
		if !matchName(b.Package, c.Package) {
			continue
		}
		if c.Now.Before(b.Expires) {
			v.Reasons = append(v.Reasons, with(CodeAgeBypass, SeverityLow, "the age rules are bypassed for %s until %s: %s", c.Package, b.Expires.UTC().Format(time.DateOnly), b.Reason))
			return
		}
		v.Reasons = append(v.Reasons, with(CodeAgeBypass, SeverityLow, "the age bypass for %s expired on %s and no longer applies", c.Package, b.Expires.UTC().Format(time.DateOnly)))
	}
	up := c.File.UploadTime
	if up.IsZero() {
		if c.Source.AllowMissingUploadTime {
			v.Reasons = append(v.Reasons, with(CodeNoUploadTime, SeverityLow, "no upload time; accepted as source %q allows files without one", c.Source.Name))
			return
		}
		v.refuse(with(CodeNoUploadTime, SeverityHigh, "the index gives no upload time, so the age rules cannot be checked (set allow_missing_upload_time on source %q to accept such files)", c.Source.Name))
		return
	}
	if !r.UploadCutoff.IsZero() && up.After(r.UploadCutoff) {
		v.refuse(with(CodeTooNew, SeverityHigh, "uploaded %s, after the cutoff %s", up.UTC().Format(time.RFC3339), r.UploadCutoff.UTC().Format(time.RFC3339)))
	}
	if r.MinReleaseAge > 0 {
		if age := c.Now.Sub(up); age < r.MinReleaseAge {
			v.refuse(with(CodeTooNew, SeverityHigh, "uploaded %s ago, and the policy wants files at least %s old", roundDuration(age), r.MinReleaseAge))
		}
	}
}

// allowsFileURL reports whether a file URL is served from the source's own
// host or one of its file hosts. Relative and file:// URLs of a local
// source are its own.
func (s *Source) allowsFileURL(raw string) bool {
	scheme, h, ok := splitHost(raw)
	if !ok {
		return false
	}
	if s.IsLocal() {
		return scheme == "" || scheme == "file"
	}
	if scheme != "https" && scheme != "http" {
		return false
	}
	if _, sh, _ := splitHost(s.URL); h == sh {
		return true
	}
	for _, fh := range s.FileHosts {
		if fh == "*" || strings.EqualFold(fh, h) {
			return true
		}
	}
	return false
}

// splitHost returns the lower-case scheme and host (without userinfo and
// port) of an absolute URL by string operations, as this runs once per
// file of every page. ok is false for text that is not a URL; a relative
// URL gives an empty scheme and host.
func splitHost(raw string) (scheme, host string, ok bool) {
	i := strings.Index(raw, "://")
	if i < 0 {
		return "", "", !strings.ContainsAny(raw, " \t\n")
	}
	scheme = strings.ToLower(raw[:i])
	rest := raw[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	if j := strings.LastIndexByte(rest, '@'); j >= 0 {
		rest = rest[j+1:]
	}
	if strings.HasPrefix(rest, "[") { // IPv6 literal
		if j := strings.IndexByte(rest, ']'); j >= 0 {
			return scheme, strings.ToLower(rest[1:j]), true
		}
		return "", "", false
	}
	if j := strings.LastIndexByte(rest, ':'); j >= 0 {
		rest = rest[:j]
	}
	return scheme, strings.ToLower(rest), true
}

func pinnedMatch(have map[string]string, pinned []Hash) bool {
	for _, h := range pinned {
		if got, ok := have[h.Algorithm]; ok && strings.EqualFold(got, h.Hex) {
			return true
		}
	}
	return false
}

func hashSummary(h map[string]string) string {
	if len(h) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range sortedKeys(h) {
		v := h[k]
		if len(v) > 12 {
			v = v[:12] + "..."
		}
		parts = append(parts, k+":"+v)
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// hostOf names the host of a file URL for a message: never the URL
// itself, which may carry credentials or a signature.
func hostOf(raw string) string {
	scheme, host, ok := splitHost(raw)
	switch {
	case !ok:
		return "an unreadable URL"
	case scheme == "" && host == "":
		return "a relative or local path"
	}
	return host
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return " (" + r + ")"
}

func roundDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return d.Round(time.Minute).String()
	}
	return d.Round(time.Second).String()
}
