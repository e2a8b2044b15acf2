package lockfile

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/pep440"
)

// pipfileVCS are the Pipfile.lock keys that hold a VCS URL.
var pipfileVCS = []string{"git", "hg", "svn", "bzr"}

// pipfileKeys are the package keys pipenv writes; others get a warning.
var pipfileKeys = []string{
	"version", "hashes", "index", "markers", "extras", "editable",
	"git", "hg", "svn", "bzr", "ref", "subdirectory", "path", "file",
	"no_binary",
}

func (c *config) readPipfileLock(name string, data []byte) (*Lock, error) {
	data, err := checkUTF8(name, data)
	if err != nil {
		return nil, err
	}
	root, err := parseJSON(name, data, c.limits.MaxDepth)
	if err != nil {
		return nil, err
	}
	r := &pipfileReader{file: name, lock: &Lock{Format: FormatPipfileLock, Path: name, Files: []string{name}, HashMode: true}, limits: c.limits, env: c.env}
	if err := r.read(root); err != nil {
		return nil, err
	}
	if c.hasPipfile {
		if err := checkPipfileHash(r.lock, c.pipfile, r.hashPos); err != nil {
			return nil, err
		}
	}
	return r.lock, nil
}

type pipfileReader struct {
	file    string
	lock    *Lock
	limits  Limits
	hashPos Position
	env     func(string) (string, bool)
}

func (r *pipfileReader) errf(pos Position, format string, args ...any) error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (r *pipfileReader) expect(n *jsonNode, kind byte, what string) error {
	if n.kind != kind {
		return r.errf(n.pos, "%s: expected %s, found %s", what, kindName(kind), n.typeName())
	}
	return nil
}

func kindName(k byte) string { return (&jsonNode{kind: k}).typeName() }

func (r *pipfileReader) read(root *jsonNode) error {
	if err := r.expect(root, 'o', "Pipfile.lock"); err != nil {
		return err
	}
	meta, _, ok := root.get("_meta")
	if !ok {
		return r.errf(root.pos, `expected a "_meta" key in the top-level object`)
	}
	if err := r.meta(meta); err != nil {
		return err
	}
	for i, cat := range root.keys {
		if cat == "_meta" {
			continue
		}
		pkgs := root.vals[i]
		if err := r.expect(pkgs, 'o', fmt.Sprintf("category %q", cat)); err != nil {
			return err
		}
		for j, pname := range pkgs.keys {
			if len(r.lock.Packages) >= r.limits.MaxPackages {
				return &Error{Pos: pkgs.keyPos[j], Msg: fmt.Sprintf("more than %d packages", r.limits.MaxPackages), Err: ErrLimitExceeded}
			}
			p, err := r.pkg(cat, pname, pkgs.keyPos[j], pkgs.vals[j])
			if err != nil {
				return err
			}
			r.lock.Packages = append(r.lock.Packages, p)
		}
	}
	if r.lock.Packages == nil {
		r.lock.Packages = []Package{}
	}
	return nil
}

func (r *pipfileReader) meta(meta *jsonNode) error {
	if err := r.expect(meta, 'o', "_meta"); err != nil {
		return err
	}
	for _, k := range []string{"hash", "pipfile-spec", "requires", "sources"} {
		if _, _, ok := meta.get(k); !ok {
			return r.errf(meta.pos, "_meta: expected a %q key", k)
		}
	}
	for i, k := range meta.keys {
		v := meta.vals[i]
		switch k {
		case "hash":
			if err := r.expect(v, 'o', "_meta.hash"); err != nil {
				return err
			}
			h, hp, ok := v.get("sha256")
			if !ok {
				return r.errf(v.pos, `_meta.hash: expected a "sha256" key`)
			}
			if err := r.expect(h, 's', "_meta.hash.sha256"); err != nil {
				return err
			}
			r.lock.PipfileHash, r.hashPos = h.str, hp
		case "pipfile-spec":
			if v.kind != 'n' {
				return r.errf(v.pos, "_meta.pipfile-spec: expected the integer 6, found %s", v.typeName())
			}
			r.lock.LockVersion = v.num.String()
			if v.num.String() != "6" {
				return &Error{Pos: v.pos, Msg: fmt.Sprintf("_meta.pipfile-spec: expected 6, found %s", v.num), Err: ErrUnsupportedVersion}
			}
		case "requires":
			if err := r.expect(v, 'o', "_meta.requires"); err != nil {
				return err
			}
			r.lock.Requires = map[string]string{}
			for j, rk := range v.keys {
				rv := v.vals[j]
				if err := r.expect(rv, 's', "_meta.requires."+rk); err != nil {
					return err
				}
				r.lock.Requires[rk] = rv.str
			}
			if full, ok := r.lock.Requires["python_full_version"]; ok {
				r.lock.RequiresPython = "==" + full
			} else if pv, ok := r.lock.Requires["python_version"]; ok {
				r.lock.RequiresPython = "==" + pv + ".*"
			}
		case "sources":
			if err := r.expect(v, 'a', "_meta.sources"); err != nil {
				return err
			}
			for j, s := range v.elems {
				src, err := r.source(j, s)
				if err != nil {
					return err
				}
				r.lock.Sources = append(r.lock.Sources, src)
			}
		default:
			r.warn(meta.keyPos[i], fmt.Sprintf("_meta: unknown key %q ignored", k))
		}
	}
	return nil
}

func (r *pipfileReader) warn(pos Position, msg string) {
	r.lock.Warnings = append(r.lock.Warnings, Warning{Pos: pos, Msg: msg})
}

func (r *pipfileReader) source(i int, s *jsonNode) (Source, error) {
	what := fmt.Sprintf("_meta.sources[%d]", i)
	if err := r.expect(s, 'o', what); err != nil {
		return Source{}, err
	}
	src := Source{Kind: SourceIndex, Default: i == 0, Pos: s.pos}
	for _, k := range []string{"name", "url"} {
		v, _, ok := s.get(k)
		if !ok {
			return Source{}, r.errf(s.pos, "%s: expected a %q key", what, k)
		}
		if err := r.expect(v, 's', what+"."+k); err != nil {
			return Source{}, err
		}
		if k == "name" {
			src.Name = v.str
		} else {
			src.URL = expandEnv(v.str, r.env) // pipenv expands them when it installs
		}
	}
	if v, _, ok := s.get("verify_ssl"); ok {
		if err := r.expect(v, 'b', what+".verify_ssl"); err != nil {
			return Source{}, err
		}
		src.SkipVerifySSL = !v.b
	}
	for _, prev := range r.lock.Sources {
		if prev.Name == src.Name {
			return Source{}, r.errf(s.pos, "%s: duplicate source name %q (first at line %d)", what, src.Name, prev.Pos.Line)
		}
	}
	return src, nil
}

func (r *pipfileReader) pkg(cat, name string, pos Position, n *jsonNode) (Package, error) {
	what := fmt.Sprintf("%s.%s", cat, name)
	if err := r.expect(n, 'o', what); err != nil {
		return Package{}, err
	}
	p := Package{Name: name, Groups: []string{cat}, Pos: pos}
	str := func(k string) (string, *jsonNode, error) {
		v, _, ok := n.get(k)
		if !ok {
			return "", nil, nil
		}
		if err := r.expect(v, 's', what+"."+k); err != nil {
			return "", nil, err
		}
		return v.str, v, nil
	}
	for i, k := range n.keys {
		if !slices.Contains(pipfileKeys, k) {
			r.warn(n.keyPos[i], fmt.Sprintf("%s: unknown key %q ignored", what, k))
		}
	}
	var err error
	var v *jsonNode
	if p.Specifier, v, err = str("version"); err != nil {
		return p, err
	}
	if v != nil {
		set, err := pep440.ParseSpecifierSet(p.Specifier)
		if err != nil {
			return p, &Error{Pos: v.pos, Msg: fmt.Sprintf("%s.version: expected a version specifier like \"==1.2.3\": %v", what, err), Err: err}
		}
		p.Version, p.Pinned = pinnedVersion(set)
	}
	if p.Index, v, err = str("index"); err != nil {
		return p, err
	}
	if v != nil {
		if _, ok := r.lock.Source(p.Index); !ok || p.Index == "" {
			return p, r.errf(v.pos, "%s.index: expected the name of a _meta.sources entry, found %q", what, p.Index)
		}
	}
	if p.Marker, v, err = str("markers"); err != nil {
		return p, err
	}
	if v != nil {
		if err := validateMarker(p.Marker); err != nil {
			return p, &Error{Pos: v.pos, Msg: fmt.Sprintf("%s.markers: %v", what, err), Err: err}
		}
	}
	if h, _, ok := n.get("hashes"); ok {
		if err := r.expect(h, 'a', what+".hashes"); err != nil {
			return p, err
		}
		for _, e := range h.elems {
			if e.kind != 's' {
				return p, r.errf(e.pos, "%s.hashes: expected strings like \"sha256:<hex>\", found %s", what, e.typeName())
			}
			alg, hex, ok := strings.Cut(e.str, ":")
			if !ok || alg == "" || hex == "" {
				return p, r.errf(e.pos, "%s.hashes: expected \"<algorithm>:<hex>\", found %q", what, e.str)
			}
			p.Hashes = append(p.Hashes, Hash{Algorithm: alg, Hex: hex})
		}
	}
	if x, _, ok := n.get("extras"); ok {
		if err := r.expect(x, 'a', what+".extras"); err != nil {
			return p, err
		}
		for _, e := range x.elems {
			if e.kind != 's' {
				return p, r.errf(e.pos, "%s.extras: expected strings, found %s", what, e.typeName())
			}
			p.Extras = append(p.Extras, e.str)
		}
	}
	if e, _, ok := n.get("editable"); ok {
		if err := r.expect(e, 'b', what+".editable"); err != nil {
			return p, err
		}
		p.Editable = e.b
	}
	if e, _, ok := n.get("no_binary"); ok {
		if err := r.expect(e, 'b', what+".no_binary"); err != nil {
			return p, err
		}
	}
	var vcsKeys []string
	for _, k := range pipfileVCS {
		u, v, err := str(k)
		if err != nil {
			return p, err
		}
		if v != nil {
			vcsKeys = append(vcsKeys, k)
			p.VCS = &VCS{Type: k, URL: u}
			p.URL = u
		}
	}
	if len(vcsKeys) > 1 {
		return p, r.errf(n.pos, "%s: expected at most one of git, hg, svn, bzr, found %s", what, strings.Join(vcsKeys, ", "))
	}
	ref, _, err := str("ref")
	if err != nil {
		return p, err
	}
	sub, _, err := str("subdirectory")
	if err != nil {
		return p, err
	}
	if p.VCS != nil {
		p.VCS.RequestedRevision, p.VCS.Subdirectory = ref, sub
		p.Pinned = false
	}
	file, fv, err := str("file")
	if err != nil {
		return p, err
	}
	if p.Path, v, err = str("path"); err != nil {
		return p, err
	}
	if fv != nil {
		if p.VCS != nil {
			return p, r.errf(fv.pos, "%s: expected either a VCS key or \"file\", not both", what)
		}
		p.URL = file
		p.Pinned = p.Specifier == "" && isArchiveName(urlFilename(file))
	}
	if v != nil {
		p.Pinned = p.Specifier == "" && isArchiveName(p.Path)
	}
	if p.Editable {
		p.Pinned = false
	}
	return p, nil
}

// pinnedVersion reports pip's is_pinned: one specifier, == or ===, and
// returns its version text.
func pinnedVersion(set pep440.SpecifierSet) (string, bool) {
	specs := set.Specifiers()
	if len(specs) != 1 {
		return "", false
	}
	switch specs[0].Op() {
	case pep440.OpEqual, pep440.OpArbitrary:
		return specs[0].Version(), true
	}
	return "", false
}

// checkUTF8 drops a UTF-8 byte order mark and refuses text that is not UTF-8.
func checkUTF8(name string, data []byte) ([]byte, error) {
	data = trimBOM(data)
	if utf8.Valid(data) {
		return data, nil
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return nil, &Error{Pos: newLineIndex(data).pos(name, off), Msg: "expected UTF-8 text, found an invalid byte"}
}

func trimBOM(data []byte) []byte {
	if len(data) >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf {
		return data[3:]
	}
	return data
}

func redacted(s string) string { return redact.Text(s) }
