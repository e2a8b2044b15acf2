package pep440

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/safeindex/safeindex/internal/pystr"
)

// Version is a parsed PEP 440 version.
//
// A Version is a small value: copy it freely. It keeps its canonical string
// (packaging's str(Version(s))) and a precomputed comparison key, so String
// costs nothing and Compare does not allocate.
//
// The zero Version is the version "0".
//
// Two Versions compare equal with Compare (or Equal) when PEP 440 says they
// are the same version: "1.0" and "1.0.0" are equal. The == operator on
// Version values compares the canonical spelling as well, so "1.0" and
// "1.0.0" are == unequal; use Equal for PEP 440 equality.
type Version struct {
	// d is the canonical form followed by the comparison key (see
	// keyLongNum); "" for the zero Version. One string, one allocation.
	d     string
	n     uint32 // len of the canonical form in d
	pub   uint32 // len(key) before the local segment's part
	rel   uint32 // len(key) through the pre-release segment's part
	pfx   uint64 // the key's first 8 bytes, big-endian, zero padded
	flags uint8
}

// str returns the canonical form, "" for the zero Version.
func (v *Version) str() string { return v.d[:v.n] }

const (
	flagPost  = 1 << iota // has a post-release segment
	flagDev               // has a dev-release segment
	flagLocal             // has a local segment
	flagPre               // has a pre-release segment (a, b, rc)
)

// Pre-release kinds, as returned by Version.Pre.
const (
	PreAlpha = "a"
	PreBeta  = "b"
	PreRC    = "rc"
)

// maxDigits is the longest number packaging accepts: CPython refuses to
// convert a string of more than 4300 digits to an int (sys.int_info's
// default_max_str_digits), and packaging surfaces that as an error.
const maxDigits = 4300

// The comparison key of a version is a byte string whose plain byte
// order is PEP 440 order, so that Compare is one memcmp. It encodes
// packaging's _cmpkey tuple, each element self-delimiting:
//
//	epoch        number
//	release      (0x02 number)* 0x01      trailing zero components dropped
//	pre          0x00 dev-only | 0x01 number (a) | 0x02 number (b) | 0x03 number (rc) | 0x04 none
//	post         0x00 none | 0x01 number
//	dev          0x00 number | 0x01 none
//	local        0x00 none | 0x01 (0x02 letters 0x00 | 0x03 number)* 0x01
//
// A number is its canonical digits (no leading zeros) after their count:
// zero is the byte 0 alone; a number of n < keyLongNum digits is the byte
// n, then the digits; a longer one is the byte keyLongNum, two bytes
// giving n, then the digits. So numbers order by length, then digits,
// which is their order by value. The digits are those of the canonical
// form, so both are written by one copy, with no conversion to binary.
const keyLongNum = 250

// zeroKey is the key of the version "0", which the zero Version is.
const zeroKey = "\x00" + "\x01" + "\x04" + "\x00" + "\x01" + "\x00"

// Parse parses a version string in any spelling PEP 440 allows: surrounding
// whitespace, a leading "v", upper case, alternative spellings of the
// pre-release, post-release and dev-release markers, implicit numbers and
// separators. The result's String method gives the canonical form.
//
// Parse accepts exactly the inputs pypa/packaging 26.x accepts. An invalid
// input gives a *VersionError that matches ErrInvalidVersion.
func Parse(s string) (Version, error) {
	if d, n, pub, rel, pfx, flags, ok := parseFast(s); ok {
		return Version{d: d, n: n, pub: pub, rel: rel, pfx: pfx, flags: flags}, nil
	}
	var p parser
	return p.parse(s)
}

// MustParse is like Parse but panics on an invalid version. It is meant
// for versions written in source code and tests, never for input.
func MustParse(s string) Version {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// parser holds the state of one Parse call.
type parser struct {
	in string // the whole input, for errors
	s  string // the input with surrounding whitespace removed
	i  int
	v  Version
}

func (p *parser) fail(reason string) (Version, error) {
	return Version{}, &VersionError{Version: p.in, Offset: p.offset(), Reason: reason}
}

// offset returns the byte offset of p.i in the original input.
func (p *parser) offset() int {
	lead := strings.Index(p.in, p.s)
	if lead < 0 {
		lead = 0
	}
	return lead + p.i
}

func (p *parser) parse(in string) (Version, error) {
	p.in = in
	p.s = trimPySpace(in)
	// The canonical form and the key are built in buffers on the stack.
	var arr, karr [96]byte
	buf, kb := arr[:0], karr[:0]
	s := p.s
	if s == "" {
		if in == "" {
			return p.fail("empty string")
		}
		return p.fail("only whitespace")
	}
	if s[0] == 'v' || s[0] == 'V' {
		p.i++
	}

	// Epoch and release: [N!]N(.N)*
	first, ok := p.digits()
	if !ok {
		return p.fail("expected a release number")
	}
	if p.i < len(s) && s[p.i] == '!' {
		p.i++
		d, err := p.number(first)
		if err != "" {
			return p.fail(err)
		}
		if d != "0" {
			buf = append(buf, d...)
			buf = append(buf, '!')
		}
		kb = appendNum(kb, d)
		if first, ok = p.digits(); !ok {
			return p.fail("expected a release number after the epoch")
		}
	} else {
		kb = append(kb, 0) // epoch 0
	}
	trimmed := len(kb) // key length without trailing zero components
	for comp, n := first, 0; ; n++ {
		d, err := p.number(comp)
		if err != "" {
			return p.fail(err)
		}
		if n > 0 {
			buf = append(buf, '.')
		}
		buf = append(buf, d...)
		kb = append(kb, 2)
		kb = appendNum(kb, d)
		if d != "0" {
			trimmed = len(kb)
		}
		// Possessive: a dot followed by a digit always continues the release.
		if p.i+1 < len(s) && s[p.i] == '.' && isDigit(s[p.i+1]) {
			p.i++
			comp, _ = p.digits()
			continue
		}
		break
	}
	kb = append(kb[:trimmed], 1)
	preAt := len(kb)
	kb = append(kb, 4) // no pre-release, unless one follows

	// Pre-release: [sep](alpha|a|beta|b|preview|pre|c|rc)[sep][N]
	{
		j := p.i
		if j < len(s) && isSep(s[j]) {
			j++
		}
		if kind, n := matchPre(s[j:]); n > 0 {
			p.i = j + n
			if p.i < len(s) && isSep(s[p.i]) {
				p.i++
			}
			num, _ := p.digits()
			d, err := p.number(num)
			if err != "" {
				return p.fail(err)
			}
			p.v.flags |= flagPre
			switch kind {
			case PreAlpha:
				kb[preAt] = 1
			case PreBeta:
				kb[preAt] = 2
			default:
				kb[preAt] = 3
			}
			kb = appendNum(kb, d)
			buf = append(buf, kind...)
			buf = append(buf, d...)
		}
	}
	p.v.rel = uint32(len(kb))

	// Post-release: -N | [sep](post|rev|r)[sep][N]
	{
		j := p.i
		var num string
		found := false
		if j+1 < len(s) && s[j] == '-' && isDigit(s[j+1]) {
			p.i = j + 1
			num, _ = p.digits()
			found = true
		} else {
			if j < len(s) && isSep(s[j]) {
				j++
			}
			if n := matchPost(s[j:]); n > 0 {
				p.i = j + n
				if p.i < len(s) && isSep(s[p.i]) {
					p.i++
				}
				num, _ = p.digits()
				found = true
			}
		}
		if found {
			d, err := p.number(num)
			if err != "" {
				return p.fail(err)
			}
			p.v.flags |= flagPost
			kb = append(kb, 1)
			kb = appendNum(kb, d)
			buf = append(buf, ".post"...)
			buf = append(buf, d...)
		} else {
			kb = append(kb, 0)
		}
	}

	// Dev-release: [sep]dev[sep][N]
	{
		j := p.i
		if j < len(s) && isSep(s[j]) {
			j++
		}
		if hasPrefixFold(s[j:], "dev") {
			p.i = j + 3
			if p.i < len(s) && isSep(s[p.i]) {
				p.i++
			}
			num, _ := p.digits()
			d, err := p.number(num)
			if err != "" {
				return p.fail(err)
			}
			p.v.flags |= flagDev
			kb = append(kb, 0)
			kb = appendNum(kb, d)
			buf = append(buf, ".dev"...)
			buf = append(buf, d...)
		} else {
			kb = append(kb, 1)
		}
	}
	if p.v.flags&(flagPre|flagPost|flagDev) == flagDev {
		kb[preAt] = 0 // a dev-only release sorts before every pre-release
	}
	p.v.pub = uint32(len(kb))

	// Local: +label([sep]label)*
	if p.i < len(s) && s[p.i] == '+' {
		p.i++
		buf = append(buf, '+')
		kb = append(kb, 1)
		for {
			j := p.i
			for j < len(s) && isAlnum(s[j]) {
				j++
			}
			if j == p.i {
				return p.fail("expected a local version label of ASCII letters and digits")
			}
			label := s[p.i:j]
			if allDigits(label) {
				if len(label) > maxDigits {
					return p.fail("local version label has more than 4300 digits")
				}
				d := trimZeros(label)
				buf = append(buf, d...)
				kb = append(kb, 3)
				kb = appendNum(kb, d)
			} else {
				at := len(buf)
				buf = appendLower(buf, label)
				kb = append(kb, 2)
				kb = append(kb, buf[at:]...)
				kb = append(kb, 0)
			}
			p.i = j
			if p.i+1 < len(s) && isSep(s[p.i]) && isAlnum(s[p.i+1]) {
				p.i++
				buf = append(buf, '.')
				continue
			}
			break
		}
		kb = append(kb, 1)
		p.v.flags |= flagLocal
	} else {
		kb = append(kb, 0)
	}

	if p.i != len(s) {
		return p.fail(p.unexpected())
	}
	// One allocation holds both strings.
	var b strings.Builder
	b.Grow(len(buf) + len(kb))
	b.Write(buf)
	b.Write(kb)
	p.v.d, p.v.n = b.String(), uint32(len(buf))
	p.v.pfx = keyPrefix(kb)
	return p.v, nil
}

// unexpected describes the byte at p.i, where parsing stopped.
func (p *parser) unexpected() string {
	s := p.s
	if j := strings.IndexFunc(s[p.i:], func(r rune) bool { return r >= 0x80 && !pystr.IsSpace(r) }); j >= 0 {
		p.i += j // the likely culprit: report it and where it is
		return "non-ASCII character " + strconv.QuoteRune([]rune(s[p.i:])[0])
	}
	c := s[p.i]
	switch {
	case c == '+':
		return "a second local version segment"
	case pystr.IsSpace(rune(c)):
		return "whitespace inside the version"
	case isSep(c) && p.i+1 == len(s):
		return "trailing " + strconv.QuoteRune(rune(c))
	case isSep(c) && p.i+1 < len(s) && isSep(s[p.i+1]):
		return "two separators in a row"
	}
	rest := s[p.i:]
	if len(rest) > 16 {
		rest = rest[:16] + "..."
	}
	return "unexpected " + strconv.Quote(rest) + " (segments must come in the order epoch!release, pre, post, dev, +local)"
}

// digits consumes a run of ASCII digits.
func (p *parser) digits() (string, bool) {
	s, i := p.s, p.i
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	p.i = j
	return s[i:j], j > i
}

// number checks a run of digits (possibly empty, meaning 0) and returns
// it without leading zeros. err is non-empty when the number is longer than
// packaging accepts.
func (p *parser) number(d string) (string, string) {
	if len(d) > maxDigits {
		return "", "number has more than 4300 digits"
	}
	return trimZeros(d), ""
}

// appendNum appends the key encoding of canonical digits d (see
// keyLongNum).
func appendNum(b []byte, d string) []byte {
	switch {
	case d == "0":
		return append(b, 0)
	case len(d) < keyLongNum:
		b = append(b, byte(len(d)))
	default:
		b = append(b, keyLongNum, byte(len(d)>>8), byte(len(d)))
	}
	return append(b, d...)
}

// matchPre matches a pre-release marker at the start of s, trying the
// spellings in the order packaging's pattern lists them. It returns the
// canonical kind and the length matched, or 0.
func matchPre(s string) (string, int) {
	if s == "" {
		return "", 0
	}
	switch s[0] | 0x20 {
	case 'a':
		if hasPrefixFold(s, "alpha") {
			return PreAlpha, 5
		}
		return PreAlpha, 1
	case 'b':
		if hasPrefixFold(s, "beta") {
			return PreBeta, 4
		}
		return PreBeta, 1
	case 'p':
		if hasPrefixFold(s, "preview") {
			return PreRC, 7
		}
		if hasPrefixFold(s, "pre") {
			return PreRC, 3
		}
	case 'c':
		return PreRC, 1
	case 'r':
		if hasPrefixFold(s, "rc") {
			return PreRC, 2
		}
	}
	return "", 0
}

// matchPost matches a post-release marker (post, rev, r) at the start of s.
func matchPost(s string) int {
	switch {
	case hasPrefixFold(s, "post"):
		return 4
	case hasPrefixFold(s, "rev"):
		return 3
	case hasPrefixFold(s, "r"):
		return 1
	}
	return 0
}

// hasPrefixFold reports whether s starts with prefix, a lower-case ASCII
// word, in any case. (For letters, c|0x20 is the lower-case letter, and no
// other byte maps onto one.)
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if s[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isSep(c byte) bool   { return c == '.' || c == '-' || c == '_' }
func isAlnum(c byte) bool {
	return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// trimZeros removes leading zeros from a digit string; "" and "000" give "0".
func trimZeros(d string) string {
	for len(d) > 1 && d[0] == '0' {
		d = d[1:]
	}
	if d == "" {
		return "0"
	}
	return d
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// trimPySpace removes leading and trailing Python whitespace.
func trimPySpace(s string) string {
	if s != "" && s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return s // the common case: nothing to trim
	}
	return strings.TrimFunc(s, pystr.IsSpace)
}

// String returns the canonical form of v, exactly as pypa/packaging's
// str(Version(s)) prints it: epoch only when not zero, release numbers
// without leading zeros but with trailing zero components kept, then
// "aN", "bN" or "rcN", ".postN", ".devN" and "+local" with lower-case,
// dot-separated labels.
func (v Version) String() string {
	if v.d == "" {
		return "0"
	}
	return v.d[:v.n]
}

// canonical returns v.String() without allocating for the zero Version.
func (v Version) canonical() string { return v.String() }

// IsPrerelease reports whether v is a pre-release in packaging's sense: it
// has a pre-release segment (a, b, rc) or a dev-release segment. So
// "1.0.post1.dev1" is a pre-release and "1.0+dev" is not.
func (v Version) IsPrerelease() bool { return v.flags&(flagPre|flagDev) != 0 }

// IsPostrelease reports whether v has a post-release segment.
func (v Version) IsPostrelease() bool { return v.flags&flagPost != 0 }

// IsDevrelease reports whether v has a dev-release segment.
func (v Version) IsDevrelease() bool { return v.flags&flagDev != 0 }

// IsLocal reports whether v has a local segment ("+ubuntu.1").
func (v Version) IsLocal() bool { return v.flags&flagLocal != 0 }

// Number is a non-negative integer of any size in canonical decimal form:
// ASCII digits without leading zeros ("0" for zero). Versions may hold
// numbers larger than any Go integer type (packaging accepts
// "1.100000000000000000000000000000"), so accessors return Numbers.
type Number string

// Uint64 returns n as a uint64, and false when n does not fit.
func (n Number) Uint64() (uint64, bool) {
	u, err := strconv.ParseUint(string(n), 10, 64)
	if err != nil {
		return 0, false
	}
	return u, true
}

// Compare compares two Numbers by value, returning -1, 0 or +1.
func (n Number) Compare(m Number) int { return cmpDigits(string(n), string(m)) }

// String returns the digits of n.
func (n Number) String() string { return string(n) }

// Epoch returns the epoch, 0 when the version has none.
func (v Version) Epoch() Number { return Number(v.split().epoch) }

// Release returns the release components as written, trailing zeros kept:
// "1.2.0" gives [1 2 0].
func (v Version) Release() []Number {
	rel := v.split().rel
	out := make([]Number, 0, strings.Count(rel, ".")+1)
	for rel != "" {
		i := strings.IndexByte(rel, '.')
		if i < 0 {
			out = append(out, Number(rel))
			break
		}
		out = append(out, Number(rel[:i]))
		rel = rel[i+1:]
	}
	return out
}

// Major returns the first release component.
func (v Version) Major() Number { return v.component(0) }

// Minor returns the second release component, or 0.
func (v Version) Minor() Number { return v.component(1) }

// Micro returns the third release component, or 0.
func (v Version) Micro() Number { return v.component(2) }

func (v Version) component(i int) Number {
	rel := v.split().rel
	for ; i > 0; i-- {
		j := strings.IndexByte(rel, '.')
		if j < 0 {
			return "0"
		}
		rel = rel[j+1:]
	}
	if j := strings.IndexByte(rel, '.'); j >= 0 {
		rel = rel[:j]
	}
	return Number(rel)
}

// Pre returns the pre-release segment: its kind (PreAlpha, PreBeta or
// PreRC) and number, and whether the version has one.
func (v Version) Pre() (kind string, n Number, ok bool) {
	p := v.split()
	if p.preKind == "" {
		return "", "", false
	}
	return p.preKind, Number(p.pre), true
}

// Post returns the post-release number and whether the version has one.
func (v Version) Post() (Number, bool) {
	p := v.split()
	return Number(p.post), p.hasPost
}

// Dev returns the dev-release number and whether the version has one.
func (v Version) Dev() (Number, bool) {
	p := v.split()
	return Number(p.dev), p.hasDev
}

// Local returns the normalized local segment without its "+" ("ubuntu.1"),
// or "" when there is none.
func (v Version) Local() string { return v.split().local }

// Public returns v without its local segment, as packaging's
// Version.public does (as a Version rather than a string).
func (v Version) Public() Version {
	if !v.IsLocal() {
		return v
	}
	s := v.str()[:strings.IndexByte(v.str(), '+')]
	w, err := Parse(s)
	if err != nil {
		panic("pep440: internal error: " + err.Error())
	}
	return w
}

// BaseVersion returns the epoch and release of v only, as packaging's
// Version.base_version does: "1!2.0rc1.post3+x" gives "1!2.0".
func (v Version) BaseVersion() Version {
	if v.flags&(flagPre|flagPost|flagDev|flagLocal) == 0 {
		return v
	}
	p := v.split()
	n := len(p.rel)
	if p.epoch != "0" {
		n += len(p.epoch) + 1
	}
	w, err := Parse(v.str()[:n])
	if err != nil {
		panic("pep440: internal error: " + err.Error())
	}
	return w
}

// Canonical returns the form packaging's canonicalize_version gives with
// its default strip_trailing_zero=True: String without trailing zero
// release components ("1.0.0" gives "1", "1.0+abc" gives "1+abc"). Two
// versions are Equal exactly when their Canonical forms are equal. Use it
// as a map key for PEP 440 equality, and to compare the version in a
// filename with a project's version.
func (v Version) Canonical() string {
	p := v.split()
	rel := p.rel
	for strings.HasSuffix(rel, ".0") {
		rel = rel[:len(rel)-2]
	}
	if len(rel) == len(p.rel) {
		return v.String()
	}
	head := 0
	if p.epoch != "0" {
		head = len(p.epoch) + 1
	}
	return v.str()[:head] + rel + v.str()[head+len(p.rel):]
}

// Equal reports whether v and w are the same version under PEP 440
// ordering (Compare(v, w) == 0).
func (v Version) Equal(w Version) bool { return Compare(v, w) == 0 }

// Compare returns -1, 0 or +1 as v sorts before, with, or after w.
func (v Version) Compare(w Version) int { return Compare(v, w) }

// MarshalText implements encoding.TextMarshaler with the canonical form.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with Parse.
func (v *Version) UnmarshalText(b []byte) error {
	w, err := Parse(string(b))
	if err != nil {
		return err
	}
	*v = w
	return nil
}

// parts are the segments of a canonical version string.
type parts struct {
	epoch, rel, pre, post, dev, local string
	preKind                           string
	hasPost, hasDev, hasLocal         bool
}

// split cuts the canonical string of v into its segments without
// allocating.
func (v Version) split() parts {
	s := v.canonical()
	var p parts
	p.epoch = "0"
	if i := strings.IndexByte(s, '+'); i >= 0 {
		p.local, p.hasLocal = s[i+1:], true
		s = s[:i]
	}
	if i := strings.IndexByte(s, '!'); i >= 0 {
		p.epoch = s[:i]
		s = s[i+1:]
	}
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == '.' && i+1 < len(s) && isDigit(s[i+1])) {
		i++
	}
	p.rel, s = s[:i], s[i:]
	if s != "" && s[0] != '.' {
		kind := s[:1]
		if kind == "r" {
			kind = "rc"
		}
		s = s[len(kind):]
		j := 0
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		p.preKind, p.pre, s = kind, s[:j], s[j:]
	}
	if strings.HasPrefix(s, ".post") {
		s = s[5:]
		j := 0
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		p.post, p.hasPost, s = s[:j], true, s[j:]
	}
	if strings.HasPrefix(s, ".dev") {
		p.dev, p.hasDev = s[4:], true
	}
	return p
}

// keyPrefix returns the first 8 bytes of a key as a big-endian number,
// padded with zeros. Padding keeps the order: when one key is a prefix of
// the other, their prefixes are equal or the shorter one's is lower, and
// equal prefixes fall back to comparing the keys.
func keyPrefix(k []byte) uint64 {
	var b [8]byte
	copy(b[:], k)
	return binary.BigEndian.Uint64(b[:])
}

// zeroPfx is the key prefix of the version "0".
func zeroPfx() uint64 { return keyPrefix([]byte(zeroKey)) }

// prefix returns the key prefix, that of "0" for the zero Version.
func (v *Version) prefix() uint64 {
	if v.d == "" {
		return zeroPfx()
	}
	return v.pfx
}

// Compare returns -1, 0 or +1 as a sorts before, with, or after b in
// PEP 440 order, the order of pypa/packaging 26.x: epoch, then release
// (trailing zeros ignored), then dev-only releases before pre-releases
// (a < b < rc) before finals, then post-releases, then dev-releases
// before their parent, then the local segment (none first; labels
// compared pairwise, numbers by value, any letters label before any number
// label, and a shorter list first when one is a prefix of the other).
//
// Compare does not allocate and is suitable for slices.SortFunc.
func Compare(a, b Version) int { return compare(&a, &b) }

// compare compares the keys' prefixes as numbers, and the keys only when
// the prefixes are equal. The first 8 bytes hold the epoch and the start
// of the release: "1.2.3" whole (00 02 01 '1' 02 01 '2' 02), but of
// "2024.6" only "2024", so versions that share a long first number, as
// date-based ones do, are decided by comparing the keys.
func compare(a, b *Version) int {
	if pa, pb := a.prefix(), b.prefix(); pa != pb {
		// Without a branch on the order, which is data: -1 or +1.
		r := 1
		if pa < pb {
			r = -1
		}
		return r
	}
	return strings.Compare(a.cmpKey(), b.cmpKey())
}

// cmpKey returns the comparison key, that of "0" for the zero Version.
func (v Version) cmpKey() string {
	if v.d == "" {
		return zeroKey
	}
	return v.d[v.n:]
}

// publicLen is the length of v's key before the local segment's part: the
// key of v.Public().
func (v Version) publicLen() uint32 {
	if v.d == "" {
		return uint32(len(zeroKey)) - 1
	}
	return v.pub
}

// relLen is the length of v's key through the pre-release segment's
// part: the key of epoch, release and pre-release.
func (v Version) relLen() uint32 {
	if v.d == "" {
		return uint32(len(zeroKey)) - 3
	}
	return v.rel
}

// cmpDigits compares canonical digit strings (no leading zeros) by value.
func cmpDigits(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
