package indextest

import (
	"bytes"

	"github.com/safeindex/safeindex/simpleapi"
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
	out := []string{}
	seen := map[string]bool{}
	for _, a := range p.built {
		if a.Version != "" && !seen[a.Version] {
			seen[a.Version] = true
			out = append(out, a.Version)
		}
	}
	return out
}

// writer writes the pages in PyPI's shape (package simpleapi's Writer),
// with every hash a file lists in its HTML URL fragment, since Hashes
// may choose several, and PyPI's per-project serial on the JSON root
// page.
func (idx *Index) writer() *simpleapi.Writer {
	return &simpleapi.Writer{
		AllHashes: true,
		ProjectSerial: func(p *simpleapi.Project) (int64, bool) {
			if pr := idx.byName[p.NormalizedName]; pr != nil {
				return int64(len(pr.built)), true
			}
			return 0, false
		},
	}
}

// projectPage is the project page as PyPI would serve it (API 1.4):
// PEP 700 sizes, upload times and versions, PEP 592 yanks, PEP 658/714
// core metadata, PEP 740 provenance, the PEP 792 status, PEP 708 tracks
// and alternate locations, and the serial.
func (p *project) projectPage(l links) *simpleapi.ProjectPage {
	page := &simpleapi.ProjectPage{
		Name:               p.normalized,
		APIVersion:         APIVersion,
		Status:             p.statusOrActive(),
		StatusReason:       p.statusReason,
		Versions:           p.versions(),
		Tracks:             p.tracks,
		AlternateLocations: append([]string{}, p.alternates...),
		LastSerial:         int64(len(p.built)),
		HasLastSerial:      true,
		Files:              make([]simpleapi.File, 0, len(p.built)),
	}
	for _, a := range p.built {
		f := simpleapi.File{
			Filename:       a.Filename,
			URL:            l.file(p.normalized, a),
			Hashes:         a.Hashes,
			RequiresPython: a.RequiresPython,
			Yanked:         a.Yanked,
			YankedReason:   a.YankedReason,
			Size:           a.Size,
			HasSize:        true,
			UploadTime:     a.UploadTime,
			Provenance:     l.provenance(p.normalized, a),
		}
		if a.Metadata != nil {
			f.CoreMetadata = simpleapi.CoreMetadata{Available: true, Hashes: map[string]string{"sha256": a.MetadataSHA256}}
		}
		page.Files = append(page.Files, f)
	}
	return page
}

// renderProject writes the project page in the media type. It fails
// only for a description holding text a page cannot carry (invalid
// UTF-8, or NUL in HTML).
func (idx *Index) renderProject(p *project, l links, mediaType string) ([]byte, error) {
	var b bytes.Buffer
	if err := idx.writer().WriteProjectPage(&b, p.projectPage(l), mediaType); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (idx *Index) serial() int64 {
	n := 0
	for _, p := range idx.projects {
		n += len(p.built)
	}
	return int64(n)
}

// renderRoot writes the root page in the media type; href gives a
// project's link (HTML).
func (idx *Index) renderRoot(href func(name string) string, mediaType string) ([]byte, error) {
	page := &simpleapi.RootPage{APIVersion: APIVersion, LastSerial: idx.serial(), HasLastSerial: true}
	for _, name := range idx.Projects() {
		page.Projects = append(page.Projects, simpleapi.Project{Name: name, NormalizedName: name, URL: href(name)})
	}
	var b bytes.Buffer
	if err := idx.writer().WriteRootPage(&b, page, mediaType); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
