package pep440

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// compareRef is a plain, segment-by-segment implementation of PEP 440
// order on canonical strings, written as packaging's _cmpkey reads. The
// fuzz tests hold Compare's byte keys to it.
func compareRef(a, b Version) int {
	pa, pb := a.split(), b.split()
	if c := cmpDigits(pa.epoch, pb.epoch); c != 0 {
		return c
	}
	if c := cmpReleaseRef(pa.rel, pb.rel); c != 0 {
		return c
	}
	if c := preRank(pa) - preRank(pb); c != 0 {
		return sign(c)
	}
	if c := cmpDigits(orZero(pa.pre), orZero(pb.pre)); c != 0 {
		return c
	}
	if pa.hasPost != pb.hasPost {
		if pb.hasPost {
			return -1
		}
		return 1
	}
	if c := cmpDigits(orZero(pa.post), orZero(pb.post)); c != 0 {
		return c
	}
	if pa.hasDev != pb.hasDev {
		if pa.hasDev {
			return -1
		}
		return 1
	}
	if c := cmpDigits(orZero(pa.dev), orZero(pb.dev)); c != 0 {
		return c
	}
	return cmpLocalRef(pa.local, pb.local, pa.hasLocal, pb.hasLocal)
}

// preRank is packaging's pre-release rank: dev-only -1, a 0, b 1, rc 2, none 3.
func preRank(p parts) int {
	switch {
	case p.preKind == "a":
		return 0
	case p.preKind == "b":
		return 1
	case p.preKind == "rc":
		return 2
	case !p.hasPost && p.hasDev:
		return -1
	}
	return 3
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func cmpReleaseRef(a, b string) int {
	for a != "" || b != "" {
		var x, y string
		x, a = nextComponent(a)
		y, b = nextComponent(b)
		if c := cmpDigits(x, y); c != 0 {
			return c
		}
	}
	return 0
}

func nextComponent(s string) (string, string) {
	if s == "" {
		return "0", ""
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func cmpLocalRef(a, b string, ha, hb bool) int {
	if ha != hb {
		if hb {
			return -1
		}
		return 1
	}
	for a != "" && b != "" {
		var x, y string
		x, a, _ = strings.Cut(a, ".")
		y, b, _ = strings.Cut(b, ".")
		nx, ny := allDigits(x), allDigits(y)
		switch {
		case nx && ny:
			if c := cmpDigits(x, y); c != 0 {
				return c
			}
		case nx:
			return 1
		case ny:
			return -1
		default:
			if c := strings.Compare(x, y); c != 0 {
				return c
			}
		}
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

func TestCompareMatchesReference(t *testing.T) {
	var all []Version
	for _, group := range precedence {
		for _, s := range group {
			all = append(all, MustParse(s))
		}
	}
	all = append(all, Version{})
	for _, a := range all {
		for _, b := range all {
			require.Equal(t, compareRef(a, b), Compare(a, b), "%s vs %s", a, b)
		}
	}
}
