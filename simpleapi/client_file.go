package simpleapi

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/safeindex/safeindex/internal/redact"
)

// Directory indexes
//
// A file:// URL or a plain directory path names a static index laid out as
// web servers serve one (and as pip reads one): the project page of name
// is <dir>/<normalized-name>/index.html, or, when that file is absent,
// <dir>/<normalized-name>/index.json (PEP 691 JSON). index.html wins when
// both exist, as it is what pip reads. The root page is <dir>/index.html or
// <dir>/index.json; when neither exists it is made from the project
// directories present. Relative links resolve against the directory's
// file:// URL.
//
// A missing project directory means the project is absent (ErrNotFound);
// a missing or unreadable index directory, or a project directory without
// a page, is an error: the index is broken, not empty.

// dirIndex returns the index for a directory path.
func dirIndex(p string) (*index, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, &IndexError{Index: redact.Text(p), Kind: ErrInvalidIndex, Msg: "bad index directory", Err: err}
	}
	return &index{dir: abs, redacted: redact.Text(p)}, nil
}

// fileURLPath returns the local path of a file URL.
func fileURLPath(u *url.URL) (string, error) {
	p := u.Path
	if p == "" {
		return "", errors.New("empty path")
	}
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // file:///C:/dir
	}
	return filepath.FromSlash(p), nil
}

// dirURL is the file URL of a directory, with a trailing slash.
func dirURL(dir string) *url.URL {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return &url.URL{Scheme: "file", Path: p}
}

// checkIndexDir fails unless the index directory exists and is a directory.
func checkIndexDir(ix *index) *IndexError {
	st, err := os.Stat(ix.dir)
	if err != nil {
		return &IndexError{Index: ix.redacted, Msg: "index directory is not readable", Kind: ErrInvalidIndex, Err: err}
	}
	if !st.IsDir() {
		return &IndexError{Index: ix.redacted, Msg: "index path is not a directory", Kind: ErrInvalidIndex}
	}
	return nil
}

// readPageFile reads <dir>/index.html, or else <dir>/index.json. It
// returns found=false when neither exists.
func (c *Client) readPageFile(dir string) (body []byte, ctype string, found bool, err error) {
	for _, cand := range []struct{ name, ctype string }{
		{"index.html", MediaTypeTextHTML},
		{"index.json", MediaTypeJSON},
	} {
		f, err := os.Open(filepath.Join(dir, cand.name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, "", false, err
		}
		body, err := readLimited(f, c.cfg.maxPageSize, -1)
		f.Close()
		if errors.Is(err, ErrLimitExceeded) {
			return nil, "", true, fmt.Errorf("%w: %s is larger than %d bytes", ErrLimitExceeded, cand.name, c.cfg.maxPageSize)
		}
		return body, cand.ctype, true, err
	}
	return nil, "", false, nil
}

func (c *Client) dirProjectPage(ix *index, project string) (*ProjectPage, error) {
	if ie := checkIndexDir(ix); ie != nil {
		ie.Project = project
		return nil, ie
	}
	pd := filepath.Join(ix.dir, project)
	u := dirURL(pd)
	st, err := os.Stat(pd)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &IndexError{Index: ix.redacted, Project: project, URL: u.String(), Kind: ErrNotFound, Msg: "no project directory", Err: err}
	case err != nil:
		return nil, &IndexError{Index: ix.redacted, Project: project, URL: u.String(), Kind: ErrBadResponse, Msg: "project directory is not readable", Err: err}
	case !st.IsDir():
		return nil, &IndexError{Index: ix.redacted, Project: project, URL: u.String(), Kind: ErrBadResponse, Msg: "project path is not a directory"}
	}
	body, ctype, found, err := c.readPageFile(pd)
	if err != nil {
		kind := ErrBadResponse
		if errors.Is(err, ErrLimitExceeded) {
			kind = ErrLimitExceeded
		}
		return nil, &IndexError{Index: ix.redacted, Project: project, URL: u.String(), Kind: kind, Msg: "cannot read the project page", Err: err}
	}
	if !found {
		return nil, &IndexError{Index: ix.redacted, Project: project, URL: u.String(), Kind: ErrBadResponse, Msg: "project directory has neither index.html nor index.json"}
	}
	res, ie := c.parse(ix, project, kindProject, body, ctype, u, false)
	if ie != nil {
		return nil, ie
	}
	return res.project, nil
}

func (c *Client) dirRootPage(ix *index) (*RootPage, error) {
	if ie := checkIndexDir(ix); ie != nil {
		return nil, ie
	}
	u := dirURL(ix.dir)
	body, ctype, found, err := c.readPageFile(ix.dir)
	if err != nil {
		kind := ErrBadResponse
		if errors.Is(err, ErrLimitExceeded) {
			kind = ErrLimitExceeded
		}
		return nil, &IndexError{Index: ix.redacted, URL: u.String(), Kind: kind, Msg: "cannot read the root page", Err: err}
	}
	if found {
		res, ie := c.parse(ix, "", kindRoot, body, ctype, u, false)
		if ie != nil {
			return nil, ie
		}
		return res.root, nil
	}
	// No root page: list the project directories that hold a page.
	ents, err := os.ReadDir(ix.dir)
	if err != nil {
		return nil, &IndexError{Index: ix.redacted, URL: u.String(), Kind: ErrBadResponse, Msg: "cannot list the index directory", Err: err}
	}
	root := &RootPage{APIVersion: "1.0", Projects: []Project{}}
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() || ValidateName(name) != nil {
			continue
		}
		pd := filepath.Join(ix.dir, name)
		if !isRegularFile(filepath.Join(pd, "index.html")) && !isRegularFile(filepath.Join(pd, "index.json")) {
			continue
		}
		root.Projects = append(root.Projects, Project{Name: name, NormalizedName: NormalizeName(name), URL: dirURL(pd).String()})
	}
	return root, nil
}

func isRegularFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
