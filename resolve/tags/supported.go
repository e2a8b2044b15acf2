package tags

import "strings"

// Supported is the ordered list of tags a [Target] supports, best first,
// with an index from tag to position. Build it once per target with
// [Target.Supported] or [NewSupported]; ranking a wheel is then a map lookup
// per wheel tag. A Supported is immutable and safe for concurrent use.
type Supported struct {
	target Target
	tags   []Tag
	index  map[Tag]int
}

// NewSupported builds the list for an explicit, already ordered tag list
// (for example the output of `pip debug --verbose`, or packaging's
// sys_tags on the real target). A tag listed twice keeps its first
// position. Tags should be lower-case, as [ParseTag] makes them.
func NewSupported(tags []Tag) *Supported {
	s := &Supported{tags: append([]Tag(nil), tags...), index: make(map[Tag]int, len(tags))}
	for i, t := range s.tags {
		if _, ok := s.index[t]; !ok {
			s.index[t] = i
		}
	}
	return s
}

// Supported validates t and lists the tags it supports, best first, as
// pypa/packaging 26.3+ sys_tags would list them when run on that target
// (see the package documentation). The error is a [*TargetError] matching
// [ErrInvalidTarget].
func (t Target) Supported() (*Supported, error) {
	r, err := t.resolve()
	if err != nil {
		return nil, err
	}
	s := NewSupported(r.tags())
	s.target = t
	return s, nil
}

// Tags returns the supported tags, best first. It is a shortcut for
// t.Supported() followed by [Supported.Tags].
func (t Target) Tags() ([]Tag, error) {
	r, err := t.resolve()
	if err != nil {
		return nil, err
	}
	return r.tags(), nil
}

// Target returns the target the list was built for (the zero Target for
// [NewSupported]).
func (s *Supported) Target() Target { return s.target }

// Tags returns a copy of the supported tags, best first.
func (s *Supported) Tags() []Tag { return append([]Tag(nil), s.tags...) }

// Len returns the number of supported tags. A wheel's rank is below Len;
// pip ranks an sdist at Len.
func (s *Supported) Len() int { return len(s.tags) }

// Index returns the position of t in the list (0 is best).
func (s *Supported) Index(t Tag) (int, bool) {
	i, ok := s.index[t]
	return i, ok
}

// Rank returns the rank of a wheel with the given (expanded) tags: the
// smallest position of any of them in the list, lower is better. ok is
// false when none is supported: the wheel cannot be installed on the
// target. Upper-case tags are compared lower-cased.
func (s *Supported) Rank(wheelTags []Tag) (rank int, ok bool) {
	rank = len(s.tags)
	for _, t := range wheelTags {
		i, found := s.index[t]
		if !found && hasUpper(t) {
			i, found = s.index[Tag{strings.ToLower(t.Interpreter), strings.ToLower(t.ABI), strings.ToLower(t.Platform)}]
		}
		if found && i < rank {
			rank, ok = i, true
		}
	}
	return rank, ok
}

// hasUpper reports whether any field of t holds an ASCII upper-case
// letter or a non-ASCII byte.
func hasUpper(t Tag) bool {
	for _, s := range [3]string{t.Interpreter, t.ABI, t.Platform} {
		for i := 0; i < len(s); i++ {
			if 'A' <= s[i] && s[i] <= 'Z' || s[i] >= 0x80 {
				return true
			}
		}
	}
	return false
}

// Build is a wheel build tag (the optional third field of a wheel
// filename): leading digits, then any text. The zero value means no build
// tag, which sorts below every build tag.
type Build struct {
	// Number is the leading digits as written ("" when there is no build
	// tag); leading zeros do not count when comparing.
	Number string
	// Suffix is the text after the digits.
	Suffix string
}

// Compare orders build tags as the wheel specification and pip do:
// absent first, then by the integer value of Number, then by Suffix
// (code point order). It returns -1, 0 or +1.
func (b Build) Compare(c Build) int {
	switch {
	case b.Number == "" && c.Number == "":
		return 0
	case b.Number == "":
		return -1
	case c.Number == "":
		return +1
	}
	x, y := strings.TrimLeft(b.Number, "0"), strings.TrimLeft(c.Number, "0")
	if len(x) != len(y) {
		return cmp(len(x), len(y))
	}
	if r := strings.Compare(x, y); r != 0 {
		return r
	}
	return strings.Compare(b.Suffix, c.Suffix)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return +1
	}
	return 0
}

// Wheel is what [Supported.Best] needs to know of one wheel: its expanded
// tags and its build tag. simpleapi.Dist carries both (its Tag type
// converts to this one).
type Wheel struct {
	Tags  []Tag
	Build Build
}

// ParseWheelFilename reads the build tag and the tags of a wheel filename,
// {name}-{version}[-{build}]-{python}-{abi}-{platform}.whl: the ".whl"
// suffix (case-sensitive), exactly 4 or 5 hyphens in the stem, a build tag
// that starts with a digit, and tags as [ParseTag] reads them. The name
// and version are not checked: use simpleapi.ParseFilename for the whole
// filename. The error is a [*WheelFilenameError] matching
// [ErrInvalidWheelFilename].
func ParseWheelFilename(filename string) (Wheel, error) {
	fail := func(reason string, err error) (Wheel, error) {
		return Wheel{}, &WheelFilenameError{Filename: filename, Reason: reason, Err: err}
	}
	stem, ok := strings.CutSuffix(filename, ".whl")
	if !ok {
		return fail("no .whl suffix", nil)
	}
	parts := strings.Split(stem, "-")
	var w Wheel
	switch len(parts) {
	case 5:
	case 6:
		b := parts[2]
		i := 0
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == 0 {
			return fail("build tag "+quote(b)+" does not start with a digit", nil)
		}
		w.Build = Build{Number: b[:i], Suffix: b[i:]}
	default:
		return fail("want {name}-{version}[-{build}]-{python}-{abi}-{platform}.whl", nil)
	}
	n := len(parts)
	tags, err := ParseTag(parts[n-3] + "-" + parts[n-2] + "-" + parts[n-1])
	if err != nil {
		return fail("bad tags", err)
	}
	w.Tags = tags
	return w, nil
}

// Best returns the index of the wheel to install on the target: the
// lowest [Supported.Rank] wins, then the highest [Build]; among equals the
// first listed wins. This is pip's preference among files of one version
// (its key's -rank and build-tag elements). ok is false when no wheel is
// supported. Choosing the version, the hashes and yanked files is the
// caller's business.
func (s *Supported) Best(wheels []Wheel) (index int, ok bool) {
	best, bestRank := -1, 0
	for i, w := range wheels {
		r, supported := s.Rank(w.Tags)
		if !supported {
			continue
		}
		if best < 0 || r < bestRank || r == bestRank && w.Build.Compare(wheels[best].Build) > 0 {
			best, bestRank = i, r
		}
	}
	return best, best >= 0
}

// BestFilename is [Supported.Best] for wheel filenames; a filename that
// [ParseWheelFilename] refuses is never chosen.
func (s *Supported) BestFilename(filenames []string) (index int, ok bool) {
	wheels := make([]Wheel, len(filenames))
	for i, f := range filenames {
		w, err := ParseWheelFilename(f)
		if err == nil {
			wheels[i] = w
		}
	}
	return s.Best(wheels)
}
