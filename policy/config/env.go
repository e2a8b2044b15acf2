package config

import (
	"net/url"
	"strings"
)

// expand replaces ${NAME} references (and, with bare, $NAME ones, as
// Pipenv reads them) using lookup. NAME is [A-Za-z_][A-Za-z0-9_]*; a
// "$" that does not start a reference is kept. It returns the name of
// the first variable it could not expand, and whether the text had a
// reference at all. Values never leave this function except in the
// result.
func expand(s string, bare bool, lookup func(string) (string, bool)) (out string, missing string, ok bool) {
	if !strings.Contains(s, "$") {
		return s, "", true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		var name string
		var end int
		switch {
		case i+1 < len(s) && s[i+1] == '{':
			j := strings.IndexByte(s[i+2:], '}')
			if j < 0 || !isVarName(s[i+2:i+2+j]) {
				b.WriteByte('$')
				continue
			}
			name, end = s[i+2:i+2+j], i+3+j
		case bare:
			j := i + 1
			for j < len(s) && isVarByte(s[j], j == i+1) {
				j++
			}
			if j == i+1 {
				b.WriteByte('$')
				continue
			}
			name, end = s[i+1:j], j
		default:
			b.WriteByte('$')
			continue
		}
		if lookup == nil {
			return "", name, false
		}
		v, found := lookup(name)
		if !found {
			return "", name, false
		}
		b.WriteString(v)
		i = end - 1
	}
	return b.String(), "", true
}

func isVarByte(c byte, first bool) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || !first && c >= '0' && c <= '9'
}

func isVarName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isVarByte(s[i], i == 0) {
			return false
		}
	}
	return true
}

// envName turns a source name into the part of an environment variable
// name that uv (UV_INDEX_<NAME>_USERNAME) and Poetry
// (POETRY_HTTP_BASIC_<NAME>_USERNAME) derive from it: upper case, with
// every other character than a letter or digit replaced by '_'.
func envName(name string) string {
	b := []byte(strings.ToUpper(name))
	for i, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// withCredentials puts user and password from the environment variables
// prefix+"USERNAME" and prefix+"PASSWORD" into raw's userinfo, unless raw
// already has userinfo or neither variable is set. It reports whether it
// did.
func withCredentials(raw, prefix string, lookup func(string) (string, bool)) (string, bool) {
	if lookup == nil {
		return raw, false
	}
	user, hasUser := lookup(prefix + "USERNAME")
	pass, hasPass := lookup(prefix + "PASSWORD")
	if !hasUser && !hasPass {
		return raw, false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" {
		return raw, false
	}
	if hasPass {
		u.User = url.UserPassword(user, pass)
	} else {
		u.User = url.User(user)
	}
	return u.String(), true
}
