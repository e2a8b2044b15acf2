package policy

import (
	"net/url"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// pep708Permits applies the conservative reading of PEP 708 (rejected in
// 2026; shared/spec/simple-api.md section 7.4) to the remote sources that
// have name. Merging is permitted when either
//
//   - tracks: some one location O among them is listed, by its project
//     URL, in the tracks of every other location (entries naming another
//     project or a base URL are ignored; tracks do not chain), or
//   - alternate-locations: every location's list, with its own URL added,
//     is the same set.
//
// The two mechanisms are not combined. A location's identity is its
// canonical project URL built from the configured source URL, never from
// redirects or file URLs. An alternate-locations list set by a publisher
// on one index alone never passes: every index must list the same set.
func (p *Policy) pep708Permits(name string, srcs []string, get func(string) *Lookup) bool {
	if len(srcs) < 2 {
		return true
	}
	n := simpleapi.NormalizeName(name)
	locs := make([]string, len(srcs))
	pages := make([]*simpleapi.ProjectPage, len(srcs))
	for i, s := range srcs {
		src := p.Source(s)
		if src == nil {
			return false
		}
		locs[i] = canonicalProjectURL(src.ProjectURL(n))
		pages[i] = get(s).Page
		if pages[i] == nil {
			return false
		}
	}
	return tracksPermit(n, locs, pages) || alternatesAgree(locs, pages)
}

func tracksPermit(name string, locs []string, pages []*simpleapi.ProjectPage) bool {
	for o := range locs {
		ok := true
		for l := range locs {
			if l == o {
				continue
			}
			if !listsURL(pages[l].Tracks, locs[o], name) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// listsURL reports whether tracks holds target, counting only entries
// that are project URLs of the same name (PEP 708 rules d and e).
func listsURL(tracks []string, target, name string) bool {
	for _, t := range tracks {
		c := canonicalProjectURL(t)
		if c == "" || lastSegment(c) != name {
			continue
		}
		if c == target {
			return true
		}
	}
	return false
}

func alternatesAgree(locs []string, pages []*simpleapi.ProjectPage) bool {
	var first map[string]bool
	for i := range locs {
		set := map[string]bool{locs[i]: true}
		for _, a := range pages[i].AlternateLocations {
			if c := canonicalProjectURL(a); c != "" {
				set[c] = true
			}
		}
		if first == nil {
			first = set
			continue
		}
		if len(set) != len(first) {
			return false
		}
		for k := range set {
			if !first[k] {
				return false
			}
		}
	}
	return true
}

// canonicalProjectURL lower-cases scheme and host, drops a default port,
// credentials, query and fragment, normalizes the last path segment as a
// project name and ends the path with a slash. "" when s does not parse as
// an absolute http(s) URL.
func canonicalProjectURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "HTTPS" && u.Scheme != "HTTP") || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "https" && u.Port() == "443") || (u.Scheme == "http" && u.Port() == "80") {
		u.Host = u.Hostname()
	}
	u.User, u.RawQuery, u.Fragment, u.RawPath = nil, "", "", ""
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) == 0 || segs[len(segs)-1] == "" {
		return ""
	}
	segs[len(segs)-1] = simpleapi.NormalizeName(segs[len(segs)-1])
	u.Path = "/" + strings.Join(segs, "/") + "/"
	return u.String()
}

func lastSegment(u string) string {
	t := strings.TrimSuffix(u, "/")
	return t[strings.LastIndexByte(t, '/')+1:]
}
