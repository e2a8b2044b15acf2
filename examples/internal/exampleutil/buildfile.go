package exampleutil

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/safeindex/safeindex/internal/redact"
)

// BuildFileURL returns a file URL fit to write into a build file: http,
// https or file, without credentials (build tools take them from ~/.netrc
// or a credential helper; a build file is no place for them) and without
// the fragment, which is the index's hash and is written as the rule's own
// checksum. The URL is refused if it holds a control character. Errors
// quote the URL only with its secrets masked.
func BuildFileURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse echoes the whole URL, credentials included; mask
		// them and keep the *url.Error for errors.As.
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = redact.Text(ue.URL)
		}
		return "", fmt.Errorf("invalid file URL: %w", err)
	}
	switch u.Scheme {
	case "http", "https", "file":
	default:
		return "", fmt.Errorf("file URL scheme %q is not http, https or file", u.Scheme)
	}
	u.User, u.Fragment, u.RawFragment = nil, "", ""
	out := u.String()
	if err := CheckPlain(out); err != nil {
		return "", err
	}
	return out, nil
}

// CheckFilename refuses a filename that is not a plain file name: empty,
// "." or "..", holding a path separator or a control character.
func CheckFilename(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\") {
		return fmt.Errorf("filename %q is not a plain file name", name)
	}
	return CheckPlain(name)
}

// CheckPlain refuses control characters, which no URL, filename or label
// holds and which would break a generated build file. A URL in the
// message has its secrets masked.
func CheckPlain(s string) error {
	if i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
		return fmt.Errorf("%q holds a control character", redact.String(s))
	}
	return nil
}
