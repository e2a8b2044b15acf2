package typosquat

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/safeindex/safeindex/simpleapi"
)

// Rule names the resemblance that made [Checker.Check] report a name. The
// rules are ordered from the most specific to the least; the package
// comment describes each.
type Rule uint8

// The rules, in the order Check reports them.
const (
	RuleSeparator      Rule = iota + 1 // equal without separators
	RuleLookAlike                      // equal with look-alike characters folded
	RuleAffix                          // equal without a python/py prefix or suffix
	RulePlural                         // a trailing "s" added or removed
	RuleTransposition                  // two adjacent letters swapped
	RuleRepeatedLetter                 // a letter doubled, or a double letter made single
	RuleMissingLetter                  // one letter dropped
	RuleExtraLetter                    // one letter added
	RuleSubstitution                   // one letter replaced
	RuleTwoEdits                       // distance 2 (long names only)
)

var ruleNames = [...]string{
	RuleSeparator:      "separator",
	RuleLookAlike:      "look-alike",
	RuleAffix:          "affix",
	RulePlural:         "plural",
	RuleTransposition:  "transposition",
	RuleRepeatedLetter: "repeated-letter",
	RuleMissingLetter:  "missing-letter",
	RuleExtraLetter:    "extra-letter",
	RuleSubstitution:   "substitution",
	RuleTwoEdits:       "two-edits",
}

// String returns the rule's name as the package comment spells it
// ("transposition").
func (r Rule) String() string {
	if int(r) < len(ruleNames) && ruleNames[r] != "" {
		return ruleNames[r]
	}
	return fmt.Sprintf("Rule(%d)", uint8(r))
}

// MarshalText implements encoding.TextMarshaler with String.
func (r Rule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Match is one name that a checked name resembles.
type Match struct {
	// Name is the checked name, normalized.
	Name string
	// Target is the popular or protected name it resembles, normalized.
	Target string
	// Rule is the most specific rule that relates Name to Target.
	Rule Rule
	// Protected reports that Target is a protected (internal) name.
	Protected bool
	// Rank is Target's 1-based rank in the popular list, or 0 when Target
	// is only a protected name.
	Rank int
}

// String describes the match in one sentence:
// `"reqeusts" resembles popular project "requests" (transposition)`.
func (m Match) String() string {
	kind := "popular project"
	if m.Protected {
		kind = "internal project"
	}
	return fmt.Sprintf("%q resembles %s %q (%s)", m.Name, kind, m.Target, m.Rule)
}

// Checker finds the popular and protected names a name resembles. Build
// one with [New]; it is read-only afterwards and safe for concurrent use.
// The zero Checker knows no names and flags nothing.
type Checker struct {
	targets  []target
	known    map[string]int32 // normalized name → target index, or -1
	idx      multiIndex
	letters  []letters // by target; zero for names the distance rules skip
	presence []uint64  // by target: letters' presence bits
	patterns []string  // normalized internal patterns
}

// target is a name that checked names are compared with.
type target struct {
	name      string
	rank      int32 // 1-based popularity rank; 0 for protected only
	protected bool
}

// New builds a Checker. Without options it holds the embedded popular
// list ([DefaultPopular]) and no protected names.
func New(opts ...Option) (*Checker, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if !o.popularSet {
		p, err := DefaultPopular()
		if err != nil {
			return nil, err
		}
		o.popular = p
	}
	c := &Checker{
		known:    make(map[string]int32, len(o.popular)+len(o.protected)+len(o.known)),
		patterns: o.patterns,
	}
	for i, n := range o.popular {
		n = simpleapi.NormalizeName(n)
		if _, dup := c.known[n]; dup {
			continue
		}
		c.known[n] = int32(len(c.targets))
		c.targets = append(c.targets, target{name: n, rank: int32(i + 1)})
	}
	for _, n := range o.protected {
		n = simpleapi.NormalizeName(n)
		if t, dup := c.known[n]; dup {
			c.targets[t].protected = true
			continue
		}
		c.known[n] = int32(len(c.targets))
		c.targets = append(c.targets, target{name: n, protected: true})
	}
	for _, n := range o.known {
		n = simpleapi.NormalizeName(n)
		if _, dup := c.known[n]; !dup {
			c.known[n] = -1
		}
	}
	c.buildIndex()
	return c, nil
}

// Known reports whether name (in any spelling) is a popular, protected or
// known name, one that Check never flags.
func (c *Checker) Known(name string) bool {
	if c == nil {
		return false
	}
	_, ok := c.known[simpleapi.NormalizeName(name)]
	return ok
}

// Check returns the popular and protected names that name resembles, most
// specific rule first, or nil when it resembles none, is itself a known
// name, or is not a valid project name. Each resembled name is reported
// once.
func (c *Checker) Check(name string) []Match {
	if c == nil || len(c.targets) == 0 || simpleapi.ValidateName(name) != nil {
		return nil
	}
	n := simpleapi.NormalizeName(name)
	if _, ok := c.known[n]; ok {
		return nil
	}
	return c.check(n, -1)
}

// check finds the targets n resembles, ignoring the target at index skip
// (for measuring the list against itself).
func (c *Checker) check(n string, skip int32) []Match {
	var hitBuf [16]hit
	hits := c.find(n, hitBuf[:0])
	if len(hits) == 0 {
		return nil
	}
	var ms []Match
	for _, h := range hits {
		if h.t == skip {
			continue
		}
		i := slices.IndexFunc(ms, func(m Match) bool { return m.Target == c.targets[h.t].name })
		if i >= 0 {
			if h.rule < ms[i].Rule {
				ms[i].Rule = h.rule
			}
			continue
		}
		t := &c.targets[h.t]
		ms = append(ms, Match{Name: n, Target: t.name, Rule: h.rule, Protected: t.protected, Rank: int(t.rank)})
	}
	slices.SortFunc(ms, func(a, b Match) int {
		if a.Rule != b.Rule {
			return cmp.Compare(a.Rule, b.Rule)
		}
		if a.Protected != b.Protected {
			if a.Protected {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(rankKey(a.Rank), rankKey(b.Rank)), cmp.Compare(a.Target, b.Target))
	})
	return ms
}

// rankKey orders ranks with 0 (protected only) first.
func rankKey(r int) int {
	if r == 0 {
		return -1
	}
	return r
}

// top reports whether t is compared from the shorter minimum lengths.
func (t *target) top() bool { return t.protected || t.rank > 0 && t.rank <= TopRank }

// hit is a target found by one rule, before deduplication.
type hit struct {
	t    int32
	rule Rule
}
