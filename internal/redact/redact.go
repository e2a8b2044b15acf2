// Package redact removes secrets from URLs and other text before they reach
// an error message or a log line.
//
// Index URLs routinely carry credentials: basic-auth userinfo
// (https://user:token@host/simple/), and tokens in query parameters on some
// hosted registries. Every error and log line in safeindex that names a URL
// passes it through this package first.
package redact

import (
	"net/url"
	"strings"
)

// Mask replaces a secret.
const Mask = "xxxxx"

// URL returns u as a string with any password replaced by Mask and the
// values of well-known secret query parameters masked. A user name alone is
// kept, as it identifies the account without granting access; a user name
// that is the only credential (a token used as the user name, as several
// hosted indexes do) is masked too when there is no password.
// A nil URL gives "".
func URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	if c.User != nil {
		if _, has := c.User.Password(); has {
			c.User = url.UserPassword(c.User.Username(), Mask)
		} else if c.User.Username() != "" {
			c.User = url.User(Mask)
		}
	}
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		if err != nil {
			c.RawQuery = Mask
		} else {
			changed := false
			for k := range q {
				if isSecretParam(k) {
					q[k] = []string{Mask}
					changed = true
				}
			}
			if changed {
				c.RawQuery = q.Encode()
			}
		}
	}
	return c.String()
}

// String parses s as a URL and redacts it like URL. A "scheme://" string
// that does not parse is one URL all the same, so nothing in it can be
// told apart from a secret: everything up to its last "@" and its whole
// query are masked ("https://xxxxx@host/simple/%zz?xxxxx"). Other text is
// searched for "scheme://user:password@" forms, which are masked in place.
func String(s string) string {
	u, err := url.Parse(s)
	switch {
	case err == nil && u.Scheme != "" && u.Host != "":
		return URL(u)
	case err != nil:
		if i := strings.Index(s, "://"); i >= 0 {
			return unparsed(s[:i+3], s[i+3:])
		}
	}
	return maskUserinfo(s)
}

// unparsed masks the rest of a URL that does not parse, after its
// "scheme://": a userinfo may hold any byte, so the mask runs to the
// last "@"; the query, which may carry a token, is masked whole.
func unparsed(scheme, rest string) string {
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = Mask + rest[at:]
	}
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		rest = rest[:q+1] + Mask
	}
	return scheme + rest
}

// Text masks every "scheme://userinfo@" occurrence in free text, such as a
// message from a server or a wrapped error from net/http.
func Text(s string) string { return maskUserinfo(s) }

func maskUserinfo(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		s = s[i+3:]
		// userinfo ends at '@' before any '/', '?', '#' or whitespace.
		end := strings.IndexAny(s, "/?# \t\r\n\"'<>")
		if end < 0 {
			end = len(s)
		}
		if at := strings.LastIndexByte(s[:end], '@'); at >= 0 {
			b.WriteString(Mask)
			s = s[at:]
		}
	}
}

// isSecretParam reports whether a query parameter named k carries a secret
// (signed-URL signatures and credentials, access tokens, API keys).
func isSecretParam(k string) bool {
	switch strings.ToLower(k) {
	case "token", "access_token", "auth", "password", "passwd", "secret",
		"signature", "sig", "x-amz-signature", "x-amz-credential",
		"x-amz-security-token", "x-goog-signature", "x-goog-credential",
		"api_key", "apikey", "key":
		return true
	}
	return false
}

// Secrets returns the secret strings that URL would mask in u: the
// password (or a user name that is the only credential) and the values of
// secret query parameters. Callers use it to scrub text that a server may
// have echoed back, such as an error body quoting the request URL.
func Secrets(u *url.URL) []string {
	if u == nil {
		return nil
	}
	var out []string
	if u.User != nil {
		if p, has := u.User.Password(); has {
			if p != "" {
				out = append(out, p)
			}
		} else if n := u.User.Username(); n != "" {
			out = append(out, n)
		}
	}
	if u.RawQuery != "" {
		if q, err := url.ParseQuery(u.RawQuery); err == nil {
			for k, vs := range q {
				if isSecretParam(k) {
					for _, v := range vs {
						if v != "" {
							out = append(out, v, url.QueryEscape(v))
						}
					}
				}
			}
		}
	}
	return out
}
