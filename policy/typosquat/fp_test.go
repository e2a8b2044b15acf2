package typosquat

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/safeindex/safeindex/simpleapi"
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

// TestFalsePositivesNames measures the share of the names in the file
// $TYPOSQUAT_NAMES (one name a line, or the first column of a TSV file)
// that are not popular but are flagged: with a dump of every PyPI
// project name, how often a real, less popular project is flagged.
// Skipped without the variable.
func TestFalsePositivesNames(t *testing.T) {
	path := os.Getenv("TYPOSQUAT_NAMES")
	if path == "" {
		t.Skip("set TYPOSQUAT_NAMES to a file of project names")
	}
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	c := newChecker(t)
	total, flagged := 0, 0
	byRule := map[Rule]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		name, _, _ := strings.Cut(sc.Text(), "\t")
		if c.Known(name) || simpleapi.ValidateName(name) != nil {
			continue
		}
		total++
		if ms := c.Check(name); len(ms) > 0 {
			flagged++
			byRule[ms[0].Rule]++
		}
	}
	require.NoError(t, sc.Err())
	t.Logf("flagged %d of %d names (%.2f%%); by rule: %v", flagged, total, 100*float64(flagged)/float64(max(total, 1)), byRule)
}
