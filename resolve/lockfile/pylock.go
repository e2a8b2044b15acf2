package lockfile

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// Keys PEP 751 defines; any other key gets a warning (the PEP asks readers
// to warn about keys they do not know when the minor version is newer).
var (
	pylockTopKeys = []string{"lock-version", "environments", "requires-python", "extras", "dependency-groups", "default-groups", "created-by", "packages", "tool"}
	pylockPkgKeys = []string{"name", "version", "marker", "requires-python", "dependencies", "vcs", "directory", "archive", "index", "sdist", "wheels", "attestation-identities", "tool"}
	pylockVCSKeys = []string{"type", "url", "path", "requested-revision", "commit-id", "subdirectory"}
	pylockDirKeys = []string{"path", "editable", "subdirectory"}
	pylockArcKeys = []string{"url", "path", "size", "upload-time", "hashes", "subdirectory"}
	pylockDstKeys = []string{"name", "upload-time", "url", "path", "size", "hashes"}
)

func (c *config) readPylock(name string, data []byte) (*Lock, error) {
	if err := validUTF8(name, data); err != nil {
		return nil, err
	}
	doc, err := parseTOML(name, data, c.limits.MaxDepth)
	if err != nil {
		return nil, err
	}
	r := &pylockReader{doc: doc, cfg: c, lock: &Lock{Format: FormatPylock, Path: name, Files: []string{name}, HashMode: true}}
	if err := r.read(); err != nil {
		return nil, err
	}
	return r.lock, nil
}

type pylockReader struct {
	doc  *tomlDoc
	cfg  *config
	lock *Lock
}

// ctx turns a tomlValue path into the dotted form of packaging's error
// context, e.g. packages[3].wheels[0].hashes.
func ctx(path string) string {
	var b strings.Builder
	for _, seg := range strings.Split(path, "\x00") {
		if seg == "" {
			continue
		}
		if i, ok := strings.CutPrefix(seg, "#"); ok {
			b.WriteString("[" + i + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// keyErr is an error about key in table t, at the key or, when t has
// none, at t.
func (r *pylockReader) keyErr(t *tomlValue, key, format string, args ...any) error {
	return &Error{Pos: r.doc.keyPos(t, key), Msg: ctx(tomlPath(t.path(), key)) + ": " + fmt.Sprintf(format, args...)}
}

// valErr is an error about v.
func (r *pylockReader) valErr(v *tomlValue, format string, args ...any) error {
	return &Error{Pos: r.doc.pos(v), Msg: ctx(v.path()) + ": " + fmt.Sprintf(format, args...)}
}

func (r *pylockReader) warn(pos Position, msg string) {
	r.lock.Warnings = append(r.lock.Warnings, Warning{Pos: pos, Msg: msg})
}

func (r *pylockReader) str(t *tomlValue, key string, required bool) (string, bool, error) {
	v := t.get(key)
	if v == nil {
		if required {
			return "", false, r.keyErr(t, key, "missing required key")
		}
		return "", false, nil
	}
	if v.kind != tomlString {
		return "", false, r.valErr(v, "expected a string, found %s", v.typeName())
	}
	return v.str, true, nil
}

func (r *pylockReader) table(t *tomlValue, key string) (*tomlValue, bool, error) {
	v := t.get(key)
	if v == nil {
		return nil, false, nil
	}
	if v.kind != tomlTable {
		return nil, false, r.valErr(v, "expected a table, found %s", v.typeName())
	}
	return v, true, nil
}

// array returns the array at key in t: an array value or an array of
// tables, both arrays to pypa/packaging.
func (r *pylockReader) array(t *tomlValue, key, want string) (*tomlValue, error) {
	v := t.get(key)
	if v == nil {
		return nil, nil
	}
	if v.kind != tomlArray && v.kind != tomlTables {
		return nil, r.valErr(v, "expected an array of %s, found %s", want, v.typeName())
	}
	return v, nil
}

func (r *pylockReader) strings(t *tomlValue, key string) ([]string, error) {
	a, err := r.array(t, key, "strings")
	if a == nil {
		return nil, err
	}
	out := make([]string, 0, len(a.elems))
	for _, e := range a.elems {
		if e.kind != tomlString {
			return nil, r.valErr(e, "expected a string, found %s", e.typeName())
		}
		out = append(out, e.str)
	}
	return out, nil
}

func (r *pylockReader) tables(t *tomlValue, key string) ([]*tomlValue, bool, error) {
	a, err := r.array(t, key, "tables")
	if a == nil {
		return nil, false, err
	}
	for _, e := range a.elems {
		if e.kind != tomlTable {
			return nil, false, r.valErr(e, "expected a table, found %s", e.typeName())
		}
	}
	return a.elems, true, nil
}

func (r *pylockReader) unknownKeys(t *tomlValue, known []string) {
	unknown := false
	for _, v := range t.elems {
		if !slices.Contains(known, v.key) {
			unknown = true
			break
		}
	}
	if !unknown {
		return
	}
	for _, k := range slices.Sorted(slices.Values(t.keys())) {
		if !slices.Contains(known, k) {
			r.warn(r.doc.keyPos(t, k), fmt.Sprintf("%s: unknown key ignored", ctx(tomlPath(t.path(), k))))
		}
	}
}

// plainTable converts a decoded TOML table into plain Go values (see
// tomlValue.plain).
func plainTable(t *tomlValue) map[string]any { return t.plain().(map[string]any) }

func (r *pylockReader) read() error {
	d := r.doc.root
	l := r.lock
	lv, _, err := r.str(d, "lock-version", true)
	if err != nil {
		return err
	}
	v, err := pep440.Parse(lv)
	if err != nil {
		return &Error{Pos: r.doc.keyPos(d, "lock-version"), Msg: fmt.Sprintf("lock-version: expected a version like \"1.0\", found %q", lv), Err: err}
	}
	l.LockVersion = lv
	if v.Compare(pep440.MustParse("1")) < 0 || v.Compare(pep440.MustParse("2")) >= 0 {
		return &Error{Pos: r.doc.keyPos(d, "lock-version"), Msg: fmt.Sprintf("lock-version: version %s is not supported (expected 1.x)", v), Err: ErrUnsupportedVersion}
	}
	newer := v.Compare(pep440.MustParse("1.0")) > 0
	if newer {
		r.warn(r.doc.keyPos(d, "lock-version"), fmt.Sprintf("lock-version %s is newer than 1.0, the version this reader knows", v))
	}
	if l.Environments, err = r.strings(d, "environments"); err != nil {
		return err
	}
	for i, m := range l.Environments {
		if err := validateMarker(m); err != nil {
			return &Error{Pos: r.doc.pos(d.get("environments").elems[i]), Msg: fmt.Sprintf("environments[%d]: %v", i, err), Err: err}
		}
	}
	if l.Extras, err = r.strings(d, "extras"); err != nil {
		return err
	}
	for i, e := range l.Extras {
		if !simpleapi.IsNormalizedName(e) {
			return r.valErr(d.get("extras").elems[i], "expected a normalized name, found %q", e)
		}
	}
	if l.DependencyGroups, err = r.strings(d, "dependency-groups"); err != nil {
		return err
	}
	if l.DefaultGroups, err = r.strings(d, "default-groups"); err != nil {
		return err
	}
	if l.CreatedBy, _, err = r.str(d, "created-by", true); err != nil {
		return err
	}
	rp, ok, err := r.str(d, "requires-python", false)
	if err != nil {
		return err
	}
	if ok {
		if _, err := pep440.ParseSpecifierSet(rp); err != nil {
			return &Error{Pos: r.doc.keyPos(d, "requires-python"), Msg: fmt.Sprintf("requires-python: expected a version specifier, found %q", rp), Err: err}
		}
		l.RequiresPython = rp
	}
	pkgs, ok, err := r.tables(d, "packages")
	if err != nil {
		return err
	}
	if !ok {
		return r.keyErr(d, "packages", "missing required key")
	}
	if len(pkgs) > r.cfg.limits.MaxPackages {
		return &Error{Pos: r.doc.keyPos(d, "packages"), Msg: fmt.Sprintf("more than %d packages", r.cfg.limits.MaxPackages), Err: ErrLimitExceeded}
	}
	if tool, ok, err := r.table(d, "tool"); err != nil {
		return err
	} else if ok {
		l.Tool = plainTable(tool)
	}
	r.unknownKeys(d, pylockTopKeys)
	l.Packages = make([]Package, 0, len(pkgs))
	seen := map[string]bool{}
	for _, t := range pkgs {
		p, err := r.pkg(t)
		if err != nil {
			return err
		}
		if p.Index != "" && !seen[p.Index] {
			seen[p.Index] = true
			l.Sources = append(l.Sources, Source{URL: p.Index, Kind: SourceIndex, Pos: r.doc.keyPos(t, "index")})
		}
		l.Packages = append(l.Packages, p)
	}
	return nil
}

func (r *pylockReader) pkg(t *tomlValue) (Package, error) {
	p := Package{Pos: r.doc.pos(t)}
	name, _, err := r.str(t, "name", true)
	if err != nil {
		return p, err
	}
	if !simpleapi.IsNormalizedName(name) {
		return p, r.keyErr(t, "name", "expected a normalized name, found %q", name)
	}
	p.Name = name
	var version pep440.Version
	vs, hasVersion, err := r.str(t, "version", false)
	if err != nil {
		return p, err
	}
	if hasVersion {
		if version, err = pep440.Parse(vs); err != nil {
			return p, &Error{Pos: r.doc.keyPos(t, "version"), Msg: fmt.Sprintf("%s: expected a PEP 440 version, found %q", ctx(tomlPath(t.path(), "version")), vs), Err: err}
		}
		p.Version = vs
	}
	if rp, ok, err := r.str(t, "requires-python", false); err != nil {
		return p, err
	} else if ok {
		if _, err := pep440.ParseSpecifierSet(rp); err != nil {
			return p, &Error{Pos: r.doc.keyPos(t, "requires-python"), Msg: fmt.Sprintf("%s: expected a version specifier, found %q", ctx(tomlPath(t.path(), "requires-python")), rp), Err: err}
		}
		p.RequiresPython = rp
	}
	deps, _, err := r.tables(t, "dependencies")
	if err != nil {
		return p, err
	}
	for _, d := range deps {
		p.Dependencies = append(p.Dependencies, plainTable(d))
	}
	if m, ok, err := r.str(t, "marker", false); err != nil {
		return p, err
	} else if ok {
		if err := validateMarker(m); err != nil {
			return p, &Error{Pos: r.doc.keyPos(t, "marker"), Msg: fmt.Sprintf("%s: %v", ctx(tomlPath(t.path(), "marker")), err), Err: err}
		}
		p.Marker = m
	}
	direct := 0
	if vt, ok, err := r.table(t, "vcs"); err != nil {
		return p, err
	} else if ok {
		if p.VCS, err = r.vcs(vt); err != nil {
			return p, err
		}
		p.URL = p.VCS.URL
		direct++
	}
	if dt, ok, err := r.table(t, "directory"); err != nil {
		return p, err
	} else if ok {
		if p.Directory, err = r.directory(dt); err != nil {
			return p, err
		}
		p.Path = p.Directory.Path
		direct++
	}
	if at, ok, err := r.table(t, "archive"); err != nil {
		return p, err
	} else if ok {
		f, err := r.file(at, FileArchive)
		if err != nil {
			return p, err
		}
		p.Archive = &f
		p.URL, p.Path = f.URL, f.Path
		direct++
	}
	if p.Index, _, err = r.str(t, "index", false); err != nil {
		return p, err
	}
	if w := t.get("wheels"); w != nil && len(w.elems) > 0 {
		p.Files = make([]File, 0, len(w.elems)+1)
	}
	var sdist *File
	if st, ok, err := r.table(t, "sdist"); err != nil {
		return p, err
	} else if ok {
		f, err := r.file(st, FileSdist)
		if err != nil {
			return p, err
		}
		sdist = &f
		p.Files = append(p.Files, f)
	}
	wheels, _, err := r.tables(t, "wheels")
	if err != nil {
		return p, err
	}
	for _, wt := range wheels {
		f, err := r.file(wt, FileWheel)
		if err != nil {
			return p, err
		}
		p.Files = append(p.Files, f)
	}
	ids, _, err := r.tables(t, "attestation-identities")
	if err != nil {
		return p, err
	}
	for _, id := range ids {
		p.AttestationIdentities = append(p.AttestationIdentities, plainTable(id))
	}
	if tool, ok, err := r.table(t, "tool"); err != nil {
		return p, err
	} else if ok {
		p.Tool = plainTable(tool)
	}

	// The source kinds (PEP 751: at most one of vcs, directory, archive,
	// and none of them with sdist or wheels).
	dists := len(wheels)
	if sdist != nil {
		dists++
	}
	if dists > 0 && direct > 0 {
		return p, r.valErr(t, "expected none of vcs, directory, archive when sdist or wheels are set")
	}
	if dists == 0 && direct != 1 {
		return p, r.valErr(t, "expected exactly one of vcs, directory, archive when sdist and wheels are not set (found %d)", direct)
	}
	if p.VCS != nil || p.Directory != nil {
		p.Pinned = false
	}
	if p.Archive != nil || dists > 0 {
		p.Pinned = true
	}
	for i, wt := range wheels {
		f := p.Files[len(p.Files)-len(wheels)+i]
		fn := f.Filename()
		if fn == "" {
			return p, r.valErr(wt, "cannot determine the wheel's filename from name, path or url")
		}
		dist, err := simpleapi.ParseFilename(fn, "")
		if err != nil || dist.Ext != ".whl" {
			return p, &Error{Pos: r.doc.pos(wt), Msg: fmt.Sprintf("%s: expected a wheel filename, found %q", ctx(wt.path()), fn), Err: err}
		}
		if dist.Name != p.Name {
			return p, r.valErr(wt, "name in %q is not consistent with package name %q", fn, p.Name)
		}
		if hasVersion && !dist.Version.Equal(version) {
			return p, r.valErr(wt, "version in %q is not consistent with package version %q", fn, version.String())
		}
	}
	if sdist != nil {
		fn := sdist.Filename()
		if fn == "" {
			return p, r.keyErr(t, "sdist", "cannot determine the sdist's filename from name, path or url")
		}
		sname, sver, err := parseSdistFilename(fn)
		if err != nil {
			return p, &Error{Pos: r.doc.keyPos(t, "sdist"), Msg: fmt.Sprintf("%s: expected an sdist filename ({name}-{version}.tar.gz or .zip), found %q", ctx(tomlPath(t.path(), "sdist")), fn), Err: err}
		}
		if sname != p.Name {
			return p, r.keyErr(t, "sdist", "name in %q is not consistent with package name %q", fn, p.Name)
		}
		if hasVersion && !sver.Equal(version) {
			return p, r.keyErr(t, "sdist", "version in %q is not consistent with package version %q", fn, version.String())
		}
	}
	for _, id := range ids {
		if _, _, err := r.str(id, "kind", true); err != nil {
			return p, err
		}
	}
	r.unknownKeys(t, pylockPkgKeys)
	return p, nil
}

func (r *pylockReader) vcs(t *tomlValue) (*VCS, error) {
	v := &VCS{}
	var err error
	if v.Type, _, err = r.str(t, "type", true); err != nil {
		return nil, err
	}
	if v.URL, _, err = r.str(t, "url", false); err != nil {
		return nil, err
	}
	if v.Path, _, err = r.str(t, "path", false); err != nil {
		return nil, err
	}
	if v.RequestedRevision, _, err = r.str(t, "requested-revision", false); err != nil {
		return nil, err
	}
	if v.CommitID, _, err = r.str(t, "commit-id", true); err != nil {
		return nil, err
	}
	if v.Subdirectory, _, err = r.str(t, "subdirectory", false); err != nil {
		return nil, err
	}
	if v.URL == "" && v.Path == "" {
		return nil, r.valErr(t, "expected a url or a path")
	}
	r.unknownKeys(t, pylockVCSKeys)
	return v, nil
}

func (r *pylockReader) directory(t *tomlValue) (*Directory, error) {
	d := &Directory{}
	var err error
	if d.Path, _, err = r.str(t, "path", true); err != nil {
		return nil, err
	}
	if e := t.get("editable"); e != nil {
		if e.kind != tomlBool {
			return nil, r.valErr(e, "expected a boolean, found %s", e.typeName())
		}
		d.Editable = e.num != 0
	}
	if d.Subdirectory, _, err = r.str(t, "subdirectory", false); err != nil {
		return nil, err
	}
	r.unknownKeys(t, pylockDirKeys)
	return d, nil
}

func (r *pylockReader) file(t *tomlValue, kind FileKind) (File, error) {
	f := File{Kind: kind, Pos: r.doc.pos(t)}
	var err error
	known := pylockDstKeys
	if kind == FileArchive {
		known = pylockArcKeys
		if f.Subdirectory, _, err = r.str(t, "subdirectory", false); err != nil {
			return f, err
		}
	} else if f.Name, _, err = r.str(t, "name", false); err != nil {
		return f, err
	}
	if f.URL, _, err = r.str(t, "url", false); err != nil {
		return f, err
	}
	if f.Path, _, err = r.str(t, "path", false); err != nil {
		return f, err
	}
	if s := t.get("size"); s != nil {
		if s.kind != tomlInteger {
			return f, r.valErr(s, "expected an integer, found %s", s.typeName())
		}
		f.Size, f.HasSize = s.num, true
	}
	if ut := t.get("upload-time"); ut != nil {
		switch ut.kind {
		case tomlDateTime:
			f.UploadTime = ut.time().UTC()
		case tomlLocalDateTime:
			f.UploadTime = ut.other.(toml.LocalDateTime).AsTime(time.UTC)
			r.warn(r.doc.pos(ut), ctx(ut.path())+": local date-time without an offset, read as UTC")
		case tomlString:
			tm, perr := time.Parse(time.RFC3339Nano, ut.str)
			if !r.cfg.stringTimes || perr != nil {
				return f, r.valErr(ut, "expected a TOML date-time (unquoted, e.g. 2025-01-02T03:04:05Z), found a string %q", ut.str)
			}
			f.UploadTime = tm.UTC()
			r.warn(r.doc.pos(ut), ctx(ut.path())+": date-time written as a string")
		default:
			return f, r.valErr(ut, "expected a date-time, found %s", ut.typeName())
		}
	}
	h, ok, err := r.table(t, "hashes")
	if err != nil {
		return f, err
	}
	if !ok {
		return f, r.keyErr(t, "hashes", "missing required key")
	}
	if len(h.elems) == 0 {
		return f, r.valErr(h, "expected at least one hash")
	}
	hashes := h.elems
	if len(hashes) > 1 {
		hashes = slices.SortedFunc(slices.Values(hashes), func(a, b *tomlValue) int { return strings.Compare(a.key, b.key) })
	}
	f.Hashes = make([]Hash, 0, len(hashes))
	for _, hv := range hashes {
		if hv.kind != tomlString {
			return f, r.valErr(hv, "expected a string, found %s", hv.typeName())
		}
		f.Hashes = append(f.Hashes, Hash{Algorithm: hv.key, Hex: hv.str})
	}
	if f.URL == "" && f.Path == "" {
		return f, r.valErr(t, "expected a url or a path")
	}
	r.unknownKeys(t, known)
	return f, nil
}

// parseSdistFilename is packaging's parse_sdist_filename: .tar.gz or .zip,
// split at the last hyphen, a non-empty name, a PEP 440 version. The name is
// normalized with ASCII case folding only (see the package comment).
func parseSdistFilename(fn string) (string, pep440.Version, error) {
	stem, ok := strings.CutSuffix(fn, ".tar.gz")
	if !ok {
		if stem, ok = strings.CutSuffix(fn, ".zip"); !ok {
			return "", pep440.Version{}, fmt.Errorf("extension must be .tar.gz or .zip")
		}
	}
	i := strings.LastIndexByte(stem, '-')
	if i <= 0 {
		return "", pep440.Version{}, fmt.Errorf("expected {name}-{version}")
	}
	v, err := pep440.Parse(stem[i+1:])
	if err != nil {
		return "", pep440.Version{}, err
	}
	return simpleapi.NormalizeName(stem[:i]), v, nil
}

// validUTF8 refuses text that is not UTF-8, pointing at the first bad byte.
func validUTF8(name string, data []byte) error {
	_, err := checkUTF8(name, data)
	if err != nil || len(trimBOM(data)) == len(data) {
		return err
	}
	return &Error{Pos: Position{File: name, Line: 1, Column: 1}, Msg: "expected TOML text without a byte order mark"}
}
