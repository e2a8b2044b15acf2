package policy

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/safeindex/safeindex/internal/namepat"
	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// Strategy says how sources are consulted for a name that is neither
// pinned nor claimed. The zero value is FirstIndex.
type Strategy string

const (
	// FirstIndex uses the first source, in order, that has the project,
	// and only that one, as uv does by default. A higher-priority source
	// that fails stops the resolution of the name.
	FirstIndex Strategy = "first-index"
	// Strict is FirstIndex, and a name found on more than one remote
	// source is refused with a *ShadowError naming every source, unless
	// the user pinned the name or declared how those sources relate.
	Strict Strategy = "strict"
)

// Source is a package index the policy may take files from.
type Source struct {
	// Name identifies the source in pins, relations, findings and errors.
	Name string `json:"name"`
	// URL is the Simple API base URL ("https://pypi.org/simple/"), or a
	// file:// URL of a static directory index. It may hold credentials;
	// they are redacted wherever the URL is shown.
	URL string `json:"url"`
	// Explicit sources are used only for the packages pinned or claimed
	// to them, never in the ordered search (uv's explicit = true).
	Explicit bool `json:"explicit,omitempty"`
	// Claims reserve names for this source: exact names, or patterns with
	// "*" matching any run of characters ("acme-*"), compared on PEP 503
	// normalized names. No other character is special. A claimed name is
	// looked up here only, and no two sources' claims may overlap (see
	// Validate).
	Claims []string `json:"claims,omitempty"`
	// FileHosts are hosts, besides the source's own, allowed to serve its
	// files ("files.pythonhosted.org" for PyPI). "*" allows any host.
	FileHosts []string `json:"file_hosts,omitempty"`
	// Public marks a source anyone can publish on, such as PyPI. The
	// name rule refuses internal-looking names served by a public source.
	// Sources on pypi.org and test.pypi.org are public whether or not this
	// is set (see IsPublic).
	Public bool `json:"public,omitempty"`
	// AllowMissingUploadTime accepts files without a PEP 700 upload time
	// when an age rule is on. Several private index servers serve none.
	// By default such files are refused, since their age is unknown.
	AllowMissingUploadTime bool `json:"allow_missing_upload_time,omitempty"`
}

// IsLocal reports whether the source is a directory on this machine
// (file:// or a plain path). PEP 708 exempts local sources from its merge
// check, and so does Strict.
func (s *Source) IsLocal() bool {
	scheme, _, _ := splitHost(s.URL)
	return scheme == "" || scheme == "file"
}

// IsPublic reports whether anyone can publish on the source: Public is
// set, or the source is PyPI or TestPyPI.
func (s *Source) IsPublic() bool {
	if s.Public {
		return true
	}
	_, h, _ := splitHost(s.URL)
	return h == "pypi.org" || h == "test.pypi.org"
}

// ProjectURL returns the canonical project URL of name on this source:
// the base URL, the normalized name and a slash, without credentials. It is
// the location identity PEP 708 metadata is compared with.
func (s *Source) ProjectURL(name string) string {
	u, err := url.Parse(s.URL)
	if err != nil {
		return ""
	}
	u.User = nil
	u.RawQuery, u.Fragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "https" && u.Port() == "443") || (u.Scheme == "http" && u.Port() == "80") {
		u.Host = u.Hostname()
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.Path += simpleapi.NormalizeName(name) + "/"
	u.RawPath = ""
	return u.String()
}

// String returns the source's name and redacted URL.
func (s *Source) String() string { return s.Name + " (" + redact.String(s.URL) + ")" }

// Claims reports whether the source claims name (normalized).
func (s *Source) claims(name string) bool {
	for _, c := range s.Claims {
		if matchName(c, name) {
			return true
		}
	}
	return false
}

// matchName matches a normalized name against an exact name or a pattern
// with "*" wildcards (internal/namepat), itself normalized first.
func matchName(pattern, name string) bool {
	return namepat.Match(namepat.Normalize(pattern), name)
}

// RelationKind says how two sources relate.
type RelationKind string

const (
	// Mirrors: the source copies the other one's projects (a PyPI mirror,
	// Artifactory remote repository). Same-named files must be identical.
	Mirrors RelationKind = "mirrors"
	// Extends: the source adds files to the other one's projects (a
	// platform wheel index such as piwheels or a GPU wheel index).
	// Same-named files must be identical.
	Extends RelationKind = "extends"
)

// Relation declares that Source mirrors or extends Of. Since PEP 708 was
// rejected in 2026 and no index serves its metadata any more, this is how
// a user says that the same name on both sources is the same project: the
// two are then merged into one candidate pool, and every filename found on
// both must carry the same hashes.
type Relation struct {
	Source string       `json:"source"`
	Kind   RelationKind `json:"kind"`
	Of     string       `json:"of"`
}

// Pin ties a package to one source: it is looked up there only, and its
// absence there is an error, never a fall-through.
type Pin struct {
	Package string `json:"package"` // name or pattern, as in Source.Claims
	Source  string `json:"source"`
}

// NamespaceRule takes names matching Pattern from Source only when that
// source's page puts the project in an owned PEP 752 namespace (Simple
// API 1.5, JSON). It lets "acme-*" come from the public index once the
// company owns the "acme" namespace there, and not before.
type NamespaceRule struct {
	Pattern   string `json:"pattern"`
	Source    string `json:"source"`
	Namespace string `json:"namespace"` // the namespace that must be listed and owned
}

// Bypass exempts a package from the age rules until Expires, for a
// documented reason (an urgent security fix, say). An expired bypass does
// nothing and is reported.
type Bypass struct {
	Package string    `json:"package"` // name or pattern
	Reason  string    `json:"reason"`
	Expires time.Time `json:"expires"`
}

// PackageRule matches a package by name (or pattern) and, optionally, by
// version specifier, for allow and deny lists.
type PackageRule struct {
	Package   string              `json:"package"`
	Specifier pep440.SpecifierSet `json:"-"`
	Reason    string              `json:"reason,omitempty"`
}

// matches reports whether the rule covers name (normalized) at version v.
func (r *PackageRule) matches(name string, v pep440.Version) bool {
	return matchName(r.Package, name) && (r.Specifier.Len() == 0 || r.Specifier.WithPrereleases(pep440.PrereleasesAllow).Contains(v))
}

// String returns the rule as "name" or "name specifier".
func (r *PackageRule) String() string {
	if r.Specifier.Len() == 0 {
		return r.Package
	}
	return r.Package + " " + r.Specifier.String()
}

// Policy is the whole configuration of which source may serve which name,
// and which candidates are acceptable. Build it in code or load it from a
// configuration file, then call Validate before use. A Policy is read-only
// once built and safe for concurrent use.
//
// The zero values of its fields are the strict choices; the fields that
// weaken a default say so in their names (Allow..., Merge, TrustPEP708).
type Policy struct {
	// Sources in priority order, first the most trusted.
	Sources []Source `json:"sources"`
	// Strategy for names that are neither pinned nor claimed.
	Strategy Strategy `json:"strategy,omitempty"`
	// Pins tie packages to sources.
	Pins []Pin `json:"pins,omitempty"`
	// Merge lists packages (names or patterns) for which candidates from
	// every source that has them are merged and the highest version wins,
	// as pip's --extra-index-url does. UNSAFE: this is exactly how
	// dependency confusion works; each use is reported.
	Merge []string `json:"merge,omitempty"`
	// Relations between sources.
	Relations []Relation `json:"relations,omitempty"`
	// TrustPEP708 lets PEP 708 tracks and alternate-locations metadata,
	// where a page still carries it, permit a merge that Strict would
	// refuse, with the conservative reading of shared/spec section 7.4.
	TrustPEP708 bool `json:"trust_pep708,omitempty"`
	// Namespaces are PEP 752 rules.
	Namespaces []NamespaceRule `json:"namespaces,omitempty"`
	// Rules for candidates.
	Rules Rules `json:"rules"`
}

// Rules are the candidate rules. Each is on by default where that is
// safe; the zero Rules is the strict set.
type Rules struct {
	// AllowMissingHashes accepts files with no hash in HashAlgorithms.
	AllowMissingHashes bool `json:"allow_missing_hashes,omitempty"`
	// HashAlgorithms are the algorithms a file hash may use; nil means
	// sha256, sha384 and sha512. md5 and sha1 files are refused unless
	// listed here.
	HashAlgorithms []string `json:"hash_algorithms,omitempty"`
	// AllowYanked accepts yanked files for any requirement. By default
	// (PEP 592) a yanked file is used only for an exact == or === pin,
	// and only when no unyanked file matches.
	AllowYanked bool `json:"allow_yanked,omitempty"`
	// RefuseYanked refuses yanked files even for exact pins.
	RefuseYanked bool `json:"refuse_yanked,omitempty"`
	// IgnoreRequiresPython turns the Requires-Python check off.
	IgnoreRequiresPython bool `json:"ignore_requires_python,omitempty"`
	// UploadCutoff refuses files uploaded after it (zero: off), like uv's
	// --exclude-newer and pip's --uploaded-prior-to.
	UploadCutoff time.Time `json:"upload_cutoff,omitempty"`
	// MinReleaseAge refuses files younger than this (zero: off), a
	// cool-down against brand-new malicious uploads.
	MinReleaseAge time.Duration `json:"min_release_age,omitempty"`
	// AgeBypasses exempt packages from UploadCutoff and MinReleaseAge.
	AgeBypasses []Bypass `json:"age_bypasses,omitempty"`
	// AllowQuarantined accepts projects with PEP 792 status
	// "quarantined". UNSAFE: an index quarantines suspected malware.
	AllowQuarantined bool `json:"allow_quarantined,omitempty"`
	// Allow, when not empty, is the only set of packages (and versions)
	// that may be used: a curated repository.
	Allow []PackageRule `json:"allow,omitempty"`
	// Deny refuses the packages (and versions) it matches.
	Deny []PackageRule `json:"deny,omitempty"`
	// AllowAnyFileHost accepts files served from any host. By default a
	// file must come from its source's host or one of its FileHosts.
	AllowAnyFileHost bool `json:"allow_any_file_host,omitempty"`
	// Vulnerabilities refuses or reports versions with known
	// vulnerabilities; off while its DB is nil.
	Vulnerabilities Vulnerabilities `json:"vulnerabilities"`
	// Typosquats refuses or reports names that imitate popular or
	// internal ones; off while its Checker is nil.
	Typosquats Typosquats `json:"typosquats"`
	// Licenses refuses versions whose licence the policy does not allow;
	// off while its lists are empty.
	Licenses Licenses `json:"licenses"`
}

// ErrInvalidPolicy is matched by every error from Validate.
var ErrInvalidPolicy = errors.New("invalid policy")

// Validate checks that the policy is complete and unambiguous: at least
// one source; unique, non-empty source names and valid URLs; valid names
// and patterns (letters, digits, '.', '_', '-' and '*' only: "?" and "["
// are refused, not read as wildcards; no pattern starts or ends with a
// separator, as no name does); pins, relations and namespace rules that
// name known sources; no name that two sources' claims can both match
// ("acme-*" and "*-tools" both match "acme-tools"); no name both pinned
// and merged; a known strategy and known hash algorithms; licence lists
// whose entries are on the SPDX license list (license.Policy.Validate).
// The error lists every problem found.
func (p *Policy) Validate() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	// A pattern the matcher would read differently from what its author
	// meant could leave an internal name unclaimed: refuse it.
	checkPattern := func(where, pattern string) {
		if err := namepat.Check(pattern); err != nil {
			bad("%s: %v", where, err)
		}
	}
	if len(p.Sources) == 0 {
		bad("no sources")
	}
	seen := map[string]bool{}
	for i := range p.Sources {
		s := &p.Sources[i]
		switch {
		case s.Name == "":
			bad("source %d has no name", i+1)
		case seen[s.Name]:
			bad("two sources are named %q", s.Name)
		}
		seen[s.Name] = true
		if s.URL == "" {
			bad("source %q has no URL", s.Name)
		} else if u, err := url.Parse(s.URL); err != nil {
			bad("source %q: URL does not parse: %v", s.Name, redact.Text(err.Error()))
		} else if u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "file" {
			bad("source %q: URL scheme %q is not https, http or file", s.Name, u.Scheme)
		}
		for _, c := range s.Claims {
			if namepat.MatchesAll(c) {
				bad("source %q: claim %q claims everything; make the source the only one instead", s.Name, c)
			} else {
				checkPattern("source "+strconv.Quote(s.Name)+": claim", c)
			}
		}
	}
	for _, pin := range p.Pins {
		checkPattern("pin", pin.Package)
	}
	for _, m := range p.Merge {
		checkPattern("merge", m)
	}
	for _, n := range p.Namespaces {
		checkPattern("namespace rule", n.Pattern)
	}
	for _, b := range p.Rules.AgeBypasses {
		checkPattern("age bypass", b.Package)
	}
	for _, r := range p.Rules.Allow {
		checkPattern("allow rule", r.Package)
	}
	for _, r := range p.Rules.Deny {
		checkPattern("deny rule", r.Package)
	}
	switch p.Strategy {
	case "", FirstIndex, Strict:
	default:
		bad("unknown strategy %q (want %q or %q)", p.Strategy, FirstIndex, Strict)
	}
	for _, pin := range p.Pins {
		if !seen[pin.Source] {
			bad("pin of %q names unknown source %q", pin.Package, pin.Source)
		}
		for _, m := range p.Merge {
			if namepat.Check(m) != nil || namepat.Check(pin.Package) != nil {
				continue // reported above; Overlap takes checked patterns
			}
			if namepat.Overlap(namepat.Normalize(m), namepat.Normalize(pin.Package)) {
				bad("%q is both pinned to %q and merged across sources", pin.Package, pin.Source)
			}
		}
	}
	for _, r := range p.Relations {
		if !seen[r.Source] || !seen[r.Of] {
			bad("relation %q %s %q names an unknown source", r.Source, r.Kind, r.Of)
		}
		if r.Kind != Mirrors && r.Kind != Extends {
			bad("relation %q %q %q: kind must be %q or %q", r.Source, r.Kind, r.Of, Mirrors, Extends)
		}
		if r.Source == r.Of {
			bad("relation of source %q to itself", r.Source)
		}
	}
	for _, n := range p.Namespaces {
		if !seen[n.Source] {
			bad("namespace rule for %q names unknown source %q", n.Pattern, n.Source)
		}
		if n.Namespace == "" {
			bad("namespace rule for %q names no namespace", n.Pattern)
		}
	}
	// Two sources claiming one name: the same name, or patterns that can
	// both match a name. Which would win would depend on source order.
	var claims namepat.Claims
	for i := range p.Sources {
		s := &p.Sources[i]
		for _, c := range s.Claims {
			if namepat.Check(c) != nil {
				continue // reported above
			}
			if other, ok := claims.Conflict(s.Name, c); ok {
				bad("%s", other.Describe(c, s.Name))
			}
			claims.Add(s.Name, c)
		}
	}
	for _, a := range p.Rules.HashAlgorithms {
		if !knownHash(a) {
			bad("unknown hash algorithm %q", a)
		}
	}
	for _, b := range p.Rules.AgeBypasses {
		if b.Reason == "" {
			bad("age bypass for %q has no reason", b.Package)
		}
		if b.Expires.IsZero() {
			bad("age bypass for %q has no expiry date", b.Package)
		}
	}
	var causes []error // errors of other packages, kept for errors.Is
	if err := p.Rules.Licenses.Policy.Validate(); err != nil {
		causes = append(causes, err)
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				bad("%v", e)
			}
		} else {
			bad("%v", err)
		}
	}
	if p.Rules.AllowYanked && p.Rules.RefuseYanked {
		bad("allow_yanked and refuse_yanked are both set")
	}
	if len(errs) > 0 {
		return &validationError{msg: ErrInvalidPolicy.Error() + ": " + strings.Join(errs, "; "), causes: causes}
	}
	return nil
}

// validationError is Validate's error: it matches ErrInvalidPolicy, and
// the errors of other packages that it reports (license.ErrUnknownLicense).
type validationError struct {
	msg    string
	causes []error
}

func (e *validationError) Error() string { return e.msg }

func (e *validationError) Unwrap() []error { return append([]error{ErrInvalidPolicy}, e.causes...) }

// Source returns the source with the given name, or nil.
func (p *Policy) Source(name string) *Source {
	for i := range p.Sources {
		if p.Sources[i].Name == name {
			return &p.Sources[i]
		}
	}
	return nil
}

func (p *Policy) strategy() Strategy {
	if p.Strategy == "" {
		return FirstIndex
	}
	return p.Strategy
}

func knownHash(a string) bool {
	switch a {
	case "md5", "sha1", "sha224", "sha256", "sha384", "sha512":
		return true
	}
	return false
}
