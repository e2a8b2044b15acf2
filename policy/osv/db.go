package osv

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// Advisory is one vulnerability as it applies to one package: the records
// that alias one another (a PYSEC, a GHSA and a CVE record of the same flaw),
// merged, with what they say about the package queried.
//
// Advisories come from a DB; the zero Advisory has no AdvisoryInfo. The
// AdvisoryInfo and the slices in an Advisory are shared with the DB and must
// not be modified.
type Advisory struct {
	*AdvisoryInfo

	// The fields below describe one package. They are set in the answers of
	// Affected, AffectedString and Highest, and empty from DB.Advisory.

	// Package is the normalized name of the project queried.
	Package string
	// Fixed lists the versions of Package that the records name in fixed
	// events, in PEP 440 order, canonical spelling.
	Fixed []string
	// FixedIn is the lowest version in Fixed above the version queried
	// that the advisory does not affect: the upgrade that resolves it.
	// It is "" when there is none (unfixed, or only last_affected).
	FixedIn string
}

// AdvisoryInfo is the part of an Advisory that does not depend on the
// package.
type AdvisoryInfo struct {
	// ID is the primary ID: the first, in string order, of the group's
	// PYSEC IDs, else of its GHSA IDs, else of its other IDs, else of its
	// CVE IDs. PyPA's PYSEC database is the one OSV.dev imports PyPI
	// records from; GitHub's is the other main source.
	ID string
	// IDs lists every ID of the group, records' own IDs and aliases alike,
	// in the order that chose ID: PYSEC, GHSA, others, CVE, and by string
	// within each.
	IDs []string
	// Summary is the summary of the first record, in IDs order, that has
	// one, else the first line of a record's details.
	Summary string
	// Severity merges the records' severities, keeping the highest.
	Severity Severity
	// Published is the earliest publication time of the records, and
	// Modified the latest modification time (zero when no record has one).
	Published, Modified time.Time
	// Packages lists the normalized names of the PyPI projects the advisory
	// affects, in order.
	Packages []string
	// Sources names the files and zip entries the records came from.
	Sources []string
}

// URL returns the advisory's page on osv.dev.
func (a *AdvisoryInfo) URL() string {
	return "https://osv.dev/vulnerability/" + a.ID
}

// DB is a read-only, indexed set of advisories for PyPI projects. Build one
// with a Loader, LoadFS or LoadZip. A DB is safe for concurrent use. The zero
// DB holds no advisory and answers every query with none.
type DB struct {
	advs     []*AdvisoryInfo      // by group
	byID     map[string]int32     // upper-cased ID or alias -> group
	pkgs     map[string]*pkgIndex // normalized name -> index
	warnings []error
}

// pkgIndex answers queries for one package (see eval.go for regions).
type pkgIndex struct {
	points  []pep440.Version
	regions [][]Advisory          // per region, the advisories affecting it
	raw     map[string][]Advisory // versions[] entries that are not PEP 440
}

// Len returns the number of advisories (after merging aliases).
func (db *DB) Len() int { return len(db.advs) }

// Warnings returns the problems met while loading that did not fail the
// load: parts of records skipped (matching ErrIgnored) and, with
// WithInvalidRecordsSkippedUnsafe, whole records skipped (matching
// ErrInvalidRecord). Each is a *RecordError.
func (db *DB) Warnings() []error { return db.warnings }

// Advisory returns the advisory with the given ID or alias (compared without
// regard to case), with its package-specific fields empty.
func (db *DB) Advisory(id string) (Advisory, bool) {
	g, ok := db.byID[strings.ToUpper(id)]
	if !ok {
		return Advisory{}, false
	}
	return Advisory{AdvisoryInfo: db.advs[g]}, true
}

// Affected returns the advisories that affect version v of the project name
// (any spelling; it is PEP 503 normalized), ordered by ID. The answer is nil
// when none does.
func (db *DB) Affected(name string, v pep440.Version) []Advisory {
	name = simpleapi.NormalizeName(name)
	p := db.pkgs[name]
	if p == nil {
		return nil
	}
	return slices.Clone(p.regions[regionOf(p.points, v)])
}

// AffectedString is Affected for a version as written. A PEP 440 version is
// evaluated as by Affected; any other string matches only versions[] entries
// that are not PEP 440 versions and are written the same, as the schema
// compares them (no range can be evaluated for such a string).
func (db *DB) AffectedString(name, version string) []Advisory {
	version = strings.TrimSpace(version)
	if v, err := pep440.Parse(version); err == nil {
		return db.Affected(name, v)
	}
	name = simpleapi.NormalizeName(name)
	p := db.pkgs[name]
	if p == nil {
		return nil
	}
	return slices.Clone(p.raw[version])
}

// Choice is the answer of Highest.
type Choice struct {
	// Version is the highest candidate that no advisory affects, counting
	// accepted advisories as not affecting it. Found is false, and Version
	// the zero Version, when every candidate is affected (or there was none).
	Version pep440.Version
	Found   bool
	// Skipped lists the candidates above Version, highest first, each with
	// the advisories that excluded it.
	Skipped []Skipped
	// Accepted lists the accepted advisories that affect Version.
	Accepted []Accepted
}

// Skipped is a candidate version that advisories excluded.
type Skipped struct {
	Version    pep440.Version
	Advisories []Advisory
}

// Accepted is an advisory that affects a version but is allowed by an Accept
// entry.
type Accepted struct {
	Advisory Advisory
	Accept   Accept
}

// Highest returns the highest of candidates that no advisory affects, and
// which advisories excluded the higher ones: what a resolver that refuses
// vulnerable versions picks. Advisories that allow accepts (see Allowlist)
// do not exclude a version; a nil allow accepts none. Candidates are
// compared in PEP 440 order; of equal versions ("1.0", "1.0.0") the first
// given is taken. Highest does not apply pre-release rules: pass the
// candidates the specifiers allow.
func (db *DB) Highest(name string, candidates []pep440.Version, allow *Allowlist) Choice {
	vs := slices.Clone(candidates)
	slices.SortStableFunc(vs, func(a, b pep440.Version) int { return pep440.Compare(b, a) })
	var c Choice
	for i, v := range vs {
		if i > 0 && pep440.Compare(vs[i-1], v) == 0 {
			continue
		}
		var open []Advisory
		var accepted []Accepted
		for _, a := range db.Affected(name, v) {
			if acc, ok := allow.Match(a); ok {
				accepted = append(accepted, Accepted{a, acc})
			} else {
				open = append(open, a)
			}
		}
		if len(open) == 0 {
			c.Version, c.Found, c.Accepted = v, true, accepted
			return c
		}
		c.Skipped = append(c.Skipped, Skipped{Version: v, Advisories: open})
	}
	return c
}

// build indexes records, merging those that alias one another.
func build(recs []*record, warnings []error) *DB {
	db := &DB{byID: map[string]int32{}, pkgs: map[string]*pkgIndex{}, warnings: warnings}

	// Union-find over upper-cased IDs.
	idx := map[string]int{}
	var spell []string // first spelling seen, by index
	var parent []int
	node := func(id string) int {
		k := strings.ToUpper(id)
		if i, ok := idx[k]; ok {
			return i
		}
		idx[k] = len(parent)
		parent = append(parent, len(parent))
		spell = append(spell, id)
		return len(parent) - 1
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, r := range recs {
		a := find(node(r.id))
		for _, al := range r.aliases {
			b := find(node(al))
			if a != b {
				parent[b] = a
			}
		}
	}

	// Components, each with its records.
	type comp struct {
		ids  []string
		recs []*record
	}
	comps := map[int]*comp{}
	for _, r := range recs {
		root := find(idx[strings.ToUpper(r.id)])
		c := comps[root]
		if c == nil {
			c = &comp{}
			comps[root] = c
		}
		c.recs = append(c.recs, r)
	}
	for i := range parent {
		if c := comps[find(i)]; c != nil {
			c.ids = append(c.ids, spell[i])
		}
	}
	groups := make([]*comp, 0, len(comps))
	for _, c := range comps {
		slices.SortFunc(c.ids, compareIDs)
		groups = append(groups, c)
	}
	slices.SortFunc(groups, func(a, b *comp) int { return compareIDs(a.ids[0], b.ids[0]) })

	// package -> group -> affected entries
	type entry struct {
		g int32
		p *pkgAffect
	}
	perPkg := map[string][]entry{}
	db.advs = make([]*AdvisoryInfo, len(groups))
	for gi, c := range groups {
		a := &AdvisoryInfo{}
		db.advs[gi] = a
		a.ID, a.IDs = c.ids[0], c.ids
		for _, id := range c.ids {
			db.byID[strings.ToUpper(id)] = int32(gi)
		}
		slices.SortFunc(c.recs, func(x, y *record) int { return compareIDs(x.id, y.id) })
		for _, r := range c.recs {
			if !r.derived && a.Summary == "" {
				a.Summary = r.summary
			}
			a.Severity.Level = max(a.Severity.Level, r.severity.Level)
			a.Severity.Score = max(a.Severity.Score, r.severity.Score)
			a.Severity.Vectors = append(a.Severity.Vectors, r.severity.Vectors...)
			if !r.published.IsZero() && (a.Published.IsZero() || r.published.Before(a.Published)) {
				a.Published = r.published
			}
			if r.modified.After(a.Modified) {
				a.Modified = r.modified
			}
			a.Sources = append(a.Sources, r.source)
			for i := range r.pkgs {
				p := &r.pkgs[i]
				a.Packages = append(a.Packages, p.name)
				perPkg[p.name] = append(perPkg[p.name], entry{int32(gi), p})
			}
		}
		for _, r := range c.recs {
			if a.Summary == "" {
				a.Summary = r.summary
			}
		}
		slices.Sort(a.Severity.Vectors)
		a.Severity.Vectors = slices.Compact(a.Severity.Vectors)
		slices.Sort(a.Sources)
		slices.Sort(a.Packages)
		a.Packages = slices.Compact(a.Packages)
	}

	var mark []bool
	var order, thresholds []int
	for name, entries := range perPkg {
		pi := &pkgIndex{}
		for _, e := range entries {
			pi.points = append(pi.points, e.p.versions...)
			for _, r := range e.p.ranges {
				for _, ev := range r.events {
					if !ev.zero {
						pi.points = append(pi.points, ev.v)
					}
				}
				pi.points = append(pi.points, r.limits...)
			}
		}
		slices.SortFunc(pi.points, pep440.Compare)
		pi.points = slices.CompactFunc(pi.points, pep440.Version.Equal)
		nr := 2*len(pi.points) + 1
		pi.regions = make([][]Advisory, nr)
		if cap(mark) < nr {
			mark = make([]bool, nr)
		}
		mark = mark[:nr]

		// entries are in group order; handle each group's run together.
		for start := 0; start < len(entries); {
			g := entries[start].g
			end := start
			clear(mark)
			var fixed []pep440.Version
			for ; end < len(entries) && entries[end].g == g; end++ {
				p := entries[end].p
				markVersions(mark, pi.points, p.versions)
				for i := range p.ranges {
					r := &p.ranges[i]
					markRange(mark, pi.points, r, order, thresholds)
					for _, ev := range r.events {
						if ev.kind == evFixed {
							fixed = append(fixed, ev.v)
						}
					}
				}
			}
			slices.SortFunc(fixed, pep440.Compare)
			fixed = slices.CompactFunc(fixed, pep440.Version.Equal)
			fixedStr := make([]string, len(fixed))
			for i, f := range fixed {
				fixedStr[i] = f.String()
			}
			if len(fixedStr) == 0 {
				fixedStr = nil
			}
			info := db.advs[g]
			for _, e := range entries[start:end] {
				for _, s := range e.p.rawVersions {
					if pi.raw == nil {
						pi.raw = map[string][]Advisory{}
					}
					if as := pi.raw[s]; len(as) == 0 || as[len(as)-1].AdvisoryInfo != info {
						pi.raw[s] = append(as, Advisory{AdvisoryInfo: info, Package: name, Fixed: fixedStr})
					}
				}
			}
			// Sweep down, carrying the lowest unaffected fixed version
			// above the current region.
			next := ""
			fi := len(fixed) - 1
			for r := nr - 1; r >= 0; r-- {
				if mark[r] {
					pi.regions[r] = append(pi.regions[r], Advisory{AdvisoryInfo: info, Package: name, Fixed: fixedStr, FixedIn: next})
				}
				for fi >= 0 && pointRegion(pi.points, fixed[fi]) == r {
					if !mark[r] {
						next = fixedStr[fi]
					}
					fi--
				}
			}
			start = end
		}
		// Neighbouring regions mostly have the same answer: share it.
		for r, as := range pi.regions {
			if r > 0 && sameAnswer(as, pi.regions[r-1]) {
				pi.regions[r] = pi.regions[r-1]
			} else if len(as) > 0 {
				pi.regions[r] = slices.Clip(as)
			}
		}
		db.pkgs[name] = pi
	}
	return db
}

// sameAnswer reports whether two answers for one package are the same.
// Fixed depends only on the advisory and the package, so the advisory and
// FixedIn decide.
func sameAnswer(a, b []Advisory) bool {
	return slices.EqualFunc(a, b, func(x, y Advisory) bool {
		return x.AdvisoryInfo == y.AdvisoryInfo && x.FixedIn == y.FixedIn
	})
}

// idRank orders ID prefixes for the choice of a primary ID.
func idRank(id string) int {
	switch u := strings.ToUpper(id); {
	case strings.HasPrefix(u, "PYSEC-"):
		return 0
	case strings.HasPrefix(u, "GHSA-"):
		return 1
	case strings.HasPrefix(u, "CVE-"):
		return 3
	}
	return 2
}

// compareIDs orders IDs by prefix rank, then as strings.
func compareIDs(a, b string) int {
	return cmp.Or(cmp.Compare(idRank(a), idRank(b)), strings.Compare(a, b))
}
