package simpleapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/safeindex/safeindex/internal/redact"
)

// The JSON form is read by a small scanner of our own rather than
// encoding/json, for three reasons: duplicate object keys must be refused
// (encoding/json keeps the last one, so two "url" keys could show one
// value to a checker and another to an installer), every error must carry
// a line and column, and the limits in [Limits] must hold while reading.
// The scanner implements RFC 8259 strictly: no comments, no trailing
// commas, no leading zeros, strings in valid UTF-8 without raw control
// characters, lone surrogate escapes refused.

// ParseProjectJSON parses a PEP 691 JSON project page read from r.
// pageURL is the URL the page was served from; relative file URLs resolve
// against it. Unknown keys are ignored, as PEP 691 requires; JSON null is
// read as an absent key. Duplicate keys, wrong types and invalid UTF-8
// are errors.
func (p *Parser) ParseProjectJSON(r io.Reader, pageURL *url.URL) (*ProjectPage, error) {
	j, err := newJSONParser(p.Limits, r, pageURL)
	if err != nil {
		return nil, err
	}
	page := &ProjectPage{Format: FormatJSON}
	if err := j.top(func(key []byte) error { return j.projectKey(page, key) }); err != nil {
		return nil, err
	}
	if page.APIVersion == "" {
		page.APIVersion = "1.0"
	}
	if page.Files == nil {
		page.Files = []File{}
	}
	return page, nil
}

// ParseRootJSON parses a PEP 691 JSON root page read from r. Each
// project's URL is pageURL plus its normalized name and "/".
func (p *Parser) ParseRootJSON(r io.Reader, pageURL *url.URL) (*RootPage, error) {
	j, err := newJSONParser(p.Limits, r, pageURL)
	if err != nil {
		return nil, err
	}
	page := &RootPage{Format: FormatJSON}
	err = j.top(func(key []byte) error {
		switch string(key) {
		case "meta":
			var st statusFields
			return j.meta(&page.APIVersion, &page.LastSerial, &page.HasLastSerial, nil, &st)
		case "projects":
			return j.array(func() error {
				if len(page.Projects) >= j.lim.MaxProjects {
					return j.errorf(j.pos, ErrLimitExceeded, "more than %d projects", j.lim.MaxProjects)
				}
				var pr Project
				if err := j.object(func(key []byte) error {
					if string(key) == "name" {
						return j.stringInto(&pr.Name, key)
					}
					return j.skip()
				}); err != nil {
					return err
				}
				pr.NormalizedName = NormalizeName(pr.Name)
				if j.pageURL != nil {
					u := *j.pageURL
					u.Path = strings.TrimSuffix(u.Path, "/") + "/" + pr.NormalizedName + "/"
					u.RawPath, u.Fragment, u.RawFragment = "", "", ""
					pr.URL = u.String()
				}
				page.Projects = append(page.Projects, pr)
				return nil
			})
		}
		return j.skip()
	})
	if err != nil {
		return nil, err
	}
	if page.APIVersion == "" {
		page.APIVersion = "1.0"
	}
	return page, nil
}

type jsonParser struct {
	lim     Limits
	data    []byte
	pos     int
	depth   int
	pageURL *url.URL
	urlText string
	intern  interner
	buf     []byte // scratch for escaped strings
	escaped bool   // the last rawString result is in buf, not data
}

func newJSONParser(lim Limits, r io.Reader, pageURL *url.URL) (*jsonParser, error) {
	lim = lim.withDefaults()
	j := &jsonParser{lim: lim, pageURL: pageURL, urlText: redact.URL(pageURL), intern: make(interner)}
	lr := &limitedReader{r: r, n: int64(lim.MaxPageBytes)}
	data, err := readAll(lr, r)
	if lr.exceeded {
		return nil, &ParseError{URL: j.urlText, Format: "json", Offset: -1, Msg: fmt.Sprintf("page larger than %d bytes", lim.MaxPageBytes), Err: ErrLimitExceeded}
	}
	if err != nil {
		return nil, &ParseError{URL: j.urlText, Format: "json", Offset: int64(len(data)), Msg: "reading page", Err: err}
	}
	j.data = data
	return j, nil
}

// readAll reads lr to the end, sizing the buffer once when the
// underlying reader r knows its length (bytes.Reader, strings.Reader,
// bytes.Buffer...).
func readAll(lr *limitedReader, r io.Reader) ([]byte, error) {
	size := 512
	if l, ok := r.(interface{ Len() int }); ok {
		size = l.Len() + 1
	}
	if int64(size) > lr.n+1 {
		size = int(lr.n + 1)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	_, err := buf.ReadFrom(lr)
	return buf.Bytes(), err
}

// errorf returns a *ParseError for the byte at pos, with its line and
// column.
func (j *jsonParser) errorf(pos int, cause error, format string, args ...any) *ParseError {
	if pos > len(j.data) {
		pos = len(j.data)
	}
	line := 1 + bytes.Count(j.data[:pos], []byte{'\n'})
	col := pos - bytes.LastIndexByte(j.data[:pos], '\n')
	return &ParseError{URL: j.urlText, Format: "json", Line: line, Column: col, Offset: int64(pos), Msg: fmt.Sprintf(format, args...), Err: cause}
}

func (j *jsonParser) ws() {
	for j.pos < len(j.data) {
		switch j.data[j.pos] {
		case ' ', '\t', '\n', '\r':
			j.pos++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the next byte, or 0 at the end.
func (j *jsonParser) peek() byte {
	j.ws()
	if j.pos >= len(j.data) {
		return 0
	}
	return j.data[j.pos]
}

func (j *jsonParser) describe() string {
	switch c := j.peek(); c {
	case 0:
		return "end of input"
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		if c == '-' || '0' <= c && c <= '9' {
			return "number"
		}
		return strconv.QuoteRune(rune(c))
	}
}

func (j *jsonParser) typeError(key []byte, want string) error {
	return j.errorf(j.pos, nil, "%q: want %s, got %s", key, want, j.describe())
}

// top parses the whole input as one object, calling fn for each key.
func (j *jsonParser) top(fn func(key []byte) error) error {
	if j.peek() != '{' {
		return j.errorf(j.pos, nil, "want a JSON object at top level, got %s", j.describe())
	}
	if err := j.object(fn); err != nil {
		return err
	}
	if j.peek() != 0 {
		return j.errorf(j.pos, nil, "data after the top-level object")
	}
	return nil
}

// object parses an object, calling fn with each key while positioned at
// its value; fn must consume the value. Duplicate keys are refused.
func (j *jsonParser) object(fn func(key []byte) error) error {
	if j.peek() != '{' {
		return j.errorf(j.pos, nil, "want object, got %s", j.describe())
	}
	j.depth++
	if j.depth > j.lim.MaxDepth {
		return j.errorf(j.pos, ErrLimitExceeded, "JSON nested deeper than %d", j.lim.MaxDepth)
	}
	j.pos++
	var seenArr [16][]byte
	seen := seenArr[:0]
	var seenMap map[string]struct{}
	if j.peek() == '}' {
		j.pos++
		j.depth--
		return nil
	}
	for {
		if j.peek() != '"' {
			return j.errorf(j.pos, nil, "want object key, got %s", j.describe())
		}
		keyPos := j.pos
		key, err := j.rawString()
		if err != nil {
			return err
		}
		// Duplicate check without allocating for small objects.
		if seenMap == nil {
			for _, s := range seen {
				if string(s) == string(key) {
					return j.errorf(keyPos, nil, "duplicate key %q", key)
				}
			}
			if len(seen) < cap(seen) {
				if j.escaped {
					key = bytes.Clone(key) // the scratch buffer is reused
				}
				seen = append(seen, key)
			} else {
				seenMap = make(map[string]struct{}, 32)
				for _, s := range seen {
					seenMap[string(s)] = struct{}{}
				}
			}
		}
		if seenMap != nil {
			if _, dup := seenMap[string(key)]; dup {
				return j.errorf(keyPos, nil, "duplicate key %q", key)
			}
			seenMap[string(key)] = struct{}{}
		}
		if j.peek() != ':' {
			return j.errorf(j.pos, nil, "want ':' after key %q, got %s", key, j.describe())
		}
		j.pos++
		j.ws()
		if err := fn(key); err != nil {
			return err
		}
		switch j.peek() {
		case ',':
			j.pos++
		case '}':
			j.pos++
			j.depth--
			return nil
		default:
			return j.errorf(j.pos, nil, "want ',' or '}' in object, got %s", j.describe())
		}
	}
}

// array parses an array, calling fn positioned at each element.
func (j *jsonParser) array(fn func() error) error {
	if j.peek() != '[' {
		return j.errorf(j.pos, nil, "want array, got %s", j.describe())
	}
	j.depth++
	if j.depth > j.lim.MaxDepth {
		return j.errorf(j.pos, ErrLimitExceeded, "JSON nested deeper than %d", j.lim.MaxDepth)
	}
	j.pos++
	if j.peek() == ']' {
		j.pos++
		j.depth--
		return nil
	}
	for {
		j.ws()
		if err := fn(); err != nil {
			return err
		}
		switch j.peek() {
		case ',':
			j.pos++
		case ']':
			j.pos++
			j.depth--
			return nil
		default:
			return j.errorf(j.pos, nil, "want ',' or ']' in array, got %s", j.describe())
		}
	}
}

// null consumes a null literal if there is one.
func (j *jsonParser) null() bool {
	if j.peek() == 'n' && bytes.HasPrefix(j.data[j.pos:], []byte("null")) {
		j.pos += 4
		return true
	}
	return false
}

func (j *jsonParser) literal(lit string) error {
	if !bytes.HasPrefix(j.data[j.pos:], []byte(lit)) {
		return j.errorf(j.pos, nil, "invalid literal")
	}
	j.pos += len(lit)
	return nil
}

// boolean reads true or false.
func (j *jsonParser) boolean(key []byte) (bool, error) {
	switch j.peek() {
	case 't':
		return true, j.literal("true")
	case 'f':
		return false, j.literal("false")
	}
	return false, j.typeError(key, "boolean")
}

// rawString reads a string and returns its decoded bytes, which alias the
// input or a scratch buffer and are valid until the next call.
func (j *jsonParser) rawString() ([]byte, error) {
	start := j.pos // at '"'
	i := start + 1
	for i < len(j.data) {
		c := j.data[i]
		if c == '"' {
			if i-start-1 > j.lim.MaxValueLen {
				return nil, j.errorf(start, ErrLimitExceeded, "string longer than %d bytes", j.lim.MaxValueLen)
			}
			j.pos = i + 1
			j.escaped = false
			return j.data[start+1 : i], nil
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
		i++
	}
	// Slow path: escapes, non-ASCII or an error.
	b := j.buf[:0]
	b = append(b, j.data[start+1:i]...)
	for {
		if len(b) > j.lim.MaxValueLen {
			return nil, j.errorf(start, ErrLimitExceeded, "string longer than %d bytes", j.lim.MaxValueLen)
		}
		if i >= len(j.data) {
			return nil, j.errorf(i, nil, "unterminated string")
		}
		c := j.data[i]
		switch {
		case c == '"':
			j.pos = i + 1
			j.buf = b
			j.escaped = true
			return b, nil
		case c < 0x20:
			return nil, j.errorf(i, nil, "control character %#02x in string", c)
		case c < 0x80 && c != '\\':
			b = append(b, c)
			i++
		case c >= 0x80:
			r, n := utf8.DecodeRune(j.data[i:])
			if r == utf8.RuneError && n <= 1 {
				return nil, j.errorf(i, nil, "invalid UTF-8 in string")
			}
			b = append(b, j.data[i:i+n]...)
			i += n
		default: // backslash
			if i+1 >= len(j.data) {
				return nil, j.errorf(i, nil, "unterminated string")
			}
			e := j.data[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := j.hex4(i)
				if !ok {
					return nil, j.errorf(i-2, nil, "invalid \\u escape")
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2, ok := rune(0), false
					if i+6 <= len(j.data) && j.data[i] == '\\' && j.data[i+1] == 'u' {
						r2, ok = j.hex4(i + 2)
					}
					dec := utf16.DecodeRune(r, r2)
					if !ok || dec == utf8.RuneError {
						return nil, j.errorf(i-6, nil, "lone surrogate in \\u escape")
					}
					i += 6
					r = dec
				}
				b = utf8.AppendRune(b, r)
			default:
				return nil, j.errorf(i-2, nil, "invalid escape \\%c", e)
			}
		}
	}
}

func (j *jsonParser) hex4(i int) (rune, bool) {
	if i+4 > len(j.data) {
		return 0, false
	}
	var r rune
	for _, c := range j.data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// str interns short repeated strings.
func (j *jsonParser) str(b []byte) string { return j.intern.str(b) }

// stringInto reads a string (or null, which leaves *dst alone).
func (j *jsonParser) stringInto(dst *string, key []byte) error {
	if j.null() {
		return nil
	}
	if j.peek() != '"' {
		return j.typeError(key, "string")
	}
	b, err := j.rawString()
	if err != nil {
		return err
	}
	*dst = j.str(b)
	return nil
}

// stringList reads an array of strings (or null).
func (j *jsonParser) stringList(key []byte, max int) ([]string, error) {
	if j.null() {
		return nil, nil
	}
	out := []string{}
	err := j.array(func() error {
		if len(out) >= max {
			return j.errorf(j.pos, ErrLimitExceeded, "%q: more than %d entries", key, max)
		}
		var s string
		if j.peek() != '"' {
			return j.typeError(key, "array of strings")
		}
		if err := j.stringInto(&s, key); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// integer reads a non-negative JSON integer that fits in an int64.
func (j *jsonParser) integer(key []byte) (int64, error) {
	start := j.pos
	c := j.peek()
	if c != '-' && (c < '0' || c > '9') {
		return 0, j.typeError(key, "integer")
	}
	i := j.pos
	if c == '-' {
		i++
	}
	for i < len(j.data) && '0' <= j.data[i] && j.data[i] <= '9' {
		i++
	}
	if i < len(j.data) && (j.data[i] == '.' || j.data[i] == 'e' || j.data[i] == 'E') {
		return 0, j.errorf(start, nil, "%q: want integer, got a fraction or exponent", key)
	}
	lit := string(j.data[start:i])
	if len(lit) > 1 && lit[0] == '0' || strings.HasPrefix(lit, "-0") && len(lit) > 2 {
		return 0, j.errorf(start, nil, "%q: leading zero in number", key)
	}
	n, err := strconv.ParseInt(lit, 10, 64)
	if err != nil {
		return 0, j.errorf(start, nil, "%q: invalid integer %s", key, lit)
	}
	if n < 0 {
		return 0, j.errorf(start, nil, "%q: negative integer %d", key, n)
	}
	j.pos = i
	return n, nil
}

// skip consumes any value, checking its syntax.
func (j *jsonParser) skip() error {
	switch c := j.peek(); c {
	case '{':
		return j.object(func([]byte) error { return j.skip() })
	case '[':
		return j.array(j.skip)
	case '"':
		_, err := j.rawString()
		return err
	case 't':
		return j.literal("true")
	case 'f':
		return j.literal("false")
	case 'n':
		return j.literal("null")
	default:
		return j.number()
	}
}

// number consumes an RFC 8259 number.
func (j *jsonParser) number() error {
	d, i := j.data, j.pos
	start := i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		return j.errorf(start, nil, "unexpected %s", j.describe())
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return j.errorf(i, nil, "invalid number")
		}
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return j.errorf(i, nil, "invalid number")
		}
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	j.pos = i
	return nil
}

// statusFields collects the PEP 792 status from its several spellings.
type statusFields struct {
	status, state, reason        string // project-status.{status,state,reason}
	metaStatus, metaStatusReason string // meta.project-status(-reason)
}

func (s *statusFields) apply(p *ProjectPage) {
	switch {
	case s.status != "":
		p.Status = s.status
	case s.state != "":
		p.Status = s.state
	default:
		p.Status = s.metaStatus
	}
	p.StatusReason = s.reason
	if p.StatusReason == "" {
		p.StatusReason = s.metaStatusReason
	}
}

// meta reads the "meta" object.
func (j *jsonParser) meta(apiVersion *string, serial *int64, hasSerial *bool, tracks *[]string, st *statusFields) error {
	if j.null() {
		return nil
	}
	return j.object(func(key []byte) error {
		switch string(key) {
		case "api-version":
			pos := j.pos
			var v string
			if err := j.stringInto(&v, key); err != nil {
				return err
			}
			cv, err := checkAPIVersion(v)
			if err != nil {
				return j.errorf(pos, err, "")
			}
			*apiVersion = cv
		case "_last-serial":
			if j.null() {
				return nil
			}
			n, err := j.integer(key)
			if err != nil {
				return err
			}
			*serial, *hasSerial = n, true
		case "tracks":
			if tracks == nil {
				return j.skip()
			}
			// An early PEP 708 draft used a single string.
			if j.peek() == '"' {
				var s string
				if err := j.stringInto(&s, key); err != nil {
					return err
				}
				*tracks = []string{s}
				return nil
			}
			l, err := j.stringList(key, j.lim.MaxListLen)
			*tracks = l
			return err
		case "project-status":
			return j.stringInto(&st.metaStatus, key)
		case "project-status-reason":
			return j.stringInto(&st.metaStatusReason, key)
		default:
			return j.skip()
		}
		return nil
	})
}

func (j *jsonParser) projectKey(page *ProjectPage, key []byte) error {
	switch string(key) {
	case "meta":
		var st statusFields
		if err := j.meta(&page.APIVersion, &page.LastSerial, &page.HasLastSerial, &page.Tracks, &st); err != nil {
			return err
		}
		if page.Status == "" {
			st.apply(page)
		}
		return nil
	case "name":
		return j.stringInto(&page.Name, key)
	case "files":
		if j.null() {
			return nil
		}
		// Usually one allocation: PyPI's file entries take 400 to 800
		// bytes.
		page.Files = make([]File, 0, min(max(len(j.data)-j.pos, 0)/384+8, j.lim.MaxFiles))
		return j.array(func() error {
			if len(page.Files) >= j.lim.MaxFiles {
				return j.errorf(j.pos, ErrLimitExceeded, "more than %d files", j.lim.MaxFiles)
			}
			page.Files = append(page.Files, File{})
			return j.file(&page.Files[len(page.Files)-1])
		})
	case "versions":
		l, err := j.stringList(key, j.lim.MaxVersions)
		page.Versions = l
		return err
	case "alternate-locations":
		l, err := j.stringList(key, j.lim.MaxListLen)
		page.AlternateLocations = l
		return err
	case "project-status":
		if j.null() {
			return nil
		}
		var st statusFields
		if err := j.object(func(key []byte) error {
			switch string(key) {
			case "status":
				return j.stringInto(&st.status, key)
			case "state":
				return j.stringInto(&st.state, key)
			case "reason":
				return j.stringInto(&st.reason, key)
			}
			return j.skip()
		}); err != nil {
			return err
		}
		// project-status wins over the meta.project-status spelling.
		st.apply(page)
		return nil
	case "namespaces":
		if j.null() {
			return nil
		}
		page.Namespaces = []Namespace{}
		return j.array(func() error {
			if len(page.Namespaces) >= j.lim.MaxListLen {
				return j.errorf(j.pos, ErrLimitExceeded, "more than %d namespaces", j.lim.MaxListLen)
			}
			var ns Namespace
			if err := j.object(func(key []byte) error {
				switch string(key) {
				case "name":
					return j.stringInto(&ns.Name, key)
				case "owned":
					if j.null() {
						return nil
					}
					v, err := j.boolean(key)
					ns.Owned = v
					return err
				}
				return j.skip()
			}); err != nil {
				return err
			}
			page.Namespaces = append(page.Namespaces, ns)
			return nil
		})
	}
	return j.skip()
}

// file reads one entry of "files".
func (j *jsonParser) file(f *File) error {
	start := j.pos
	var rawURL string
	var hasFilename, hasURL bool
	// PEP 714: core-metadata, else dist-info-metadata, else PyPI's
	// non-standard data-dist-info-metadata. JSON null counts as absent.
	var meta [3]CoreMetadata
	var hasMeta [3]bool
	err := j.object(func(key []byte) error {
		switch string(key) {
		case "filename":
			hasFilename = true
			return j.stringInto(&f.Filename, key)
		case "url":
			hasURL = true
			return j.stringInto(&rawURL, key)
		case "hashes":
			if j.null() {
				return nil
			}
			h, err := j.hashes(key)
			f.Hashes = h
			return err
		case "requires-python":
			return j.stringInto(&f.RequiresPython, key)
		case "yanked":
			switch j.peek() {
			case 'n':
				j.null()
			case '"':
				// PEP 592: a non-empty string is a reason; "" is falsy,
				// hence not yanked.
				if err := j.stringInto(&f.YankedReason, key); err != nil {
					return err
				}
				f.Yanked = f.YankedReason != ""
			default:
				v, err := j.boolean(key)
				if err != nil {
					return j.typeError(key, "boolean or string")
				}
				f.Yanked = v
			}
			return nil
		case "core-metadata", "dist-info-metadata", "data-dist-info-metadata":
			i := 0
			switch string(key) {
			case "dist-info-metadata":
				i = 1
			case "data-dist-info-metadata":
				i = 2
			}
			if j.null() {
				return nil
			}
			hasMeta[i] = true
			if j.peek() == '{' {
				h, err := j.hashes(key)
				meta[i] = CoreMetadata{Available: true, Hashes: h}
				return err
			}
			v, err := j.boolean(key)
			if err != nil {
				return j.typeError(key, "boolean or object of hashes")
			}
			meta[i].Available = v
			return nil
		case "gpg-sig":
			if j.null() {
				return nil
			}
			v, err := j.boolean(key)
			f.GPGSig, f.HasGPGSig = v, err == nil
			return err
		case "size":
			if j.null() {
				return nil
			}
			n, err := j.integer(key)
			f.Size, f.HasSize = n, err == nil
			return err
		case "upload-time":
			pos := j.pos
			var s string
			if err := j.stringInto(&s, key); err != nil || s == "" {
				return err
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return j.errorf(pos, nil, "%q: invalid time %q (want yyyy-mm-ddThh:mm:ss.ffffffZ)", key, s)
			}
			f.UploadTime = t.UTC()
			return nil
		case "provenance":
			return j.stringInto(&f.Provenance, key)
		}
		return j.skip()
	})
	if err != nil {
		return err
	}
	if !hasFilename || f.Filename == "" {
		return j.errorf(start, nil, "file without \"filename\"")
	}
	if !hasURL || rawURL == "" {
		return j.errorf(start, nil, "file %q without \"url\"", f.Filename)
	}
	for i := range hasMeta {
		if hasMeta[i] {
			f.CoreMetadata = meta[i]
			break
		}
	}
	if f.Hashes == nil {
		f.Hashes = map[string]string{}
	}
	return j.fileURL(f, rawURL, start)
}

// fileURL resolves a file URL against the page and strips its fragment;
// hashes in the fragment are added when the "hashes" object lacks them.
func (j *jsonParser) fileURL(f *File, raw string, pos int) error {
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		frag := raw[i+1:]
		for k, v := range fragmentHashes(frag, j.lim.MaxHashes) {
			if _, ok := f.Hashes[k]; !ok {
				f.Hashes[k] = v
			}
		}
	}
	if isPlainAbsURL(raw) {
		f.URL = raw
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return j.errorf(pos, nil, "file %q: invalid url %q: %v", f.Filename, redact.String(raw), redact.Text(errors.Unwrap(err).Error()))
	}
	u.Fragment, u.RawFragment = "", ""
	if !u.IsAbs() && j.pageURL != nil {
		u = j.pageURL.ResolveReference(u)
	}
	f.URL = u.String()
	return nil
}

// isPlainAbsURL reports whether s is an https or http URL made only of
// characters that need no escaping, without fragment or userinfo, so that
// url.Parse followed by String would return it unchanged. PyPI's file URLs
// all are.
func isPlainAbsURL(s string) bool {
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		rest = s[len("https://"):]
	case strings.HasPrefix(s, "http://"):
		rest = s[len("http://"):]
	default:
		return false
	}
	if rest == "" || rest[0] == '/' {
		return false
	}
	i := 0
	for ; i+8 <= len(rest); i += 8 {
		v := uint64(rest[i]) | uint64(rest[i+1])<<8 | uint64(rest[i+2])<<16 | uint64(rest[i+3])<<24 |
			uint64(rest[i+4])<<32 | uint64(rest[i+5])<<40 | uint64(rest[i+6])<<48 | uint64(rest[i+7])<<56
		if !plainURLChunk(v) {
			return false
		}
	}
	for ; i < len(rest); i++ {
		if !isPlainURLByte(rest[i]) {
			return false
		}
	}
	return true
}

// plainURLChunk reports whether all eight bytes packed in v pass
// isPlainURLByte. For bytes below 0x80, adding 0x80-lo sets the high bit
// exactly for bytes >= lo, and adding 0x7f-hi exactly for bytes > hi,
// without carries between bytes; the accepted set is the ranges
// '+'..';' (which is "+,-./0-9:;"), 'A'..'Z', 'a'..'z', and '=', '_', '~'.
func plainURLChunk(v uint64) bool {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	if v&high != 0 {
		return false
	}
	in := func(lo, hi uint64) uint64 {
		return (v + (0x80-lo)*ones) &^ (v + (0x7f-hi)*ones) & high
	}
	return in('+', ';')|in('A', 'Z')|in('a', 'z')|in('=', '=')|in('_', '_')|in('~', '~') == high
}

// plainURLLo and plainURLHi are the set of bytes isPlainAbsURL accepts
// (ASCII letters, digits and "/-._~+=,;:") as a 128-bit mask; a test
// checks them against that definition.
const (
	plainURLLo uint64 = 0x2ffff80000000000
	plainURLHi uint64 = 0x47fffffe87fffffe
)

func isPlainURLByte(c byte) bool {
	switch {
	case c < 64:
		return plainURLLo&(1<<c) != 0
	case c < 128:
		return plainURLHi&(1<<(c-64)) != 0
	}
	return false
}

// hashes reads an object of algorithm name → hex digest; both are
// lower-cased.
func (j *jsonParser) hashes(key []byte) (map[string]string, error) {
	m := make(map[string]string, 1)
	err := j.object(func(alg []byte) error {
		if len(m) >= j.lim.MaxHashes {
			return j.errorf(j.pos, ErrLimitExceeded, "%q: more than %d hashes", key, j.lim.MaxHashes)
		}
		if bytes.IndexFunc(alg, func(r rune) bool { return 'A' <= r && r <= 'Z' }) >= 0 {
			alg = bytes.ToLower(alg) // a copy: alg is the page's bytes
		}
		name := j.str(alg)
		if j.peek() != '"' {
			return j.typeError(key, "object of strings")
		}
		pos := j.pos
		v, err := j.rawString()
		if err != nil {
			return err
		}
		if _, dup := m[name]; dup {
			return j.errorf(pos, nil, "%q: hash %q given twice", key, name)
		}
		m[name] = string(lowerASCII(v))
		return nil
	})
	return m, err
}

// interner shares the storage of repeated short strings within one page,
// such as requires-python values and hash names: strings of up to 64
// bytes (longer ones, such as URLs and digests, do not repeat), at most
// 4,096 of them. Both page parsers use it.
type interner map[string]string

func (in interner) str(b []byte) string {
	if len(b) > 64 {
		return string(b)
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in) < 4096 {
		in[s] = s
	}
	return s
}
