package typosquat

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// falsePositives checks every popular name against the list without
// itself, and returns how many are flagged, by the rule of their first
// match, with examples.
func falsePositives(c *Checker) (flagged int, byRule map[Rule]int, byLen map[int][2]int, examples map[Rule][]string) {
	byRule, byLen, examples = map[Rule]int{}, map[int][2]int{}, map[Rule][]string{}
	for i, t := range c.targets {
		b := min(len(t.name), 20)
		l := byLen[b]
		l[1]++
		ms := c.check(t.name, int32(i))
		if len(ms) > 0 {
			flagged++
			l[0]++
			byRule[ms[0].Rule]++
			if len(examples[ms[0].Rule]) < 12 {
				examples[ms[0].Rule] = append(examples[ms[0].Rule], t.name+"~"+ms[0].Target)
			}
		}
		byLen[b] = l
	}
	return
}

// TestFalsePositives measures, on the embedded list, how many popular
// names would be flagged if they were not themselves known. Run with -v
// to see the figures by rule and by length.
func TestFalsePositives(t *testing.T) {
	c, err := New()
	require.NoError(t, err)
	flagged, byRule, byLen, ex := falsePositives(c)
	rate := float64(flagged) / float64(len(c.targets))
	t.Logf("flagged %d of %d popular names (%.1f%%)", flagged, len(c.targets), 100*rate)
	var rules []Rule
	for r := range byRule {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i] < rules[j] })
	for _, r := range rules {
		t.Logf("  %-16s %5d  e.g. %s", r, byRule[r], strings.Join(ex[r], " "))
	}
	var lens []string
	for l := 1; l <= 20; l++ {
		v := byLen[l]
		if v[1] > 0 {
			lens = append(lens, fmt.Sprintf("%d:%d/%d", l, v[0], v[1]))
		}
	}
	t.Logf("  by length (20 = 20+): %s", strings.Join(lens, " "))
	// The figure the thresholds were tuned to (9.1% in 2026-11): a
	// change that raises it much should be a deliberate one.
	require.Less(t, rate, 0.10)
	require.Zero(t, byLen[2][0], "two-letter names")
}
