package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// apiVersion is the Simple API version (PEP 629) of the pages served:
// 1.4, for PEP 792's project status. HTML stays at 1.4 (PEP 833).
const apiVersion = "1.4"

// maxAcceptLen caps the part of an Accept header that is read.
const maxAcceptLen = 8 << 10

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

// negotiate chooses one of offers from an Accept header (RFC 9110 section
// 12.5.1, as PEP 691 asks): each offer takes the quality of the most
// specific media range that matches it (type/subtype, then type/*, then
// */*; the ".latest+" types count as their v1 type), the highest quality
// wins, ties go to the earlier offer, and when nothing is acceptable (or
// the header is empty or unreadable) the answer is text/html, as PyPI
// answers. Media ranges with an invalid q are ignored.
func negotiate(accept string) string {
	if len(accept) > maxAcceptLen {
		accept = accept[:maxAcceptLen]
	}
	type mediaRange struct {
		typ, sub string
		q        float64
	}
	var ranges []mediaRange
	for part := range strings.SplitSeq(accept, ",") {
		params := strings.Split(part, ";")
		mt := strings.ToLower(strings.TrimSpace(params[0]))
		typ, sub, ok := strings.Cut(mt, "/")
		if !ok || typ == "" || sub == "" || (typ == "*" && sub != "*") {
			continue
		}
		switch mt {
		case simpleapi.MediaTypeLatestJSON:
			sub = "vnd.pypi.simple.v1+json"
		case simpleapi.MediaTypeLatestHTML:
			sub = "vnd.pypi.simple.v1+html"
		}
		q, valid := 1.0, true
		for _, p := range params[1:] {
			k, val, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				q, valid = qvalue(strings.TrimSpace(val))
				break // later parameters are accept-extensions
			}
		}
		if valid {
			ranges = append(ranges, mediaRange{typ, sub, q})
		}
	}
	best, bestQ := simpleapi.MediaTypeTextHTML, 0.0
	for _, offer := range offers {
		typ, sub, _ := strings.Cut(offer, "/")
		specificity, q := -1, 0.0
		for _, r := range ranges {
			s := -1
			switch {
			case r.typ == typ && r.sub == sub:
				s = 2
			case r.typ == typ && r.sub == "*":
				s = 1
			case r.typ == "*":
				s = 0
			}
			if s > specificity {
				specificity, q = s, r.q
			}
		}
		if specificity >= 0 && q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best
}

// qvalue reads an RFC 9110 qvalue: 0 to 1 with at most three decimals.
func qvalue(s string) (float64, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if i == 1 && c != '.' || i > 1 && (c < '0' || c > '9') {
			return 0, false
		}
	}
	q, err := strconv.ParseFloat(s, 64)
	if err != nil || q > 1 {
		return 0, false
	}
	return q, true
}

// contentType is the Content-Type header for a media type.
func contentType(mt string) string {
	if mt == simpleapi.MediaTypeJSON {
		return mt
	}
	return mt + "; charset=utf-8"
}

// render returns the page in the media type, made once per view.
func (v *view) render(mt string) []byte {
	if mt == simpleapi.MediaTypeJSON {
		v.jsonOnce.Do(func() { v.json = v.renderJSON() })
		return v.json
	}
	v.htmlOnce.Do(func() { v.html = v.renderHTML() })
	return v.html
}

// fileURL is the proxy URL of a served file, relative to the project page
// (/simple/<name>/), so that the proxy works under any host and prefix:
// PEP 503 and PEP 691 resolve relative URLs against the page.
func (v *view) fileURL(sf *servedFile) string {
	return "../../files/" + url.PathEscape(sf.source.Name) + "/" + v.name + "/" + url.PathEscape(sf.file.Filename)
}

// verifiable returns the hashes of h the proxy checks (Client.Open checks
// every algorithm it knows), in a fixed order.
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

// renderHTML writes a PEP 503 page: one anchor per file with the
// preferred secure hash in the fragment, data-requires-python,
// data-yanked (PEP 592; always with a value, which pip 23 needs to see
// the yank), data-core-metadata and data-dist-info-metadata (PEP 658/714),
// and the PEP 629 and 792 meta tags.
func (v *view) renderHTML() []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html>\n  <head>\n")
	fmt.Fprintf(&b, "    <meta name=\"pypi:repository-version\" content=\"%s\">\n", apiVersion)
	fmt.Fprintf(&b, "    <meta name=\"pypi:project-status\" content=\"%s\">\n", esc(v.statusOrActive()))
	if v.statusReason != "" {
		fmt.Fprintf(&b, "    <meta name=\"pypi:project-status-reason\" content=\"%s\">\n", esc(v.statusReason))
	}
	fmt.Fprintf(&b, "    <title>Links for %s</title>\n  </head>\n  <body>\n    <h1>Links for %s</h1>\n", v.name, v.name)
	for _, sf := range v.files {
		f := sf.file
		alg := bestHash(f.Hashes)
		b.WriteString(`    <a href="`)
		b.WriteString(esc(v.fileURL(sf) + "#" + alg + "=" + f.Hashes[alg]))
		b.WriteString(`"`)
		if f.RequiresPython != "" {
			b.WriteString(` data-requires-python="` + esc(f.RequiresPython) + `"`)
		}
		if f.Yanked {
			b.WriteString(` data-yanked="` + esc(f.YankedReason) + `"`)
		}
		if sf.metadata {
			m := bestHash(f.CoreMetadata.Hashes)
			m += "=" + f.CoreMetadata.Hashes[m]
			b.WriteString(` data-dist-info-metadata="` + m + `" data-core-metadata="` + m + `"`)
		}
		b.WriteString(">" + esc(f.Filename) + "</a><br />\n")
	}
	b.WriteString("  </body>\n</html>\n")
	return b.Bytes()
}

type jsonMeta struct {
	APIVersion string `json:"api-version"`
}

type jsonStatus struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

type jsonFile struct {
	Filename       string            `json:"filename"`
	URL            string            `json:"url"`
	Hashes         map[string]string `json:"hashes"`
	RequiresPython string            `json:"requires-python,omitempty"`
	Size           *int64            `json:"size,omitempty"`
	UploadTime     string            `json:"upload-time,omitempty"`
	Yanked         any               `json:"yanked"`
	CoreMetadata   any               `json:"core-metadata"`
	// DistInfo is the key PyPI also serves; not "dist-info-metadata",
	// which pip 23.2 reads as a string and fails on (PEP 714).
	DistInfo any `json:"data-dist-info-metadata"`
}

type jsonProject struct {
	Meta     jsonMeta   `json:"meta"`
	Name     string     `json:"name"`
	Status   jsonStatus `json:"project-status"`
	Versions []string   `json:"versions"`
	Files    []jsonFile `json:"files"`
}

// renderJSON writes a PEP 691 page with the PEP 700 versions, sizes and
// upload times (when the source gave them), PEP 592 yanks, PEP 658/714
// core metadata and the PEP 792 status.
func (v *view) renderJSON() []byte {
	p := jsonProject{
		Meta:     jsonMeta{APIVersion: apiVersion},
		Name:     v.name,
		Status:   jsonStatus{Status: v.statusOrActive(), Reason: v.statusReason},
		Versions: append([]string{}, v.versions...),
		Files:    make([]jsonFile, 0, len(v.files)),
	}
	for _, sf := range v.files {
		f := sf.file
		jf := jsonFile{Filename: f.Filename, URL: v.fileURL(sf), Hashes: verifiable(f.Hashes), RequiresPython: f.RequiresPython,
			Yanked: false, CoreMetadata: false, DistInfo: false}
		if f.HasSize {
			jf.Size = &f.Size
		}
		if !f.UploadTime.IsZero() {
			jf.UploadTime = f.UploadTime.UTC().Format("2006-01-02T15:04:05.000000Z")
		}
		if f.Yanked {
			jf.Yanked = true
			if f.YankedReason != "" {
				jf.Yanked = f.YankedReason
			}
		}
		if sf.metadata {
			m := verifiable(f.CoreMetadata.Hashes)
			jf.CoreMetadata, jf.DistInfo = m, m
		}
		p.Files = append(p.Files, jf)
	}
	return marshal(p)
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // plain structs, maps and strings
	}
	return b.Bytes()
}
