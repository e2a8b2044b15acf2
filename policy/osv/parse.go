package osv

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// ecosystemPyPI is the ecosystem string of the Python Package Index, compared
// exactly as the schema's ecosystem list spells it
// (https://ossf.github.io/osv-schema/#affectedpackage-field).
const ecosystemPyPI = "PyPI"

// record is a parsed, checked OSV record, reduced to what the database needs.
type record struct {
	id        string
	aliases   []string // other IDs, without id, sorted
	source    string
	modified  time.Time
	published time.Time
	summary   string
	derived   bool // summary is the first line of details
	severity  Severity
	pkgs      []pkgAffect // PyPI packages only
}

type eventKind uint8

const (
	evIntroduced eventKind = iota
	evFixed
	evLastAffected
)

// event is one introduced, fixed or last_affected event of an ECOSYSTEM
// range. zero marks introduced "0", which sorts before every version.
type event struct {
	kind eventKind
	zero bool
	v    pep440.Version
}

// vrange is one ECOSYSTEM range: its events in the order written, and its
// limits ("*" anywhere in a limit means no limit).
type vrange struct {
	events    []event
	limits    []pep440.Version
	unlimited bool
}

// pkgAffect is one affected[] entry for a PyPI package.
type pkgAffect struct {
	name        string // PEP 503 normalized
	ranges      []vrange
	versions    []pep440.Version // versions[] entries that are PEP 440 versions
	rawVersions []string         // the others, as written (trimmed)
}

// versionCache parses each distinct version string once per load: the same
// strings recur across a package's records.
type versionCache map[string]versionResult

type versionResult struct {
	v   pep440.Version
	err error
}

func (c versionCache) parse(s string) (pep440.Version, error) {
	if r, ok := c[s]; ok {
		return r.v, r.err
	}
	v, err := pep440.Parse(s)
	c[s] = versionResult{v, err}
	return v, err
}

// parseRecord decodes and checks one record. A nil record with a nil error is
// a record to skip (withdrawn). warnings are *RecordErrors matching
// ErrIgnored; err is a *RecordError matching ErrInvalidRecord.
func parseRecord(source string, data []byte, f format, vc versionCache) (rec *record, warnings []error, err error) {
	w, derr := decodeRecord(data, f)
	if derr != nil {
		return nil, nil, &RecordError{Source: source, Reason: derr.Error(), Err: ErrInvalidRecord}
	}
	if reason := checkID(w.ID); reason != "" {
		return nil, nil, &RecordError{Source: source, Field: "id", Reason: reason, Err: ErrInvalidRecord}
	}
	// https://ossf.github.io/osv-schema/#withdrawn-field: a withdrawn record
	// no longer describes a vulnerability.
	if strings.TrimSpace(w.Withdrawn) != "" {
		return nil, nil, nil
	}
	r := &record{id: w.ID, source: source}
	warn := func(field, reason string, err error) {
		if err == nil {
			err = ErrIgnored
		} else {
			err = fmt.Errorf("%w: %w", ErrIgnored, err)
		}
		warnings = append(warnings, &RecordError{Source: source, ID: w.ID, Field: field, Reason: reason, Err: err})
	}

	for i, a := range w.Aliases {
		if reason := checkID(a); reason != "" {
			warn(fmt.Sprintf("aliases[%d]", i), reason+"; alias ignored", nil)
			continue
		}
		if a != w.ID && !slices.Contains(r.aliases, a) {
			r.aliases = append(r.aliases, a)
		}
	}
	slices.Sort(r.aliases)
	r.modified = parseTime(w.Modified)
	r.published = parseTime(w.Published)
	r.summary = summary(w.Summary, w.Details)
	r.derived = strings.TrimSpace(w.Summary) == ""

	sev := &r.severity
	addSeverity := func(field string, list []wireSeverity) {
		for i, s := range list {
			score := strings.TrimSpace(s.Score)
			switch s.Type {
			case "CVSS_V3":
				v, err := CVSS3BaseScore(score)
				if err != nil {
					warn(fmt.Sprintf("%s[%d].score", field, i), "CVSS v3 vector not read; severity from it ignored", err)
					continue
				}
				sev.Score = max(sev.Score, v)
				sev.Level = max(sev.Level, levelOfScore(v))
			case "CVSS_V2", "CVSS_V4":
			default:
				continue
			}
			if score != "" && !slices.Contains(sev.Vectors, score) {
				sev.Vectors = append(sev.Vectors, score)
			}
		}
	}
	addSeverity("severity", w.Severity)
	if l, ok := databaseSeverity(w.DatabaseSpecific); ok {
		sev.Level = max(sev.Level, l)
	}

	for i, a := range w.Affected {
		if a.Package.Ecosystem != ecosystemPyPI {
			continue
		}
		field := fmt.Sprintf("affected[%d]", i)
		if err := simpleapi.ValidateName(a.Package.Name); err != nil {
			warn(field+".package.name", fmt.Sprintf("%s is not a valid project name; entry ignored", quote(a.Package.Name)), err)
			continue
		}
		addSeverity(field+".severity", a.Severity)
		p := pkgAffect{name: simpleapi.NormalizeName(a.Package.Name)}
		for j, rg := range a.Ranges {
			rf := fmt.Sprintf("%s.ranges[%d]", field, j)
			switch rg.Type {
			case "ECOSYSTEM":
			case "GIT":
				// Commit ranges need the repository; the PyPI
				// ECOSYSTEM range or versions list of the same entry
				// says the same in version numbers.
				continue
			default:
				warn(rf+".type", fmt.Sprintf("range type %s is not evaluated for PyPI (only ECOSYSTEM is); range ignored", quote(rg.Type)), nil)
				continue
			}
			vr, hasIntroduced := parseRange(rf, rg.Events, vc, warn)
			if !hasIntroduced {
				warn(rf+".events", "no usable introduced event, so the range affects no version", nil)
				continue
			}
			p.ranges = append(p.ranges, vr)
		}
		for _, s := range a.Versions {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			if v, err := vc.parse(s); err == nil {
				p.versions = append(p.versions, v)
			} else if !slices.Contains(p.rawVersions, s) {
				p.rawVersions = append(p.rawVersions, s)
			}
		}
		if len(p.ranges) > 0 || len(p.versions) > 0 || len(p.rawVersions) > 0 {
			r.pkgs = append(r.pkgs, p)
		}
	}
	slices.Sort(sev.Vectors)
	return r, warnings, nil
}

// parseRange reads the events of one ECOSYSTEM range
// (https://ossf.github.io/osv-schema/#affectedrangesevents-fields). An event
// that has not exactly one field, or whose version is not PEP 440, is skipped
// with a warning.
func parseRange(field string, events []wireEvent, vc versionCache, warn func(field, reason string, err error)) (vrange, bool) {
	var vr vrange
	hasIntroduced := false
	for k, e := range events {
		ef := fmt.Sprintf("%s.events[%d]", field, k)
		n := 0
		var kind, s string
		for _, c := range []struct {
			name string
			p    *string
		}{{"introduced", e.Introduced}, {"fixed", e.Fixed}, {"last_affected", e.LastAffected}, {"limit", e.Limit}} {
			if c.p != nil {
				n++
				kind, s = c.name, strings.TrimSpace(*c.p)
			}
		}
		if n != 1 {
			warn(ef, fmt.Sprintf("an event must have exactly one of introduced, fixed, last_affected and limit, not %d; event ignored", n), nil)
			continue
		}
		ef += "." + kind
		if kind == "introduced" && s == "0" {
			vr.events = append(vr.events, event{kind: evIntroduced, zero: true})
			hasIntroduced = true
			continue
		}
		if kind == "limit" && strings.Contains(s, "*") {
			vr.unlimited = true
			continue
		}
		v, err := vc.parse(s)
		if err != nil {
			warn(ef, fmt.Sprintf("%s is not a PEP 440 version; event ignored", quote(s)), err)
			continue
		}
		switch kind {
		case "introduced":
			vr.events = append(vr.events, event{kind: evIntroduced, v: v})
			hasIntroduced = true
		case "fixed":
			vr.events = append(vr.events, event{kind: evFixed, v: v})
		case "last_affected":
			vr.events = append(vr.events, event{kind: evLastAffected, v: v})
		case "limit":
			vr.limits = append(vr.limits, v)
		}
	}
	return vr, hasIntroduced
}

// checkID returns why s is not a usable OSV id or alias, or "".
func checkID(s string) string {
	switch {
	case s == "":
		return "missing id"
	case len(s) > maxIDLen:
		return fmt.Sprintf("id %s is longer than %d bytes", quote(s), maxIDLen)
	case !utf8.ValidString(s):
		return fmt.Sprintf("id %s is not UTF-8", quote(s))
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) >= 0:
		return fmt.Sprintf("id %s has spaces or control characters", quote(s))
	}
	return ""
}

// parseTime reads an RFC 3339 timestamp, as the schema writes them; anything
// else gives the zero time.
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// summary returns the record's summary, or the first line of its details,
// cut to maxSummaryLen bytes.
func summary(sum, details string) string {
	s := strings.TrimSpace(sum)
	if s == "" {
		s = strings.TrimSpace(details)
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > maxSummaryLen {
		cut := maxSummaryLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// databaseSeverity reads GitHub's severity label from a record's
// database_specific object ("LOW", "MODERATE", "HIGH", "CRITICAL"). Other
// shapes are ignored: the object is the database's own.
func databaseSeverity(raw json.RawMessage) (Level, bool) {
	if len(raw) == 0 {
		return LevelUnknown, false
	}
	var ds struct {
		Severity json.RawMessage `json:"severity"`
	}
	if json.Unmarshal(raw, &ds) != nil || len(ds.Severity) == 0 {
		return LevelUnknown, false
	}
	var s string
	if json.Unmarshal(ds.Severity, &s) != nil {
		return LevelUnknown, false
	}
	l, err := ParseLevel(s)
	if err != nil || l == LevelUnknown {
		return LevelUnknown, false
	}
	return l, true
}
