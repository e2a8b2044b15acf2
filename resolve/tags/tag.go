package tags

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tag is one PEP 425 compatibility tag: the Python tag (interpreter and
// version, "cp312", "py3"), the ABI tag ("cp312", "abi3", "none") and the
// platform tag ("manylinux_2_17_x86_64", "any"). Tags compare as plain
// structs, so they can be map keys; tags built by this package are
// lower-case, as packaging makes them.
type Tag struct {
	Interpreter, ABI, Platform string
}

// String returns the tag in its filename form,
// "cp312-cp312-manylinux_2_17_x86_64".
func (t Tag) String() string {
	return t.Interpreter + "-" + t.ABI + "-" + t.Platform
}

// ParseTag parses a tag, or a compressed tag set as found in wheel
// filenames ("py2.py3-none-any"), into the tags it stands for.
//
// The algorithm is pypa/packaging 26.x parse_tag with limit=
// [MaxExpandedTags] and validate_order=False: the text is split at '-'
// into exactly three fields, each field at '.' into members; no member may
// be empty; every interpreter member must be a Python identifier; the
// result is the Cartesian product, lower-cased. Unlike packaging, which
// returns an unordered set, the tags come in product order (interpreters,
// then ABIs, then platforms, each in the order written) with duplicates
// removed; and input that is not valid UTF-8 or longer than [MaxTagLen]
// bytes is refused.
//
// The error is a [*TagError] matching [ErrInvalidTag] (and [ErrTooManyTags]
// when a limit is hit).
func ParseTag(s string) ([]Tag, error) {
	if len(s) > MaxTagLen {
		return nil, &TagError{Tag: s, Reason: "longer than " + itoa(MaxTagLen) + " bytes", TooMany: true}
	}
	if !utf8.ValidString(s) {
		return nil, &TagError{Tag: s, Reason: "not valid UTF-8"}
	}
	interp, rest, ok1 := strings.Cut(s, "-")
	abi, plat, ok2 := strings.Cut(rest, "-")
	// packaging checks empty members before the field count; keep its
	// order so that the same input gets the same complaint.
	fields := strings.Split(s, "-")
	for _, f := range fields {
		if f == "" || strings.HasPrefix(f, ".") || strings.HasSuffix(f, ".") || strings.Contains(f, "..") {
			return nil, &TagError{Tag: s, Reason: "empty component " + quote(f)}
		}
	}
	count := 1
	for _, f := range fields {
		count *= strings.Count(f, ".") + 1
		if count > MaxExpandedTags {
			return nil, &TagError{Tag: s, Reason: "expands to more than " + itoa(MaxExpandedTags) + " tags", TooMany: true}
		}
	}
	if !ok1 || !ok2 || strings.Contains(plat, "-") {
		return nil, &TagError{Tag: s, Reason: "must have exactly three components"}
	}
	interps := strings.Split(interp, ".")
	for _, i := range interps {
		if !isIdentifier(i) {
			return nil, &TagError{Tag: s, Reason: "invalid interpreter " + quote(i)}
		}
	}
	abis := strings.Split(strings.ToLower(abi), ".")
	plats := strings.Split(strings.ToLower(plat), ".")
	out := make([]Tag, 0, count)
	var seen map[Tag]struct{}
	if count > 16 {
		seen = make(map[Tag]struct{}, count)
	}
	for _, i := range interps {
		i = strings.ToLower(i)
		for _, a := range abis {
			for _, p := range plats {
				t := Tag{i, a, p}
				if count > 1 && contains(out, seen, t) {
					continue
				}
				if seen != nil {
					seen[t] = struct{}{}
				}
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// contains reports whether t is already in out (or in seen, when the set
// is large enough to need a map).
func contains(out []Tag, seen map[Tag]struct{}, t Tag) bool {
	if seen != nil {
		_, ok := seen[t]
		return ok
	}
	for _, u := range out {
		if u == t {
			return true
		}
	}
	return false
}

// isIdentifier approximates Python's str.isidentifier: a letter, letter
// number or '_', then letters, letter numbers, digits, '_', connector
// punctuation and combining marks (Unicode XID_Start and XID_Continue,
// without the handful of Other_ID_Start code points).
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9':
			if i == 0 {
				return false
			}
		case r < utf8.RuneSelf:
			return false
		case unicode.IsLetter(r) || unicode.Is(unicode.Nl, r):
		case unicode.Is(unicode.Nd, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r):
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
