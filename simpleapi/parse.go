package simpleapi

import (
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"

	"github.com/safeindex/safeindex/internal/redact"
)

// Media types of the Simple API (PEP 691).
const (
	MediaTypeJSON       = "application/vnd.pypi.simple.v1+json"
	MediaTypeHTML       = "application/vnd.pypi.simple.v1+html"
	MediaTypeLatestJSON = "application/vnd.pypi.simple.latest+json"
	MediaTypeLatestHTML = "application/vnd.pypi.simple.latest+html"
	MediaTypeTextHTML   = "text/html"
)

// Parser parses Simple API pages. The zero value applies the default
// [Limits]. A Parser is safe for concurrent use; it holds no state besides
// its configuration.
type Parser struct {
	// Limits caps what one page may contain; zero fields take defaults.
	Limits Limits
}

// ParseProjectPage parses a project page with the default limits. See
// [Parser.ParseProjectPage].
func ParseProjectPage(r io.Reader, contentType string, pageURL *url.URL) (*ProjectPage, error) {
	var p Parser
	return p.ParseProjectPage(r, contentType, pageURL)
}

// ParseRootPage parses a root page with the default limits. See
// [Parser.ParseRootPage].
func ParseRootPage(r io.Reader, contentType string, pageURL *url.URL) (*RootPage, error) {
	var p Parser
	return p.ParseRootPage(r, contentType, pageURL)
}

// ParseProjectHTML parses a PEP 503 HTML project page with the default
// limits. See [Parser.ParseProjectHTML].
func ParseProjectHTML(r io.Reader, pageURL *url.URL) (*ProjectPage, error) {
	var p Parser
	return p.ParseProjectHTML(r, pageURL)
}

// ParseProjectJSON parses a PEP 691 JSON project page with the default
// limits. See [Parser.ParseProjectJSON].
func ParseProjectJSON(r io.Reader, pageURL *url.URL) (*ProjectPage, error) {
	var p Parser
	return p.ParseProjectJSON(r, pageURL)
}

// ParseRootHTML parses a PEP 503 HTML root page with the default limits.
// See [Parser.ParseRootHTML].
func ParseRootHTML(r io.Reader, pageURL *url.URL) (*RootPage, error) {
	var p Parser
	return p.ParseRootHTML(r, pageURL)
}

// ParseRootJSON parses a PEP 691 JSON root page with the default limits.
// See [Parser.ParseRootJSON].
func ParseRootJSON(r io.Reader, pageURL *url.URL) (*RootPage, error) {
	var p Parser
	return p.ParseRootJSON(r, pageURL)
}

// ParseProjectPage parses a project page read from r, choosing the format
// from contentType, the response's Content-Type header (see [FormatOf]).
// pageURL is the URL the page was served from, after redirects; relative
// links resolve against it. It may be nil when every link is absolute.
//
// Errors match [ErrUnsupportedContentType], or are a [*ParseError]
// matching [ErrInvalidPage] (and [ErrUnsupportedAPIVersion] or
// [ErrLimitExceeded] when those are the cause).
func (p *Parser) ParseProjectPage(r io.Reader, contentType string, pageURL *url.URL) (*ProjectPage, error) {
	f, err := FormatOf(contentType)
	if err != nil {
		return nil, &ParseError{URL: redact.URL(pageURL), Offset: -1, Err: err}
	}
	if f == FormatJSON {
		return p.ParseProjectJSON(r, pageURL)
	}
	return p.ParseProjectHTML(r, pageURL)
}

// ParseRootPage parses a root page (the project list) read from r,
// choosing the format from contentType like [Parser.ParseProjectPage].
func (p *Parser) ParseRootPage(r io.Reader, contentType string, pageURL *url.URL) (*RootPage, error) {
	f, err := FormatOf(contentType)
	if err != nil {
		return nil, &ParseError{URL: redact.URL(pageURL), Offset: -1, Err: err}
	}
	if f == FormatJSON {
		return p.ParseRootJSON(r, pageURL)
	}
	return p.ParseRootHTML(r, pageURL)
}

// FormatOf maps a Content-Type header value to a wire format:
// application/vnd.pypi.simple.v1+json (and .latest+json) to [FormatJSON];
// application/vnd.pypi.simple.v1+html (and .latest+html) and text/html to
// [FormatHTML]. Parameters are ignored, except that an HTML charset other
// than UTF-8 or US-ASCII is refused (pages are read as UTF-8). Matching is
// case-insensitive.
//
// A Simple API type with another major version (v2+json) gives an error
// matching [ErrUnsupportedAPIVersion]; anything else, including an empty
// string, an error matching [ErrUnsupportedContentType]. A client must
// refuse such responses (a login page or captive portal, typically).
func FormatOf(contentType string) (Format, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return FormatUnknown, fmt.Errorf("%w %q: %v", ErrUnsupportedContentType, redact.Text(contentType), err)
	}
	var f Format
	switch mt {
	case MediaTypeJSON, MediaTypeLatestJSON:
		f = FormatJSON
	case MediaTypeHTML, MediaTypeLatestHTML, MediaTypeTextHTML:
		f = FormatHTML
	default:
		if strings.HasPrefix(mt, "application/vnd.pypi.simple.") {
			return FormatUnknown, fmt.Errorf("%w: content type %q", ErrUnsupportedAPIVersion, redact.Text(mt))
		}
		return FormatUnknown, fmt.Errorf("%w %q", ErrUnsupportedContentType, redact.Text(mt))
	}
	if cs, ok := params["charset"]; ok {
		switch strings.ToLower(cs) {
		case "utf-8", "utf8", "us-ascii", "ascii":
		default:
			return FormatUnknown, fmt.Errorf("%w %q: charset %q not supported (want utf-8)", ErrUnsupportedContentType, redact.Text(mt), redact.Text(cs))
		}
	}
	return f, nil
}
