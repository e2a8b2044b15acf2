package typosquat

// osa returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and transpositions of adjacent
// bytes, no substring edited twice), or limit+1 when it is larger than
// limit. Both strings are at most MaxDistanceLen bytes long.
func osa(a, b string, limit int) int {
	// The common prefix and suffix cost nothing.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) == 0 || len(b) == 0 {
		return max(len(a), len(b))
	}
	// Three rows of the dynamic programme (i-2, i-1 and i), computed in
	// the band |i-j| <= limit only; cells beside the band hold inf.
	const inf = 250
	var rows [3][MaxDistanceLen + 2]uint8
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= min(len(b), limit); j++ {
		prev[j] = uint8(j)
	}
	prev[min(len(b), limit)+1] = inf
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		rowMin := inf
		if i <= limit {
			cur[0] = uint8(i)
			rowMin = i
		} else {
			cur[lo-1] = inf
		}
		for j := lo; j <= hi; j++ {
			cost := uint8(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost, inf)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, int(v))
		}
		cur[hi+1] = inf
		// Every alignment passes through row i or row i-1 (a
		// transposition skips one row), and costs never decrease.
		if rowMin > limit && prevMin > limit {
			return limit + 1
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return min(int(prev[len(b)]), limit+1)
}

// classify1 names the edit between a checked name n and a target t at
// distance 1, or returns 0 when the names are too short for the rule. top
// reports that t is a top-ranked or protected name.
func classify1(n, t string, top bool) Rule {
	p := 0 // the first difference
	for p < len(n) && p < len(t) && n[p] == t[p] {
		p++
	}
	short, long := min(len(n), len(t)), max(len(n), len(t))
	minSubst, minLonger := minSubstitution, minMissingLonger
	if top {
		minSubst, minLonger = minSubstitutionTop, minMissingLongerTop
	}
	switch {
	case len(n) == len(t):
		if p+1 < len(n) && n[p] == t[p+1] && n[p+1] == t[p] && n[p+2:] == t[p+2:] {
			if short >= minTransposition {
				return RuleTransposition
			}
			return 0
		}
		if short >= minSubst {
			return RuleSubstitution
		}
		return 0
	case len(n) > len(t): // n has an extra byte at p
		if p == len(t) && n[p] == 's' && (p == 0 || t[p-1] != 's') {
			if short >= minPlural {
				return RulePlural
			}
			return 0
		}
		if p > 0 && n[p] == n[p-1] {
			if short >= minRepeated {
				return RuleRepeatedLetter
			}
			return 0
		}
		if short >= minMissingShorter && long >= minLonger {
			return RuleExtraLetter
		}
		return 0
	default: // n lacks t's byte at p
		if p == len(n) && t[p] == 's' && (p == 0 || n[p-1] != 's') {
			if short >= minPlural {
				return RulePlural
			}
			return 0
		}
		if p > 0 && t[p] == t[p-1] {
			if short >= minRepeated {
				return RuleRepeatedLetter
			}
			return 0
		}
		if short >= minMissingShorter && long >= minLonger {
			return RuleMissingLetter
		}
		return 0
	}
}
