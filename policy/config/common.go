package config

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/safeindex/safeindex/internal/namepat"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// pypiURL is the Simple API of PyPI, the implicit index of uv, Poetry,
// Pipenv and pip.
const pypiURL = "https://pypi.org/simple/"

// fileHostsFor returns the file hosts an index is known to use besides
// its own: PyPI and TestPyPI serve files from a separate host.
func fileHostsFor(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	switch strings.ToLower(u.Hostname()) {
	case "pypi.org", "pypi.python.org":
		return []string{"files.pythonhosted.org"}
	case "test.pypi.org":
		return []string{"test-files.pythonhosted.org"}
	}
	return nil
}

// isPyPI reports whether raw is PyPI's Simple API.
func isPyPI(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return (h == "pypi.org" || h == "pypi.python.org") && strings.TrimSuffix(u.Path, "/") == "/simple"
}

// sourceSet keeps the source names of an imported configuration unique.
type sourceSet struct {
	taken map[string]bool
}

// unique returns name, or name-2, name-3... if taken.
func (s *sourceSet) unique(name string) string {
	if s.taken == nil {
		s.taken = map[string]bool{}
	}
	n := name
	for i := 2; s.taken[n]; i++ {
		n = name + "-" + strconv.Itoa(i)
	}
	s.taken[n] = true
	return n
}

// nameFor makes a source name from a URL: its host ("pypi" for PyPI),
// or "local" for a path.
func nameFor(raw string) string {
	if isPyPI(raw) {
		return "pypi"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return "local"
	}
	return strings.ToLower(u.Hostname())
}

// source makes a Source of an imported index, with PyPI's file host
// where the URL is PyPI's.
func source(name, raw string, explicit bool) policy.Source {
	return policy.Source{Name: name, URL: raw, Explicit: explicit, FileHosts: fileHostsFor(raw)}
}

// showURL returns a URL for a message: redacted, and quoted.
func showURL(raw string) string { return strconv.Quote(redact.String(raw)) }

// checkName validates a project name and returns it normalized.
func checkName(v tv, name string) (string, bool) {
	if err := simpleapi.ValidateName(name); err != nil {
		v.bad(ErrInvalidValue, "%q is not a valid project name", name)
		return "", false
	}
	return simpleapi.NormalizeName(name), true
}

// checkPattern validates a project name or a pattern with '*' wildcards
// ("acme-*"), as pins, claims and rules take them: the syntax of
// internal/namepat, which the policy's matcher uses too.
func checkPattern(v tv, p string) bool {
	if err := namepat.Check(p); err != nil {
		v.bad(ErrInvalidValue, "%v", err)
		return false
	}
	return true
}

// denyUnreadable is the rule that stands in for a package the other tool
// takes from somewhere safeindex does not read (a flat index, a Git
// repository, a path): refusing it keeps it from falling through to the
// public index, where an attacker could have published the same name.
func denyUnreadable(name, where string) policy.PackageRule {
	return policy.PackageRule{Package: name, Reason: fmt.Sprintf("the imported configuration takes it from %s, which safeindex does not read; denied so that it cannot come from another index", where)}
}
