package simpleapi

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/safeindex/safeindex/pep440"
)

// Kind is the kind of a distribution file, from its extension.
type Kind int

// The kinds of distribution files.
const (
	KindUnknown Kind = iota // not a distribution format this package knows
	KindWheel               // .whl (PEP 427, binary distribution format)
	KindSdist               // source distribution: .tar.gz, .zip, or a legacy archive
	KindEgg                 // .egg (setuptools); recognized, not installable
	KindWininst             // .exe (bdist_wininst); recognized, not installable
)

// String returns "wheel", "sdist", "egg", "wininst" or "unknown".
func (k Kind) String() string {
	switch k {
	case KindWheel:
		return "wheel"
	case KindSdist:
		return "sdist"
	case KindEgg:
		return "egg"
	case KindWininst:
		return "wininst"
	}
	return "unknown"
}

// sdistExt returns the source archive extension filename ends with, or
// "": the extensions pip unpacks, longest first where one is a suffix of
// another. PEP 625 allows only .tar.gz (and PyPI still accepts .zip); the
// others are legacy.
func sdistExt(filename string) string {
	for _, ext := range [...]string{
		".tar.gz", ".zip", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar.lzma",
		".tar.lz", ".tlz", ".tgz", ".tar",
	} {
		if strings.HasSuffix(filename, ext) {
			return ext
		}
	}
	return ""
}

// Dist is a parsed distribution filename.
//
// # Wheels
//
// {name}-{version}[-{build}]-{python}-{abi}-{platform}.whl (PEP 427 and
// the binary distribution format specification). The stem must hold
// exactly 4 or 5 hyphens; the name may use Unicode letters, digits, '_'
// and '.', without "__"; the build tag starts with a digit; each tag field
// may be a '.'-joined compressed set, expanded into Tags. This is the
// algorithm of pypa/packaging 26.x parse_wheel_filename, except that the
// name is normalized with [NormalizeName] (ASCII case folding only).
//
// # Source distributions
//
// {name}-{version}.tar.gz (PEP 625), .zip, and the legacy archives pip
// unpacks (.tar.bz2, .tbz, .tar.xz, .txz, .tar.lzma, .tar.lz, .tlz, .tgz,
// .tar). Legacy names may hold hyphens in the name and in the version, so
// the split is ambiguous: given the project name, the name part is the
// shortest hyphen-delimited prefix that normalizes to it (pip's rule);
// without it, the split is at the last hyphen (packaging's
// parse_sdist_filename).
type Dist struct {
	// Filename is the name that was parsed.
	Filename string
	// Kind is the distribution kind, from the extension.
	Kind Kind
	// Ext is the extension, with its dot: ".whl", ".tar.gz", ...
	Ext string
	// Name is the project name, normalized ([NormalizeName]).
	Name string
	// RawName is the name part as written in the filename.
	RawName string
	// Version is the parsed version; the zero Version when RawVersion is
	// not valid PEP 440 (and the error says so).
	Version pep440.Version
	// RawVersion is the version part as written in the filename.
	RawVersion string
	// Build is the wheel build tag; Build.Number is empty when absent.
	Build BuildTag
	// Tags is the expanded compressed tag set of a wheel, in filename
	// order (interpreters, then ABIs, then platforms), lower-cased.
	Tags []Tag
	// PyVersion is the "X.Y" of a legacy "-pyX.Y" suffix on a non-wheel
	// (an egg's, or pip's rule for old sdists), when present.
	PyVersion string
}

// Legacy reports whether an sdist's name does not follow PEP 625: an
// archive format other than .tar.gz and .zip, a name part other than the
// normalized name with '-' replaced by '_', a version not in canonical
// form, or a "-pyX.Y" suffix. Such names are split by pip's rule, which
// needs the project name (see [ParseFilename]).
func (d *Dist) Legacy() bool {
	if d.Kind != KindSdist {
		return false
	}
	return d.Ext != ".tar.gz" && d.Ext != ".zip" ||
		d.RawName != strings.ReplaceAll(d.Name, "-", "_") ||
		d.RawVersion != d.Version.String() ||
		d.PyVersion != ""
}

// BuildTag is a wheel build tag: leading digits, then any text. Wheels that
// are otherwise identical sort by (Number, Suffix); a wheel without a build
// tag sorts first.
type BuildTag struct {
	Number pep440.Number // the leading digits; empty when there is no build tag
	Suffix string        // the rest of the build tag
}

// Compare orders build tags as the wheel specification says: absent
// first, then by number, then by suffix (as strings).
func (b BuildTag) Compare(c BuildTag) int {
	switch {
	case b.Number == "" && c.Number == "":
		return 0
	case b.Number == "":
		return -1
	case c.Number == "":
		return 1
	}
	if n := b.Number.Compare(c.Number); n != 0 {
		return n
	}
	return strings.Compare(b.Suffix, c.Suffix)
}

// String returns the build tag as Number followed by Suffix (leading
// zeros of the number are not kept), or "" when absent.
func (b BuildTag) String() string {
	if b.Number == "" {
		return ""
	}
	return string(b.Number) + b.Suffix
}

// Tag is one PEP 425 compatibility tag.
type Tag struct {
	Interpreter, ABI, Platform string
}

// String returns "interpreter-abi-platform".
func (t Tag) String() string { return t.Interpreter + "-" + t.ABI + "-" + t.Platform }

// ParseFilename parses a distribution filename (see [Dist] for the
// grammar). project is the name of the project whose page listed the file,
// or "" when unknown; when given, a legacy sdist name is split against it,
// and a file for another project is an error.
//
// The error is a [*FilenameError] matching [ErrInvalidFilename]; when only
// the version is not PEP 440, it also matches pep440.ErrInvalidVersion, and
// the returned Dist is still filled in (Kind, Name, RawVersion...), so a
// caller can report or keep such a file. Nothing is dropped silently.
func ParseFilename(filename, project string) (Dist, error) {
	d := Dist{Filename: filename}
	fail := func(reason string, err error) (Dist, error) {
		return d, &FilenameError{Filename: filename, Reason: reason, Err: err}
	}
	if len(filename) > MaxFilenameLen {
		return fail(fmt.Sprintf("longer than %d bytes", MaxFilenameLen), ErrLimitExceeded)
	}
	if !utf8.ValidString(filename) {
		return fail("invalid UTF-8", nil)
	}
	var err error
	switch {
	case strings.HasSuffix(filename, ".whl"):
		d.Kind, d.Ext = KindWheel, ".whl"
		err = d.parseWheel()
	case strings.HasSuffix(filename, ".egg"):
		d.Kind, d.Ext = KindEgg, ".egg"
		err = d.parseEgg()
	case strings.HasSuffix(filename, ".exe"):
		d.Kind, d.Ext = KindWininst, ".exe"
		return fail("bdist_wininst installers are not parsed", nil)
	default:
		d.Ext = sdistExt(filename)
		if d.Ext == "" {
			return fail("not a wheel, sdist or egg (unknown extension)", nil)
		}
		d.Kind = KindSdist
		err = d.parseSdist(project)
	}
	if err != nil {
		return d, err
	}
	if project != "" && d.Name != NormalizeName(project) {
		return fail(fmt.Sprintf("file is for project %q, not %q", d.Name, NormalizeName(project)), nil)
	}
	return d, nil
}

func (d *Dist) errorf(err error, format string, args ...any) error {
	return &FilenameError{Filename: d.Filename, Reason: fmt.Sprintf(format, args...), Err: err}
}

func (d *Dist) setVersion(raw string) error {
	d.RawVersion = raw
	v, err := pep440.Parse(raw)
	if err != nil {
		return d.errorf(err, "version %q is not PEP 440", raw)
	}
	d.Version = v
	return nil
}

func (d *Dist) parseWheel() error {
	stem := strings.TrimSuffix(d.Filename, ".whl")
	dashes := strings.Count(stem, "-")
	if dashes != 4 && dashes != 5 {
		return d.errorf(nil, "want 4 or 5 '-' in a wheel name, found %d", dashes)
	}
	parts := strings.SplitN(stem, "-", dashes-1)
	d.RawName = parts[0]
	if !validWheelName(d.RawName) {
		return d.errorf(nil, "invalid project name %q", d.RawName)
	}
	d.Name = NormalizeName(d.RawName)
	verErr := d.setVersion(parts[1])
	if dashes == 5 {
		b := parts[2]
		n := 0
		for n < len(b) && '0' <= b[n] && b[n] <= '9' {
			n++
		}
		if n == 0 {
			return d.errorf(nil, "build tag %q does not start with a digit", b)
		}
		num := strings.TrimLeft(b[:n], "0")
		if num == "" {
			num = "0"
		}
		d.Build = BuildTag{Number: pep440.Number(num), Suffix: b[n:]}
	}
	tags, err := parseTagSet(parts[len(parts)-1])
	if err != nil {
		return d.errorf(err, "invalid tag set %q", parts[len(parts)-1])
	}
	d.Tags = tags
	return verErr
}

// validWheelName checks packaging's rule for the name part of a wheel:
// Unicode word characters and '.', at least one, and no "__".
func validWheelName(s string) bool {
	if s == "" || strings.Contains(s, "__") {
		return false
	}
	for _, r := range s {
		if r != '_' && r != '.' && !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			return false
		}
	}
	return true
}

// parseTagSet expands a compressed tag set "py2.py3-none-any".
func parseTagSet(s string) ([]Tag, error) {
	if n := strings.Count(s, "-") + 1; n != 3 {
		return nil, fmt.Errorf("want 3 fields, found %d", n)
	}
	f0, rest, _ := strings.Cut(s, "-")
	f1, f2, _ := strings.Cut(rest, "-")
	// strings.ToLower returns its argument when there is nothing to
	// lower, and the components are cut in place: a wheel's tags cost one
	// allocation, the result.
	fields := [3]string{strings.ToLower(f0), strings.ToLower(f1), strings.ToLower(f2)}
	n := 1
	for i, f := range fields {
		if f == "" || f[0] == '.' || f[len(f)-1] == '.' || strings.Contains(f, "..") {
			return nil, fmt.Errorf("empty component in %q", [3]string{f0, f1, f2}[i])
		}
		n *= strings.Count(f, ".") + 1
		if n > MaxWheelTags {
			return nil, fmt.Errorf("%w: more than %d tags", ErrLimitExceeded, MaxWheelTags)
		}
	}
	for r, more := fields[0], true; more; {
		var interp string
		interp, r, more = strings.Cut(r, ".")
		if !isIdentifier(interp) {
			return nil, fmt.Errorf("interpreter %q is not an identifier", interp)
		}
	}
	tags := make([]Tag, 0, n)
	for ri, mi := fields[0], true; mi; {
		var i string
		i, ri, mi = strings.Cut(ri, ".")
		for ra, ma := fields[1], true; ma; {
			var a string
			a, ra, ma = strings.Cut(ra, ".")
			for rp, mp := fields[2], true; mp; {
				var p string
				p, rp, mp = strings.Cut(rp, ".")
				tags = append(tags, Tag{i, a, p})
			}
		}
	}
	return tags, nil
}

// isIdentifier approximates Python's str.isidentifier (XID_Start or '_',
// then XID_Continue).
func isIdentifier(s string) bool {
	for i, r := range s {
		start := r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r)
		if i == 0 && !start {
			return false
		}
		if !start && !unicode.IsDigit(r) && !unicode.In(r, unicode.Mn, unicode.Mc, unicode.Pc, unicode.Nd) {
			return false
		}
	}
	return s != ""
}

func (d *Dist) parseSdist(project string) error {
	stem := strings.TrimSuffix(d.Filename, d.Ext)
	if project == "" {
		// packaging: split at the last hyphen.
		i := strings.LastIndexByte(stem, '-')
		if i < 0 {
			return d.errorf(nil, "no '-' between name and version")
		}
		if i == 0 {
			return d.errorf(nil, "empty project name")
		}
		d.RawName, d.Name = stem[:i], NormalizeName(stem[:i])
		return d.setVersion(stem[i+1:])
	}
	// pip: the first hyphen whose prefix normalizes to the project name.
	want := NormalizeName(project)
	sep := -1
	for i := 0; i < len(stem); i++ {
		if stem[i] == '-' && NormalizeName(stem[:i]) == want {
			sep = i
			break
		}
	}
	if sep < 0 {
		// Report what the generic split finds, for the caller's message.
		if i := strings.LastIndexByte(stem, '-'); i > 0 {
			d.RawName, d.Name, d.RawVersion = stem[:i], NormalizeName(stem[:i]), stem[i+1:]
		}
		return d.errorf(nil, "name part does not match project %q", want)
	}
	d.RawName, d.Name = stem[:sep], want
	ver := stem[sep+1:]
	if ver == "" {
		return d.errorf(nil, "empty version")
	}
	ver, d.PyVersion = cutPySuffix(ver)
	return d.setVersion(ver)
}

// cutPySuffix removes a trailing "-pyX" or "-pyX.Y" (X in 1-3) marker, as
// pip does for legacy archives.
func cutPySuffix(v string) (rest, py string) {
	i := strings.LastIndex(v, "-py")
	if i < 0 {
		return v, ""
	}
	s := v[i+3:]
	ok := len(s) >= 1 && s[0] >= '1' && s[0] <= '3'
	switch {
	case !ok:
	case len(s) == 1:
	case len(s) == 2:
		ok = s[1] == '.' || '0' <= s[1] && s[1] <= '9'
	case len(s) == 3:
		ok = s[1] == '.' && '0' <= s[2] && s[2] <= '9'
	default:
		ok = false
	}
	if !ok {
		return v, ""
	}
	return v[:i], s
}

// parseEgg reads {name}-{version}[-py{X.Y}[-{platform}]].egg; egg names
// escape '-' as '_', so the split is not ambiguous.
func (d *Dist) parseEgg() error {
	parts := strings.Split(strings.TrimSuffix(d.Filename, ".egg"), "-")
	if len(parts) < 2 || parts[0] == "" {
		return d.errorf(nil, "want {name}-{version}[-pyX.Y[-platform]].egg")
	}
	d.RawName, d.Name = parts[0], NormalizeName(parts[0])
	if len(parts) >= 3 {
		d.PyVersion = strings.TrimPrefix(parts[2], "py")
	}
	return d.setVersion(parts[1])
}
