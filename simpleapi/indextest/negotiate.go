package indextest

import (
	"strconv"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// MaxAcceptLen caps the Accept header Negotiate reads; a longer header
// is read up to that length.
const MaxAcceptLen = 8 << 10

// Negotiate chooses the media type of a Simple API page from an Accept
// header, as PEP 691 asks and PyPI does it: each offer takes the quality
// of the most specific media range that matches it ("type/subtype" over
// "type/*" over "*/*"; the ".latest+" types of PEP 691 count as their v1
// type), the highest quality wins, ties go to the first offer, and when
// nothing is acceptable (or the header is empty or unreadable) the answer
// is text/html, PyPI's default. Media ranges with an invalid q are
// ignored. When htmlOnly is set only the HTML types are offered.
//
// Offers, in order: text/html, application/vnd.pypi.simple.v1+html,
// application/vnd.pypi.simple.v1+json. The answer is one of them.
func Negotiate(accept string, htmlOnly bool) string {
	offers := []string{simpleapi.MediaTypeTextHTML, simpleapi.MediaTypeHTML, simpleapi.MediaTypeJSON}
	if htmlOnly {
		offers = offers[:2]
	}
	if len(accept) > MaxAcceptLen {
		accept = accept[:MaxAcceptLen]
	}
	type mediaRange struct {
		typ, sub string
		q        float64
	}
	var ranges []mediaRange
	for part := range strings.SplitSeq(accept, ",") {
		params := strings.Split(part, ";")
		mt := strings.ToLower(strings.TrimSpace(params[0]))
		typ, sub, ok := strings.Cut(mt, "/")
		if !ok || typ == "" || sub == "" || (typ == "*" && sub != "*") {
			continue
		}
		switch mt {
		case simpleapi.MediaTypeLatestJSON:
			sub = "vnd.pypi.simple.v1+json"
		case simpleapi.MediaTypeLatestHTML:
			sub = "vnd.pypi.simple.v1+html"
		}
		q, valid := 1.0, true
		for _, p := range params[1:] {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				q, valid = parseQ(strings.TrimSpace(v))
				break // parameters after q are accept-extensions
			}
		}
		if valid {
			ranges = append(ranges, mediaRange{typ, sub, q})
		}
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		typ, sub, _ := strings.Cut(offer, "/")
		spec, q := -1, 0.0
		for _, r := range ranges {
			s := -1
			switch {
			case r.typ == typ && r.sub == sub:
				s = 2
			case r.typ == typ && r.sub == "*":
				s = 1
			case r.typ == "*" && r.sub == "*":
				s = 0
			}
			if s > spec {
				spec, q = s, r.q
			}
		}
		if spec >= 0 && q > bestQ {
			best, bestQ = offer, q
		}
	}
	if best == "" {
		return simpleapi.MediaTypeTextHTML
	}
	return best
}

// parseQ reads a qvalue (RFC 9110 section 12.4.2): 0 to 1 with at most
// three decimals.
func parseQ(s string) (float64, bool) {
	if s == "" || len(s) > 5 {
		return 0, false
	}
	for i, c := range s {
		if !(c >= '0' && c <= '9') && !(c == '.' && i == 1) {
			return 0, false
		}
	}
	if s[0] != '0' && s[0] != '1' {
		return 0, false
	}
	q, err := strconv.ParseFloat(s, 64)
	if err != nil || q > 1 {
		return 0, false
	}
	return q, true
}
