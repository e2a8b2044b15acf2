package typosquat

import (
	"math/bits"
	"strings"
)

// Minimum lengths of the rules, in bytes of the normalized names; the
// package comment has the table. They were tuned on the embedded list
// (see fp_test.go).
const (
	minSeparator      = 3  // both names without separators
	minLookAlike      = 3  // both names
	minAffixCore      = 3  // the core left after a separated affix
	minBareAffixCore  = 4  // the core left after "py" or "python" without a separator
	minPlural         = 4  // the singular
	minTransposition  = 4  // both names
	minRepeated       = 3  // the shorter name
	minMissingShorter = 4  // missing-letter and extra-letter: the shorter name
	minMissingLonger  = 6  // ... and the longer one
	minSubstitution   = 6  // both names
	minTwoEdits       = 16 // both names
	minDistance       = 3  // the least of the distance minimums: indexing starts here

	// Against the TopRank most popular names and protected names, the
	// targets attackers aim at, three rules start at shorter lengths.
	minMissingLongerTop = 5
	minSubstitutionTop  = 5
	minTwoEditsTop      = 12
)

// TopRank is the number of most popular names that the missing-letter,
// extra-letter, substitution and two-edits rules compare from shorter
// lengths, as protected names.
const TopRank = 1000

// Index key kinds: each seeds the key hash differently, so that one table
// serves every rule.
const (
	kindSeparator uint64 = iota + 1
	kindLookAlike
	kindAffix
	kindDelete
	kindSegment
	kindLetters
)

// multiIndex maps 64-bit keys to target indexes, several per key. Keys are
// hashes, so a hit is only a candidate: every rule verifies it on the
// strings.
type multiIndex struct {
	head    map[uint64]int32 // key → 1-based index of its last entry
	entries []indexEntry
}

type indexEntry struct {
	target int32
	next   int32 // 1-based index of the key's previous entry, 0 at the end
}

func (m *multiIndex) add(key uint64, t int32) {
	if m.head == nil {
		m.head = make(map[uint64]int32)
	}
	m.entries = append(m.entries, indexEntry{target: t, next: m.head[key]})
	m.head[key] = int32(len(m.entries))
}

// lookup appends the targets stored under key to dst.
func (m *multiIndex) lookup(key uint64, dst []int32) []int32 {
	for e := m.head[key]; e != 0; e = m.entries[e-1].next {
		dst = append(dst, m.entries[e-1].target)
	}
	return dst
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func seed(kind uint64) uint64 { return (fnvOffset ^ kind) * fnvPrime }

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashBytes(h uint64, s []byte) uint64 {
	for _, c := range s {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// hashInt mixes a small integer into h.
func hashInt(h uint64, v int) uint64 {
	h ^= uint64(v) + 0x9e3779b97f4a7c15
	h *= fnvPrime
	h ^= h >> 29
	return h
}

// deleteKey hashes s without its byte at i (i == -1: all of s).
func deleteKey(s string, i int) uint64 {
	h := seed(kindDelete)
	if i < 0 {
		return hashString(h, s)
	}
	return hashString(hashString(h, s[:i]), s[i+1:])
}

// segments returns the start offsets of the four segments of a name of n
// bytes (and n), as even as possible, longer ones first.
func segments(n int) [5]int {
	var s [5]int
	base, extra := n/4, n%4
	for k := 0; k < 4; k++ {
		s[k+1] = s[k] + base
		if k < extra {
			s[k+1]++
		}
	}
	return s
}

func segmentKey(n, k int, seg string) uint64 {
	return hashString(hashInt(seed(kindSegment), n*4+k), seg)
}

// letters counts the bytes of a normalized name (a-z, 0-9 and "-", at
// most MaxDistanceLen of them) by symbol.
type letters [37]uint8

func countLetters(s string) letters {
	var l letters
	for i := 0; i < len(s); i++ {
		l[symbol(s[i])]++
	}
	return l
}

// presence returns a bit set of the symbols present.
func (l *letters) presence() uint64 {
	var p uint64
	for i, n := range l {
		if n > 0 {
			p |= 1 << i
		}
	}
	return p
}

// key hashes the multiset.
func (l *letters) key() uint64 { return hashBytes(seed(kindLetters), l[:]) }

// within reports whether two names with these counts can be within limit
// edits: a substitution changes two counts by one, an insertion or
// deletion one, a transposition none.
func (l *letters) within(m *letters, limit int) bool {
	d := 0
	for i := range l {
		d += absDiff(l[i], m[i])
	}
	return d <= 2*limit
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func symbol(c byte) int {
	switch {
	case 'a' <= c && c <= 'z':
		return int(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + int(c-'0')
	}
	return 36
}

// separatorKey hashes s without its separators, and returns the length
// that leaves.
func separatorKey(s string) (uint64, int) {
	h, n := seed(kindSeparator), 0
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			h ^= uint64(s[i])
			h *= fnvPrime
			n++
		}
	}
	return h, n
}

// equalWithoutSeparators reports whether a and b are equal once "-" is
// removed from both.
func equalWithoutSeparators(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == '-' {
			i++
		}
		for j < len(b) && b[j] == '-' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// appendSkeleton appends s with look-alike characters folded: "0" as "o";
// "1", "i" and "l" as "l"; "5" as "s"; "rn" as "m"; "vv" as "w".
func appendSkeleton(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '0':
			c = 'o'
		case '1', 'i':
			c = 'l'
		case '5':
			c = 's'
		case 'r':
			if i+1 < len(s) && s[i+1] == 'n' {
				c = 'm'
				i++
			}
		case 'v':
			if i+1 < len(s) && s[i+1] == 'v' {
				c = 'w'
				i++
			}
		}
		dst = append(dst, c)
	}
	return dst
}

// An affix is a prefix or suffix that the affix rule removes, and the
// shortest core it must leave.
type affix struct {
	text    string
	prefix  bool
	minCore int
}

var affixes = [...]affix{
	{"python3-", true, minAffixCore},
	{"python-", true, minAffixCore},
	{"py3-", true, minAffixCore},
	{"py-", true, minAffixCore},
	{"python", true, minBareAffixCore},
	{"py", true, minBareAffixCore},
	{"-python3", false, minAffixCore},
	{"-python", false, minAffixCore},
	{"-py3", false, minAffixCore},
	{"-py", false, minAffixCore},
	{"py", false, minBareAffixCore},
}

// cores returns s and what is left of s after removing each affix that
// applies. The results are substrings of s; n is how many there are.
func cores(s string) (out [1 + len(affixes)]string, n int) {
	out[0], n = s, 1
	for _, a := range affixes {
		var core string
		if a.prefix {
			if !strings.HasPrefix(s, a.text) {
				continue
			}
			core = s[len(a.text):]
			// "py" before "thon" is the start of "python", not an affix.
			if a.text == "py" && strings.HasPrefix(core, "thon") {
				continue
			}
		} else {
			if !strings.HasSuffix(s, a.text) {
				continue
			}
			core = s[:len(s)-len(a.text)]
		}
		if len(core) < a.minCore || core[0] == '-' || core[len(core)-1] == '-' {
			continue
		}
		out[n] = core
		n++
	}
	return out, n
}

// shareCore reports whether a and b, which differ, are equal once an
// affix is removed from one or both.
func shareCore(a, b string) bool {
	ca, na := cores(a)
	cb, nb := cores(b)
	for _, x := range ca[:na] {
		for _, y := range cb[:nb] {
			if x == y {
				return true
			}
		}
	}
	return false
}

// buildIndex indexes every target under every rule's keys.
func (c *Checker) buildIndex() {
	keys := 0
	for _, t := range c.targets {
		keys += len(t.name) + 8 // deletions, and at most 7 other keys
	}
	c.idx.head = make(map[uint64]int32, keys)
	c.idx.entries = make([]indexEntry, 0, keys)
	c.letters = make([]letters, len(c.targets))
	c.presence = make([]uint64, len(c.targets))
	var skel []byte
	for i := range c.targets {
		t := c.targets[i].name
		ti := int32(i)
		if h, n := separatorKey(t); n >= minSeparator {
			c.idx.add(h, ti)
		}
		if len(t) >= minLookAlike {
			skel = appendSkeleton(skel[:0], t)
			c.idx.add(hashBytes(seed(kindLookAlike), skel), ti)
		}
		cs, n := cores(t)
		for _, core := range cs[:n] {
			c.idx.add(hashString(seed(kindAffix), core), ti)
		}
		if len(t) < minDistance || len(t) > MaxDistanceLen {
			continue
		}
		c.letters[i] = countLetters(t)
		c.presence[i] = c.letters[i].presence()
		c.idx.add(deleteKey(t, -1), ti)
		for p := 0; p < len(t); p++ {
			if p == 0 || t[p] != t[p-1] { // one deletion per run of equal bytes
				c.idx.add(deleteKey(t, p), ti)
			}
		}
		if len(t) >= minTwoEdits || len(t) >= minTwoEditsTop && c.targets[i].top() {
			s := segments(len(t))
			for k := 0; k < 4; k++ {
				c.idx.add(segmentKey(len(t), k, t[s[k]:s[k+1]]), ti)
			}
			c.idx.add(c.letters[i].key(), ti)
		}
	}
}

// find returns the targets n (normalized, valid, not known) resembles,
// with the rule of each; a target may appear more than once.
func (c *Checker) find(n string, hits []hit) []hit {
	var candBuf [128]int32
	cands := candBuf[:0]

	// Separators.
	if h, l := separatorKey(n); l >= minSeparator {
		for _, t := range c.idx.lookup(h, cands[:0]) {
			if tn := c.targets[t].name; tn != n && equalWithoutSeparators(n, tn) {
				hits = append(hits, hit{t, RuleSeparator})
			}
		}
	}

	// Look-alikes.
	if len(n) >= minLookAlike {
		var sb, tb [64]byte
		skel := appendSkeleton(sb[:0], n)
		for _, t := range c.idx.lookup(hashBytes(seed(kindLookAlike), skel), cands[:0]) {
			if tn := c.targets[t].name; tn != n && string(appendSkeleton(tb[:0], tn)) == string(skel) {
				hits = append(hits, hit{t, RuleLookAlike})
			}
		}
	}

	// Affixes.
	cs, nc := cores(n)
	for _, core := range cs[:nc] {
		for _, t := range c.idx.lookup(hashString(seed(kindAffix), core), cands[:0]) {
			if tn := c.targets[t].name; tn != n && shareCore(n, tn) {
				hits = append(hits, hit{t, RuleAffix})
			}
		}
	}

	if len(n) < minDistance || len(n) > MaxDistanceLen {
		return hits
	}

	// Distance 1: n and its deletions against the targets and theirs.
	// A pair at distance 2 found here (a deletion from both at different
	// places) is reported as two-edits like those found below.
	cands = c.idx.lookup(deleteKey(n, -1), cands[:0])
	for p := 0; p < len(n); p++ {
		if p == 0 || n[p] != n[p-1] {
			cands = c.idx.lookup(deleteKey(n, p), cands)
		}
	}
	nl := countLetters(n)
	np := nl.presence()
	var seen seenSet
	for _, t := range cands {
		if c.near(&nl, np, t) && seen.add(t) {
			hits = c.verify(n, t, hits)
		}
	}

	// Distance 2, long names only: a target within two edits has one of
	// its four segments unchanged in n, shifted by at most two bytes (a
	// transposition may spoil two segments, so two transpositions may
	// spoil all four: those keep the multiset of letters, indexed apart).
	if len(n) < minTwoEditsTop {
		return hits
	}
	cands = c.idx.lookup(nl.key(), cands[:0])
	for lt := max(minTwoEditsTop, len(n)-2); lt <= min(len(n)+2, MaxDistanceLen); lt++ {
		d := len(n) - lt
		lo, hi := min(0, d), max(0, d)
		if d == 0 {
			lo, hi = -1, 1 // one insertion and one deletion
		}
		s := segments(lt)
		for k := 0; k < 4; k++ {
			from, to := lo, hi
			switch k {
			case 0:
				from, to = 0, 0 // the first segment starts at 0
			case 3:
				from, to = d, d // the last ends at the end
			}
			for sh := from; sh <= to; sh++ {
				a, b := s[k]+sh, s[k+1]+sh
				if a < 0 || b > len(n) {
					continue
				}
				cands = c.idx.lookup(segmentKey(lt, k, n[a:b]), cands)
			}
		}
	}
	for _, t := range cands {
		if c.near(&nl, np, t) && seen.add(t) {
			hits = c.verify(n, t, hits)
		}
	}
	return hits
}

// near is a quick test that n, with letter counts nl and presence bits
// np, may be within two edits of target t: each edit makes at most two
// symbols appear or disappear, and changes the counts by at most two.
func (c *Checker) near(nl *letters, np uint64, t int32) bool {
	return bits.OnesCount64(np^c.presence[t]) <= 4 && nl.within(&c.letters[t], 2)
}

// verify computes the distance between n and target t and appends the
// hit of the distance rule that applies, if any.
func (c *Checker) verify(n string, t int32, hits []hit) []hit {
	tn, top := c.targets[t].name, c.targets[t].top()
	switch osa(n, tn, 2) {
	case 1:
		if r := classify1(n, tn, top); r != 0 {
			hits = append(hits, hit{t, r})
		}
	case 2:
		least := minTwoEdits
		if top {
			least = minTwoEditsTop
		}
		if len(n) >= least && len(tn) >= least {
			hits = append(hits, hit{t, RuleTwoEdits})
		}
	}
	return hits
}

// seenSet is a set of target indexes, allocation-free up to 256: an
// open-addressing table on the caller's stack (entries hold index+1, so
// that zero is empty), and a map beyond.
type seenSet struct {
	slots [512]int32
	n     int
	more  map[int32]bool
}

// add adds t and reports whether it was new.
func (s *seenSet) add(t int32) bool {
	if s.n < len(s.slots)/2 {
		for i := uint32(t) * 2654435761 >> 23; ; i = (i + 1) % uint32(len(s.slots)) {
			switch s.slots[i] {
			case 0:
				s.slots[i] = t + 1
				s.n++
				return true
			case t + 1:
				return false
			}
		}
	}
	for _, x := range s.slots {
		if x == t+1 {
			return false
		}
	}
	if s.more[t] {
		return false
	}
	if s.more == nil {
		s.more = make(map[int32]bool)
	}
	s.more[t] = true
	return true
}
