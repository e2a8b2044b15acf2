package simpleapi

import (
	"strings"
)

// MaxAcceptLen caps the part of an Accept header that [Negotiate] reads
// (8 KiB). A longer header is cut at its last ',' within the cap, so
// that no media range is read half-way; the rest is ignored.
const MaxAcceptLen = 8 << 10

// Negotiate chooses the media type of a Simple API page from a request's
// Accept header, on the server side of PEP 691 content negotiation
// (RFC 9110 section 12.5.1). The offers are, in PyPI's order:
// text/html, [MediaTypeHTML] and [MediaTypeJSON]; see
// [NegotiateOffers] for the rules.
//
// ok is false when the header names media ranges but none accepts an
// offer; PEP 691 lets a server answer 406 Not Acceptable then, or serve
// a default. PyPI serves text/html, and so do package indextest and the
// example proxy.
func Negotiate(accept string) (mediaType string, ok bool) {
	return NegotiateOffers(accept, MediaTypeTextHTML, MediaTypeHTML, MediaTypeJSON)
}

// NegotiateOffers chooses one of offers (media types "type/subtype",
// without parameters, in order of preference on ties) from an Accept
// header, as PyPI does with WebOb's acceptable_offers (warehouse,
// _select_content_type):
//
//   - each offer takes the quality of the most specific media range that
//     matches it: "type/subtype", then "type/*", then "*/*"; among ranges
//     of the same specificity the first one counts. Matching is
//     case-insensitive. The PEP 691 aliases
//     application/vnd.pypi.simple.latest+json and .latest+html match as
//     their v1 types (PyPI does not list them, and answers text/html);
//   - a range with media-type parameters before its q (such as
//     "text/html;level=1") matches no offer, since offers have none;
//     parameters after q are accept-extensions and are ignored;
//   - the offer of highest quality wins, ties going to the earlier offer;
//     an offer of quality 0 is not acceptable;
//   - a range that does not parse ("garbage", "text", "*/html") or whose q
//     is not an RFC 9110 qvalue (0 to 1, at most three decimals) is
//     ignored. WebOb instead ignores the whole header when one range is
//     invalid.
//
// An empty header, or one without a single readable range, means any
// type is acceptable (RFC 9110: as if no Accept header were sent): the
// answer is offers[0]. When readable ranges accept no offer, ok is false
// and mediaType is "". The work is linear in the header, of which at
// most [MaxAcceptLen] bytes are read, and allocates nothing for up to
// eight offers.
func NegotiateOffers(accept string, offers ...string) (mediaType string, ok bool) {
	if len(offers) == 0 {
		return "", false
	}
	if len(accept) > MaxAcceptLen {
		accept = accept[:MaxAcceptLen]
		if i := strings.LastIndexByte(accept, ','); i >= 0 {
			accept = accept[:i]
		}
	}
	// best[i] is the match of offers[i] so far: its specificity (-1 for
	// none) and quality in thousandths.
	type match struct{ spec, q int }
	var small [8]match
	best := small[:0]
	if len(offers) > len(small) {
		best = make([]match, 0, len(offers))
	}
	for range offers {
		best = append(best, match{-1, 0})
	}
	readable := false
	for accept != "" {
		var part string
		part, accept, _ = strings.Cut(accept, ",")
		typ, sub, q, valid := mediaRange(part)
		if !valid {
			continue
		}
		readable = true
		if q < 0 {
			continue // has media-type parameters: matches no offer
		}
		for i, offer := range offers {
			ot, osub, _ := strings.Cut(offer, "/")
			spec := -1
			switch {
			case strings.EqualFold(typ, ot) && strings.EqualFold(sub, osub):
				spec = 2
			case strings.EqualFold(typ, ot) && sub == "*":
				spec = 1
			case typ == "*":
				spec = 0
			}
			if spec > best[i].spec {
				best[i] = match{spec, q}
			}
		}
	}
	if !readable {
		return offers[0], true
	}
	choice, bestQ := -1, 0
	for i, m := range best {
		if m.spec >= 0 && m.q > bestQ {
			choice, bestQ = i, m.q
		}
	}
	if choice < 0 {
		return "", false
	}
	return offers[choice], true
}

// mediaRange reads one element of an Accept header: a media range with
// optional parameters. It returns the type and subtype, with the PEP 691
// .latest+ aliases mapped to v1, and the quality in thousandths (1000
// without q), or -1 when the range has media-type parameters. valid is
// false when the element is empty or not a media range, or when its q is
// not a qvalue.
func mediaRange(s string) (typ, sub string, q int, valid bool) {
	mt, params, _ := strings.Cut(s, ";")
	mt = strings.TrimSpace(mt)
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || !isToken(typ) || !isToken(sub) || (typ == "*" && sub != "*") {
		return "", "", 0, false
	}
	switch {
	case strings.EqualFold(mt, MediaTypeLatestJSON):
		sub = MediaTypeJSON[len("application/"):]
	case strings.EqualFold(mt, MediaTypeLatestHTML):
		sub = MediaTypeHTML[len("application/"):]
	}
	q = 1000
	mediaParams := false
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, _ := strings.Cut(p, "=")
		k = strings.TrimSpace(k)
		if !strings.EqualFold(k, "q") {
			if k != "" {
				mediaParams = true
			}
			continue
		}
		q, ok = qvalue(strings.TrimSpace(v))
		if !ok {
			return "", "", 0, false
		}
		break // later parameters are accept-extensions
	}
	if mediaParams {
		q = -1
	}
	return typ, sub, q, true
}

// qvalue reads an RFC 9110 qvalue (section 12.4.2) in thousandths:
// "0" ["." 0*3DIGIT] or "1" ["." 0*3"0"].
func qvalue(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	if len(s) > 1 && s[1] != '.' {
		return 0, false
	}
	n := int(s[0]-'0') * 1000
	scale := 100
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n += int(c-'0') * scale
		scale /= 10
	}
	if n > 1000 {
		return 0, false
	}
	return n, true
}

// isToken reports whether s is a non-empty RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
