package lockfile

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
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

var normalizedName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`) })

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

// ctx turns a tomlDoc path into the dotted form of packaging's error
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

func (r *pylockReader) errf(path, format string, args ...any) error {
	return &Error{Pos: r.doc.at(path), Msg: ctx(path) + ": " + fmt.Sprintf(format, args...)}
}

func (r *pylockReader) warn(path, msg string) {
	r.lock.Warnings = append(r.lock.Warnings, Warning{Pos: r.doc.at(path), Msg: msg})
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "an offset date-time"
	case toml.LocalDateTime:
		return "a local date-time"
	case toml.LocalDate:
		return "a local date"
	case toml.LocalTime:
		return "a local time"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

func (r *pylockReader) str(t map[string]any, base, key string, required bool) (string, bool, error) {
	v, ok := t[key]
	if !ok {
		if required {
			return "", false, r.errf(tomlPath(base, key), "missing required key")
		}
		return "", false, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", false, r.errf(tomlPath(base, key), "expected a string, found %s", tomlType(v))
	}
	return s, true, nil
}

func (r *pylockReader) table(t map[string]any, base, key string) (map[string]any, bool, error) {
	v, ok := t[key]
	if !ok {
		return nil, false, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false, r.errf(tomlPath(base, key), "expected a table, found %s", tomlType(v))
	}
	return m, true, nil
}

func (r *pylockReader) strings(t map[string]any, base, key string) ([]string, error) {
	v, ok := t[key]
	if !ok {
		return nil, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, r.errf(tomlPath(base, key), "expected an array of strings, found %s", tomlType(v))
	}
	out := make([]string, 0, len(a))
	for i, e := range a {
		s, ok := e.(string)
		if !ok {
			return nil, r.errf(tomlIndex(tomlPath(base, key), i), "expected a string, found %s", tomlType(e))
		}
		out = append(out, s)
	}
	return out, nil
}

func (r *pylockReader) tables(t map[string]any, base, key string) ([]map[string]any, bool, error) {
	v, ok := t[key]
	if !ok {
		return nil, false, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, false, r.errf(tomlPath(base, key), "expected an array of tables, found %s", tomlType(v))
	}
	out := make([]map[string]any, 0, len(a))
	for i, e := range a {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, false, r.errf(tomlIndex(tomlPath(base, key), i), "expected a table, found %s", tomlType(e))
		}
		out = append(out, m)
	}
	return out, true, nil
}

func (r *pylockReader) unknownKeys(t map[string]any, base string, known []string) {
	unknown := false
	for k := range t {
		if !slices.Contains(known, k) {
			unknown = true
			break
		}
	}
	if !unknown {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		if !slices.Contains(known, k) {
			r.warn(tomlPath(base, k), fmt.Sprintf("%s: unknown key ignored", ctx(tomlPath(base, k))))
		}
	}
}

func (r *pylockReader) read() error {
	d := r.doc.root
	l := r.lock
	lv, _, err := r.str(d, "", "lock-version", true)
	if err != nil {
		return err
	}
	v, err := pep440.Parse(lv)
	if err != nil {
		return &Error{Pos: r.doc.at(tomlPath("", "lock-version")), Msg: fmt.Sprintf("lock-version: expected a version like \"1.0\", found %q", lv), Err: err}
	}
	l.LockVersion = lv
	if v.Compare(pep440.MustParse("1")) < 0 || v.Compare(pep440.MustParse("2")) >= 0 {
		return &Error{Pos: r.doc.at(tomlPath("", "lock-version")), Msg: fmt.Sprintf("lock-version: version %s is not supported (expected 1.x)", v), Err: ErrUnsupportedVersion}
	}
	newer := v.Compare(pep440.MustParse("1.0")) > 0
	if newer {
		r.warn(tomlPath("", "lock-version"), fmt.Sprintf("lock-version %s is newer than 1.0, the version this reader knows", v))
	}
	if l.Environments, err = r.strings(d, "", "environments"); err != nil {
		return err
	}
	for i, m := range l.Environments {
		if err := validateMarker(m); err != nil {
			return &Error{Pos: r.doc.at(tomlIndex(tomlPath("", "environments"), i)), Msg: fmt.Sprintf("environments[%d]: %v", i, err), Err: err}
		}
	}
	if l.Extras, err = r.strings(d, "", "extras"); err != nil {
		return err
	}
	for i, e := range l.Extras {
		if !normalizedName().MatchString(e) {
			return r.errf(tomlIndex(tomlPath("", "extras"), i), "expected a normalized name, found %q", e)
		}
	}
	if l.DependencyGroups, err = r.strings(d, "", "dependency-groups"); err != nil {
		return err
	}
	if l.DefaultGroups, err = r.strings(d, "", "default-groups"); err != nil {
		return err
	}
	if l.CreatedBy, _, err = r.str(d, "", "created-by", true); err != nil {
		return err
	}
	rp, ok, err := r.str(d, "", "requires-python", false)
	if err != nil {
		return err
	}
	if ok {
		if _, err := pep440.ParseSpecifierSet(rp); err != nil {
			return &Error{Pos: r.doc.at(tomlPath("", "requires-python")), Msg: fmt.Sprintf("requires-python: expected a version specifier, found %q", rp), Err: err}
		}
		l.RequiresPython = rp
	}
	pkgs, ok, err := r.tables(d, "", "packages")
	if err != nil {
		return err
	}
	if !ok {
		return r.errf(tomlPath("", "packages"), "missing required key")
	}
	if len(pkgs) > r.cfg.limits.MaxPackages {
		return &Error{Pos: r.doc.at(tomlPath("", "packages")), Msg: fmt.Sprintf("more than %d packages", r.cfg.limits.MaxPackages), Err: ErrLimitExceeded}
	}
	if tool, ok, err := r.table(d, "", "tool"); err != nil {
		return err
	} else if ok {
		l.Tool = plainTable(tool)
	}
	r.unknownKeys(d, "", pylockTopKeys)
	l.Packages = make([]Package, 0, len(pkgs))
	seen := map[string]bool{}
	for i, t := range pkgs {
		base := tomlIndex(tomlPath("", "packages"), i)
		p, err := r.pkg(base, t)
		if err != nil {
			return err
		}
		if p.Index != "" && !seen[p.Index] {
			seen[p.Index] = true
			l.Sources = append(l.Sources, Source{URL: p.Index, Kind: SourceIndex, Pos: r.doc.at(tomlPath(base, "index"))})
		}
		l.Packages = append(l.Packages, p)
	}
	return nil
}

func (r *pylockReader) pkg(base string, t map[string]any) (Package, error) {
	p := Package{Pos: r.doc.at(base)}
	name, _, err := r.str(t, base, "name", true)
	if err != nil {
		return p, err
	}
	if !normalizedName().MatchString(name) {
		return p, r.errf(tomlPath(base, "name"), "expected a normalized name, found %q", name)
	}
	p.Name = name
	var version pep440.Version
	vs, hasVersion, err := r.str(t, base, "version", false)
	if err != nil {
		return p, err
	}
	if hasVersion {
		if version, err = pep440.Parse(vs); err != nil {
			return p, &Error{Pos: r.doc.at(tomlPath(base, "version")), Msg: fmt.Sprintf("%s: expected a PEP 440 version, found %q", ctx(tomlPath(base, "version")), vs), Err: err}
		}
		p.Version = vs
	}
	if rp, ok, err := r.str(t, base, "requires-python", false); err != nil {
		return p, err
	} else if ok {
		if _, err := pep440.ParseSpecifierSet(rp); err != nil {
			return p, &Error{Pos: r.doc.at(tomlPath(base, "requires-python")), Msg: fmt.Sprintf("%s: expected a version specifier, found %q", ctx(tomlPath(base, "requires-python")), rp), Err: err}
		}
		p.RequiresPython = rp
	}
	deps, _, err := r.tables(t, base, "dependencies")
	if err != nil {
		return p, err
	}
	for _, d := range deps {
		p.Dependencies = append(p.Dependencies, plainTable(d))
	}
	if m, ok, err := r.str(t, base, "marker", false); err != nil {
		return p, err
	} else if ok {
		if err := validateMarker(m); err != nil {
			return p, &Error{Pos: r.doc.at(tomlPath(base, "marker")), Msg: fmt.Sprintf("%s: %v", ctx(tomlPath(base, "marker")), err), Err: err}
		}
		p.Marker = m
	}
	direct := 0
	if vt, ok, err := r.table(t, base, "vcs"); err != nil {
		return p, err
	} else if ok {
		if p.VCS, err = r.vcs(tomlPath(base, "vcs"), vt); err != nil {
			return p, err
		}
		p.URL = p.VCS.URL
		direct++
	}
	if dt, ok, err := r.table(t, base, "directory"); err != nil {
		return p, err
	} else if ok {
		if p.Directory, err = r.directory(tomlPath(base, "directory"), dt); err != nil {
			return p, err
		}
		p.Path = p.Directory.Path
		direct++
	}
	if at, ok, err := r.table(t, base, "archive"); err != nil {
		return p, err
	} else if ok {
		f, err := r.file(tomlPath(base, "archive"), at, FileArchive)
		if err != nil {
			return p, err
		}
		p.Archive = &f
		p.URL, p.Path = f.URL, f.Path
		direct++
	}
	if p.Index, _, err = r.str(t, base, "index", false); err != nil {
		return p, err
	}
	var sdist *File
	if st, ok, err := r.table(t, base, "sdist"); err != nil {
		return p, err
	} else if ok {
		f, err := r.file(tomlPath(base, "sdist"), st, FileSdist)
		if err != nil {
			return p, err
		}
		sdist = &f
		p.Files = append(p.Files, f)
	}
	wheels, _, err := r.tables(t, base, "wheels")
	if err != nil {
		return p, err
	}
	for i, wt := range wheels {
		f, err := r.file(tomlIndex(tomlPath(base, "wheels"), i), wt, FileWheel)
		if err != nil {
			return p, err
		}
		p.Files = append(p.Files, f)
	}
	ids, _, err := r.tables(t, base, "attestation-identities")
	if err != nil {
		return p, err
	}
	for _, id := range ids {
		p.AttestationIdentities = append(p.AttestationIdentities, plainTable(id))
	}
	if tool, ok, err := r.table(t, base, "tool"); err != nil {
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
		return p, r.errf(base, "expected none of vcs, directory, archive when sdist or wheels are set")
	}
	if dists == 0 && direct != 1 {
		return p, r.errf(base, "expected exactly one of vcs, directory, archive when sdist and wheels are not set (found %d)", direct)
	}
	if p.VCS != nil || p.Directory != nil {
		p.Pinned = false
	}
	if p.Archive != nil || dists > 0 {
		p.Pinned = true
	}
	for i := range wheels {
		path := tomlIndex(tomlPath(base, "wheels"), i)
		f := p.Files[len(p.Files)-len(wheels)+i]
		fn := f.Filename()
		if fn == "" {
			return p, r.errf(path, "cannot determine the wheel's filename from name, path or url")
		}
		dist, err := simpleapi.ParseFilename(fn, "")
		if err != nil || dist.Ext != ".whl" {
			return p, &Error{Pos: r.doc.at(path), Msg: fmt.Sprintf("%s: expected a wheel filename, found %q", ctx(path), fn), Err: err}
		}
		if dist.Name != p.Name {
			return p, r.errf(path, "name in %q is not consistent with package name %q", fn, p.Name)
		}
		if hasVersion && !dist.Version.Equal(version) {
			return p, r.errf(path, "version in %q is not consistent with package version %q", fn, version.String())
		}
	}
	if sdist != nil {
		path := tomlPath(base, "sdist")
		fn := sdist.Filename()
		if fn == "" {
			return p, r.errf(path, "cannot determine the sdist's filename from name, path or url")
		}
		sname, sver, err := parseSdistFilename(fn)
		if err != nil {
			return p, &Error{Pos: r.doc.at(path), Msg: fmt.Sprintf("%s: expected an sdist filename ({name}-{version}.tar.gz or .zip), found %q", ctx(path), fn), Err: err}
		}
		if sname != p.Name {
			return p, r.errf(path, "name in %q is not consistent with package name %q", fn, p.Name)
		}
		if hasVersion && !sver.Equal(version) {
			return p, r.errf(path, "version in %q is not consistent with package version %q", fn, version.String())
		}
	}
	for i, id := range ids {
		path := tomlIndex(tomlPath(base, "attestation-identities"), i)
		if _, _, err := r.str(id, path, "kind", true); err != nil {
			return p, err
		}
	}
	r.unknownKeys(t, base, pylockPkgKeys)
	return p, nil
}

func (r *pylockReader) vcs(base string, t map[string]any) (*VCS, error) {
	v := &VCS{}
	var err error
	if v.Type, _, err = r.str(t, base, "type", true); err != nil {
		return nil, err
	}
	if v.URL, _, err = r.str(t, base, "url", false); err != nil {
		return nil, err
	}
	if v.Path, _, err = r.str(t, base, "path", false); err != nil {
		return nil, err
	}
	if v.RequestedRevision, _, err = r.str(t, base, "requested-revision", false); err != nil {
		return nil, err
	}
	if v.CommitID, _, err = r.str(t, base, "commit-id", true); err != nil {
		return nil, err
	}
	if v.Subdirectory, _, err = r.str(t, base, "subdirectory", false); err != nil {
		return nil, err
	}
	if v.URL == "" && v.Path == "" {
		return nil, r.errf(base, "expected a url or a path")
	}
	r.unknownKeys(t, base, pylockVCSKeys)
	return v, nil
}

func (r *pylockReader) directory(base string, t map[string]any) (*Directory, error) {
	d := &Directory{}
	var err error
	if d.Path, _, err = r.str(t, base, "path", true); err != nil {
		return nil, err
	}
	if e, ok := t["editable"]; ok {
		b, ok := e.(bool)
		if !ok {
			return nil, r.errf(tomlPath(base, "editable"), "expected a boolean, found %s", tomlType(e))
		}
		d.Editable = b
	}
	if d.Subdirectory, _, err = r.str(t, base, "subdirectory", false); err != nil {
		return nil, err
	}
	r.unknownKeys(t, base, pylockDirKeys)
	return d, nil
}

func (r *pylockReader) file(base string, t map[string]any, kind FileKind) (File, error) {
	f := File{Kind: kind, Pos: r.doc.at(base)}
	var err error
	known := pylockDstKeys
	if kind == FileArchive {
		known = pylockArcKeys
		if f.Subdirectory, _, err = r.str(t, base, "subdirectory", false); err != nil {
			return f, err
		}
	} else if f.Name, _, err = r.str(t, base, "name", false); err != nil {
		return f, err
	}
	if f.URL, _, err = r.str(t, base, "url", false); err != nil {
		return f, err
	}
	if f.Path, _, err = r.str(t, base, "path", false); err != nil {
		return f, err
	}
	if s, ok := t["size"]; ok {
		n, ok := s.(int64)
		if !ok {
			return f, r.errf(tomlPath(base, "size"), "expected an integer, found %s", tomlType(s))
		}
		f.Size, f.HasSize = n, true
	}
	if ut, ok := t["upload-time"]; ok {
		path := tomlPath(base, "upload-time")
		switch u := ut.(type) {
		case time.Time:
			f.UploadTime = u.UTC()
		case toml.LocalDateTime:
			f.UploadTime = u.AsTime(time.UTC)
			r.warn(path, ctx(path)+": local date-time without an offset, read as UTC")
		case string:
			tm, perr := time.Parse(time.RFC3339Nano, u)
			if !r.cfg.stringTimes || perr != nil {
				return f, r.errf(path, "expected a TOML date-time (unquoted, e.g. 2025-01-02T03:04:05Z), found a string %q", u)
			}
			f.UploadTime = tm.UTC()
			r.warn(path, ctx(path)+": date-time written as a string")
		default:
			return f, r.errf(path, "expected a date-time, found %s", tomlType(ut))
		}
	}
	h, ok, err := r.table(t, base, "hashes")
	if err != nil {
		return f, err
	}
	if !ok {
		return f, r.errf(tomlPath(base, "hashes"), "missing required key")
	}
	if len(h) == 0 {
		return f, r.errf(tomlPath(base, "hashes"), "expected at least one hash")
	}
	for _, alg := range slices.Sorted(maps.Keys(h)) {
		hex, ok := h[alg].(string)
		if !ok {
			return f, r.errf(tomlPath(tomlPath(base, "hashes"), alg), "expected a string, found %s", tomlType(h[alg]))
		}
		f.Hashes = append(f.Hashes, Hash{Algorithm: alg, Hex: hex})
	}
	if f.URL == "" && f.Path == "" {
		return f, r.errf(base, "expected a url or a path")
	}
	r.unknownKeys(t, base, known)
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

// plainTable converts decoded TOML into plain Go values: local date-times
// become strings in TOML form, offset date-times time.Time in UTC.
func plainTable(t map[string]any) map[string]any {
	out := make(map[string]any, len(t))
	for k, v := range t {
		out[k] = plainValue(v)
	}
	return out
}

func plainValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return plainTable(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	case time.Time:
		return x.UTC()
	case toml.LocalDateTime:
		return x.String()
	case toml.LocalDate:
		return x.String()
	case toml.LocalTime:
		return x.String()
	}
	return v
}

// validUTF8 refuses text that is not UTF-8, pointing at the first bad byte.
func validUTF8(name string, data []byte) error {
	_, err := checkUTF8(name, data)
	if err != nil || len(trimBOM(data)) == len(data) {
		return err
	}
	return &Error{Pos: Position{File: name, Line: 1, Column: 1}, Msg: "expected TOML text without a byte order mark"}
}
