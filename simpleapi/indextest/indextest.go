package indextest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// DefaultUploadTime returns the upload time of every file that is given
// none with UploadedAt: 2024-01-02T03:04:05Z. It is fixed, so that pages
// are the same on every run, and far enough in the past for any
// minimum-release-age rule.
func DefaultUploadTime() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }

// APIVersion is the Simple API version (PEP 629) the pages declare, in
// HTML and JSON alike: PyPI's.
const APIVersion = "1.4"

// An Option describes part of an index. Where an option may be given
// depends on what it describes: Project only to NewIndex, Release to
// Project, Wheel, Sdist and File to Release (File also to Project);
// the file attributes (UploadedAt, NoUploadTimes, RequiresPython, Yanked,
// NotYanked, Hashes, NoMetadata, Provenance, Tampered, Variant, Tag) at
// any level,
// where they apply to every file below unless a lower level says
// otherwise; the faults (HTTPStatus, Timeout, Truncated, Slow) to NewIndex
// or Project. An option given where it means nothing panics with a
// message saying where it belongs: that is a mistake in the test, not in
// what is tested.
type Option func(*node)

type level int

const (
	atIndex level = iota
	atProject
	atRelease
	atFile
)

func (l level) String() string {
	return [...]string{"NewIndex", "Project", "Release", "a file (Wheel, Sdist, File)"}[l]
}

// node is where an option applies.
type node struct {
	level level
	idx   *Index
	proj  *project
	rel   *release
	file  *fileSpec
	attrs *attrs
	fault *faults
}

func (n *node) need(opt string, levels ...level) {
	if !slices.Contains(levels, n.level) {
		var names []string
		for _, l := range levels {
			names = append(names, l.String())
		}
		panic(fmt.Sprintf("indextest: %s is an option of %s, not of %s", opt, strings.Join(names, " or "), n.level))
	}
}

// attrs are file attributes, inherited from index to project to release
// to file; a set field overrides the level above.
type attrs struct {
	upload         *time.Time // the zero time: none
	requiresPython *string
	yanked         *yank
	hashes         []string
	hashesSet      bool
	noMetadata     bool
	provenance     bool
	tampered       bool
	variant        *string
	tag            string
}

func (a *attrs) over(parent attrs) attrs {
	out := parent
	if a.upload != nil {
		out.upload = a.upload
	}
	if a.requiresPython != nil {
		out.requiresPython = a.requiresPython
	}
	if a.yanked != nil {
		out.yanked = a.yanked
	}
	if a.hashesSet {
		out.hashes, out.hashesSet = a.hashes, true
	}
	if a.variant != nil {
		out.variant = a.variant
	}
	if a.tag != "" {
		out.tag = a.tag
	}
	out.noMetadata = out.noMetadata || a.noMetadata
	out.provenance = out.provenance || a.provenance
	out.tampered = out.tampered || a.tampered
	return out
}

// yank is a PEP 592 yank, or its absence.
type yank struct {
	on     bool
	reason string
}

// faults are the misbehaviours of an index or of one project's page.
type faults struct {
	status    int
	timeout   bool
	truncated bool
	slow      time.Duration
}

// Index describes one package index: its projects, their releases and
// files, and how it misbehaves. Build it with NewIndex; serve it with
// NewServer, from memory (it implements the resolver's Index interface
// through Index.ProjectPage, and NewMemory combines several), or write it
// to a folder with Index.WriteDir.
//
// An Index is immutable once built, apart from its request counters, and
// safe for concurrent use.
type Index struct {
	name     string
	attrs    attrs
	fault    faults
	htmlOnly bool
	user     *url.Userinfo

	projects []*project
	byName   map[string]*project // normalized name

	// built
	files  map[string]*Artifact // "project/filename"
	byFile map[string]*Artifact // filename, first wins

	mu       sync.Mutex
	requests map[string]int
}

type project struct {
	name         string // as written
	normalized   string
	attrs        attrs
	fault        faults
	status       string
	statusReason string
	tracks       []string
	alternates   []string
	releases     []*release
	files        []*fileSpec // File given to Project
	built        []*Artifact // in page order
}

type release struct {
	version string
	attrs   attrs
	files   []*fileSpec
}

type fileKind int

const (
	kindWheel fileKind = iota
	kindSdist
	kindRaw
)

type fileSpec struct {
	kind     fileKind
	filename string // File
	attrs    attrs
}

// NewIndex describes an index called name (the source name a policy uses
// for it) with the given projects, file attributes and faults.
//
// NewIndex panics when the description is wrong: an invalid project name,
// an option given at the wrong level, a Wheel and a File with the same
// filename. Those are mistakes in a test.
func NewIndex(name string, opts ...Option) *Index {
	if name == "" {
		panic("indextest: NewIndex needs an index name")
	}
	idx := &Index{name: name, byName: map[string]*project{}, requests: map[string]int{}}
	n := &node{level: atIndex, idx: idx, attrs: &idx.attrs, fault: &idx.fault}
	for _, o := range opts {
		o(n)
	}
	idx.build()
	return idx
}

// Name returns the index's name.
func (idx *Index) Name() string { return idx.name }

// Source returns a policy source for the in-memory index: the index's
// name and a URL on a host of its own under the reserved ".invalid"
// domain ("https://internal.indextest.invalid/simple/"), so that file
// hosts check out. With RequireAuth, the URL holds the credentials.
// For a Server, use Server.Source.
func (idx *Index) Source() policy.Source {
	u := &url.URL{Scheme: "https", Host: hostLabel(idx.name) + ".indextest.invalid", Path: "/simple/", User: idx.user}
	return policy.Source{Name: idx.name, URL: u.String()}
}

// Sources returns the policy sources of indexes (Index.Source), in order:
// the start of a policy whose index is NewMemory(indexes...).
func Sources(indexes ...*Index) []policy.Source {
	out := make([]policy.Source, len(indexes))
	for i, idx := range indexes {
		out[i] = idx.Source()
	}
	return out
}

func hostLabel(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "index"
	}
	return s
}

// Requests returns how many times the page of project (any spelling) was
// asked for, through a Server or from memory, including requests that a
// fault answered.
func (idx *Index) Requests(project string) int {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	return idx.requests[simpleapi.NormalizeName(project)]
}

func (idx *Index) count(project string) {
	idx.mu.Lock()
	idx.requests[project]++
	idx.mu.Unlock()
}

// Projects returns the normalized names of the index's projects, sorted.
func (idx *Index) Projects() []string {
	var out []string
	for _, p := range idx.projects {
		out = append(out, p.normalized)
	}
	slices.Sort(out)
	return out
}

// File returns the file of that name, or nil. When two projects hold
// files of the same name, the first project's is returned.
func (idx *Index) File(filename string) *Artifact {
	return idx.byFile[filename]
}

// Artifact is a file of an index, as built: its bytes, the hashes its
// pages list, and its PEP 658 metadata file.
type Artifact struct {
	// Project is the normalized project name, Version the release's
	// version as written in the filename.
	Project, Version string
	// Filename is the distribution filename.
	Filename string
	// Content is what the index serves. For a Tampered file it is not
	// what the hashes describe.
	Content []byte
	// Hashes are what the pages list, by algorithm (lower-case hex), and
	// Size the size they give: those of the untampered file.
	Hashes map[string]string
	Size   int64
	// SHA256 is the hex sha256 of the untampered file, listed or not:
	// what a lock file or `--hash=sha256:` pins.
	SHA256 string
	// Metadata is the PEP 658 core metadata file served at the file's URL
	// plus ".metadata", nil when there is none.
	Metadata       []byte
	MetadataSHA256 string

	UploadTime     time.Time // the zero time when the pages give none
	RequiresPython string
	Yanked         bool
	YankedReason   string
	Provenance     bool // the pages give a PEP 740 provenance URL
	Tampered       bool

	sortKey  pep440.Version
	sortable bool
}

// Project adds a project (name as displayed; the pages use its PEP 503
// normalized form) to an index. Its options are Releases, Files, PEP 792
// Status, PEP 708 Tracks and AlternateLocations, faults and file
// attributes. Giving the same project twice, in any spelling, adds to it.
func Project(name string, opts ...Option) Option {
	return func(n *node) {
		n.need("Project", atIndex)
		if err := simpleapi.ValidateName(name); err != nil {
			panic("indextest: " + err.Error())
		}
		norm := simpleapi.NormalizeName(name)
		p := n.idx.byName[norm]
		if p == nil {
			p = &project{name: name, normalized: norm}
			n.idx.byName[norm] = p
			n.idx.projects = append(n.idx.projects, p)
		}
		pn := &node{level: atProject, idx: n.idx, proj: p, attrs: &p.attrs, fault: &p.fault}
		for _, o := range opts {
			o(pn)
		}
	}
}

// Release adds a release of a project. Its options are the files (Wheel,
// Sdist, File) and file attributes; a release given no file has one
// wheel, py3-none-any. version is written into filenames in its PEP 440
// canonical form when it has one.
func Release(version string, opts ...Option) Option {
	return func(n *node) {
		n.need("Release", atProject)
		var r *release
		for _, old := range n.proj.releases {
			if old.version == version {
				r = old
			}
		}
		if r == nil {
			r = &release{version: version}
			n.proj.releases = append(n.proj.releases, r)
		}
		rn := &node{level: atRelease, idx: n.idx, proj: n.proj, rel: r, attrs: &r.attrs}
		before := len(r.files)
		for _, o := range opts {
			o(rn)
		}
		if len(r.files) == before && before == 0 {
			r.files = append(r.files, &fileSpec{kind: kindWheel})
		}
	}
}

// Wheel adds a wheel to a release: a valid, installable wheel (PEP 427)
// holding the package's __init__.py and a .dist-info with METADATA, WHEEL
// and RECORD (with its hashes). It is tagged py3-none-any unless Tag says
// otherwise.
func Wheel(opts ...Option) Option {
	return func(n *node) {
		n.need("Wheel", atRelease)
		f := &fileSpec{kind: kindWheel}
		fn := &node{level: atFile, idx: n.idx, proj: n.proj, rel: n.rel, file: f, attrs: &f.attrs}
		for _, o := range opts {
			o(fn)
		}
		n.rel.files = append(n.rel.files, f)
	}
}

// Sdist adds a source distribution to a release: a PEP 625 named
// .tar.gz with PKG-INFO, pyproject.toml (setuptools) and the package's
// __init__.py.
func Sdist(opts ...Option) Option {
	return func(n *node) {
		n.need("Sdist", atRelease)
		f := &fileSpec{kind: kindSdist}
		fn := &node{level: atFile, idx: n.idx, proj: n.proj, rel: n.rel, file: f, attrs: &f.attrs}
		for _, o := range opts {
			o(fn)
		}
		n.rel.files = append(n.rel.files, f)
	}
}

// File adds a file with any filename to a release or a project: a legacy
// or oddly named archive, an egg, a file of another project, a version
// that is not PEP 440. Its content is a few deterministic bytes, not an
// archive.
func File(filename string, opts ...Option) Option {
	return func(n *node) {
		n.need("File", atRelease, atProject)
		if filename == "" || strings.ContainsAny(filename, "/\\") {
			panic(fmt.Sprintf("indextest: File(%q): a filename cannot be empty or hold a slash", filename))
		}
		f := &fileSpec{kind: kindRaw, filename: filename}
		fn := &node{level: atFile, idx: n.idx, proj: n.proj, rel: n.rel, file: f, attrs: &f.attrs}
		for _, o := range opts {
			o(fn)
		}
		if n.rel != nil {
			n.rel.files = append(n.rel.files, f)
		} else {
			n.proj.files = append(n.proj.files, f)
		}
	}
}

// Tag sets the wheels' compressed tag set, "python-abi-platform" as in
// their filenames ("cp312-cp312-manylinux_2_17_x86_64",
// "py2.py3-none-any"; default "py3-none-any"). Like the file attributes
// it may be given at any level; it applies to wheels only.
func Tag(tag string) Option {
	if strings.Count(tag, "-") != 2 || strings.ContainsAny(tag, "/\\") || strings.Contains(tag, "--") || tag[0] == '-' || tag[len(tag)-1] == '-' {
		panic(fmt.Sprintf("indextest: Tag(%q): want python-abi-platform", tag))
	}
	return func(n *node) {
		if n.level == atFile && n.file.kind != kindWheel {
			panic("indextest: Tag is an option of Wheel, not of Sdist or File")
		}
		n.attrs.tag = tag
	}
}

// UploadedAt sets the PEP 700 upload time (default DefaultUploadTime).
func UploadedAt(t time.Time) Option {
	return func(n *node) {
		t := t.UTC()
		n.attrs.upload = &t
	}
}

// NoUploadTimes leaves the upload time out of the pages, as several
// private index servers do. The age rules of a policy then cannot be
// checked.
func NoUploadTimes() Option {
	return func(n *node) {
		var zero time.Time
		n.attrs.upload = &zero
	}
}

// RequiresPython sets the Requires-Python specifier, on the pages
// (data-requires-python, "requires-python") and in the metadata.
func RequiresPython(spec string) Option {
	return func(n *node) { n.attrs.requiresPython = &spec }
}

// Yanked yanks the files (PEP 592) with a reason; an empty reason is a
// yank without one (JSON true, a bare data-yanked attribute).
func Yanked(reason string) Option {
	return func(n *node) { n.attrs.yanked = &yank{on: true, reason: reason} }
}

// NotYanked undoes a Yanked given at a level above.
func NotYanked() Option {
	return func(n *node) { n.attrs.yanked = &yank{} }
}

// Hashes sets the hash algorithms the pages list for each file (default
// sha256 only): any of md5, sha1, sha224, sha256, sha384 and sha512.
// No argument lists no hash at all.
func Hashes(algorithms ...string) Option {
	for _, a := range algorithms {
		if simpleapi.NewHash(a) == nil {
			panic(fmt.Sprintf("indextest: Hashes: unknown algorithm %q", a))
		}
	}
	return func(n *node) {
		n.attrs.hashes, n.attrs.hashesSet = slices.Clone(algorithms), true
	}
}

// NoMetadata serves no PEP 658 core metadata file for the wheels (by
// default every wheel has one; sdists never do).
func NoMetadata() Option {
	return func(n *node) { n.attrs.noMetadata = true }
}

// Provenance gives the files a PEP 740 provenance URL, PyPI's
// /integrity/{project}/{version}/{filename}/provenance, which a Server
// answers with an empty provenance object. Folders written by WriteDir
// have none, since PEP 740 asks for an https URL.
func Provenance() Option {
	return func(n *node) { n.attrs.provenance = true }
}

// Tampered makes the files' bytes differ from what the pages list: the
// hashes are those of the original file, the content served (and
// Artifact.Content) is another build of the same size, so that only a
// hash check can catch it. A client must refuse it.
func Tampered() Option {
	return func(n *node) { n.attrs.tampered = true }
}

// Variant builds the files with a marker in their content, so that
// files of the same name differ in bytes and hashes: a rebuild on a
// mirror ("rebuilt"), or an attacker's copy.
func Variant(label string) Option {
	return func(n *node) { n.attrs.variant = &label }
}

// Status sets a project's PEP 792 status ("active", "archived",
// "quarantined", "deprecated") and its reason (may be empty). Pages say
// "active" when no status is set.
func Status(status, reason string) Option {
	return func(n *node) {
		n.need("Status", atProject)
		n.proj.status, n.proj.statusReason = status, reason
	}
}

// Tracks lists PEP 708 tracks URLs on a project's page.
func Tracks(urls ...string) Option {
	return func(n *node) {
		n.need("Tracks", atProject)
		n.proj.tracks = append(n.proj.tracks, urls...)
	}
}

// AlternateLocations lists PEP 708 alternate-locations URLs on a
// project's page.
func AlternateLocations(urls ...string) Option {
	return func(n *node) {
		n.need("AlternateLocations", atProject)
		n.proj.alternates = append(n.proj.alternates, urls...)
	}
}

// Attacker adds an attacker's copy of a project: a release of version
// (choose one higher than the real project's) with a wheel and an sdist
// built with Variant("attacker"), so that they differ from any honest
// file of the same name. Give it to the index the attacker can publish
// on, typically the public one. opts are options of the project.
func Attacker(name, version string, opts ...Option) Option {
	return Project(name, append([]Option{Release(version, Wheel(), Sdist(), Variant("attacker"))}, opts...)...)
}

// HTTPStatus makes the index (given to NewIndex) or one project's page
// answer with an HTTP status: 500 or 503 for a broken index, 401 or 403
// for a locked one, 404 or 410 for a project that is not there after all.
// From memory, the error is the one a simpleapi.Client reports for it:
// only 404 and 410 match simpleapi.ErrNotFound.
func HTTPStatus(code int) Option {
	if code < 300 || code > 599 {
		panic(fmt.Sprintf("indextest: HTTPStatus(%d): want a 3xx, 4xx or 5xx status", code))
	}
	return func(n *node) {
		n.need("HTTPStatus", atIndex, atProject)
		n.fault.status = code
	}
}

// Timeout makes the index or one project's page never answer: a Server
// holds the request until the client gives up (or the server is
// closed); from memory, the lookup fails at once with the error a
// simpleapi.Client reports when its timeout expires (simpleapi.ErrTimeout).
func Timeout() Option {
	return func(n *node) {
		n.need("Timeout", atIndex, atProject)
		n.fault.timeout = true
	}
}

// Truncated makes the index or one project's page answer 200 with a
// Content-Length for the whole page and then close the connection after
// half of it, as a crashing server or a cut connection does. A client
// must not take the half page: a simpleapi.Client reports
// simpleapi.ErrNetwork, and so does the in-memory index. Given to
// NewIndex, it cuts every page, including the answer for a project the
// index does not have: the client cannot know what it would have been.
func Truncated() Option {
	return func(n *node) {
		n.need("Truncated", atIndex, atProject)
		n.fault.truncated = true
	}
}

// Slow delays every answer of the index, or of one project's page, by d
// (or until the request is canceled), in a Server and from memory alike.
func Slow(d time.Duration) Option {
	return func(n *node) {
		n.need("Slow", atIndex, atProject)
		n.fault.slow = d
	}
}

// RequireAuth makes the index refuse, with 401 and a Basic challenge,
// every request without these HTTP Basic credentials. Index.Source and
// Server.Source put them in the URL.
func RequireAuth(username, password string) Option {
	return func(n *node) {
		n.need("RequireAuth", atIndex)
		n.idx.user = url.UserPassword(username, password)
	}
}

// HTMLOnly makes the index serve PEP 503 HTML only, whatever the client
// accepts, as many private index servers do: pages then carry no sizes
// and no upload times. The in-memory index serves the same.
func HTMLOnly() Option {
	return func(n *node) {
		n.need("HTMLOnly", atIndex)
		n.idx.htmlOnly = true
	}
}
