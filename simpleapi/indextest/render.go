package indextest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"strings"
)

// links says where a rendering of the index puts files and provenance.
type links struct {
	// file returns the URL of a file (without the hash fragment).
	file func(project string, a *Artifact) string
	// provenance returns the PEP 740 provenance URL, "" for none.
	provenance func(project string, a *Artifact) string
}

// provenancePath is PyPI's path of a file's provenance.
func provenancePath(project string, a *Artifact) string {
	return "/integrity/" + project + "/" + a.Version + "/" + a.Filename + "/provenance"
}

func (p *project) statusOrActive() string {
	if p.status == "" {
		return "active"
	}
	return p.status
}

func (p *project) versions() []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range p.built {
		if a.Version != "" && !seen[a.Version] {
			seen[a.Version] = true
			out = append(out, a.Version)
		}
	}
	return out
}

type jsonMeta struct {
	APIVersion string   `json:"api-version"`
	LastSerial int      `json:"_last-serial"`
	Tracks     []string `json:"tracks,omitempty"`
}

type jsonStatus struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

type jsonFile struct {
	Filename       string            `json:"filename"`
	URL            string            `json:"url"`
	Hashes         map[string]string `json:"hashes"`
	RequiresPython *string           `json:"requires-python"`
	Size           int64             `json:"size"`
	UploadTime     string            `json:"upload-time,omitempty"`
	Yanked         any               `json:"yanked"`
	CoreMetadata   any               `json:"core-metadata"`
	DistInfo       any               `json:"data-dist-info-metadata"`
	Provenance     *string           `json:"provenance"`
}

type jsonProject struct {
	Meta               jsonMeta   `json:"meta"`
	Name               string     `json:"name"`
	Status             jsonStatus `json:"project-status"`
	Versions           []string   `json:"versions"`
	Files              []jsonFile `json:"files"`
	AlternateLocations []string   `json:"alternate-locations"`
}

func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // plain structs, maps and strings
	}
	return buf.Bytes()
}

// projectJSON renders a PEP 691 project page as PyPI does (API 1.4, with
// PEP 700 sizes, upload times and versions, PEP 658/714 core metadata
// under both keys, PEP 740 provenance and PEP 792 status).
func (p *project) projectJSON(l links) []byte {
	page := jsonProject{
		Meta:               jsonMeta{APIVersion: APIVersion, LastSerial: len(p.built), Tracks: p.tracks},
		Name:               p.normalized,
		Status:             jsonStatus{Status: p.statusOrActive(), Reason: p.statusReason},
		Versions:           p.versions(),
		Files:              []jsonFile{},
		AlternateLocations: append([]string{}, p.alternates...),
	}
	if page.Versions == nil {
		page.Versions = []string{}
	}
	for _, a := range p.built {
		f := jsonFile{Filename: a.Filename, URL: l.file(p.normalized, a), Hashes: a.Hashes, Size: a.Size, Yanked: false, CoreMetadata: false, DistInfo: false}
		if a.RequiresPython != "" {
			f.RequiresPython = &a.RequiresPython
		}
		if !a.UploadTime.IsZero() {
			f.UploadTime = a.UploadTime.UTC().Format("2006-01-02T15:04:05.000000Z")
		}
		if a.Yanked {
			f.Yanked = true
			if a.YankedReason != "" {
				f.Yanked = a.YankedReason
			}
		}
		if a.Metadata != nil {
			m := map[string]string{"sha256": a.MetadataSHA256}
			f.CoreMetadata, f.DistInfo = m, m
		}
		if u := l.provenance(p.normalized, a); u != "" {
			f.Provenance = &u
		}
		page.Files = append(page.Files, f)
	}
	return marshal(page)
}

// projectHTML renders a PEP 503 project page as PyPI does (the data-*
// attributes of PEPs 592, 658, 714 and 740, the PEP 629 and 792 meta
// tags, and the trailing serial comment).
func (p *project) projectHTML(l links) []byte {
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html>\n  <head>\n")
	fmt.Fprintf(&b, "    <meta name=\"pypi:repository-version\" content=\"%s\">\n", APIVersion)
	fmt.Fprintf(&b, "    <meta name=\"pypi:project-status\" content=\"%s\">\n", esc(p.statusOrActive()))
	if p.statusReason != "" {
		fmt.Fprintf(&b, "    <meta name=\"pypi:project-status-reason\" content=\"%s\">\n", esc(p.statusReason))
	}
	for _, t := range p.tracks {
		fmt.Fprintf(&b, "    <meta name=\"pypi:tracks\" content=\"%s\">\n", esc(t))
	}
	for _, t := range p.alternates {
		fmt.Fprintf(&b, "    <meta name=\"pypi:alternate-locations\" content=\"%s\">\n", esc(t))
	}
	fmt.Fprintf(&b, "    <title>Links for %s</title>\n  </head>\n  <body>\n    <h1>Links for %s</h1>\n", esc(p.normalized), esc(p.normalized))
	for _, a := range p.built {
		href := l.file(p.normalized, a)
		for i, alg := range sortedKeys(a.Hashes) {
			sep := "&"
			if i == 0 {
				sep = "#"
			}
			href += sep + alg + "=" + a.Hashes[alg]
		}
		attrs := []string{`href="` + esc(href) + `"`}
		if a.RequiresPython != "" {
			attrs = append(attrs, `data-requires-python="`+esc(a.RequiresPython)+`"`)
		}
		if a.Yanked {
			if a.YankedReason == "" {
				attrs = append(attrs, "data-yanked")
			} else {
				attrs = append(attrs, `data-yanked="`+esc(a.YankedReason)+`"`)
			}
		}
		if a.Metadata != nil {
			m := "sha256=" + a.MetadataSHA256
			attrs = append(attrs, `data-dist-info-metadata="`+m+`"`, `data-core-metadata="`+m+`"`)
		}
		if u := l.provenance(p.normalized, a); u != "" {
			attrs = append(attrs, `data-provenance="`+esc(u)+`"`)
		}
		fmt.Fprintf(&b, "    <a %s>%s</a><br />\n", strings.Join(attrs, " "), esc(a.Filename))
	}
	fmt.Fprintf(&b, "  </body>\n</html>\n<!--SERIAL %d-->\n", len(p.built))
	return []byte(b.String())
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for _, k := range []string{"sha256", "sha384", "sha512", "sha224", "sha1", "md5"} {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

func (idx *Index) serial() int {
	n := 0
	for _, p := range idx.projects {
		n += len(p.built)
	}
	return n
}

// rootJSON renders the PEP 691 root page.
func (idx *Index) rootJSON() []byte {
	type entry struct {
		Name       string `json:"name"`
		LastSerial int    `json:"_last-serial"`
	}
	page := struct {
		Meta     jsonMeta `json:"meta"`
		Projects []entry  `json:"projects"`
	}{Meta: jsonMeta{APIVersion: APIVersion, LastSerial: idx.serial()}, Projects: []entry{}}
	for _, name := range idx.Projects() {
		page.Projects = append(page.Projects, entry{name, len(idx.byName[name].built)})
	}
	return marshal(page)
}

// rootHTML renders the PEP 503 root page; href gives a project's link.
func (idx *Index) rootHTML(href func(name string) string) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n  <head>\n")
	fmt.Fprintf(&b, "    <meta name=\"pypi:repository-version\" content=\"%s\">\n", APIVersion)
	b.WriteString("    <title>Simple index</title>\n  </head>\n  <body>\n")
	for _, name := range idx.Projects() {
		fmt.Fprintf(&b, "    <a href=\"%s\">%s</a>\n", html.EscapeString(href(name)), html.EscapeString(name))
	}
	b.WriteString("  </body>\n</html>\n")
	return []byte(b.String())
}
