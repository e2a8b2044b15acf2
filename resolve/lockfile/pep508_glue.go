package lockfile

import (
	"errors"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/resolve/pep508"
)

// validateMarker parses a PEP 508 marker as packaging's Marker() does; the
// lock-file variables extras and dependency_groups are allowed.
func validateMarker(s string) error {
	_, err := pep508.ParseMarker(s)
	return err
}

// reqParts is what the requirements reader needs of a PEP 508 requirement.
type reqParts struct {
	name   string
	extras []string
	spec   pep440.SpecifierSet
	url    string
}

func parseRequirement(s string) (reqParts, error) {
	req, err := pep508.ParseRequirement(s)
	if err != nil {
		return reqParts{}, err
	}
	return reqParts{name: req.Name, extras: req.Extras, spec: req.Specifier, url: req.URL}, nil
}

// unwrapReqError returns the reason of a pep508 error without repeating the
// requirement text, which the caller quotes already.
func unwrapReqError(err error) string {
	var re *pep508.RequirementError
	if errors.As(err, &re) && re.Reason != "" {
		return re.Reason
	}
	return err.Error()
}
