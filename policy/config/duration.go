package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// durationUnits are the unit names ParseDuration accepts, lower-case.
var durationUnits = map[string]time.Duration{
	"ms": time.Millisecond, "millisecond": time.Millisecond, "milliseconds": time.Millisecond,
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
}

// ParseDuration reads a release age as the tools users know write it:
//
//   - Go durations with days and weeks added: "12h", "90m", "1h30m", "7d",
//     "3w", "1d12h" (PDM and Go);
//   - numbers with unit words, as uv writes them: "7 days", "1 week",
//     "24 hours", "1 day 12 hours";
//   - ISO 8601 durations in weeks, days, hours, minutes and seconds:
//     "P7D", "P1W", "PT12H", "P1DT12H" (uv, pip).
//
// Units are case-insensitive. Years and months are refused, since their
// length varies; so are negative durations. "0" is zero.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return 0, errors.New("empty duration")
	case t == "0":
		return 0, nil
	case t[0] == '-':
		return 0, errors.New("negative duration")
	case t[0] == 'P' || t[0] == 'p':
		return parseISODuration(t)
	}
	var total float64
	rest := t
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("want a number at %q", rest)
		}
		n, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("bad number %q", rest[:i])
		}
		rest = strings.TrimLeft(rest[i:], " \t")
		j := 0
		for j < len(rest) && (rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 'A' && rest[j] <= 'Z') {
			j++
		}
		if j == 0 {
			return 0, fmt.Errorf("missing unit after %s (use s, m, h, d or w)", strconv.FormatFloat(n, 'f', -1, 64))
		}
		unit, ok := durationUnits[strings.ToLower(rest[:j])]
		if !ok {
			return 0, fmt.Errorf("unknown unit %q (use s, m, h, d or w)", rest[:j])
		}
		total += n * float64(unit)
		rest = strings.TrimLeft(rest[j:], " \t,")
	}
	return toDuration(total)
}

func toDuration(f float64) (time.Duration, error) {
	if f >= math.MaxInt64 || math.IsNaN(f) {
		return 0, errors.New("duration too long")
	}
	return time.Duration(f), nil
}

// parseISODuration reads P[nW][nD][T[nH][nM][nS]].
func parseISODuration(s string) (time.Duration, error) {
	rest := strings.ToUpper(s[1:])
	if rest == "" || rest == "T" {
		return 0, errors.New("ISO 8601 duration without a value")
	}
	var total float64
	inTime := false
	last := -1 // order of the last unit, to refuse repeats and disorder
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, errors.New("ISO 8601 duration with two T")
			}
			inTime = true
			rest = rest[1:]
			if rest == "" {
				return 0, errors.New("ISO 8601 duration ends with T")
			}
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || rest[i] == ',') {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("bad ISO 8601 duration %q", s)
		}
		n, err := strconv.ParseFloat(strings.ReplaceAll(rest[:i], ",", "."), 64)
		if err != nil {
			return 0, fmt.Errorf("bad number %q", rest[:i])
		}
		var unit time.Duration
		var order int
		switch d := rest[i]; {
		case !inTime && (d == 'Y' || d == 'M'):
			return 0, errors.New("years and months have no fixed length; use weeks or days")
		case !inTime && d == 'W':
			unit, order = 7*24*time.Hour, 0
		case !inTime && d == 'D':
			unit, order = 24*time.Hour, 1
		case inTime && d == 'H':
			unit, order = time.Hour, 2
		case inTime && d == 'M':
			unit, order = time.Minute, 3
		case inTime && d == 'S':
			unit, order = time.Second, 4
		default:
			return 0, fmt.Errorf("bad ISO 8601 duration %q", s)
		}
		if order <= last {
			return 0, fmt.Errorf("bad ISO 8601 duration %q: units out of order", s)
		}
		last = order
		total += n * float64(unit)
		rest = rest[i+1:]
	}
	return toDuration(total)
}
