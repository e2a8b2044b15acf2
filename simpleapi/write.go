package simpleapi

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/mod/semver"

	"github.com/safeindex/safeindex/internal/redact"
)

// HTMLAPIVersion is the Simple API version (PEP 629) of the HTML pages
// the writer produces: 1.4, PEP 792's project status. HTML is frozen at
// 1.4 (PEP 833).
const HTMLAPIVersion = "1.4"

// DefaultJSONAPIVersion is the API version (PEP 629) of a JSON page
// whose ProjectPage or RootPage has none: 1.4, as PyPI serves. A project
// page with PEP 752 namespaces is written as at least 1.5.
const DefaultJSONAPIVersion = "1.4"

// ErrUnwritable is matched by every [*WriteError]: the page holds a value
// that the wire format cannot carry, or that no parser would read back
// (invalid UTF-8, a negative size, a file without URL...). Nothing is
// written then.
var ErrUnwritable = errors.New("simple API page cannot be written")

// WriteError reports a page that [WriteProjectPage] or [WriteRootPage]
// refused to write. It matches [ErrUnwritable] and, when set, the cause
// in Err (for example [ErrUnsupportedAPIVersion]).
type WriteError struct {
	// Format is "html" or "json".
	Format string
	// Item is what holds the bad value: `file 3 "name-1.0.tar.gz"`,
	// `project 2`, or "page".
	Item string
	// Field is the wire name of the field ("requires-python", "url").
	Field string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

// Error implements error, e.g. `simpleapi: writing json page: file 3
// "a-1.0.tar.gz": requires-python: not valid UTF-8`.
func (e *WriteError) Error() string {
	s := "simpleapi: writing " + e.Format + " page: " + e.Item
	if e.Field != "" {
		s += ": " + e.Field
	}
	s += ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns [ErrUnwritable] and the cause.
func (e *WriteError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrUnwritable}
	}
	return []error{ErrUnwritable, e.Err}
}

// Writer writes Simple API pages, the inverse of the parsers:
// ParseProjectPage (ParseRootPage) reads back what was written, field
// for field, for everything the wire format can carry. The zero value
// writes PyPI's shape; its fields adjust it. A Writer is safe for
// concurrent use when its ProjectSerial is.
//
// # HTML (PEP 503)
//
// A project page is a document of PyPI's shape: <meta> tags for the
// PEP 629 repository version ([HTMLAPIVersion] whatever the page says:
// HTML is frozen at 1.4 by PEP 833), the PEP 792 project status and
// reason, and the PEP 708 pypi:tracks and pypi:alternate-locations
// (one tag per URL); the title and heading "Links for NAME"; one <a> per
// file, with href set to the file's URL and a fragment with its
// preferred hash ("#sha256=...": the first of sha256, sha384, sha512,
// sha224, sha1 and md5 that the file has, the order pip pins and locks
// use; every one of them with AllHashes), the anchor text its filename,
// and the attributes data-requires-python, data-yanked (PEP 592),
// data-dist-info-metadata and data-core-metadata ("true" or one
// "<hashname>=<hexdigest>", PEP 658 and 714), data-provenance (PEP 740)
// and data-gpg-sig; then a trailing <!--SERIAL n--> comment when the
// page has a serial.
//
// A yank without a reason is written data-yanked="", as PyPI does: PEP
// 592 makes the bare attribute a yank too, but pip (23.2 and earlier)
// reads a bare data-yanked as not yanked.
//
// Every value is escaped (&, <, >, quotes, and CR as &#13;, which HTML
// would otherwise turn into LF); hash values in the URL fragment are
// percent-encoded but for letters, digits and "-._~" (hex digests need
// nothing). HTML cannot carry: a filename other
// than the last segment of the URL's path (the parser names a file by
// its URL, as pip does), hashes of other algorithms, or more than one
// (without AllHashes), more than one core metadata hash, leading or
// trailing spaces of the name, status, tracks and alternate locations,
// NUL characters (refused), and the JSON-only fields: Versions, Size,
// UploadTime and Namespaces, which are left out.
//
// # JSON (PEP 691)
//
// A project page is one line of JSON with, in order: "meta" (PEP 629
// "api-version", "_last-serial" when the page has a serial, PEP 708
// "tracks" when not nil), "name", PEP 792 "project-status" (when the
// page has a status or reason), PEP 700 "versions" (when not nil),
// "files", PEP 708 "alternate-locations" (when not nil) and PEP 752
// "namespaces" (when not nil). Each file has "filename", "url",
// "hashes" (sorted by algorithm), "requires-python" (null when empty),
// PEP 700 "size" (when known) and "upload-time" (when not zero; RFC 3339
// in UTC with microseconds and "Z", as PyPI writes it, or nanoseconds
// when the time has them), "yanked" (false, true, or the reason),
// "core-metadata" and PyPI's "data-dist-info-metadata" (false, true, or
// the hashes; not "dist-info-metadata", which pip releases before 23.2
// read as a string and fail on, PEP 714), PEP
// 740 "provenance" (null when empty) and "gpg-sig" (when known).
//
// The API version is the page's own, or [DefaultJSONAPIVersion]; a page
// with namespaces is written as at least 1.5 (PEP 752). JSON carries
// every field of the model but Format and Ignored, which describe a
// parse.
//
// # Root pages
//
// A root page lists one <a href> per project in HTML (the project's URL,
// or "<normalized-name>/" when it has none, relative to the root page),
// and one {"name": ...} per project in JSON (PEP 691), with "_last-serial"
// when ProjectSerial gives one.
//
// # Errors
//
// A page is written in full or not at all: values that cannot be written
// (see [ErrUnwritable]) are found before a byte is written. Output is
// deterministic: the same page gives the same bytes.
type Writer struct {
	// AllHashes writes every hash the HTML parser reads (sha256, sha384,
	// sha512, sha224, sha1, md5, in that order) in the URL fragment of a
	// file, '&'-separated, instead of the preferred one only. pip reads
	// the first one; [ParseProjectHTML] reads them all. Default: false,
	// PyPI's single hash.
	AllHashes bool
	// ProjectSerial, when not nil, gives the "_last-serial" of a project
	// on a JSON root page, as PyPI lists one per project (ok false: none).
	// Default: none.
	ProjectSerial func(p *Project) (serial int64, ok bool)
}

// WriteProjectPage writes page to w in the format of mediaType (one of
// the Simple API media types, see [FormatOf]), with the zero [Writer].
func WriteProjectPage(w io.Writer, page *ProjectPage, mediaType string) error {
	var pw Writer
	return pw.WriteProjectPage(w, page, mediaType)
}

// WriteRootPage writes page to w in the format of mediaType, with the
// zero [Writer].
func WriteRootPage(w io.Writer, page *RootPage, mediaType string) error {
	var pw Writer
	return pw.WriteRootPage(w, page, mediaType)
}

// WriteProjectPage writes page to w as PEP 503 HTML or PEP 691 JSON,
// chosen by mediaType as [FormatOf] does (so "text/html; charset=utf-8"
// is HTML). See [Writer] for the shape. Errors match
// [ErrUnsupportedContentType] for a media type that is not a Simple API
// type, [ErrUnwritable] for a page that cannot be written, or are w's.
func (pw *Writer) WriteProjectPage(w io.Writer, page *ProjectPage, mediaType string) error {
	f, err := FormatOf(mediaType)
	if err != nil {
		return fmt.Errorf("simpleapi: writing page: %w", err)
	}
	e := &pageEncoder{format: f, all: pw.AllHashes, index: -1}
	if page == nil {
		e.fail("", "nil page", nil)
	} else if f == FormatJSON {
		e.projectJSON(page)
	} else {
		e.projectHTML(page)
	}
	return e.flush(w)
}

// WriteRootPage writes page, the list of an index's projects, to w as
// PEP 503 HTML or PEP 691 JSON, chosen by mediaType. Errors are as for
// [Writer.WriteProjectPage].
func (pw *Writer) WriteRootPage(w io.Writer, page *RootPage, mediaType string) error {
	f, err := FormatOf(mediaType)
	if err != nil {
		return fmt.Errorf("simpleapi: writing page: %w", err)
	}
	e := &pageEncoder{format: f, all: pw.AllHashes, index: -1}
	if page == nil {
		e.fail("", "nil page", nil)
	} else if f == FormatJSON {
		e.rootJSON(page, pw.ProjectSerial)
	} else {
		e.rootHTML(page)
	}
	return e.flush(w)
}

// fragmentHashOrder is the order of preference of the hashes written in
// an HTML URL fragment: those the HTML parser reads, secureHashes (the
// ones [Client.Open] can verify a file with alone) first, sha256 (what
// pip's --hash and lock files pin) leading.
var fragmentHashOrder = [...]string{"sha256", "sha384", "sha512", "sha224", "sha1", "md5"}

// pageEncoder builds one page in b; the first error stops it.
type pageEncoder struct {
	format Format
	all    bool
	b      []byte
	err    *WriteError
	// What is being written, for errors: a file (index and file), a
	// project of a root page (index), or the page (index -1).
	index int
	file  *File
}

func (e *pageEncoder) fail(field, msg string, cause error) {
	if e.err != nil {
		return
	}
	item := "page"
	switch {
	case e.index >= 0 && e.file != nil:
		item = "file " + strconv.Itoa(e.index) + " " + strconv.Quote(redact.Text(e.file.Filename))
	case e.index >= 0:
		item = "project " + strconv.Itoa(e.index)
	}
	e.err = &WriteError{Format: e.format.String(), Item: item, Field: field, Msg: msg, Err: cause}
}

// at sets what is being written: file i (f not nil) or project i of a
// root page, or the page (i < 0).
func (e *pageEncoder) at(i int, f *File) { e.index, e.file = i, f }

func (e *pageEncoder) flush(w io.Writer) error {
	if e.err != nil {
		return e.err
	}
	if _, err := w.Write(e.b); err != nil {
		return fmt.Errorf("simpleapi: writing %s page: %w", e.format, err)
	}
	return nil
}

// check reports whether s can be written in the field: valid UTF-8,
// and in HTML without NUL (which HTML turns into U+FFFD).
func (e *pageEncoder) check(field, s string) bool {
	return e.checkText(field, s, e.format == FormatHTML)
}

func (e *pageEncoder) checkText(field, s string, noNUL bool) bool {
	if !utf8.ValidString(s) {
		e.fail(field, "not valid UTF-8", nil)
		return false
	}
	if noNUL && strings.IndexByte(s, 0) >= 0 {
		e.fail(field, "NUL character (HTML cannot carry it)", nil)
		return false
	}
	return true
}

// checkHashes checks the names of h, and the values written: all of
// them in JSON, in HTML those of fragmentHashOrder, percent-encoded
// (so NUL is carried).
func (e *pageEncoder) checkHashes(field string, h map[string]string) {
	for alg, d := range h {
		if !isHashName(alg) {
			e.fail(field, fmt.Sprintf("hash name %q (want lower-case letters, digits, '_' or '-')", redact.Text(alg)), nil)
			return
		}
		if e.format == FormatJSON || slices.Contains(fragmentHashOrder[:], alg) {
			e.checkText(field, d, false)
		}
	}
}

// isHashName reports whether s is a hash algorithm name as the model
// keeps them: lower-case ASCII letters, digits, '_' and '-' (hashlib's
// names: sha256, blake2b, sha3_256).
func isHashName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// checkFile checks the fields of a file that the format writes.
func (e *pageEncoder) checkFile(i int, f *File) {
	e.at(i, f)
	if e.check("filename", f.Filename) && f.Filename == "" {
		e.fail("filename", "empty", nil)
	}
	if e.check("url", f.URL) {
		switch {
		case f.URL == "":
			e.fail("url", "empty", nil)
		case strings.IndexByte(f.URL, '#') >= 0:
			e.fail("url", fmt.Sprintf("%q has a fragment (hashes go in Hashes)", redact.String(f.URL)), nil)
		}
	}
	e.checkHashes("hashes", f.Hashes)
	e.check("requires-python", f.RequiresPython)
	if f.Yanked {
		e.check("yanked", f.YankedReason)
	}
	if f.CoreMetadata.Available {
		if e.format == FormatJSON {
			e.checkHashes("core-metadata", f.CoreMetadata.Hashes)
		} else if alg := preferredHash(f.CoreMetadata.Hashes); alg != "" {
			if !isHashName(alg) {
				e.fail("core-metadata", fmt.Sprintf("hash name %q (want lower-case letters, digits, '_' or '-')", redact.Text(alg)), nil)
			}
			e.check("core-metadata", f.CoreMetadata.Hashes[alg])
		}
	}
	e.check("provenance", f.Provenance)
	if e.format == FormatJSON {
		if f.HasSize && f.Size < 0 {
			e.fail("size", fmt.Sprintf("negative size %d", f.Size), nil)
		}
		if !f.UploadTime.IsZero() {
			if y := f.UploadTime.UTC().Year(); y < 0 || y > 9999 {
				e.fail("upload-time", fmt.Sprintf("year %d outside RFC 3339", y), nil)
			}
		}
	}
}

// checkPage checks the page-level fields.
func (e *pageEncoder) checkPage(p *ProjectPage) {
	e.at(-1, nil)
	e.check("name", p.Name)
	e.check("project-status", p.Status)
	e.check("project-status-reason", p.StatusReason)
	for _, s := range p.Tracks {
		e.check("tracks", s)
	}
	for _, s := range p.AlternateLocations {
		e.check("alternate-locations", s)
	}
	if e.format == FormatJSON { // HTML does not carry them
		for _, s := range p.Versions {
			e.check("versions", s)
		}
		for _, ns := range p.Namespaces {
			e.check("namespaces", ns.Name)
		}
	}
	if p.HasLastSerial && p.LastSerial < 0 {
		e.at(-1, nil)
		e.fail("_last-serial", fmt.Sprintf("negative serial %d", p.LastSerial), nil)
	}
}

// jsonAPIVersion returns the API version of a JSON page: v in canonical
// form, or DefaultJSONAPIVersion, raised to floor when lower.
func (e *pageEncoder) jsonAPIVersion(v, floor string) string {
	if v == "" {
		v = DefaultJSONAPIVersion
	}
	cv, err := checkAPIVersion(v)
	if err != nil {
		e.at(-1, nil)
		e.fail("api-version", fmt.Sprintf("%q", redact.Text(v)), err)
		return ""
	}
	if floor != "" && semver.Compare("v"+cv, "v"+floor) < 0 {
		return floor
	}
	return cv
}

// ---- HTML ----

func (e *pageEncoder) projectHTML(p *ProjectPage) {
	e.checkPage(p)
	for i := range p.Files {
		e.checkFile(i, &p.Files[i])
	}
	if e.err != nil {
		return
	}
	e.b = make([]byte, 0, 512+448*len(p.Files))
	e.b = append(e.b, "<!DOCTYPE html>\n<html>\n  <head>\n"...)
	e.meta("pypi:repository-version", HTMLAPIVersion)
	if p.Status != "" {
		e.meta("pypi:project-status", p.Status)
	}
	if p.StatusReason != "" {
		e.meta("pypi:project-status-reason", p.StatusReason)
	}
	for _, t := range p.Tracks {
		e.meta("pypi:tracks", t)
	}
	for _, a := range p.AlternateLocations {
		e.meta("pypi:alternate-locations", a)
	}
	e.b = append(e.b, "    <title>Links for "...)
	e.b = appendHTML(e.b, p.Name)
	e.b = append(e.b, "</title>\n  </head>\n  <body>\n    <h1>Links for "...)
	e.b = appendHTML(e.b, p.Name)
	e.b = append(e.b, "</h1>\n"...)
	for i := range p.Files {
		e.fileHTML(&p.Files[i])
	}
	e.b = append(e.b, "  </body>\n</html>\n"...)
	if p.HasLastSerial {
		e.b = append(e.b, "<!--SERIAL "...)
		e.b = strconv.AppendInt(e.b, p.LastSerial, 10)
		e.b = append(e.b, "-->\n"...)
	}
}

func (e *pageEncoder) meta(name, content string) {
	e.b = append(e.b, `    <meta name="`...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `" content="`...)
	e.b = appendHTML(e.b, content)
	e.b = append(e.b, "\">\n"...)
}

func (e *pageEncoder) attr(name, value string) {
	e.b = append(e.b, ' ')
	e.b = append(e.b, name...)
	e.b = append(e.b, `="`...)
	e.b = appendHTML(e.b, value)
	e.b = append(e.b, '"')
}

func (e *pageEncoder) fileHTML(f *File) {
	e.b = append(e.b, `    <a href="`...)
	e.b = appendHTML(e.b, f.URL)
	sep := "#"
	for _, alg := range fragmentHashOrder {
		d, ok := f.Hashes[alg]
		if !ok {
			continue
		}
		e.b = append(e.b, sep...)
		e.b = append(e.b, alg...)
		e.b = append(e.b, '=')
		e.b = appendFragmentValue(e.b, d)
		sep = "&amp;" // '&', escaped
		if !e.all {
			break
		}
	}
	e.b = append(e.b, '"')
	if f.RequiresPython != "" {
		e.attr("data-requires-python", f.RequiresPython)
	}
	if f.Yanked {
		e.attr("data-yanked", f.YankedReason)
	}
	if f.CoreMetadata.Available {
		alg := preferredHash(f.CoreMetadata.Hashes)
		for _, name := range [...]string{"data-dist-info-metadata", "data-core-metadata"} {
			e.b = append(e.b, ' ')
			e.b = append(e.b, name...)
			e.b = append(e.b, `="`...)
			if alg == "" {
				e.b = append(e.b, "true"...)
			} else {
				e.b = append(e.b, alg...)
				e.b = append(e.b, '=')
				e.b = appendHTML(e.b, f.CoreMetadata.Hashes[alg])
			}
			e.b = append(e.b, '"')
		}
	}
	if f.Provenance != "" {
		e.attr("data-provenance", f.Provenance)
	}
	if f.HasGPGSig {
		e.attr("data-gpg-sig", strconv.FormatBool(f.GPGSig))
	}
	e.b = append(e.b, '>')
	e.b = appendHTML(e.b, f.Filename)
	e.b = append(e.b, "</a><br />\n"...)
}

// preferredHash returns the algorithm of h written where one hash only
// fits: the first of fragmentHashOrder, else the first name in order.
func preferredHash(h map[string]string) string {
	for _, alg := range fragmentHashOrder {
		if _, ok := h[alg]; ok {
			return alg
		}
	}
	best := ""
	for alg := range h {
		if best == "" || alg < best {
			best = alg
		}
	}
	return best
}

func (e *pageEncoder) rootHTML(p *RootPage) {
	for i := range p.Projects {
		pr := &p.Projects[i]
		e.at(i, nil)
		e.check("name", pr.Name)
		e.check("url", pr.URL)
		e.check("name", pr.NormalizedName)
	}
	if p.HasLastSerial && p.LastSerial < 0 {
		e.at(-1, nil)
		e.fail("_last-serial", fmt.Sprintf("negative serial %d", p.LastSerial), nil)
	}
	if e.err != nil {
		return
	}
	e.b = make([]byte, 0, 256+64*len(p.Projects))
	e.b = append(e.b, "<!DOCTYPE html>\n<html>\n  <head>\n"...)
	e.meta("pypi:repository-version", HTMLAPIVersion)
	e.b = append(e.b, "    <title>Simple index</title>\n  </head>\n  <body>\n"...)
	for i := range p.Projects {
		pr := &p.Projects[i]
		name, norm := pr.Name, pr.NormalizedName
		if norm == "" {
			norm = NormalizeName(name)
		}
		if name == "" {
			name = norm
		}
		href := pr.URL
		if href == "" {
			href = norm + "/"
		}
		e.b = append(e.b, `    <a href="`...)
		e.b = appendHTML(e.b, href)
		e.b = append(e.b, `">`...)
		e.b = appendHTML(e.b, name)
		e.b = append(e.b, "</a>\n"...)
	}
	e.b = append(e.b, "  </body>\n</html>\n"...)
	if p.HasLastSerial {
		e.b = append(e.b, "<!--SERIAL "...)
		e.b = strconv.AppendInt(e.b, p.LastSerial, 10)
		e.b = append(e.b, "-->\n"...)
	}
}

// appendHTML appends s escaped for HTML text and quoted attribute
// values: the characters html.EscapeString escapes, and CR, which HTML
// parsers turn into LF unless it is a character reference.
func appendHTML(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '\r':
			esc = "&#13;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// appendFragmentValue appends a hash value for a URL fragment,
// percent-encoding every byte but ASCII letters, digits and "-._~" so
// that no '&', '#' or quote ends it early (hex digests need none).
func appendFragmentValue(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return b
}

// ---- JSON ----

func (e *pageEncoder) projectJSON(p *ProjectPage) {
	e.checkPage(p)
	for i := range p.Files {
		e.checkFile(i, &p.Files[i])
	}
	floor := ""
	if p.Namespaces != nil {
		floor = "1.5" // PEP 752
	}
	v := e.jsonAPIVersion(p.APIVersion, floor)
	if e.err != nil {
		return
	}
	e.b = make([]byte, 0, 256+576*len(p.Files))
	e.b = append(e.b, `{"meta":{"api-version":`...)
	e.b = appendJSON(e.b, v)
	if p.HasLastSerial {
		e.b = append(e.b, `,"_last-serial":`...)
		e.b = strconv.AppendInt(e.b, p.LastSerial, 10)
	}
	if p.Tracks != nil {
		e.b = append(e.b, `,"tracks":`...)
		e.b = appendJSONList(e.b, p.Tracks)
	}
	e.b = append(e.b, `},"name":`...)
	e.b = appendJSON(e.b, p.Name)
	if p.Status != "" || p.StatusReason != "" {
		e.b = append(e.b, `,"project-status":{`...)
		if p.Status != "" {
			e.b = append(e.b, `"status":`...)
			e.b = appendJSON(e.b, p.Status)
		}
		if p.StatusReason != "" {
			if p.Status != "" {
				e.b = append(e.b, ',')
			}
			e.b = append(e.b, `"reason":`...)
			e.b = appendJSON(e.b, p.StatusReason)
		}
		e.b = append(e.b, '}')
	}
	if p.Versions != nil {
		e.b = append(e.b, `,"versions":`...)
		e.b = appendJSONList(e.b, p.Versions)
	}
	e.b = append(e.b, `,"files":[`...)
	for i := range p.Files {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.fileJSON(&p.Files[i])
	}
	e.b = append(e.b, ']')
	if p.AlternateLocations != nil {
		e.b = append(e.b, `,"alternate-locations":`...)
		e.b = appendJSONList(e.b, p.AlternateLocations)
	}
	if p.Namespaces != nil {
		e.b = append(e.b, `,"namespaces":[`...)
		for i, ns := range p.Namespaces {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(e.b, `{"name":`...)
			e.b = appendJSON(e.b, ns.Name)
			e.b = append(e.b, `,"owned":`...)
			e.b = strconv.AppendBool(e.b, ns.Owned)
			e.b = append(e.b, '}')
		}
		e.b = append(e.b, ']')
	}
	e.b = append(e.b, "}\n"...)
}

func (e *pageEncoder) fileJSON(f *File) {
	e.b = append(e.b, `{"filename":`...)
	e.b = appendJSON(e.b, f.Filename)
	e.b = append(e.b, `,"url":`...)
	e.b = appendJSON(e.b, f.URL)
	e.b = append(e.b, `,"hashes":`...)
	e.b = appendJSONHashes(e.b, f.Hashes)
	e.b = append(e.b, `,"requires-python":`...)
	e.b = appendJSONOrNull(e.b, f.RequiresPython)
	if f.HasSize {
		e.b = append(e.b, `,"size":`...)
		e.b = strconv.AppendInt(e.b, f.Size, 10)
	}
	if !f.UploadTime.IsZero() {
		e.b = append(e.b, `,"upload-time":"`...)
		e.b = appendUploadTime(e.b, f.UploadTime)
		e.b = append(e.b, '"')
	}
	e.b = append(e.b, `,"yanked":`...)
	switch {
	case f.Yanked && f.YankedReason != "":
		e.b = appendJSON(e.b, f.YankedReason)
	default:
		e.b = strconv.AppendBool(e.b, f.Yanked)
	}
	for _, key := range [...]string{`,"core-metadata":`, `,"data-dist-info-metadata":`} {
		e.b = append(e.b, key...)
		switch {
		case !f.CoreMetadata.Available:
			e.b = append(e.b, "false"...)
		case len(f.CoreMetadata.Hashes) == 0:
			e.b = append(e.b, "true"...)
		default:
			e.b = appendJSONHashes(e.b, f.CoreMetadata.Hashes)
		}
	}
	e.b = append(e.b, `,"provenance":`...)
	e.b = appendJSONOrNull(e.b, f.Provenance)
	if f.HasGPGSig {
		e.b = append(e.b, `,"gpg-sig":`...)
		e.b = strconv.AppendBool(e.b, f.GPGSig)
	}
	e.b = append(e.b, '}')
}

// appendUploadTime appends t in UTC as PyPI writes upload times
// (2006-01-02T15:04:05.000000Z), with nanoseconds when t has them.
func appendUploadTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	if t.Nanosecond()%1000 != 0 {
		return t.AppendFormat(b, "2006-01-02T15:04:05.000000000Z")
	}
	return t.AppendFormat(b, "2006-01-02T15:04:05.000000Z")
}

func (e *pageEncoder) rootJSON(p *RootPage, serial func(*Project) (int64, bool)) {
	for i := range p.Projects {
		e.at(i, nil)
		e.check("name", p.Projects[i].Name)
	}
	if p.HasLastSerial && p.LastSerial < 0 {
		e.at(-1, nil)
		e.fail("_last-serial", fmt.Sprintf("negative serial %d", p.LastSerial), nil)
	}
	v := e.jsonAPIVersion(p.APIVersion, "")
	if e.err != nil {
		return
	}
	e.b = make([]byte, 0, 128+48*len(p.Projects))
	e.b = append(e.b, `{"meta":{"api-version":`...)
	e.b = appendJSON(e.b, v)
	if p.HasLastSerial {
		e.b = append(e.b, `,"_last-serial":`...)
		e.b = strconv.AppendInt(e.b, p.LastSerial, 10)
	}
	e.b = append(e.b, `},"projects":[`...)
	for i := range p.Projects {
		pr := &p.Projects[i]
		if i > 0 {
			e.b = append(e.b, ',')
		}
		name := pr.Name
		if name == "" {
			name = pr.NormalizedName
		}
		e.b = append(e.b, `{"name":`...)
		e.b = appendJSON(e.b, name)
		if serial != nil {
			if n, ok := serial(pr); ok && n >= 0 {
				e.b = append(e.b, `,"_last-serial":`...)
				e.b = strconv.AppendInt(e.b, n, 10)
			}
		}
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, "]}\n"...)
}

// appendJSON appends s as a JSON string (RFC 8259). s is valid UTF-8
// (checked before writing). Control characters, quotes, backslashes and
// U+2028/U+2029 (line breaks to JavaScript) are escaped; nothing else is.
func appendJSON(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != '\u2028' && r != '\u2029' {
				i += n
				continue
			}
			b = append(b, s[last:i]...)
			b = append(b, `\u202`...)
			b = append(b, hex[r&0xf])
			i += n
			last = i
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		last = i
	}
	b = append(b, s[last:]...)
	return append(b, '"')
}

func appendJSONOrNull(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendJSON(b, s)
}

func appendJSONList(b []byte, l []string) []byte {
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, s)
	}
	return append(b, ']')
}

// appendJSONHashes appends h as a JSON object, keys sorted.
func appendJSONHashes(b []byte, h map[string]string) []byte {
	b = append(b, '{')
	var small [8]string
	keys := small[:0]
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, k)
		b = append(b, ':')
		b = appendJSON(b, h[k])
	}
	return append(b, '}')
}
