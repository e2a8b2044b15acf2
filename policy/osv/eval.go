package osv

import (
	"slices"

	"github.com/safeindex/safeindex/pep440"
)

// Evaluation works on regions. A package's boundary versions (every version
// named by an event, a limit or a versions list of any of its records),
// sorted and without PEP 440 duplicates, are points p0 < p1 < ... < pn-1.
// They cut the version line into 2n+1 regions:
//
//	region 2i   the versions strictly between p(i-1) and p(i) (below p0 for i=0,
//	            above pn-1 for i=n)
//	region 2i+1 the version p(i) itself (and every spelling equal to it)
//
// Every comparison the schema's algorithm makes is between the queried
// version and a boundary, so all versions in one region get the same answer,
// and evaluating a range once per region, ahead of time, gives the answer for
// any version: a query is one binary search for its region.

// regionOf returns the region of v among points.
func regionOf(points []pep440.Version, v pep440.Version) int {
	i, found := slices.BinarySearchFunc(points, v, pep440.Compare)
	if found {
		return 2*i + 1
	}
	return 2 * i
}

// pointRegion returns the region of a version known to be one of points.
func pointRegion(points []pep440.Version, v pep440.Version) int {
	i, _ := slices.BinarySearchFunc(points, v, pep440.Compare)
	return 2*i + 1
}

// compareEvents orders events by version, introduced "0" first, as the
// schema's sorted(range.events) does.
func compareEvents(a, b event) int {
	switch {
	case a.zero && b.zero:
		return 0
	case a.zero:
		return -1
	case b.zero:
		return 1
	}
	return pep440.Compare(a.v, b.v)
}

// markRange sets mark[r] for every region r that the range affects, following
// the evaluation algorithm of the schema
// (https://ossf.github.io/osv-schema/#evaluation):
//
//	BeforeLimits: with limit events, only versions below the highest limit
//	(a limit containing "*" is no limit);
//	then, walking the events sorted by version, introduced (v >= e) sets
//	affected, fixed (v >= e) clears it, last_affected (v > e) clears it.
//
// Events at equal versions keep the order in which the record lists them (a
// stable sort), which decides, as the walk does, between an introduced and a
// fixed event at the same version.
//
// For a region r, the events whose condition holds are those whose
// threshold is at most r: 0 for introduced "0", the point's own region for
// introduced and fixed (v >= e), the region after it for last_affected
// (v > e). The walk's result is the effect of the last such event in sorted
// order; markRange sweeps the regions once, keeping that event.
func markRange(mark []bool, points []pep440.Version, vr *vrange, order []int, thresholds []int) {
	evs := vr.events
	if !slices.IsSortedFunc(evs, compareEvents) {
		evs = slices.Clone(evs)
		slices.SortStableFunc(evs, compareEvents)
	}
	limit := len(mark)
	if len(vr.limits) > 0 && !vr.unlimited {
		top := slices.MaxFunc(vr.limits, pep440.Compare)
		limit = pointRegion(points, top) // regions below the limit's own
	}
	thresholds = thresholds[:0]
	order = order[:0]
	for i, e := range evs {
		t := 0
		if !e.zero {
			t = pointRegion(points, e.v)
			if e.kind == evLastAffected {
				t++
			}
		}
		thresholds = append(thresholds, t)
		order = append(order, i)
	}
	slices.SortFunc(order, func(a, b int) int { return thresholds[a] - thresholds[b] })
	last := -1 // index in evs of the last applicable event
	j := 0
	for r := 0; r < limit; r++ {
		for j < len(order) && thresholds[order[j]] <= r {
			last = max(last, order[j])
			j++
		}
		if last >= 0 && evs[last].kind == evIntroduced {
			mark[r] = true
		}
	}
}

// markVersions sets mark for each version of a versions list
// (https://ossf.github.io/osv-schema/#affectedversions-field): the schema's
// IncludedInVersions, with PEP 440 equality.
func markVersions(mark []bool, points []pep440.Version, versions []pep440.Version) {
	for _, v := range versions {
		mark[pointRegion(points, v)] = true
	}
}
