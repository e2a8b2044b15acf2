package typosquat

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/safeindex/safeindex/simpleapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newChecker(t testing.TB, opts ...Option) *Checker {
	t.Helper()
	c, err := New(opts...)
	require.NoError(t, err)
	return c
}

// TestCheck pins hits and near misses against the embedded list. want is
// the first match as "target rule", or "" for no match.
func TestCheck(t *testing.T) {
	c := newChecker(t, WithProtected("acme-billing", "acme-auth"), WithKnown("reqeusts-vetted"))
	tests := []struct {
		name, want string
	}{
		// The cases.
		{"request", "requests plural"},
		{"numba", ""}, // popular itself, though two edits from numpy
		{"numpy", ""},
		{"reqeusts", "requests transposition"},
		{"djang0", "django look-alike"},
		{"python-dateutil", ""},
		// Known names in any spelling are never flagged.
		{"Python_DateUtil", ""},
		{"NumPy", ""},
		{"reqeusts-vetted", ""}, // WithKnown
		{"acme-billing", ""},    // protected
		// Separators.
		{"pythondateutil", "python-dateutil separator"},
		{"python-date-util", "python-dateutil separator"},
		{"py-yaml", "pyyaml separator"},
		{"type-s-requests", "types-requests separator"},
		// Look-alikes.
		{"dj4ngo", "django substitution"}, // 4 is not folded: a plain substitution of a top name
		{"s1x", "six look-alike"},
		{"rnatplotlib", "matplotlib look-alike"},
		{"nvrnpy", ""}, // "rn" folds to "m": nvmpy is nothing
		{"pi1low", "pillow look-alike"},
		{"c0l0rama", "colorama look-alike"},
		// Affixes.
		{"python-requests", "requests affix"},
		{"requests-python", "requests affix"},
		{"requests-py", "requests affix"},
		{"pyrequests", "requests affix"},
		{"py3-requests", "requests affix"},
		{"dateutil", "python-dateutil affix"},
		{"pytorch", ""}, // popular itself
		{"pytorch-lightningg", "pytorch-lightning repeated-letter"},
		{"python-torch", "torch affix"},
		// Plural and singular.
		{"requestss", "requests repeated-letter"}, // doubled s, not a plural
		{"numpys", "numpy plural"},
		{"six", ""},
		{"sixs", ""}, // the singular is too short for the plural rule
		// Distance 1.
		{"reqests", "requests missing-letter"},
		{"requestz", "requests substitution"},
		{"reequests", "requests repeated-letter"},
		{"pilow", "pillow repeated-letter"},
		{"requessts", "requests repeated-letter"},
		{"requyests", "requests extra-letter"},
		{"urlib3", "urllib3 repeated-letter"},
		{"acme-auht", "acme-auth transposition"},
		{"acme-biling", "acme-billing repeated-letter"},
		{"acme-bi11ing", "acme-billing look-alike"},
		// Distance 2, long names only.
		{"beautifulsuop4x", "beautifulsoup4 two-edits"},
		{"google-cloud-storrage", "google-cloud-storage repeated-letter"},
		{"google-clodu-storgae", "google-cloud-storage two-edits"},
		{"opentelemetry-sdkk2", "opentelemetry-sdk two-edits"},
		// Near misses that must not fire.
		{"siz", ""},   // three letters: only separators and look-alikes
		{"h12", ""},   // h11 is too short for a substitution
		{"tdqm2", ""}, // two edits from a short name
		{"acme-billing-client", ""},
		{"zzzz-not-a-name", ""},
		{"my-internal-tool", ""},
		// Invalid names are not checked.
		{"", ""},
		{"-requests", ""},
		{"reqeusts!", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := c.Check(tt.name)
			got := ""
			if len(ms) > 0 {
				got = ms[0].Target + " " + ms[0].Rule.String()
				assert.Equal(t, simpleapi.NormalizeName(tt.name), ms[0].Name)
			}
			assert.Equal(t, tt.want, got, "all matches: %v", ms)
		})
	}
}

// TestCheckMatchFields pins the fields and order of a name with several
// matches.
func TestCheckMatchFields(t *testing.T) {
	c := newChecker(t, WithPopular([]string{"requests", "re-quest", "requets"}), WithProtected("reqeust"))
	got := c.Check("Request")
	assert.Equal(t, []Match{
		{Name: "request", Target: "re-quest", Rule: RuleSeparator, Rank: 2},
		{Name: "request", Target: "requests", Rule: RulePlural, Rank: 1},
		{Name: "request", Target: "reqeust", Rule: RuleTransposition, Protected: true},
		{Name: "request", Target: "requets", Rule: RuleTransposition, Rank: 3},
	}, got)
	require.Len(t, got, 4)
	assert.Equal(t, `"request" resembles popular project "re-quest" (separator)`, got[0].String())
	assert.Equal(t, `"request" resembles internal project "reqeust" (transposition)`, got[2].String())
}

func TestZeroChecker(t *testing.T) {
	var c Checker
	assert.Nil(t, c.Check("reqeusts"))
	assert.False(t, c.Known("requests"))
	_, ok := c.LooksInternal("acme-x")
	assert.False(t, ok)
	var nilc *Checker
	assert.Nil(t, nilc.Check("reqeusts"))
	assert.False(t, nilc.Known("requests"))
}

func TestProtectedAndPopular(t *testing.T) {
	// A name both popular and protected is reported as protected, with
	// its rank.
	c := newChecker(t, WithPopular([]string{"requests"}), WithProtected("Requests"))
	assert.Equal(t, []Match{{Name: "reqeusts", Target: "requests", Rule: RuleTransposition, Protected: true, Rank: 1}}, c.Check("reqeusts"))
	// An empty popular list leaves the protected names only.
	c = newChecker(t, WithPopular(nil), WithProtected("acme-auth"))
	assert.Nil(t, c.Check("reqeusts"))
	assert.Len(t, c.Check("acme-auht"), 1)
}

func TestLooksInternal(t *testing.T) {
	c := newChecker(t, WithPopular(nil), WithInternalPatterns("Acme_*", "*-internal", "corp*tools", "exactname"))
	tests := []struct {
		name, want string
	}{
		{"acme-billing", "acme-*"},
		{"ACME.billing", "acme-*"},
		{"acme__billing", "acme-*"},
		{"acmebilling", ""},
		{"acme", ""},
		{"billing-internal", "*-internal"},
		{"billing_Internal", "*-internal"},
		{"corptools", "corp*tools"},
		{"corp-dev-tools", "corp*tools"},
		{"exactname", "exactname"},
		{"exact-name", ""},
		{"not-acme-billing", ""},
		{"-acme-x", ""}, // invalid name
	}
	for _, tt := range tests {
		got, ok := c.LooksInternal(tt.name)
		assert.Equal(t, tt.want, got, tt.name)
		assert.Equal(t, tt.want != "", ok, tt.name)
	}
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		opt  Option
		want string
	}{
		{WithProtected("ok", "not ok"), `typosquat: WithProtected: simpleapi: invalid project name "not ok": only ASCII letters, digits, '.', '_' and '-' are allowed`},
		{WithPopular([]string{"-x"}), `typosquat: WithPopular: simpleapi: invalid project name "-x": must start and end with an ASCII letter or digit`},
		{WithKnown(""), `typosquat: WithKnown: simpleapi: invalid project name "": empty`},
		{WithInternalPatterns("*"), `typosquat: WithInternalPatterns: pattern "*": matches every name`},
		{WithInternalPatterns("acme/*"), `typosquat: WithInternalPatterns: pattern "acme/*": only ASCII letters, digits, '.', '_', '-' and '*' are allowed`},
	}
	for _, tt := range tests {
		_, err := New(tt.opt)
		require.Error(t, err)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, ErrInvalidList)
		var le *ListError
		assert.ErrorAs(t, err, &le)
	}
	_, err := New(WithProtected("a b"))
	assert.ErrorIs(t, err, simpleapi.ErrInvalidName)
}

func TestParseList(t *testing.T) {
	names, err := ParseList(strings.NewReader("# header\n\nrequests\n  Django  \n#comment\nnumpy"), "x.txt")
	require.NoError(t, err)
	assert.Equal(t, []string{"requests", "Django", "numpy"}, names)

	_, err = ParseList(strings.NewReader("requests\n\nbad name\n"), "x.txt")
	assert.EqualError(t, err, `typosquat: x.txt:3: simpleapi: invalid project name "bad name": only ASCII letters, digits, '.', '_' and '-' are allowed`)
	assert.ErrorIs(t, err, ErrInvalidList)
	assert.ErrorIs(t, err, simpleapi.ErrInvalidName)

	_, err = ParseList(strings.NewReader("requests\n"+strings.Repeat("a", MaxLineLen+1)+"\n"), "x.txt")
	assert.EqualError(t, err, fmt.Sprintf("typosquat: x.txt:2: line longer than %d bytes: bufio.Scanner: token too long", MaxLineLen))

	_, err = ParseList(iotestErrReader{}, "x.txt")
	assert.ErrorIs(t, err, errBoom)
	assert.ErrorIs(t, err, ErrInvalidList)
}

var errBoom = errors.New("boom")

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errBoom }

func TestDefaultPopular(t *testing.T) {
	p, err := DefaultPopular()
	require.NoError(t, err)
	assert.Len(t, p, 14985)
	assert.Equal(t, "boto3", p[0])
	for _, n := range p {
		require.True(t, simpleapi.IsNormalizedName(n), n)
	}
	c := newChecker(t)
	assert.True(t, c.Known("Typing_Extensions"))
	assert.Equal(t, len(p), len(c.targets), "no duplicates in the embedded list")
}

func TestRuleString(t *testing.T) {
	assert.Equal(t, "two-edits", RuleTwoEdits.String())
	assert.Equal(t, "Rule(0)", Rule(0).String())
	assert.Equal(t, "Rule(99)", Rule(99).String())
	b, err := RuleLookAlike.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "look-alike", string(b))
}

// refOSA is the textbook optimal string alignment distance, full matrix.
func refOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"ca", "abc", 3},
		{"requests", "reqeusts", 1}, {"numpy", "numba", 2}, {"kitten", "sitting", 3},
		{"aaaa", "aaa", 1}, {"ab", "ba", 1}, {"abcd", "badc", 2},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, refOSA(tt.a, tt.b), "%s %s", tt.a, tt.b)
		for limit := 0; limit <= 3; limit++ {
			assert.Equal(t, min(tt.want, limit+1), osa(tt.a, tt.b, limit), "%q %q limit %d", tt.a, tt.b, limit)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		a, b := randName(r, 1+r.IntN(20), "ab-c"), randName(r, 1+r.IntN(20), "ab-c")
		if r.IntN(2) == 0 {
			b = mutate(r, a, 1+r.IntN(3))
		}
		want := refOSA(a, b)
		for limit := 1; limit <= 2; limit++ {
			require.Equal(t, min(want, limit+1), osa(a, b, limit), "%q %q limit %d", a, b, limit)
		}
	}
}

// bagDistance is the larger of the number of bytes of a missing from b
// and of b missing from a, counted as multisets: no edit lowers either by
// more than one.
func bagDistance(a, b string) int {
	var d [128]int // normalized names are ASCII
	for i := 0; i < len(a); i++ {
		d[a[i]&127]++
	}
	for i := 0; i < len(b); i++ {
		d[b[i]&127]--
	}
	pos, neg := 0, 0
	for _, v := range d {
		if v > 0 {
			pos += v
		} else {
			neg -= v
		}
	}
	return max(pos, neg)
}

// scanner applies every rule to every target, the definition that the
// index must reproduce.
type scanner struct {
	targets []scanTarget
}

type scanTarget struct {
	name, bare, skel string
	top              bool
}

func newScanner(c *Checker) *scanner {
	s := &scanner{}
	for i := range c.targets {
		t := &c.targets[i]
		s.targets = append(s.targets, scanTarget{t.name, strings.ReplaceAll(t.name, "-", ""), string(appendSkeleton(nil, t.name)), t.top()})
	}
	return s
}

func (s *scanner) find(n string) map[string]Rule {
	out := map[string]Rule{}
	add := func(t string, r Rule) {
		if old, ok := out[t]; !ok || r < old {
			out[t] = r
		}
	}
	bare, skel := strings.ReplaceAll(n, "-", ""), string(appendSkeleton(nil, n))
	for _, tg := range s.targets {
		t := tg.name
		if t == n {
			continue
		}
		if tg.bare == bare && len(bare) >= minSeparator {
			add(t, RuleSeparator)
		}
		if len(n) >= minLookAlike && len(t) >= minLookAlike && tg.skel == skel {
			add(t, RuleLookAlike)
		}
		if shareCore(n, t) {
			add(t, RuleAffix)
		}
		if len(n) < minDistance || len(t) < minDistance || len(n) > MaxDistanceLen || len(t) > MaxDistanceLen ||
			len(n)-len(t) > 2 || len(t)-len(n) > 2 || bagDistance(n, t) > 2 { // lower bounds of the distance
			continue
		}
		switch refOSA(n, t) {
		case 1:
			if r := classify1(n, t, tg.top); r != 0 {
				add(t, r)
			}
		case 2:
			least := minTwoEdits
			if tg.top {
				least = minTwoEditsTop
			}
			if len(n) >= least && len(t) >= least {
				add(t, RuleTwoEdits)
			}
		}
	}
	return out
}

// TestIndexMatchesScan checks that the index finds exactly what a scan of
// every target with every rule finds, on typos of popular names.
func TestIndexMatchesScan(t *testing.T) {
	c := newChecker(t, WithProtected("acme-billing-service", "acme-auth"))
	sc := newScanner(c)
	r := rand.New(rand.NewPCG(3, 4))
	n := 1000
	if testing.Short() {
		n = 100
	}
	for i := range n {
		base := c.targets[r.IntN(len(c.targets))].name
		var name string
		switch i % 4 {
		case 0:
			name = mutate(r, base, 1)
		case 1:
			name = mutate(r, base, 2)
		case 2:
			name = mutate(r, mutate(r, base, 1), 1)
		default:
			name = randName(r, 1+r.IntN(24), "abcdefghijklmnopqrstuvwxyz0123456789-")
		}
		compareWithScan(t, c, sc, name)
	}
}

func compareWithScan(t testing.TB, c *Checker, sc *scanner, name string) {
	t.Helper()
	if simpleapi.ValidateName(name) != nil {
		return
	}
	n := simpleapi.NormalizeName(name)
	want := map[string]Rule{}
	if !c.Known(n) {
		want = sc.find(n)
	}
	got := map[string]Rule{}
	for _, m := range c.Check(name) {
		got[m.Target] = m.Rule
	}
	require.Equal(t, want, got, "name %q", name)
}

// mutate applies k random edits of the kinds the rules know.
func mutate(r *rand.Rand, s string, k int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-"
	b := []byte(s)
	for range k {
		if len(b) == 0 {
			b = append(b, 'a')
			continue
		}
		p := r.IntN(len(b))
		switch r.IntN(6) {
		case 0: // substitution
			b[p] = alphabet[r.IntN(len(alphabet))]
		case 1: // insertion
			b = slices.Insert(b, p, alphabet[r.IntN(len(alphabet))])
		case 2: // deletion
			b = slices.Delete(b, p, p+1)
		case 3: // transposition
			if p+1 < len(b) {
				b[p], b[p+1] = b[p+1], b[p]
			}
		case 4: // doubling
			b = slices.Insert(b, p, b[p])
		case 5: // look-alike
			b[p] = "0o1il5s"[r.IntN(7)]
		}
	}
	return string(b)
}

func randName(r *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func TestConcurrentCheck(t *testing.T) {
	c := newChecker(t)
	done := make(chan bool)
	for range 4 {
		go func() {
			for _, n := range benchNames {
				c.Check(n)
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}
