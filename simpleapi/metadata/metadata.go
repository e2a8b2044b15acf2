package metadata

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// DefaultMaxSize caps a core metadata file when [Parser.MaxSize] is zero
// (16 MiB; the body holds the project's README, rarely above 1 MiB).
const DefaultMaxSize = 16 << 20

// Metadata is a parsed core metadata file. Typed fields hold the values of
// the fields of the same name with surrounding spaces and tabs trimmed;
// Fields holds every field as written.
type Metadata struct {
	// MetadataVersion is the Metadata-Version field ("2.4").
	MetadataVersion string
	// Name is the Name field, a valid project name, not normalized.
	Name string
	// Version is the Version field, a valid PEP 440 version as written.
	Version string
	// Summary is the Summary field.
	Summary string
	// RequiresPython is the Requires-Python field, a PEP 440 specifier
	// set to be parsed with pep440.ParseSpecifierSet; empty when absent.
	RequiresPython string
	// RequiresDist lists the Requires-Dist fields, PEP 508 requirements
	// as strings, in order.
	RequiresDist []string
	// ProvidesExtra lists the Provides-Extra fields.
	ProvidesExtra []string
	// License is the License field (free text, deprecated by PEP 639).
	License string
	// LicenseExpression is the License-Expression field (metadata 2.4,
	// PEP 639): an SPDX license expression.
	LicenseExpression string
	// LicenseFiles lists the License-File fields (metadata 2.4).
	LicenseFiles []string
	// Classifiers lists the Classifier fields.
	Classifiers []string
	// ProjectURLs lists the Project-URL fields, split at the first comma.
	ProjectURLs []ProjectURL
	// Dynamic lists the Dynamic fields (metadata 2.2, PEP 643).
	Dynamic []string
	// Description is the Description field when there is one, and
	// otherwise the body (metadata 2.1 and later put it there).
	Description string
	// Body is the message body, everything after the first empty line,
	// as written.
	Body string
	// Fields lists every field of the file in order, those above
	// included.
	Fields []Field
	// Other maps the lower-cased name of every field that has no typed
	// field above (Author, Keywords, Description-Content-Type, unknown
	// fields...) to its values in order.
	Other map[string][]string
}

// Field is one field of a metadata file.
type Field struct {
	Name  string // as written
	Value string // as Python's email parser gives it (see the package comment)
	Line  int    // 1-based line of the field's name
}

// ProjectURL is a Project-URL field: "Label, URL".
type ProjectURL struct {
	Label string
	URL   string // empty when the field has no comma
}

// Get returns the values of the fields named name, compared without
// regard to case, with surrounding white space trimmed, in order.
func (m *Metadata) Get(name string) []string {
	var vs []string
	for _, f := range m.Fields {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, strings.Trim(f.Value, " \t"))
		}
	}
	return vs
}

// Parser parses core metadata files. The zero Parser is ready to use
// with the defaults; a Parser is safe for concurrent use.
type Parser struct {
	// Source names the file in errors, for example its URL (any secret
	// in it is redacted). Default: none.
	Source string
	// MaxSize caps the file, in bytes. Default: DefaultMaxSize.
	MaxSize int64
}

// Parse reads and parses a core metadata file with the zero [Parser].
func Parse(r io.Reader) (*Metadata, error) { return (&Parser{}).Parse(r) }

// ParseVerified reads a core metadata file, checks it against hashes and
// parses it, with the zero [Parser]; see [Parser.ParseVerified].
func ParseVerified(r io.Reader, hashes map[string]string) (*Metadata, error) {
	return (&Parser{}).ParseVerified(r, hashes)
}

// Parse reads a core metadata file of at most MaxSize bytes and parses
// it. Errors are [*Error]s matching [ErrInvalidMetadata], and
// [ErrTooLarge] or [ErrUnsupportedVersion] when those apply.
func (p *Parser) Parse(r io.Reader) (*Metadata, error) {
	data, err := p.read(r)
	if err != nil {
		return nil, err
	}
	return p.ParseBytes(data)
}

// ParseVerified reads a core metadata file of at most MaxSize bytes and
// checks it against hashes, which maps lower-case algorithm names to hex
// digests, as in simpleapi.CoreMetadata.Hashes, before parsing it. hashes
// must hold a sha256, sha384 or sha512 digest: otherwise the file is not
// read and the error matches simpleapi.ErrNoSecureHash (an md5 or sha1
// digest alone is not enough). Every digest of a known algorithm (sha256,
// sha384, sha512, sha224, sha1, md5) must match; unknown algorithms are
// ignored. A mismatch is a [*HashError] matching simpleapi.ErrHashMismatch.
func (p *Parser) ParseVerified(r io.Reader, hashes map[string]string) (*Metadata, error) {
	if err := p.checkHashes(hashes); err != nil {
		return nil, err
	}
	data, err := p.read(r)
	if err != nil {
		return nil, err
	}
	if err := p.verify(data, hashes); err != nil {
		return nil, err
	}
	return p.ParseBytes(data)
}

// read reads all of r, failing when it holds more than MaxSize bytes.
func (p *Parser) read(r io.Reader) ([]byte, error) {
	limit := p.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, p.errorf(0, "", err, "reading the file failed")
	}
	if int64(len(data)) > limit {
		return nil, p.errorf(0, "", ErrTooLarge, "file larger than %d bytes", limit)
	}
	return data, nil
}

func (p *Parser) source() string {
	if p.Source == "" {
		return ""
	}
	return redact.String(p.Source)
}

func (p *Parser) errorf(line int, field string, err error, format string, args ...any) *Error {
	return &Error{Source: p.source(), Line: line, Field: field, Msg: fmt.Sprintf(format, args...), Err: err}
}

// ParseBytes parses a core metadata file held in memory. It applies no
// size limit.
func (p *Parser) ParseBytes(data []byte) (*Metadata, error) {
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			r, size := utf8.DecodeRune(data[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		return nil, p.errorf(lineOf(data, bad), "", nil, "invalid UTF-8 at byte offset %d", bad)
	}
	fields, body, err := p.split(data)
	if err != nil {
		return nil, err
	}
	return p.build(fields, body)
}

// lineOf returns the 1-based line of offset off, counting "\r\n", "\r"
// and "\n" as line ends.
func lineOf(data []byte, off int) int {
	line := 1
	for i := 0; i < off && i < len(data); i++ {
		switch data[i] {
		case '\n':
			line++
		case '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				line++
			}
		}
	}
	return line
}

// nextLine splits the line at the start of data, with its end ("\r\n",
// "\r" or "\n", or none at the end of data), from the rest.
func nextLine(data []byte) (line, eol, rest []byte) {
	i := bytes.IndexAny(data, "\r\n")
	if i < 0 {
		return data, nil, nil
	}
	n := 1
	if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
		n = 2
	}
	return data[:i], data[i : i+n], data[i+n:]
}

// isNameByte reports whether c may appear in a field name: printable
// ASCII but ":" and space (Python's email.feedparser headerRE).
func isNameByte(c byte) bool { return c >= 0x21 && c <= 0x7e && c != ':' }

// split reads the header block into fields, and returns the body.
func (p *Parser) split(data []byte) ([]Field, string, error) {
	var fields []Field
	var value strings.Builder // the value of the last field, being built
	flush := func() {
		if len(fields) > 0 {
			fields[len(fields)-1].Value = strings.TrimRight(value.String(), "\r\n")
		}
		value.Reset()
	}
	rest := data
	for lineNo := 1; len(rest) > 0; lineNo++ {
		line, eol, after := nextLine(rest)
		switch {
		case len(line) == 0:
			// The empty line that ends the header block.
			flush()
			return fields, string(after), nil
		case line[0] == ' ' || line[0] == '\t':
			if len(fields) == 0 {
				return nil, "", p.errorf(lineNo, "", nil, "continuation line before the first field")
			}
			value.Write(line)
			value.Write(eol)
		case bytes.HasPrefix(line, []byte("From ")):
			return nil, "", p.errorf(lineNo, "", nil, "unexpected mbox \"From \" line")
		default:
			i := 0
			for i < len(line) && isNameByte(line[i]) {
				i++
			}
			if i == len(line) || line[i] != ':' {
				return nil, "", p.errorf(lineNo, "", nil, "line is neither a field nor a continuation line; the header block must end with an empty line: %s", quoteLine(line))
			}
			if i == 0 {
				return nil, "", p.errorf(lineNo, "", nil, "field with an empty name")
			}
			flush()
			fields = append(fields, Field{Name: string(line[:i]), Line: lineNo})
			value.Write(bytes.TrimLeft(line[i+1:], " \t"))
			value.Write(eol)
		}
		rest = after
	}
	flush()
	return fields, "", nil
}

// quoteLine quotes the start of a line for an error message.
func quoteLine(line []byte) string {
	const max = 60
	if len(line) > max {
		return strconv.Quote(string(line[:max])) + "..."
	}
	return strconv.Quote(string(line))
}

// build fills the typed fields and validates them.
func (p *Parser) build(fields []Field, body string) (*Metadata, error) {
	m := &Metadata{Fields: fields, Body: body}
	seen := map[string]int{} // single-use field → line
	single := func(f *Field, dst *string) error {
		key := strings.ToLower(f.Name)
		if prev, dup := seen[key]; dup {
			return p.errorf(f.Line, f.Name, nil, "field given twice (first on line %d)", prev)
		}
		seen[key] = f.Line
		*dst = strings.Trim(f.Value, " \t")
		return nil
	}
	var description string
	hasDescription := false
	for i := range fields {
		f := &fields[i]
		v := strings.Trim(f.Value, " \t")
		var err error
		switch strings.ToLower(f.Name) {
		case "metadata-version":
			err = single(f, &m.MetadataVersion)
		case "name":
			err = single(f, &m.Name)
		case "version":
			err = single(f, &m.Version)
		case "summary":
			err = single(f, &m.Summary)
		case "requires-python":
			err = single(f, &m.RequiresPython)
		case "license":
			err = single(f, &m.License)
		case "license-expression":
			err = single(f, &m.LicenseExpression)
		case "description":
			// Kept as written: its continuation lines are its text.
			key := "description"
			if prev, dup := seen[key]; dup {
				err = p.errorf(f.Line, f.Name, nil, "field given twice (first on line %d)", prev)
			}
			seen[key] = f.Line
			description, hasDescription = f.Value, true
		case "requires-dist":
			m.RequiresDist = append(m.RequiresDist, v)
		case "provides-extra":
			m.ProvidesExtra = append(m.ProvidesExtra, v)
		case "license-file":
			m.LicenseFiles = append(m.LicenseFiles, v)
		case "classifier":
			m.Classifiers = append(m.Classifiers, v)
		case "dynamic":
			m.Dynamic = append(m.Dynamic, v)
		case "project-url":
			label, url, _ := strings.Cut(v, ",")
			m.ProjectURLs = append(m.ProjectURLs, ProjectURL{Label: strings.TrimSpace(label), URL: strings.TrimSpace(url)})
		default:
			if m.Other == nil {
				m.Other = map[string][]string{}
			}
			key := strings.ToLower(f.Name)
			m.Other[key] = append(m.Other[key], f.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	if hasDescription {
		m.Description = description
	} else {
		m.Description = body
	}
	for _, req := range []struct {
		name string
		val  string
	}{{"Metadata-Version", m.MetadataVersion}, {"Name", m.Name}, {"Version", m.Version}} {
		if _, ok := seen[strings.ToLower(req.name)]; !ok {
			return nil, p.errorf(0, req.name, nil, "required field missing")
		}
		if req.val == "" {
			return nil, p.errorf(seen[strings.ToLower(req.name)], req.name, nil, "required field empty")
		}
	}
	if err := checkMetadataVersion(m.MetadataVersion); err != nil {
		return nil, p.errorf(seen["metadata-version"], "Metadata-Version", err, "")
	}
	if err := simpleapi.ValidateName(m.Name); err != nil {
		return nil, p.errorf(seen["name"], "Name", err, "")
	}
	if _, err := pep440.Parse(m.Version); err != nil {
		return nil, p.errorf(seen["version"], "Version", err, "")
	}
	return m, nil
}

// checkMetadataVersion accepts "1.x" and "2.x" and refuses later major
// versions, as the core metadata specification asks of tools.
func checkMetadataVersion(v string) error {
	major, minor, ok := strings.Cut(v, ".")
	if !ok || !allDigits(major) || !allDigits(minor) {
		return fmt.Errorf("%q is not of the form MAJOR.MINOR", v)
	}
	n, err := strconv.Atoi(major)
	if err != nil || n > 2 {
		return fmt.Errorf("%w %s: this package reads 1.x and 2.x", ErrUnsupportedVersion, v)
	}
	if n == 0 {
		return fmt.Errorf("%q is not a metadata version", v)
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
