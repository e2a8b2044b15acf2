package main

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// apiVersion is the Simple API version (PEP 629) of the pages served:
// 1.4, for PEP 792's project status. HTML stays at 1.4 (PEP 833).
const apiVersion = "1.4"

// offers are the media types a page is served in, in order of preference
// on ties (text/html first, as PyPI does).
var offers = [...]string{simpleapi.MediaTypeTextHTML, simpleapi.MediaTypeHTML, simpleapi.MediaTypeJSON}

// negotiateRequest chooses the media type of a page: PEP 691's format=
// query parameter when present (false when it names no offer), else the
// Accept header (negotiate).
func negotiateRequest(r *http.Request) (string, bool) {
	if f := r.URL.Query().Get("format"); f != "" {
		switch mt := strings.ToLower(strings.TrimSpace(f)); mt {
		case simpleapi.MediaTypeLatestJSON:
			return simpleapi.MediaTypeJSON, true
		case simpleapi.MediaTypeLatestHTML:
			return simpleapi.MediaTypeHTML, true
		case simpleapi.MediaTypeJSON, simpleapi.MediaTypeHTML, simpleapi.MediaTypeTextHTML:
			return mt, true
		}
		return "", false
	}
	return negotiate(strings.Join(r.Header.Values("Accept"), ",")), true
}

// negotiate chooses one of offers from an Accept header with
// simpleapi.NegotiateOffers (PEP 691 with q-values, ties to the earlier
// offer); when nothing is acceptable the answer is text/html, as PyPI
// answers, rather than 406.
func negotiate(accept string) string {
	if mt, ok := simpleapi.NegotiateOffers(accept, offers[:]...); ok {
		return mt
	}
	return simpleapi.MediaTypeTextHTML
}

// contentType is the Content-Type header for a media type.
func contentType(mt string) string {
	if mt == simpleapi.MediaTypeJSON {
		return mt
	}
	return mt + "; charset=utf-8"
}

// rendered is a page in one media type, made once.
type rendered struct {
	body []byte
	err  error
}

// render returns the page in the media type, made once per view. It
// fails only when a source's page holds text the format cannot carry
// (NUL in HTML, from a JSON source).
func (v *view) render(mt string) ([]byte, error) {
	r := &v.html
	once := &v.htmlOnce
	if mt == simpleapi.MediaTypeJSON {
		r, once = &v.json, &v.jsonOnce
	}
	once.Do(func() {
		var b bytes.Buffer
		r.err = simpleapi.WriteProjectPage(&b, v.page(), mt)
		r.body = b.Bytes()
	})
	return r.body, r.err
}

// page is the merged page served, written by simpleapi.WriteProjectPage:
// the files with their verifiable hashes (the preferred one in HTML),
// PEP 700 versions, sizes and upload times (when the source gave them),
// PEP 592 yanks (data-yanked always with a value, which pip 23 needs to
// see the yank), PEP 658/714 core metadata when its hash can be checked,
// and the PEP 792 status.
func (v *view) page() *simpleapi.ProjectPage {
	p := &simpleapi.ProjectPage{
		Name:         v.name,
		APIVersion:   apiVersion,
		Status:       v.statusOrActive(),
		StatusReason: v.statusReason,
		Versions:     append([]string{}, v.versions...),
		Files:        make([]simpleapi.File, 0, len(v.files)),
	}
	for _, sf := range v.files {
		f := sf.file
		out := simpleapi.File{
			Filename:       f.Filename,
			URL:            v.fileURL(sf),
			Hashes:         verifiable(f.Hashes),
			RequiresPython: f.RequiresPython,
			Yanked:         f.Yanked,
			YankedReason:   f.YankedReason,
			Size:           f.Size,
			HasSize:        f.HasSize,
			UploadTime:     f.UploadTime,
		}
		if sf.metadata {
			out.CoreMetadata = simpleapi.CoreMetadata{Available: true, Hashes: verifiable(f.CoreMetadata.Hashes)}
		}
		p.Files = append(p.Files, out)
	}
	return p
}

// fileURL is the proxy URL of a served file, relative to the project page
// (/simple/<name>/), so that the proxy works under any host and prefix:
// PEP 503 and PEP 691 resolve relative URLs against the page.
func (v *view) fileURL(sf *servedFile) string {
	return "../../files/" + url.PathEscape(sf.source.Name) + "/" + v.name + "/" + url.PathEscape(sf.file.Filename)
}

// verifiable returns the hashes of h the proxy checks (Client.Open checks
// every algorithm it knows).
func verifiable(h map[string]string) map[string]string {
	out := make(map[string]string, len(h))
	for _, alg := range [...]string{"sha256", "sha384", "sha512", "sha224", "sha1", "md5"} {
		if d := h[alg]; d != "" {
			out[alg] = d
		}
	}
	return out
}

func (v *view) statusOrActive() string {
	if v.status == "" {
		return "active"
	}
	return v.status
}
