package audit

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/lockfile"
)

// unknownRef is an index-unknown finding and how many entries use the
// index or host it names.
type unknownRef struct {
	f Finding
	n int
}

// lockLevel makes the findings about the lock as a whole: a requirements
// file's index options.
func (v *verifier) lockLevel() {
	if v.lock.Format != lockfile.FormatRequirements {
		return
	}
	for _, s := range v.lock.Sources {
		switch {
		case s.Kind == lockfile.SourceExtraIndex:
			sev, tail := policy.SeverityMedium, "; hash-checking mode protects the install only while every entry keeps its hashes"
			if !v.lock.HashMode {
				sev, tail = policy.SeverityHigh, ", and this file is not in hash-checking mode, so nothing stops it"
			}
			v.global = append(v.global, v.globalFinding(s.Pos, policy.Finding{Code: CodeExtraIndex, Severity: sev,
				Message: fmt.Sprintf("--extra-index-url %s: pip merges it with the main index and installs the highest version either offers, so anyone who can publish an internal name there decides what is installed%s", redact.String(s.URL), tail)}))
			v.reqIndexes = append(v.reqIndexes, s)
		case s.Kind == lockfile.SourceIndex && s.Default:
			v.reqIndexes = append(v.reqIndexes, s)
			v.reqHasIndexes = true
		}
	}
	if v.lock.NoIndex {
		v.reqIndexes, v.reqHasIndexes = nil, false
		return
	}
	for _, s := range v.reqIndexes {
		if _, ok := v.sourceByURL(s.URL); !ok {
			v.global = append(v.global, v.globalFinding(s.Pos, policy.Finding{Code: CodeIndexUnknown, Severity: policy.SeverityMedium,
				Message: fmt.Sprintf("index %s is no source of the policy, so the policy cannot vouch for what pip fetches there", redact.String(s.URL))}))
		}
	}
}

func (v *verifier) globalFinding(pos lockfile.Position, f policy.Finding) Finding {
	if pos.File == "" {
		pos.File = v.lock.Path
	}
	return Finding{Finding: f, Pos: pos, Help: RuleFor(f.Code).Help}
}

// indexInfo checks the entry's own index information against the sources
// the policy allows for its name.
func (v *verifier) indexInfo(e *entry) {
	if len(e.allowed) == 0 {
		return
	}
	p := e.pkg
	switch v.lock.Format {
	case lockfile.FormatPipfileLock:
		src, ok := v.lock.Source(p.Index)
		if !ok || strings.Contains(src.URL, "${") {
			return // an unknown name is a reader error; a "${" left in the URL names a variable the reader's environment lacks
		}
		what := "its index"
		if p.Index != "" {
			what = fmt.Sprintf("index %q", p.Index)
		} else if src.Name != "" {
			what = fmt.Sprintf("the default index %q", src.Name)
		}
		v.checkIndexURL(e, src.URL, p.Pos, what)
	case lockfile.FormatPylock:
		if p.Index != "" {
			v.checkIndexURL(e, p.Index, p.Pos, "its index")
		}
		for _, lf := range e.locked {
			if lf.url != "" && !lf.byIndex {
				v.checkFileURL(e, lf)
			}
		}
	case lockfile.FormatRequirements:
		if !v.reqHasIndexes {
			return // pip's own configuration decides; the file does not say
		}
		var named, others []string
		for _, s := range v.reqIndexes {
			name, ok := v.sourceByURL(s.URL)
			if !ok {
				continue // reported once, as index-unknown
			}
			if slices.Contains(e.allowed, name) {
				return
			}
			named = append(named, redact.String(s.URL))
			others = append(others, name)
		}
		if len(others) > 0 {
			v.add(e, p.Pos, policy.Finding{Code: CodeIndexMismatch, Severity: policy.SeverityHigh, Package: e.name, Source: others[0], Version: p.Version,
				Message: fmt.Sprintf("pip installs %s from the indexes this file names (%s, policy %s %s), none of which is %s, the source the policy allows for it", e.name, strings.Join(named, ", "), plural(len(others), "source", "sources"), quoteList(others), quoteList(e.allowed))})
		}
	}
}

// checkIndexURL checks an index URL the lock gives for an entry.
func (v *verifier) checkIndexURL(e *entry, raw string, pos lockfile.Position, what string) {
	name, ok := v.sourceByURL(raw)
	switch {
	case ok && slices.Contains(e.allowed, name):
	case ok:
		v.add(e, pos, policy.Finding{Code: CodeIndexMismatch, Severity: policy.SeverityHigh, Package: e.name, Source: name, Version: e.pkg.Version,
			Message: fmt.Sprintf("the lock takes %s from %s, %s (source %q), but the policy serves it from %s: the package moved from one index to another since the lock was made, or the lock was edited", e.name, what, redact.String(raw), name, quoteList(e.allowed))})
	default:
		v.unknownRef(pos, "index\x00"+canonURL(raw), policy.Finding{Code: CodeIndexUnknown, Severity: policy.SeverityMedium, Package: e.name,
			Message: fmt.Sprintf("the lock takes %s from %s, %s, which is no source of the policy", e.name, what, redact.String(raw))})
	}
}

// checkFileURL checks the URL of a locked file: it must be on the allowed
// source's origin or one of its file hosts (shared/spec section 11.7 (a)).
func (v *verifier) checkFileURL(e *entry, lf *lockedFile) {
	u, err := url.Parse(lf.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return // local files and unreadable URLs are not an index's
	}
	for _, s := range e.allowed {
		if src := v.p.Source(s); src != nil && slices.Contains(src.FileHosts, "*") {
			return
		}
	}
	srcs := v.sourcesForFile(u)
	if len(srcs) == 0 {
		host := strings.ToLower(u.Hostname())
		v.unknownRef(lf.pos, "host\x00"+host, policy.Finding{Code: CodeIndexUnknown, Severity: policy.SeverityMedium, Package: e.name, File: lf.name,
			Message: fmt.Sprintf("%s: the lock fetches it from host %s, which serves no source of the policy", lf.name, host)})
		return
	}
	for _, s := range srcs {
		if slices.Contains(e.allowed, s) {
			return
		}
	}
	v.add(e, lf.pos, policy.Finding{Code: CodeIndexMismatch, Severity: policy.SeverityHigh, Package: e.name, Source: srcs[0], Version: e.pkg.Version, File: lf.name,
		Message: fmt.Sprintf("%s: the lock fetches it from %s, a host of source %q, but the policy serves %s from %s", lf.name, redact.String(lf.url), srcs[0], e.name, quoteList(e.allowed))})
}

// unknownRef records an index-unknown finding once per index or host.
func (v *verifier) unknownRef(pos lockfile.Position, key string, f policy.Finding) {
	if v.unknown == nil {
		v.unknown = map[string]*unknownRef{}
	}
	if u := v.unknown[key]; u != nil {
		u.n++
		return
	}
	v.unknown[key] = &unknownRef{f: v.globalFinding(pos, f), n: 1}
}

// sourceByURL returns the policy source whose URL is raw, compared in
// canonical form (scheme and host lower-cased, no credentials, no default
// port, a final slash).
func (v *verifier) sourceByURL(raw string) (string, bool) {
	c := canonURL(raw)
	for i := range v.p.Sources {
		if canonURL(v.p.Sources[i].URL) == c {
			return v.p.Sources[i].Name, true
		}
	}
	return "", false
}

// sourcesForFile returns the sources a file URL belongs to: those on its
// origin (scheme, host and port) if any, else those whose host or declared
// file hosts are its host.
func (v *verifier) sourcesForFile(u *url.URL) []string {
	host := strings.ToLower(u.Hostname())
	origin := strings.ToLower(u.Scheme) + "://" + hostPort(u)
	var exact, byHost []string
	for i := range v.p.Sources {
		s := &v.p.Sources[i]
		su, err := url.Parse(s.URL)
		if err != nil || su.Host == "" {
			continue
		}
		if strings.ToLower(su.Scheme)+"://"+hostPort(su) == origin {
			exact = append(exact, s.Name)
			continue
		}
		if strings.ToLower(su.Hostname()) == host || slices.ContainsFunc(s.FileHosts, func(h string) bool { return strings.EqualFold(h, host) }) {
			byHost = append(byHost, s.Name)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return byHost
}

// hostPort returns the lower-case host and the port unless it is the
// scheme's default.
func hostPort(u *url.URL) string {
	h, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || (port == "443" && strings.EqualFold(u.Scheme, "https")) || (port == "80" && strings.EqualFold(u.Scheme, "http")) {
		return h
	}
	return h + ":" + port
}

// canonURL returns an index URL in the form sources are compared in:
// scheme and host lower-cased, no credentials, query or fragment, no
// default port, the path cleaned and ending in "/". Text that is not an
// absolute URL (a local path) is cleaned as a path.
func canonURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme == "" {
		p := path.Clean(strings.ReplaceAll(raw, "\\", "/"))
		return "file://" + strings.TrimSuffix(p, "/") + "/"
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	p = path.Clean(p)
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return strings.ToLower(u.Scheme) + "://" + hostPort(u) + p
}
