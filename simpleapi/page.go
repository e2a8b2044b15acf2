package simpleapi

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

// SupportedAPIVersion is the newest Simple API version (PEP 629) this
// package implements: 1.5, the JSON form with PEP 752 namespaces. HTML
// pages are frozen at 1.4 (PEP 833).
const SupportedAPIVersion = "1.5"

// Format is the wire format a page was parsed from.
type Format int

// The wire formats.
const (
	FormatUnknown Format = iota
	FormatHTML           // PEP 503 HTML
	FormatJSON           // PEP 691 JSON
)

// String returns "html", "json" or "unknown".
func (f Format) String() string {
	switch f {
	case FormatHTML:
		return "html"
	case FormatJSON:
		return "json"
	}
	return "unknown"
}

// MarshalText encodes the format as its String.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// ProjectPage is a project page of a Simple API index (PEP 503 HTML or PEP
// 691 JSON), in one model whatever the wire format. Nothing on it has been
// checked against anything but the page itself: in particular Tracks and
// AlternateLocations are claims made by the index, to be weighed by policy.
type ProjectPage struct {
	// Name is the project name the page states: the JSON "name" key
	// (normalized, per PEP 691), or for HTML the text after "Links for "
	// in the <title>, as PyPI writes it. Empty when the page says nothing.
	// Informational only: callers must use the name they asked for.
	Name string
	// Format is the wire format the page was parsed from.
	Format Format
	// APIVersion is the PEP 629 version, "MAJOR.MINOR", from the HTML
	// <meta name="pypi:repository-version"> or JSON meta.api-version;
	// "1.0" when an HTML page has none (PEP 629 says to assume it).
	APIVersion string
	// Files lists the distribution files in page order. Files whose names
	// do not parse are kept: see [ParseFilename].
	Files []File
	// Versions is the PEP 700 list of versions (JSON, API 1.1+), as
	// served: not necessarily valid PEP 440. Nil when absent.
	Versions []string
	// Tracks holds PEP 708 tracks URLs (JSON meta.tracks, HTML
	// <meta name="pypi:tracks">). PEP 708 was rejected in 2026; see the
	// package documentation.
	Tracks []string
	// AlternateLocations holds PEP 708 alternate-locations URLs (JSON
	// top-level "alternate-locations", HTML
	// <meta name="pypi:alternate-locations">).
	AlternateLocations []string
	// Status is the PEP 792 project status ("active", "archived",
	// "quarantined", "deprecated", or a value from a newer server), empty
	// when the page says nothing.
	Status string
	// StatusReason is the PEP 792 free-text reason, if any.
	StatusReason string
	// LastSerial is the index's change serial for the project (JSON
	// meta._last-serial, or PyPI's trailing <!--SERIAL n--> comment);
	// valid only when HasLastSerial is true.
	LastSerial    int64
	HasLastSerial bool
	// Namespaces is the PEP 752 "namespaces" list (JSON, API 1.5); nil
	// when the key is absent or null.
	Namespaces []Namespace
	// Ignored lists the HTML anchors that were not taken as files (links
	// to directories, sort links, unsupported schemes), in page order.
	Ignored []IgnoredLink
}

// NewerAPIVersion reports whether the page declares a minor API version
// newer than [SupportedAPIVersion]. PEP 629 asks clients to warn in that
// case; the page is still read, and unknown fields are ignored.
func (p *ProjectPage) NewerAPIVersion() bool { return newerAPIVersion(p.APIVersion) }

// File is one distribution file listed on a project page.
type File struct {
	// Filename is the file's name: the JSON "filename" key, or for HTML
	// the last path segment of the link, percent-decoded (PEP 503 requires
	// the anchor text to equal it; the URL is what pip trusts).
	Filename string
	// URL is the absolute URL of the file, resolved against the page URL
	// (and any HTML <base href>), without its fragment.
	URL string
	// Hashes maps a lower-case hash algorithm name ("sha256") to the
	// digest as lower-case hex. From the JSON "hashes" object, or from the
	// HTML URL fragment "#sha256=..." (PEP 503). Never nil.
	Hashes map[string]string
	// RequiresPython is the PEP 345 Requires-Python specifier as served
	// (HTML data-requires-python, unescaped; JSON "requires-python"),
	// empty when absent. Not validated here.
	RequiresPython string
	// Yanked reports a PEP 592 yank. HTML: the data-yanked attribute is
	// present, whatever its value. JSON: "yanked" is true or a non-empty
	// string.
	Yanked bool
	// YankedReason is the yank reason, empty when none was given.
	YankedReason string
	// CoreMetadata describes the PEP 658/714 metadata file served at
	// URL + ".metadata".
	CoreMetadata CoreMetadata
	// Size is the file size in bytes (PEP 700, JSON only), valid only
	// when HasSize is true.
	Size    int64
	HasSize bool
	// UploadTime is the PEP 700 upload time (JSON only), in UTC; the zero
	// time when absent.
	UploadTime time.Time
	// Provenance is the PEP 740 provenance URL as served (HTML
	// data-provenance, JSON "provenance"), empty when absent. It is not
	// resolved: PEP 740 requires an absolute https URL, and a caller must
	// refuse anything else.
	Provenance string
	// GPGSig is the PEP 503 data-gpg-sig / JSON "gpg-sig" value; valid
	// only when HasGPGSig is true.
	GPGSig    bool
	HasGPGSig bool
}

// MetadataURL returns the URL of the file's PEP 658 core metadata: URL
// with ".metadata" appended to its path (before any query string, so a
// presigned URL stays valid). It does not check CoreMetadata.Available.
func (f *File) MetadataURL() string {
	u, err := url.Parse(f.URL)
	if err != nil || u.RawQuery == "" && !u.ForceQuery {
		return f.URL + ".metadata"
	}
	u.Path += ".metadata"
	if u.RawPath != "" {
		u.RawPath += ".metadata"
	}
	return u.String()
}

// Dist parses the file's name with [ParseFilename] against the project
// name the caller asked the index for.
func (f *File) Dist(project string) (Dist, error) {
	return ParseFilename(f.Filename, project)
}

// CoreMetadata describes a file's PEP 658 core metadata. PEP 714 renamed
// the HTML attribute data-dist-info-metadata to data-core-metadata and the
// JSON key dist-info-metadata to core-metadata; the new name is read when
// present, the old one only when the new one is absent.
type CoreMetadata struct {
	// Available reports that the index serves the metadata file.
	Available bool
	// Hashes maps lower-case algorithm names to lower-case hex digests of
	// the metadata file; empty when the index gave none ("true").
	Hashes map[string]string
}

// Namespace is a PEP 752 namespace grant listed on a project page.
type Namespace struct {
	Name  string // the namespace, as served
	Owned bool   // false only for projects that predate the grant
}

// RootPage is the root page of an index: the list of its projects.
type RootPage struct {
	// Format is the wire format the page was parsed from.
	Format Format
	// APIVersion is as for [ProjectPage.APIVersion].
	APIVersion string
	// Projects lists the projects in page order (which means nothing).
	Projects []Project
	// LastSerial is the index's serial, when HasLastSerial is true.
	LastSerial    int64
	HasLastSerial bool
	// Ignored lists the HTML anchors that were not taken as projects.
	Ignored []IgnoredLink
}

// NewerAPIVersion reports whether the page declares a minor API version
// newer than [SupportedAPIVersion].
func (p *RootPage) NewerAPIVersion() bool { return newerAPIVersion(p.APIVersion) }

// Project is one entry of a root page.
type Project struct {
	// Name is the name as displayed (HTML anchor text, JSON "name"); not
	// necessarily normalized.
	Name string
	// NormalizedName is [NormalizeName] of Name.
	NormalizedName string
	// URL is the absolute URL of the project page: the HTML href resolved
	// against the page, or for JSON (which has no link) the page URL plus
	// the normalized name and "/". Clients must not rely on it to reach a
	// project: PEP 503 requires building <base><normalized-name>/.
	URL string
}

// checkAPIVersion validates a PEP 629 version string and returns it in
// canonical form ("1.04" → "1.4"). Only major version 1 is supported.
func checkAPIVersion(v string) (string, error) {
	maj, min, ok := strings.Cut(v, ".")
	if !ok || !allDigits(maj) || !allDigits(min) || len(maj) > 9 || len(min) > 9 {
		return "", errAPIVersion("malformed API version %q (want MAJOR.MINOR)", v)
	}
	m, _ := strconv.Atoi(maj)
	n, _ := strconv.Atoi(min)
	canon := strconv.Itoa(m) + "." + strconv.Itoa(n)
	if semver.Major("v"+canon) != semver.Major("v"+SupportedAPIVersion) {
		return "", errAPIVersion("API version %s: only major version %s is supported", canon,
			strings.TrimPrefix(semver.Major("v"+SupportedAPIVersion), "v"))
	}
	return canon, nil
}

func newerAPIVersion(v string) bool {
	if v == "" {
		return false
	}
	return semver.Compare("v"+v, "v"+SupportedAPIVersion) > 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
