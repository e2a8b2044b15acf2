package osv

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Level is a normalized severity. Levels are ordered: a rule "refuse at High"
// compares with >=. The zero value is LevelUnknown.
type Level int8

// Severity levels, lowest first.
const (
	// LevelUnknown: no record of the advisory gives a severity this package
	// can read (no GHSA label, only a CVSS v2 or v4 vector, or none).
	LevelUnknown Level = iota
	// LevelLow: GHSA "LOW", or a CVSS v3 base score from 0.0 to 3.9.
	LevelLow
	// LevelMedium: GHSA "MODERATE" (or "MEDIUM"), or a CVSS v3 base score
	// from 4.0 to 6.9.
	LevelMedium
	// LevelHigh: GHSA "HIGH", or a CVSS v3 base score from 7.0 to 8.9.
	LevelHigh
	// LevelCritical: GHSA "CRITICAL", or a CVSS v3 base score from 9.0 to
	// 10.0.
	LevelCritical
)

// String returns "unknown", "low", "medium", "high" or "critical".
func (l Level) String() string {
	switch l {
	case LevelUnknown:
		return "unknown"
	case LevelLow:
		return "low"
	case LevelMedium:
		return "medium"
	case LevelHigh:
		return "high"
	case LevelCritical:
		return "critical"
	}
	return fmt.Sprintf("Level(%d)", int8(l))
}

// ParseLevel reads a level name in any case: the names String returns, and
// GitHub's "MODERATE" for medium.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "unknown":
		return LevelUnknown, nil
	case "low":
		return LevelLow, nil
	case "medium", "moderate":
		return LevelMedium, nil
	case "high":
		return LevelHigh, nil
	case "critical":
		return LevelCritical, nil
	}
	return LevelUnknown, fmt.Errorf("osv: unknown severity level %s (want low, medium, high or critical)", quote(s))
}

// levelOfScore maps a CVSS v3 base score to its qualitative rating (CVSS
// v3.1 specification, section 5). The rating "None" (0.0) is reported as
// LevelLow, the lowest level.
func levelOfScore(score float64) Level {
	switch {
	case score >= 9.0:
		return LevelCritical
	case score >= 7.0:
		return LevelHigh
	case score >= 4.0:
		return LevelMedium
	default:
		return LevelLow
	}
}

// Severity is what the records of an advisory say about its severity.
type Severity struct {
	// Level is the highest level given by any record of the advisory:
	// GitHub's database_specific.severity label, or the rating of a CVSS v3.x
	// base score computed from a vector. CVSS v2 and v4 vectors are kept in
	// Vectors but not rated (v4 scoring needs the specification's lookup
	// tables), so an advisory with only those is LevelUnknown.
	Level Level
	// Score is the highest CVSS v3.x base score computed from the records'
	// vectors, or 0 when there is none.
	Score float64
	// Vectors lists the CVSS vectors of the records (top-level and
	// per-package severity entries), sorted, without duplicates.
	Vectors []string
}

// cvssWeight returns the weight of a CVSS v3.x base metric value, from the
// CVSS v3.1 specification, section 7.4. PR's weight depends on the scope.
func cvssWeight(metric, value string, changed bool) (float64, bool) {
	switch metric + ":" + value {
	case "AV:N":
		return 0.85, true
	case "AV:A":
		return 0.62, true
	case "AV:L":
		return 0.55, true
	case "AV:P":
		return 0.2, true
	case "AC:L":
		return 0.77, true
	case "AC:H":
		return 0.44, true
	case "PR:N":
		return 0.85, true
	case "PR:L":
		if changed {
			return 0.68, true
		}
		return 0.62, true
	case "PR:H":
		if changed {
			return 0.5, true
		}
		return 0.27, true
	case "UI:N":
		return 0.85, true
	case "UI:R":
		return 0.62, true
	case "S:U", "S:C":
		return 0, true
	case "C:H", "I:H", "A:H":
		return 0.56, true
	case "C:L", "I:L", "A:L":
		return 0.22, true
	case "C:N", "I:N", "A:N":
		return 0, true
	}
	return 0, false
}

// cvssOther reports whether name is a temporal or environmental metric,
// which a vector may carry after the base metrics and which does not change
// the base score.
func cvssOther(name string) bool {
	switch name {
	case "E", "RL", "RC", "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA":
		return true
	}
	return false
}

// CVSS3BaseScore computes the base score of a CVSS v3.0 or v3.1 vector such
// as "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" (9.8), with the formulas
// and the Roundup function of the CVSS v3.1 specification, sections 7.1 and
// Appendix A (v3.0 vectors are scored the same way; the two versions differ
// only in rounding at the fifth decimal place). Each of the eight base
// metrics must appear exactly once; temporal and environmental metrics are
// allowed and ignored. Any other vector gives an error matching
// ErrInvalidVector.
func CVSS3BaseScore(vector string) (float64, error) {
	bad := func(reason string) (float64, error) {
		return 0, fmt.Errorf("%w %s: %s", ErrInvalidVector, quote(vector), reason)
	}
	rest, ok := strings.CutPrefix(vector, "CVSS:3.1/")
	if !ok {
		rest, ok = strings.CutPrefix(vector, "CVSS:3.0/")
	}
	if !ok {
		return bad(`does not start with "CVSS:3.0/" or "CVSS:3.1/"`)
	}
	var m [8]string
	names := [8]string{"AV", "AC", "PR", "UI", "S", "C", "I", "A"}
	var seen []string
	for part := range strings.SplitSeq(rest, "/") {
		k, v, ok := strings.Cut(part, ":")
		if !ok || v == "" {
			return bad(fmt.Sprintf("metric %s is not NAME:VALUE", quote(part)))
		}
		if slices.Contains(seen, k) {
			return bad(fmt.Sprintf("metric %s appears twice", quote(k)))
		}
		seen = append(seen, k)
		i := -1
		for j, n := range names {
			if n == k {
				i = j
			}
		}
		if i < 0 {
			if !cvssOther(k) {
				return bad(fmt.Sprintf("unknown metric %s", quote(k)))
			}
			continue
		}
		m[i] = v
	}
	for i, n := range names {
		if m[i] == "" {
			return bad("base metric " + n + " is missing")
		}
	}
	changed := m[4] == "C"
	var w [8]float64
	for i, n := range names {
		var ok bool
		if w[i], ok = cvssWeight(n, m[i], changed); !ok {
			return bad(fmt.Sprintf("base metric %s has value %s, which the specification does not define", n, quote(m[i])))
		}
	}
	av, ac, prv, ui, c, in, a := w[0], w[1], w[2], w[3], w[5], w[6], w[7]
	iss := 1 - (1-c)*(1-in)*(1-a)
	var impact float64
	if changed {
		impact = 7.52*(iss-0.029) - 3.25*math.Pow(iss-0.02, 15)
	} else {
		impact = 6.42 * iss
	}
	if impact <= 0 {
		return 0, nil
	}
	exploitability := 8.22 * av * ac * prv * ui
	if changed {
		return roundup(math.Min(1.08*(impact+exploitability), 10)), nil
	}
	return roundup(math.Min(impact+exploitability, 10)), nil
}

// roundup is the Roundup function of CVSS v3.1, Appendix A: the smallest
// number with one decimal place that is at least x, computed on integers to
// avoid floating-point surprises.
func roundup(x float64) float64 {
	i := int64(math.Round(x * 100000))
	if i%10000 == 0 {
		return float64(i) / 100000
	}
	return float64(i/10000+1) / 10
}
