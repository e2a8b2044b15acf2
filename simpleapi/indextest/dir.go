package indextest

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/safeindex/safeindex/simpleapi"
)

// WriteDir writes the index to the folder dir (created if needed) in the
// static layout that pip, python -m http.server, nginx and
// simpleapi.Client read:
//
//	dir/index.html                  the root page
//	dir/<name>/index.html           each project page (PEP 503 HTML)
//	dir/<name>/<filename>           its files, alongside,
//	dir/<name>/<filename>.metadata  and their PEP 658 metadata
//
// Links are relative, so the folder can be read as file://dir/ or served
// from any URL. Tampered files are written with their tampered bytes.
// Faults, upload times and provenance cannot be expressed in static files
// and are left out. A file dir already holds is overwritten.
func (idx *Index) WriteDir(dir string) error {
	if dir == "" {
		return errors.New("indextest: WriteDir: empty folder name")
	}
	write := func(rel string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("indextest: WriteDir %s: %w", dir, err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("indextest: WriteDir %s: %w", dir, err)
		}
		return nil
	}
	root, err := idx.renderRoot(func(name string) string { return name + "/" }, simpleapi.MediaTypeHTML)
	if err != nil {
		return fmt.Errorf("indextest: WriteDir %s: %w", dir, err)
	}
	if err := write("index.html", root); err != nil {
		return err
	}
	l := links{
		file:       func(_ string, a *Artifact) string { return url.PathEscape(a.Filename) },
		provenance: func(string, *Artifact) string { return "" },
	}
	for _, p := range idx.projects {
		page, err := idx.renderProject(p, l, simpleapi.MediaTypeHTML)
		if err != nil {
			return fmt.Errorf("indextest: WriteDir %s: %w", dir, err)
		}
		if err := write(p.normalized+"/index.html", page); err != nil {
			return err
		}
		for _, a := range p.built {
			if !fs.ValidPath(a.Filename) {
				return fmt.Errorf("indextest: WriteDir %s: cannot write a file named %q", dir, a.Filename)
			}
			if err := write(p.normalized+"/"+a.Filename, a.Content); err != nil {
				return err
			}
			if a.Metadata != nil {
				if err := write(p.normalized+"/"+a.Filename+".metadata", a.Metadata); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
