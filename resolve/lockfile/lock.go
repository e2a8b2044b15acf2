package lockfile

import (
	"fmt"
	"strings"
	"time"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// Format is a lock-file format. The zero value, FormatUnknown, asks [Read]
// to recognize the format from the file name and content.
type Format int

// The formats this package reads.
const (
	// FormatUnknown is the zero Format: recognize the format.
	FormatUnknown Format = iota
	// FormatRequirements is a pip requirements file (requirements.txt),
	// usually in hash-checking mode.
	FormatRequirements
	// FormatPipfileLock is pipenv's Pipfile.lock (pipfile-spec 6).
	FormatPipfileLock
	// FormatPylock is PEP 751's pylock.toml (lock-version 1.x).
	FormatPylock
)

// String returns the format's usual file name: "requirements.txt",
// "Pipfile.lock", "pylock.toml", or "unknown".
func (f Format) String() string {
	switch f {
	case FormatRequirements:
		return "requirements.txt"
	case FormatPipfileLock:
		return "Pipfile.lock"
	case FormatPylock:
		return "pylock.toml"
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler, as String.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// Position is a place in a lock file. Line and Column count from 1; Column
// counts bytes, and is 0 when only the line is known. A requirements entry
// that spans continuation lines is at its first line.
type Position struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// String returns "file:line:column", leaving out the parts that are not
// known.
func (p Position) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	return b.String()
}

// Lock is a lock file of any [Format], read completely: a reader returns a
// whole Lock or an error, never part of one. Fields that a format does not
// have are left at their zero values; each field's comment says where it
// comes from.
//
// URLs are kept as written (after ${VAR} expansion in requirements files),
// credentials included, because an installer needs them; print them with
// [Source.String] or through internal/redact.
type Lock struct {
	// Format is the format the file was read as.
	Format Format `json:"format"`
	// Path is the name of the file the lock was read from, as given to
	// Read or ReadFile; findings and SARIF reports point there.
	Path string `json:"path,omitempty"`
	// Files lists every file read, in the order they were opened: Path
	// first, then the files a requirements file includes with -r and -c.
	Files []string `json:"files,omitempty"`

	// LockVersion is pylock's lock-version, or Pipfile.lock's
	// _meta.pipfile-spec as a decimal string.
	LockVersion string `json:"lock_version,omitempty"`
	// CreatedBy is pylock's created-by.
	CreatedBy string `json:"created_by,omitempty"`

	// Sources are the indexes and link pages the file names, in the order
	// it names them: requirements --index-url, --extra-index-url and
	// --find-links; Pipfile.lock's _meta.sources; the distinct per-package
	// index URLs of a pylock.toml, in order of first use.
	Sources []Source `json:"sources,omitempty"`
	// Packages are the locked packages, in file order (requirements
	// includes are expanded in place, as pip reads them).
	Packages []Package `json:"packages"`

	// RequiresPython is pylock's requires-python; for a Pipfile.lock, the
	// python_full_version or python_version of _meta.requires with "=="
	// in front.
	RequiresPython string `json:"requires_python,omitempty"`
	// Requires is Pipfile.lock's _meta.requires, as written.
	Requires map[string]string `json:"requires,omitempty"`
	// Environments are pylock's environments markers.
	Environments []string `json:"environments,omitempty"`
	// Extras, DependencyGroups and DefaultGroups are pylock's extras,
	// dependency-groups and default-groups. A nil slice means the key was
	// absent; an empty one that it was written as [].
	Extras           []string `json:"extras,omitempty"`
	DependencyGroups []string `json:"dependency_groups,omitempty"`
	DefaultGroups    []string `json:"default_groups,omitempty"`

	// HashMode reports pip's hash-checking mode for a requirements file:
	// on when any requirement has a --hash or --require-hashes is given.
	// Pipfile.lock and pylock.toml always carry hashes for index files, so
	// it is true for them.
	HashMode bool `json:"hash_mode,omitempty"`
	// RequireHashes reports a --require-hashes line.
	RequireHashes bool `json:"require_hashes,omitempty"`
	// NoIndex reports a --no-index line: pip then ignores every index URL.
	NoIndex bool `json:"no_index,omitempty"`
	// Pre reports a --pre line (pre-releases allowed).
	Pre bool `json:"pre,omitempty"`
	// TrustedHosts are the --trusted-host values: hosts pip reaches over
	// plain HTTP or without certificate checks.
	TrustedHosts []string `json:"trusted_hosts,omitempty"`
	// Options are a requirements file's global options, each as written,
	// in order, the ones with their own field above included.
	Options []Option `json:"options,omitempty"`

	// PipfileHash is Pipfile.lock's _meta.hash.sha256: the digest of the
	// Pipfile it was made from (see [CheckPipfileHash]).
	PipfileHash string `json:"pipfile_hash,omitempty"`
	// Tool is pylock's [tool] table, decoded: strings, int64, float64,
	// bool, time.Time, []any and map[string]any.
	Tool map[string]any `json:"tool,omitempty"`

	// Warnings are problems that do not stop the file from being read:
	// a newer pylock minor version, unknown keys, an option pip ignores.
	Warnings []Warning `json:"warnings,omitempty"`
}

// SourceKind says how a [Source] is used.
type SourceKind int

// Source kinds.
const (
	// SourceIndex is a Simple Repository API index: a Pipfile.lock source,
	// a pylock index, or pip's --index-url.
	SourceIndex SourceKind = iota
	// SourceExtraIndex is pip's --extra-index-url: searched together with
	// the main index, with no priority (the dependency confusion setup).
	SourceExtraIndex
	// SourceFindLinks is pip's --find-links: an HTML page or a directory of
	// files.
	SourceFindLinks
)

// String returns "index", "extra-index" or "find-links".
func (k SourceKind) String() string {
	switch k {
	case SourceExtraIndex:
		return "extra-index"
	case SourceFindLinks:
		return "find-links"
	}
	return "index"
}

// MarshalText implements encoding.TextMarshaler, as String.
func (k SourceKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Source is an index or a link page a lock file names.
type Source struct {
	// Name is the Pipfile.lock source name that packages refer to in
	// their index key; empty for the other formats.
	Name string `json:"name,omitempty"`
	// URL is the URL (or, for --find-links, possibly a path) as written,
	// with ${NAME} references expanded when the reader was given WithEnv
	// (Pipfile.lock URLs often hold them for credentials).
	URL string `json:"url"`
	// Kind says how the source is used.
	Kind SourceKind `json:"kind"`
	// Default marks the source packages come from when they name none:
	// the first Pipfile.lock source, the last --index-url of a
	// requirements file.
	Default bool `json:"default,omitempty"`
	// SkipVerifySSL is Pipfile.lock's verify_ssl = false: pipenv turns off
	// certificate checks for this source. The zero value verifies.
	SkipVerifySSL bool `json:"skip_verify_ssl,omitempty"`
	// Pos is where the source is written.
	Pos Position `json:"pos"`
}

// String returns the source's URL with any credentials masked.
func (s Source) String() string { return redact.String(s.URL) }

// Package is one locked package entry. Formats that write one entry per
// name (requirements, Pipfile.lock) give one Package per entry; pylock.toml
// may hold several entries for one name, told apart by Marker.
type Package struct {
	// Name is the project name as written; see NormalizedName.
	Name string `json:"name"`
	// Version is the pinned version as written: the version of a single
	// == or === specifier in requirements and Pipfile.lock, pylock's
	// version. Empty when the entry pins no version (a range, a URL, a
	// VCS or directory entry). See PEP440Version.
	Version string `json:"version,omitempty"`
	// Specifier is the version specifier as written in a requirements
	// line or a Pipfile.lock "version" ("==1.2.3"); empty in pylock.
	Specifier string `json:"specifier,omitempty"`
	// Extras are the extras requested (requirements, Pipfile.lock).
	Extras []string `json:"extras,omitempty"`
	// Marker is the environment marker, as written.
	Marker string `json:"marker,omitempty"`
	// RequiresPython is pylock's per-package requires-python.
	RequiresPython string `json:"requires_python,omitempty"`

	// Index is where the package must come from, when the format says:
	// a Pipfile.lock source name (resolve it with Lock.Source), or a
	// pylock index URL. Empty means the format's default (pipenv: the
	// first source).
	Index string `json:"index,omitempty"`
	// URL is a direct reference: a requirements URL line or "name @ url",
	// a Pipfile.lock "file" entry, or a VCS URL (also in VCS).
	URL string `json:"url,omitempty"`
	// Path is a local file or directory: a requirements path line,
	// Pipfile.lock "path".
	Path string `json:"path,omitempty"`
	// VCS is set for a version-control entry.
	VCS *VCS `json:"vcs,omitempty"`
	// Directory is set for a pylock source-tree entry.
	Directory *Directory `json:"directory,omitempty"`
	// Archive is set for a pylock archive entry.
	Archive *File `json:"archive,omitempty"`

	// Hashes are the entry's hashes: requirements --hash options,
	// Pipfile.lock "hashes". Pylock keeps hashes per file, in Files.
	Hashes []Hash `json:"hashes,omitempty"`
	// Files are pylock's sdist (first) and wheels.
	Files []File `json:"files,omitempty"`

	// Groups are the Pipfile.lock categories the entry is in ("default",
	// "develop", custom ones); for requirements and pylock, empty.
	Groups []string `json:"groups,omitempty"`
	// Editable is set for requirements -e lines and Pipfile.lock
	// "editable": true.
	Editable bool `json:"editable,omitempty"`
	// Constraint is set for entries read from a -c constraints file: they
	// limit versions but do not ask for installation.
	Constraint bool `json:"constraint,omitempty"`
	// Pinned reports whether the entry names exactly one artifact set as
	// pip's hash-checking mode requires: a single == or === specifier, or
	// a URL or path to an archive. Editable, VCS and directory entries are
	// never pinned.
	Pinned bool `json:"pinned"`

	// Options are a requirements line's per-requirement options other
	// than --hash (--config-settings, --global-option), as written.
	Options []Option `json:"options,omitempty"`
	// Raw is the requirements line's requirement text, after joining
	// continuation lines, removing comments and expanding ${VAR}.
	Raw string `json:"raw,omitempty"`

	// Dependencies, AttestationIdentities and Tool are pylock's
	// packages.dependencies, packages.attestation-identities and
	// packages.tool, decoded as Lock.Tool is.
	Dependencies          []map[string]any `json:"dependencies,omitempty"`
	AttestationIdentities []map[string]any `json:"attestation_identities,omitempty"`
	Tool                  map[string]any   `json:"tool,omitempty"`

	// Pos is where the entry starts: the requirements line, the
	// Pipfile.lock key, the pylock [[packages]] header.
	Pos Position `json:"pos"`
}

// NormalizedName returns the PEP 503 normalized name
// ([simpleapi.NormalizeName]).
func (p *Package) NormalizedName() string { return simpleapi.NormalizeName(p.Name) }

// PEP440Version parses Version. The error matches [pep440.ErrInvalidVersion],
// also when Version is empty.
func (p *Package) PEP440Version() (pep440.Version, error) { return pep440.Parse(p.Version) }

// VCS is a version-control source (pylock [packages.vcs], a Pipfile.lock
// git/hg/svn/bzr entry, a requirements VCS URL).
type VCS struct {
	// Type is "git", "hg", "svn" or "bzr".
	Type string `json:"type"`
	// URL and Path locate the repository; one is set.
	URL  string `json:"url,omitempty"`
	Path string `json:"path,omitempty"`
	// RequestedRevision is what the user asked for (pylock
	// requested-revision, Pipfile.lock ref); informational.
	RequestedRevision string `json:"requested_revision,omitempty"`
	// CommitID is the immutable commit (pylock commit-id).
	CommitID string `json:"commit_id,omitempty"`
	// Subdirectory is the project's directory inside the repository.
	Subdirectory string `json:"subdirectory,omitempty"`
}

// Directory is a pylock source-tree entry ([packages.directory]).
type Directory struct {
	Path         string `json:"path"`
	Editable     bool   `json:"editable,omitempty"`
	Subdirectory string `json:"subdirectory,omitempty"`
}

// FileKind says what a [File] is.
type FileKind int

// File kinds.
const (
	// FileWheel is a pylock [[packages.wheels]] entry.
	FileWheel FileKind = iota
	// FileSdist is a pylock [packages.sdist].
	FileSdist
	// FileArchive is a pylock [packages.archive].
	FileArchive
)

// String returns "wheel", "sdist" or "archive".
func (k FileKind) String() string {
	switch k {
	case FileSdist:
		return "sdist"
	case FileArchive:
		return "archive"
	}
	return "wheel"
}

// MarshalText implements encoding.TextMarshaler, as String.
func (k FileKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// File is one distribution file of a pylock entry.
type File struct {
	Kind FileKind `json:"kind"`
	// Name is the filename as written; empty when the entry leaves it out
	// (see Filename).
	Name string `json:"name,omitempty"`
	// URL and Path locate the file; at least one is set. A relative Path
	// is relative to the lock file's directory.
	URL  string `json:"url,omitempty"`
	Path string `json:"path,omitempty"`
	// Size is the size in bytes; HasSize says whether it was given.
	Size    int64 `json:"size,omitempty"`
	HasSize bool  `json:"has_size,omitempty"`
	// UploadTime is the upload time, in UTC; the zero time when absent.
	UploadTime time.Time `json:"upload_time,omitzero"`
	// Hashes are the file's hashes, sorted by algorithm.
	Hashes []Hash `json:"hashes"`
	// Subdirectory is an archive's project directory.
	Subdirectory string `json:"subdirectory,omitempty"`
	// Pos is where the file's table starts.
	Pos Position `json:"pos"`
}

// Filename returns the file's name as PEP 751 defines it: Name when given,
// otherwise the last component of Path (split at "/" or, failing that,
// "\"), otherwise the percent-decoded last component of URL's path.
func (f *File) Filename() string {
	if f.Name != "" {
		return f.Name
	}
	if f.Path != "" {
		if i := strings.LastIndexByte(f.Path, '/'); i >= 0 {
			return f.Path[i+1:]
		}
		if i := strings.LastIndexByte(f.Path, '\\'); i >= 0 {
			return f.Path[i+1:]
		}
		return f.Path
	}
	if f.URL != "" {
		return urlFilename(f.URL)
	}
	return ""
}

// Hash is one digest of a file: algorithm and hexadecimal digest, both as
// written (pip compares digests case-insensitively; algorithms must be
// lower-case in requirements files).
type Hash struct {
	Algorithm string `json:"algorithm"`
	Hex       string `json:"hex"`
}

// String returns "algorithm:hex", the requirements and Pipfile.lock form.
func (h Hash) String() string { return h.Algorithm + ":" + h.Hex }

// Option is a requirements-file option as written: its canonical long name
// ("--index-url" for -i too) and its value ("" for flags).
type Option struct {
	Name  string   `json:"name"`
	Value string   `json:"value,omitempty"`
	Pos   Position `json:"pos"`
}

// Warning is a problem that did not stop the lock from being read.
type Warning struct {
	Pos Position `json:"pos"`
	Msg string   `json:"msg"`
}

// String returns "position: message".
func (w Warning) String() string { return w.Pos.String() + ": " + w.Msg }

// Source returns the source a Pipfile.lock package index name refers to,
// matching names exactly, or the default source when name is empty. It
// reports false when there is no such source.
func (l *Lock) Source(name string) (Source, bool) {
	for _, s := range l.Sources {
		if (name == "" && s.Default) || (name != "" && s.Name == name) {
			return s, true
		}
	}
	return Source{}, false
}
