package simpleapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/safeindex/safeindex/internal/redact"
)

// IgnoredLink is an anchor of an HTML page that was not taken as a file or
// project, with the reason. Parsers never drop a link silently: the caller
// can log these.
type IgnoredLink struct {
	Href   string // the href as written (unescaped), redacted
	Line   int    // 1-based line of the <a> tag
	Reason string // why it was ignored
}

// ParseProjectHTML parses a PEP 503 HTML project page read from r.
// pageURL is the URL the page was served from (after redirects); see
// [Parser.ParseProjectPage].
//
// Every <a href> whose URL names a file (a non-empty last path segment)
// becomes a [File], in page order. Links to directories ("../", sort links
// of autoindex pages such as "?C=N;O=D"), and links with a scheme other
// than http, https or file, are listed in the page's Ignored links instead.
// The first <base href> applies to every link, even links before it, as in
// pip. The input must be UTF-8.
func (p *Parser) ParseProjectHTML(r io.Reader, pageURL *url.URL) (*ProjectPage, error) {
	h := newHTMLParser(p.Limits, pageURL)
	h.project = true
	page := &ProjectPage{Format: FormatHTML}
	if err := h.run(r, true); err != nil {
		return nil, err
	}
	if err := h.resolve(); err != nil {
		return nil, err
	}
	page.APIVersion = h.apiVersion
	if page.APIVersion == "" {
		page.APIVersion = "1.0"
	}
	page.Name = h.title
	page.Tracks = h.tracks
	page.AlternateLocations = h.altLocs
	page.Status = h.status
	page.StatusReason = h.statusReason
	page.LastSerial, page.HasLastSerial = h.serial, h.hasSerial
	page.Ignored = h.ignored
	// Drop the ignored links in place.
	files := h.files[:0]
	for i := range h.anchors {
		if h.anchors[i].ignore == "" {
			files = append(files, h.files[i])
		}
	}
	clear(h.files[len(files):])
	page.Files = files
	return page, nil
}

// ParseRootHTML parses a PEP 503 HTML root page read from r: one
// [Project] per <a href>, named by the anchor text.
func (p *Parser) ParseRootHTML(r io.Reader, pageURL *url.URL) (*RootPage, error) {
	h := newHTMLParser(p.Limits, pageURL)
	if err := h.run(r, false); err != nil {
		return nil, err
	}
	if err := h.resolve(); err != nil {
		return nil, err
	}
	page := &RootPage{Format: FormatHTML, APIVersion: h.apiVersion}
	if page.APIVersion == "" {
		page.APIVersion = "1.0"
	}
	page.LastSerial, page.HasLastSerial = h.serial, h.hasSerial
	page.Ignored = h.ignored
	page.Projects = make([]Project, 0, len(h.anchors))
	for i := range h.anchors {
		a := &h.anchors[i]
		if a.ignore != "" {
			continue
		}
		name := strings.TrimSpace(a.text)
		page.Projects = append(page.Projects, Project{
			Name:           name,
			NormalizedName: NormalizeName(name),
			URL:            h.files[i].URL,
		})
	}
	return page, nil
}

// anchor is an <a> tag seen by the tokenizer, resolved after the whole
// page is read (a <base> may come later).
type anchor struct {
	href   string
	line   int
	text   string // anchor text (root pages only)
	ignore string // non-empty: reason the link is not a file
}

type htmlParser struct {
	project bool // a project page (else the root page)
	lim     Limits
	pageURL *url.URL
	urlText string // redacted page URL for errors

	line int // current line, 1-based

	anchors []anchor
	files   []File // files[i] belongs to anchors[i]
	ignored []IgnoredLink
	base    string
	hasBase bool

	apiVersion   string
	title        string
	tracks       []string
	altLocs      []string
	status       string
	statusReason string
	serial       int64
	hasSerial    bool

	intern interner
}

func newHTMLParser(lim Limits, pageURL *url.URL) *htmlParser {
	return &htmlParser{
		lim:     lim.withDefaults(),
		pageURL: pageURL,
		urlText: redact.URL(pageURL),
		line:    1,
		intern:  make(interner),
	}
}

func (h *htmlParser) errorf(line int, cause error, format string, args ...any) *ParseError {
	return &ParseError{URL: h.urlText, Format: "html", Line: line, Offset: -1, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// str returns b as a string, sharing storage for repeated values (most
// attributes repeat across a page: requires-python, hash names).
func (h *htmlParser) str(b []byte) string { return h.intern.str(b) }

func (h *htmlParser) run(r io.Reader, project bool) error {
	lr := &limitedReader{r: r, n: int64(h.lim.MaxPageBytes)}
	z := html.NewTokenizer(lr)
	// Size the link lists once when the reader knows its length (a page
	// already in memory): PyPI's links take 200 to 500 bytes each.
	n := 256
	if l, ok := r.(interface{ Len() int }); ok {
		n = max(n, min(l.Len()/256, h.lim.MaxFiles))
	}
	h.anchors = make([]anchor, 0, n)
	h.files = make([]File, 0, n)
	z.SetMaxBuf(h.lim.MaxTokenLen)
	inTitle, inAnchor := false, false
	var text []byte // anchor or title text
	for {
		tt := z.Next()
		raw := z.Raw()
		tokLine := h.line
		if !utf8.Valid(raw) {
			return h.errorf(tokLine+bytes.Count(raw[:invalidUTF8At(raw)], []byte{'\n'}), nil, "invalid UTF-8")
		}
		h.line += bytes.Count(raw, []byte{'\n'})
		switch tt {
		case html.ErrorToken:
			err := z.Err()
			if lr.exceeded {
				return h.errorf(tokLine, ErrLimitExceeded, "page larger than %d bytes", h.lim.MaxPageBytes)
			}
			if err == io.EOF {
				if inAnchor {
					h.endAnchor(text)
				}
				return nil
			}
			if errors.Is(err, html.ErrBufferExceeded) {
				return h.errorf(tokLine, ErrLimitExceeded, "HTML token longer than %d bytes", h.lim.MaxTokenLen)
			}
			return h.errorf(tokLine, err, "reading page")
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "a":
				if inAnchor {
					h.endAnchor(text) // an unclosed <a>
				}
				if err := h.startAnchor(z, raw, hasAttr, tokLine); err != nil {
					return err
				}
				inAnchor, text = tt == html.StartTagToken, text[:0]
			case "base":
				if !h.hasBase && hasAttr {
					h.readBase(z)
				}
			case "meta":
				if hasAttr {
					if err := h.readMeta(z, tokLine); err != nil {
						return err
					}
				}
			case "title":
				inTitle, text = tt == html.StartTagToken && project && h.title == "", text[:0]
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "a":
				if inAnchor {
					h.endAnchor(text)
					inAnchor = false
				}
			case "title":
				if inTitle {
					t := strings.TrimSpace(string(text))
					if rest, ok := strings.CutPrefix(t, "Links for "); ok {
						h.title = strings.TrimSpace(rest)
					}
					inTitle = false
				}
			}
		case html.TextToken:
			if (inAnchor && !project) || inTitle {
				if len(text)+len(raw) > h.lim.MaxValueLen {
					return h.errorf(tokLine, ErrLimitExceeded, "text longer than %d bytes", h.lim.MaxValueLen)
				}
				text = append(text, z.Text()...)
			}
		case html.CommentToken:
			if s, ok := bytes.CutPrefix(bytes.TrimSpace(z.Text()), []byte("SERIAL ")); ok {
				if n, err := strconv.ParseInt(string(bytes.TrimSpace(s)), 10, 64); err == nil && n >= 0 {
					h.serial, h.hasSerial = n, true
				}
			}
		}
	}
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func (h *htmlParser) endAnchor(text []byte) {
	if n := len(h.anchors); n > 0 && h.anchors[n-1].text == "" {
		h.anchors[n-1].text = string(text)
	}
}

func (h *htmlParser) startAnchor(z *html.Tokenizer, raw []byte, hasAttr bool, line int) error {
	if len(h.anchors) >= h.lim.MaxFiles {
		return h.errorf(line, ErrLimitExceeded, "more than %d links", h.lim.MaxFiles)
	}
	a := anchor{line: line}
	h.files = append(h.files, File{})
	f := &h.files[len(h.files)-1]
	// Copied: val may be the scratch buffer of the next decoded value.
	var coreMeta, distInfoMeta string
	var hasCore, hasDistInfo, hasHref bool
	err := forAttrs(z, raw, hasAttr, func(key, val []byte) error {
		if len(val) > h.lim.MaxValueLen {
			return h.errorf(line, ErrLimitExceeded, "attribute %q longer than %d bytes", key, h.lim.MaxValueLen)
		}
		switch string(key) {
		case "href":
			a.href, hasHref = string(val), true
		case "data-requires-python":
			f.RequiresPython = h.str(val)
		case "data-yanked":
			// PEP 592: presence alone means yanked.
			f.Yanked, f.YankedReason = true, h.str(val)
		case "data-core-metadata":
			coreMeta, hasCore = string(val), true
		case "data-dist-info-metadata":
			distInfoMeta, hasDistInfo = string(val), true
		case "data-provenance":
			f.Provenance = string(val)
		case "data-gpg-sig":
			f.HasGPGSig = true
			f.GPGSig = strings.EqualFold(string(val), "true")
		}
		return nil
	})
	if err != nil {
		return err
	}
	// PEP 714: the new name wins; the old one is read only when it is
	// absent.
	switch {
	case hasCore:
		h.coreMetadata(f, coreMeta)
	case hasDistInfo:
		h.coreMetadata(f, distInfoMeta)
	}
	switch {
	case !hasHref:
		a.ignore = "no href"
	case strings.TrimSpace(a.href) == "":
		a.ignore = "empty href"
	}
	h.anchors = append(h.anchors, a)
	return nil
}

// coreMetadata reads a PEP 658 attribute value: "true", or
// "<hashname>=<hexdigest>". Any other value (pip reads it as "available,
// no hash") is taken as available without hashes; "false" (not in the PEP,
// but seen) as not available.
func (h *htmlParser) coreMetadata(f *File, s string) {
	switch {
	case strings.EqualFold(s, "false"):
		return
	case strings.EqualFold(s, "true"):
		f.CoreMetadata.Available = true
		return
	}
	f.CoreMetadata.Available = true
	if name, val, ok := strings.Cut(s, "="); ok && name != "" {
		f.CoreMetadata.Hashes = map[string]string{lowerASCIIString(name): lowerASCIIString(val)}
	}
}

func (h *htmlParser) readBase(z *html.Tokenizer) {
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		if string(key) == "href" {
			h.base, h.hasBase = string(val), true
			return
		}
	}
}

func (h *htmlParser) readMeta(z *html.Tokenizer, line int) error {
	var name, content string
	var hasContent bool
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		if len(val) > h.lim.MaxValueLen {
			return h.errorf(line, ErrLimitExceeded, "attribute %q longer than %d bytes", key, h.lim.MaxValueLen)
		}
		switch string(key) {
		case "name":
			name = strings.ToLower(string(val))
		case "content":
			content, hasContent = string(val), true
		}
	}
	if !hasContent {
		return nil
	}
	switch name {
	case "pypi:repository-version":
		v, err := checkAPIVersion(strings.TrimSpace(content))
		if err != nil {
			return h.errorf(line, err, "")
		}
		if h.apiVersion != "" && h.apiVersion != v {
			return h.errorf(line, ErrUnsupportedAPIVersion, "conflicting pypi:repository-version %s and %s", h.apiVersion, v)
		}
		h.apiVersion = v
	case "pypi:project-status":
		h.status = strings.TrimSpace(content)
	case "pypi:project-status-reason":
		h.statusReason = content
	case "pypi:tracks":
		if len(h.tracks) >= h.lim.MaxListLen {
			return h.errorf(line, ErrLimitExceeded, "more than %d pypi:tracks", h.lim.MaxListLen)
		}
		h.tracks = append(h.tracks, strings.TrimSpace(content))
	case "pypi:alternate-locations", "pypi-alternate-locations":
		if len(h.altLocs) >= h.lim.MaxListLen {
			return h.errorf(line, ErrLimitExceeded, "more than %d pypi:alternate-locations", h.lim.MaxListLen)
		}
		h.altLocs = append(h.altLocs, strings.TrimSpace(content))
	}
	return nil
}

// resolve turns every anchor's href into an absolute URL without
// fragment, a filename and hashes, against the base URL.
func (h *htmlParser) resolve() error {
	base := h.pageURL
	if h.hasBase {
		b, err := url.Parse(strings.TrimSpace(h.base))
		if err != nil {
			return h.errorf(0, err, "invalid <base href> %q", redact.String(h.base))
		}
		if h.pageURL != nil {
			b = h.pageURL.ResolveReference(b)
		}
		base = b
	}
	for i := range h.anchors {
		a := &h.anchors[i]
		if a.ignore == "" {
			a.ignore = h.resolveAnchor(a, &h.files[i], base)
		}
		if a.ignore != "" {
			h.ignored = append(h.ignored, IgnoredLink{Href: redact.String(a.href), Line: a.line, Reason: a.ignore})
		}
	}
	return nil
}

// resolveAnchor fills a.file from a.href; it returns a non-empty reason
// when the link is not a file.
func (h *htmlParser) resolveAnchor(a *anchor, f *File, base *url.URL) string {
	href := strings.TrimSpace(a.href)
	if h.project {
		// Fast path for the common absolute URL (PyPI's): nothing to
		// resolve or re-encode.
		plain, frag, _ := strings.Cut(href, "#")
		if isPlainAbsURL(plain) {
			name := plain[strings.LastIndexByte(plain, '/')+1:]
			if name != "" && strings.IndexByte(plain, '?') < 0 && strings.IndexByte(name, '%') < 0 {
				f.Filename, f.URL = name, plain
				f.Hashes = fragmentHashes(frag, h.lim.MaxHashes)
				return ""
			}
		}
	}
	u, err := url.Parse(href)
	if err != nil {
		return "invalid URL: " + redact.Text(errors.Unwrap(err).Error())
	}
	frag := u.EscapedFragment()
	u.Fragment, u.RawFragment = "", ""
	if !u.IsAbs() && base != nil {
		u = base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "file", "":
	default:
		return "unsupported scheme " + strconv.Quote(u.Scheme)
	}
	if u.Opaque != "" {
		return "opaque URL"
	}
	if !h.project {
		f.URL = u.String()
		return ""
	}
	i := strings.LastIndexByte(u.Path, '/')
	name := u.Path[i+1:]
	if name == "" {
		return "not a file (no last path segment)"
	}
	f.Filename = name
	f.URL = u.String()
	f.Hashes = fragmentHashes(frag, h.lim.MaxHashes)
	return ""
}

// fragmentHashes reads "#<hashname>=<hexdigest>" (PEP 503) from a URL
// fragment. Like pip, several '&'-separated parameters are allowed and
// only the hash names md5, sha1, sha224, sha256, sha384 and sha512 are
// read; unlike pip, every such parameter is kept, not only the first.
func fragmentHashes(frag string, maxHashes int) map[string]string {
	m := make(map[string]string, 1)
	for frag != "" {
		var part string
		part, frag, _ = strings.Cut(frag, "&")
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		switch k {
		case "md5", "sha1", "sha224", "sha256", "sha384", "sha512":
			if len(m) >= maxHashes {
				return m
			}
			if strings.IndexByte(v, '%') >= 0 {
				if uv, err := url.PathUnescape(v); err == nil {
					v = uv
				}
			}
			if _, dup := m[k]; !dup { // the first one counts, as in pip
				m[k] = lowerASCIIString(v)
			}
		}
	}
	return m
}
