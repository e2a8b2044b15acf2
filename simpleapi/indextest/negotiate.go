package indextest

import (
	"github.com/safeindex/safeindex/simpleapi"
)

// MaxAcceptLen caps the Accept header Negotiate reads
// (simpleapi.MaxAcceptLen); a longer header is read up to its last
// media range that fits.
const MaxAcceptLen = simpleapi.MaxAcceptLen

// Negotiate chooses the media type of a Simple API page from an Accept
// header, as PEP 691 asks and PyPI does it (simpleapi.NegotiateOffers):
// each offer takes the quality of the most specific media range that
// matches it ("type/subtype" over "type/*" over "*/*"; the ".latest+"
// types of PEP 691 count as their v1 type), the highest quality wins,
// ties go to the first offer, and when nothing is acceptable (or the
// header is empty or unreadable) the answer is text/html, PyPI's default,
// rather than 406. Media ranges with an invalid q are ignored. When
// htmlOnly is set only the HTML types are offered.
//
// Offers, in order: text/html, application/vnd.pypi.simple.v1+html,
// application/vnd.pypi.simple.v1+json. The answer is one of them.
func Negotiate(accept string, htmlOnly bool) string {
	offers := []string{simpleapi.MediaTypeTextHTML, simpleapi.MediaTypeHTML, simpleapi.MediaTypeJSON}
	if htmlOnly {
		offers = offers[:2]
	}
	if mt, ok := simpleapi.NegotiateOffers(accept, offers...); ok {
		return mt
	}
	return simpleapi.MediaTypeTextHTML
}
