package lockfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/safeindex/safeindex/internal/pystr"

	"github.com/safeindex/safeindex/simpleapi"
)

// reqOption describes one option pip's requirements-file parser knows
// (pip 23.2 to 25.x; newer options such as --no-require-hashes are
// unknown, and refused, as those pip releases refuse them).
type reqOption struct {
	long   []string // first one is the canonical name
	short  byte
	value  bool
	perReq bool // applies to the requirement on the same line
}

var reqOptions = []reqOption{
	{long: []string{"--index-url", "--pypi-url"}, short: 'i', value: true},
	{long: []string{"--extra-index-url"}, value: true},
	{long: []string{"--no-index"}},
	{long: []string{"--constraint"}, short: 'c', value: true},
	{long: []string{"--requirement"}, short: 'r', value: true},
	{long: []string{"--editable"}, short: 'e', value: true},
	{long: []string{"--find-links"}, short: 'f', value: true},
	{long: []string{"--no-binary"}, value: true},
	{long: []string{"--only-binary"}, value: true},
	{long: []string{"--prefer-binary"}},
	{long: []string{"--require-hashes"}},
	{long: []string{"--pre"}},
	{long: []string{"--trusted-host"}, value: true},
	{long: []string{"--use-feature"}, value: true},
	{long: []string{"--global-option"}, value: true, perReq: true},
	{long: []string{"--hash"}, value: true, perReq: true},
	{long: []string{"--config-settings"}, short: 'C', value: true, perReq: true},
}

// parsedOpt is one option of a line, as pip's optparse parser reads it.
type parsedOpt struct {
	spec  *reqOption
	value string
}

// parseOptions reads shell-split option words as Python's optparse does
// with pip's option table: long options may be abbreviated to a unique
// prefix, "--opt=value" and "--opt value" both work, short options take
// their value attached or from the next word, "--" ends the options, and
// other words are returned as leftovers (pip ignores them).
func parseOptions(words []string) ([]parsedOpt, []string, error) {
	var opts []parsedOpt
	var rest []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "--":
			rest = append(rest, words[i+1:]...)
			return opts, rest, nil
		case strings.HasPrefix(w, "--"):
			name, val, explicit := strings.Cut(w, "=")
			spec, err := matchLong(name)
			if err != nil {
				return nil, nil, err
			}
			if !spec.value {
				if explicit {
					return nil, nil, fmt.Errorf("option %s takes no value", spec.long[0])
				}
				opts = append(opts, parsedOpt{spec: spec})
				continue
			}
			if !explicit {
				if i+1 >= len(words) {
					return nil, nil, fmt.Errorf("option %s needs a value", spec.long[0])
				}
				i++
				val = words[i]
			}
			opts = append(opts, parsedOpt{spec: spec, value: val})
		case strings.HasPrefix(w, "-") && len(w) > 1:
			// Every short option of pip's table takes a value.
			spec := matchShort(w[1])
			if spec == nil {
				return nil, nil, fmt.Errorf("no such option: -%c", w[1])
			}
			val := w[2:]
			if val == "" {
				if i+1 >= len(words) {
					return nil, nil, fmt.Errorf("option -%c needs a value", w[1])
				}
				i++
				val = words[i]
			}
			opts = append(opts, parsedOpt{spec: spec, value: val})
		default:
			rest = append(rest, w)
		}
	}
	return opts, rest, nil
}

func matchLong(name string) (*reqOption, error) {
	var matches []*reqOption
	var names []string
	for i := range reqOptions {
		o := &reqOptions[i]
		for _, l := range o.long {
			if l == name {
				return o, nil
			}
			if strings.HasPrefix(l, name) {
				matches = append(matches, o)
				names = append(names, l)
			}
		}
	}
	switch len(matches) {
	case 0:
		return nil, fmt.Errorf("no such option: %s", name)
	case 1:
		return matches[0], nil
	}
	return nil, fmt.Errorf("ambiguous option: %s (%s?)", name, strings.Join(names, ", "))
}

func matchShort(c byte) *reqOption {
	for i := range reqOptions {
		if reqOptions[i].short == c {
			return &reqOptions[i]
		}
	}
	return nil
}

// reqReader reads one requirements file and the files it includes.
type reqReader struct {
	cfg   *config
	lock  *Lock
	stack []string
	count int
}

func (c *config) readRequirements(name string, data []byte) (*Lock, error) {
	r := &reqReader{cfg: c, lock: &Lock{Format: FormatRequirements, Path: name}}
	if err := r.file(name, data, false, Position{File: name}); err != nil {
		return nil, err
	}
	l := r.lock
	if l.Packages == nil {
		l.Packages = []Package{}
	}
	l.HashMode = l.HashMode || l.RequireHashes
	for i := len(l.Sources) - 1; i >= 0; i-- {
		if l.Sources[i].Kind == SourceIndex {
			l.Sources[i].Default = true
			break
		}
	}
	return l, nil
}

func (r *reqReader) file(name string, data []byte, constraint bool, from Position) error {
	if i := slices.Index(r.stack, name); i >= 0 {
		chain := append(slices.Clone(r.stack[i:]), name)
		return &Error{Pos: from, Msg: "include cycle: " + strings.Join(chain, " -> "), Err: ErrIncludeCycle}
	}
	if len(r.stack) >= r.cfg.limits.MaxIncludeDepth {
		return &Error{Pos: from, Msg: fmt.Sprintf("includes nested deeper than %d files", r.cfg.limits.MaxIncludeDepth), Err: ErrLimitExceeded}
	}
	r.count++
	if r.count > r.cfg.limits.MaxFiles {
		return &Error{Pos: from, Msg: fmt.Sprintf("more than %d files included", r.cfg.limits.MaxFiles), Err: ErrLimitExceeded}
	}
	r.stack = append(r.stack, name)
	defer func() { r.stack = r.stack[:len(r.stack)-1] }()
	if !slices.Contains(r.lock.Files, name) {
		r.lock.Files = append(r.lock.Files, name)
	}
	text, err := decodeRequirements(name, data)
	if err != nil {
		return err
	}
	for _, l := range logicalLines(text, r.cfg.env) {
		if err := r.line(name, l, constraint); err != nil {
			return err
		}
	}
	return nil
}

func (r *reqReader) warn(pos Position, msg string) {
	r.lock.Warnings = append(r.lock.Warnings, Warning{Pos: pos, Msg: msg})
}

func (r *reqReader) line(name string, l physLine, constraint bool) error {
	pos := Position{File: name, Line: l.line, Column: l.col}
	args, optText := breakArgsOptions(l.text)
	words, err := shlexSplit(optText)
	if err != nil {
		return &Error{Pos: pos, Msg: fmt.Sprintf("cannot split the options %q: %v", redacted(optText), err)}
	}
	opts, rest, err := parseOptions(words)
	if err != nil {
		return &Error{Pos: pos, Msg: redacted(err.Error())}
	}
	for _, w := range rest {
		r.warn(pos, fmt.Sprintf("argument %q after the options is ignored (pip ignores it)", redacted(w)))
	}
	// Per-requirement options are checked wherever they appear, as pip's
	// option callbacks run for every line.
	var hashes []Hash
	var perReq []Option
	var editables []string
	for _, o := range opts {
		switch o.spec.long[0] {
		case "--hash":
			alg, hex, ok := strings.Cut(o.value, ":")
			if !ok {
				return &Error{Pos: pos, Msg: fmt.Sprintf("--hash %q: expected an algorithm and a digest, like --hash=sha256:<hex>", o.value)}
			}
			if !simpleapi.IsSecureHash(alg) { // pip's STRONG_HASHES
				return &Error{Pos: pos, Msg: fmt.Sprintf("--hash %q: expected one of the algorithms sha256, sha384, sha512", o.value)}
			}
			hashes = append(hashes, Hash{Algorithm: alg, Hex: hex})
		case "--config-settings":
			if !strings.Contains(o.value, "=") {
				return &Error{Pos: pos, Msg: fmt.Sprintf("--config-settings %q: expected KEY=VALUE", redacted(o.value))}
			}
			perReq = append(perReq, Option{Name: o.spec.long[0], Value: o.value, Pos: pos})
		case "--global-option":
			perReq = append(perReq, Option{Name: o.spec.long[0], Value: o.value, Pos: pos})
		case "--no-binary", "--only-binary":
			if strings.HasPrefix(o.value, "-") {
				return &Error{Pos: pos, Msg: fmt.Sprintf("%s: expected a value, found %q", o.spec.long[0], o.value)}
			}
		case "--editable":
			editables = append(editables, o.value)
		}
	}

	switch {
	case args != "":
		for _, o := range opts {
			if !o.spec.perReq {
				r.warn(pos, fmt.Sprintf("option %s on a requirement line is ignored (pip ignores it)", o.spec.long[0]))
			}
		}
		p, err := r.requirement(pos, args)
		if err != nil {
			return err
		}
		p.Constraint = constraint
		p.Hashes = append(p.Hashes, hashes...)
		if len(hashes) > 0 {
			r.lock.HashMode = true
		}
		p.Options = perReq
		return r.add(p)
	case len(editables) > 0:
		for _, o := range opts {
			if o.spec.long[0] != "--editable" {
				r.warn(pos, fmt.Sprintf("option %s on an -e line is ignored (pip ignores it)", o.spec.long[0]))
			}
		}
		p := r.editable(pos, editables[0])
		p.Constraint = constraint
		return r.add(p)
	}

	var include *parsedOpt
	for i, o := range opts {
		if o.spec.long[0] == "--requirement" {
			include = &opts[i]
			break
		}
	}
	if include == nil {
		for i, o := range opts {
			if o.spec.long[0] == "--constraint" {
				include = &opts[i]
				break
			}
		}
	}
	if include != nil {
		for _, o := range opts {
			if &o != include && o.spec != include.spec {
				r.warn(pos, fmt.Sprintf("option %s on an include line is ignored (pip ignores it)", o.spec.long[0]))
			}
		}
		return r.include(name, pos, include.value, include.spec.long[0] == "--constraint")
	}

	foundLinks := false
	for _, o := range opts {
		r.lock.Options = append(r.lock.Options, Option{Name: o.spec.long[0], Value: o.value, Pos: pos})
		switch o.spec.long[0] {
		case "--hash":
			r.warn(pos, "--hash without a requirement is ignored (pip ignores it)")
		case "--require-hashes":
			r.lock.RequireHashes = true
		case "--no-index":
			r.lock.NoIndex = true
		case "--pre":
			r.lock.Pre = true
		case "--index-url":
			r.lock.Sources = append(r.lock.Sources, Source{URL: o.value, Kind: SourceIndex, Pos: pos})
		case "--extra-index-url":
			r.lock.Sources = append(r.lock.Sources, Source{URL: o.value, Kind: SourceExtraIndex, Pos: pos})
		case "--find-links":
			if foundLinks {
				r.warn(pos, "only the first --find-links of a line is used (as pip does)")
				continue
			}
			foundLinks = true
			r.lock.Sources = append(r.lock.Sources, Source{URL: o.value, Kind: SourceFindLinks, Pos: pos})
		case "--trusted-host":
			r.lock.TrustedHosts = append(r.lock.TrustedHosts, o.value)
		}
	}
	return nil
}

func (r *reqReader) add(p Package) error {
	if len(r.lock.Packages) >= r.cfg.limits.MaxPackages {
		return &Error{Pos: p.Pos, Msg: fmt.Sprintf("more than %d requirements", r.cfg.limits.MaxPackages), Err: ErrLimitExceeded}
	}
	r.lock.Packages = append(r.lock.Packages, p)
	return nil
}

var schemeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(http|https|file):`) })

func (r *reqReader) include(from string, pos Position, target string, constraint bool) error {
	flag := "-r"
	if constraint {
		flag = "-c"
	}
	if schemeRE().MatchString(target) {
		return &Error{Pos: pos, Msg: fmt.Sprintf("%s %s: remote requirements files are not read (download it and include the copy)", flag, redacted(target)), Err: ErrInclude}
	}
	if strings.HasPrefix(target, "/") {
		return &Error{Pos: pos, Msg: fmt.Sprintf("%s %s: absolute include paths are not read; use a path relative to %s", flag, target, from), Err: ErrInclude}
	}
	name := path.Join(path.Dir(from), target)
	if !fs.ValidPath(name) {
		return &Error{Pos: pos, Msg: fmt.Sprintf("%s %s: the file is outside the file system the lock is read from", flag, target), Err: ErrInclude}
	}
	if slices.Contains(r.stack, name) {
		return r.file(name, nil, constraint, pos) // reports the cycle
	}
	data, err := openRead(r.cfg.fsys, name, r.cfg.limits.MaxFileBytes, pos)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Pos.Line == 0 {
			e.Pos = pos
		}
		return err
	}
	return r.file(name, data, constraint, pos)
}

// vcsSchemes are the URL schemes pip hands to a VCS backend.
var vcsSchemes = []string{
	"bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file",
	"git+http", "git+https", "git+ssh", "git+git", "git+file",
	"hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http",
	"svn+ssh", "svn+http", "svn+https", "svn+svn", "svn+file",
}

func urlScheme(s string) string {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return ""
	}
	return strings.ToLower(s[:i])
}

// isReqURL is pip's is_url: a scheme pip downloads from or a VCS scheme.
func isReqURL(s string) bool {
	sc := urlScheme(s)
	return sc == "http" || sc == "https" || sc == "file" || sc == "ftp" || slices.Contains(vcsSchemes, sc)
}

// archiveExts are pip's archive extensions (ARCHIVE_EXTENSIONS).
var archiveExts = []string{".zip", ".whl", ".tar.bz2", ".tbz", ".tar.gz", ".tgz", ".tar", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma"}

// isArchiveName is pip's is_archive_file: the extension (with a ".tar"
// before it kept) is an archive extension, in any case.
func isArchiveName(name string) bool {
	base := name
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	ext := ""
	if i := strings.LastIndexByte(base, '.'); i > 0 && strings.Trim(base[:i], ".") != "" {
		ext = base[i:]
		stem := base[:i]
		if strings.HasSuffix(strings.ToLower(stem), ".tar") {
			ext = stem[len(stem)-4:] + ext
		}
	}
	return slices.Contains(archiveExts, strings.ToLower(ext))
}

var extrasRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.+)(\[[^\]]+\])$`) })

var eggRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[#&]egg=([^&]*)`) })

var fragHashRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(sha1|sha224|sha384|sha256|sha512|md5)=([a-f0-9]+)\b`)
})

// fromLink fills a Package for a URL or path requirement: the name from a
// wheel filename or an #egg= fragment, VCS details, fragment hashes.
func fromLink(p *Package, link string, isURL bool) error {
	fname := link
	if isURL {
		fname = urlFilename(link)
		p.URL = link
	} else {
		p.Path = link
		if i := strings.LastIndexByte(fname, '/'); i >= 0 {
			fname = fname[i+1:]
		}
	}
	sc := urlScheme(link)
	if isURL {
		if typ, _, ok := strings.Cut(sc, "+"); ok && slices.Contains(vcsSchemes, sc) {
			p.VCS = &VCS{Type: typ, URL: link}
		}
	}
	if _, frag, ok := strings.Cut(link, "#"); ok {
		for _, m := range fragHashRE().FindAllStringSubmatch(frag, -1) {
			p.Hashes = append(p.Hashes, Hash{Algorithm: m[1], Hex: m[2]})
		}
	}
	if strings.HasSuffix(strings.ToLower(fname), ".whl") && p.VCS == nil {
		d, err := simpleapi.ParseFilename(fname, "")
		if err != nil {
			return err
		}
		p.Name, p.Version, p.Specifier = d.RawName, d.Version.String(), "=="+d.Version.String()
	} else if m := eggRE().FindStringSubmatch(link); m != nil {
		egg := m[1]
		if i := strings.IndexByte(egg, '['); i >= 0 {
			egg = egg[:i]
		}
		p.Name = egg
	}
	p.Pinned = p.VCS == nil && (sc != "file" && isURL || isArchiveName(fname))
	return nil
}

func (r *reqReader) requirement(pos Position, text string) (Package, error) {
	p := Package{Raw: strings.TrimFunc(text, pystr.IsSpace), Pos: pos}
	sep := ";"
	if isReqURL(text) {
		sep = "; "
	}
	name := text
	if before, marker, ok := strings.Cut(text, sep); ok {
		name = before
		marker = strings.TrimFunc(marker, pystr.IsSpace)
		if marker != "" {
			if err := validateMarker(marker); err != nil {
				return p, &Error{Pos: pos, Msg: fmt.Sprintf("invalid marker in %q: %v", redacted(text), err), Err: err}
			}
			p.Marker = marker
		}
	}
	name = strings.TrimFunc(name, pystr.IsSpace)
	if isReqURL(name) {
		if err := fromLink(&p, name, true); err != nil {
			return p, &Error{Pos: pos, Msg: fmt.Sprintf("invalid wheel filename in %q: %v", redacted(name), err), Err: err}
		}
		return p, nil
	}
	looksLikePath := strings.Contains(name, "/") || strings.HasPrefix(name, ".")
	if looksLikePath {
		pth, extras := name, ""
		if m := extrasRE().FindStringSubmatch(name); m != nil {
			pth, extras = m[1], m[2]
		}
		archive := isArchiveName(pth)
		before, _, hasAt := strings.Cut(name, "@")
		if archive && !(hasAt && !(strings.Contains(before, "/") || strings.HasPrefix(before, "."))) {
			if err := fromLink(&p, pth, false); err != nil {
				return p, &Error{Pos: pos, Msg: fmt.Sprintf("invalid wheel filename in %q: %v", name, err), Err: err}
			}
			p.Extras = splitExtras(extras)
			return p, nil
		}
		if !archive {
			if _, err := parseRequirement(name); err != nil {
				// Not a requirement: pip takes it for a local directory.
				p.Path = pth
				p.Extras = splitExtras(extras)
				return p, nil
			}
		}
	}
	req, err := parseRequirement(name)
	if err != nil {
		return p, &Error{Pos: pos, Msg: fmt.Sprintf("invalid requirement %q: %v", redacted(name), unwrapReqError(err)), Err: err}
	}
	p.Name, p.Extras, p.URL = req.name, req.extras, req.url
	if req.url != "" {
		if err := fromLink(&p, req.url, true); err != nil {
			return p, &Error{Pos: pos, Msg: fmt.Sprintf("invalid wheel filename in %q: %v", redacted(name), err), Err: err}
		}
		p.Name = req.name
		p.Version, p.Specifier = "", ""
		return p, nil
	}
	p.Specifier = req.spec.String()
	p.Version, p.Pinned = pinnedVersion(req.spec)
	return p, nil
}

func splitExtras(s string) []string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, e := range strings.Split(s, ",") {
		out = append(out, strings.ToLower(strings.TrimSpace(e)))
	}
	return out
}

func (r *reqReader) editable(pos Position, value string) Package {
	p := Package{Raw: value, Editable: true, Pos: pos}
	link, extras := value, ""
	if m := extrasRE().FindStringSubmatch(value); m != nil {
		link, extras = m[1], m[2]
	}
	if isReqURL(link) {
		_ = fromLink(&p, link, true)
	} else {
		p.Path = link
	}
	p.Extras = splitExtras(extras)
	p.Pinned = false
	p.Version, p.Specifier = "", ""
	return p
}
